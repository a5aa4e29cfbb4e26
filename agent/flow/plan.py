"""Flatten a flow into a numbered list of operations.

The runner resumes "from the step that failed", so it needs one index per action: `within`
bodies and `use` blocks are inlined, each operation keeping the scopes and conditions around it,
and `exit_if` knows where its block ends.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from agent.flow.schema import Condition, Step, WithinArgs


@dataclass(frozen=True)
class Op:
    index: int
    step: Step
    scopes: tuple[WithinArgs, ...]
    conditions: tuple[Condition, ...]
    block_end: int  # index just after the block this op sits in

    @property
    def kind(self) -> str:
        return self.step.kind

    @property
    def args(self) -> Any:  # the verb's argument model (`Step.args`), checked when loaded
        return self.step.args

    @property
    def section(self) -> str | None:
        """Innermost fieldset legend around the op, as the flow wrote it (review tables are
        captioned alike; a trailing “…” is a prefix there too)."""
        for scope in reversed(self.scopes):
            if scope.group is not None:
                return scope.group
            if scope.section is not None:
                return scope.section
        return None


def plan(steps: Iterable[Step]) -> list[Op]:
    ops: list[Op] = []

    def emit(items: Iterable[Step], scopes: tuple, conds: tuple, block_marker: list[int]) -> None:
        for step in items:
            c = conds + ((step.when,) if step.when is not None else ())
            if step.kind == "within":
                emit(step.steps, (*scopes, step.args), c, block_marker)
            elif step.kind == "use":
                inner: list[int] = []
                emit(step.steps, scopes, c, inner)
                end = len(ops)
                for i in inner:  # exit_if ops of this block jump here
                    ops[i] = Op(ops[i].index, ops[i].step, ops[i].scopes, ops[i].conditions, end)
            else:
                if step.kind == "exit_if":
                    block_marker.append(len(ops))
                ops.append(Op(len(ops), step, scopes, c, -1))

    top: list[int] = []
    emit(steps, (), (), top)
    for i in top:
        ops[i] = Op(ops[i].index, ops[i].step, ops[i].scopes, ops[i].conditions, len(ops))
    return ops
