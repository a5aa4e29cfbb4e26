"""Every field a dossier can hold reaches the portal, or its flow says why it does not.

A field that no step types is dropped without a word: the user fills it in and believes it was
filed. So a procedure flow must type every leaf of its dossier model (`value:`, `option:`,
`file:`; a `when:` only chooses the route, it sends nothing) or list it under
`not_on_portal: {path: reason}`. The same answer decides what `dvc-agent template` offers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from agent.flow.errors import FlowError
from agent.flow.schema import Step
from agent.flow.step_paths import condition_paths, typed_paths, walk

if TYPE_CHECKING:
    from agent.flow.loader import Flow

#: A field some portals take in parts (liên thông: Họ / Chữ đệm / Tên): typed when every part is.
TYPED_IN_PARTS: dict[str, tuple[str, ...]] = {
    "full_name": ("family_name", "middle_name", "given_name"),
    "time": ("hour", "minute"),
}


def model_fields(procedure: str) -> list[str]:
    """The leaves a dossier of `procedure` can fill, in model order (`data.…`, `attachments.…`);
    computed fields (family_name, …) are not inputs and are not listed."""
    from agent.dossier.paths import flat_field_paths

    return [p if p.startswith("attachments.") else f"data.{p}" for p in flat_field_paths(procedure)]


def typed_fields(steps: Iterable[Step]) -> dict[str, str]:
    """Path → where the first step that types it was written (`flows/…yaml:12`)."""
    typed: dict[str, str] = {}
    for step in walk(steps):
        for path in typed_paths(step):
            typed.setdefault(path, step.source)
    for whole, parts in TYPED_IN_PARTS.items():
        for path, source in list(typed.items()):
            head, _, last = path.rpartition(".")
            if last == parts[0] and all(f"{head}.{part}" in typed for part in parts):
                typed.setdefault(f"{head}.{whole}", source)
    return typed


def route_fields(steps: Iterable[Step]) -> set[str]:
    """Paths a `when:` reads: they choose the route, whether or not a step also types them."""
    return {p for step in walk(steps) for p in condition_paths(step.when)}


def _under(path: str, declared: str) -> bool:
    return path == declared or path.startswith(declared + ".")


def check_coverage(flow: Flow) -> None:
    """Fail unless every model field is typed by a step or declared `not_on_portal` (and every
    declaration is a real field that no step types)."""
    fields = model_fields(flow.procedure)
    typed = typed_fields(flow.steps)
    declared = flow.header.not_on_portal
    for path, reason in declared.items():
        where = flow.declared_at.get(path, flow.source)
        covers = [f for f in fields if _under(f, path)]
        if not covers:
            raise FlowError(f"{where}: not_on_portal: {path!r} is not a field of {flow.procedure}")
        if not reason.strip():
            raise FlowError(f"{where}: not_on_portal: {path!r} needs a reason (why the portal never gets it)")
        if path in typed:
            raise FlowError(
                f"{where}: not_on_portal: {path!r} is typed at {typed[path]}; remove it from not_on_portal"
            )
        if all(f in typed for f in covers):
            raise FlowError(
                f"{where}: not_on_portal: every field under {path!r} is typed by a "
                "step; remove it from not_on_portal"
            )
    dropped = [f for f in fields if f not in typed and not any(_under(f, d) for d in declared)]
    if dropped:
        raise FlowError(
            f"{flow.source}: {len(dropped)} field(s) of {flow.procedure} reach no step, so the "
            f"portal would never get them: {', '.join(dropped)}. Type each one with a step "
            "(`value:`, `option:` or `file:`; a `when:` only chooses the route) or declare it "
            "under `not_on_portal:` as `path: reason`"
        )


def offered_fields(flow: Flow) -> list[str]:
    """The model fields a blank dossier should ask for: those a step types and those a `when:`
    reads to choose the route. A field declared `not_on_portal` for any other reason is left
    out, since filling it would change nothing on the portal."""
    typed = typed_fields(flow.steps)
    routes = route_fields(flow.steps)
    return [f for f in model_fields(flow.procedure) if f in typed or f in routes]
