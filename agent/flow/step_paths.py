"""Which dossier paths a step reads, and which of them it really types into the portal.

Two different questions: a `when:` reads a path to choose the route but sends nothing, so only
`value:`, `option:` and `file:` count as filing a field (see `coverage`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from agent.flow.schema import (
    AllOf,
    AnyOf,
    CheckArgs,
    ChooseArgs,
    Condition,
    Equals,
    FillArgs,
    Not,
    Step,
    UploadArgs,
)


def walk(steps: Iterable[Step]) -> Iterator[Step]:
    """Every step, depth first (blocks and `within` bodies included)."""
    for step in steps:
        yield step
        yield from walk(step.steps)


def condition_paths(cond: Condition | None) -> list[str]:
    """The paths a `when:` reads (`visible:` reads the page, not the dossier)."""
    if cond is None:
        return []
    if isinstance(cond, str):
        return [cond]
    if isinstance(cond, Equals):
        return [cond.equals[0]]
    if isinstance(cond, Not):
        return condition_paths(cond.not_)
    if isinstance(cond, (AllOf, AnyOf)):
        items = cond.all if isinstance(cond, AllOf) else cond.any
        return [p for c in items for p in condition_paths(c)]
    return []


def typed_paths(step: Step) -> list[str]:
    """The paths whose value this step sends to the portal (never its `when:`)."""
    a = step.args
    if isinstance(a, (FillArgs, ChooseArgs)) and a.value:
        return [a.value]
    if isinstance(a, CheckArgs):
        return [p for p in (a.option, a.value) if p]
    if isinstance(a, UploadArgs):
        return [a.file]
    return []


def step_paths(step: Step) -> list[str]:
    """Every data path a step reads: its condition and what it types."""
    return [*condition_paths(step.when), *typed_paths(step)]
