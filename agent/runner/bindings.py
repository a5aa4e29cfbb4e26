"""What the flow puts where: (section, label) → the dossier text, worked out without a browser.

The review step compares the portal's review tables with this, and the conformance tests compare
what the mock stored with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.flow.plan import Op
from agent.flow.schema import CheckArgs, ChooseArgs, FillArgs, UploadArgs, Visible
from agent.flow.vocabulary import EMPTY, Vocabulary
from agent.runner.values import Values


@dataclass(frozen=True)
class Binding:
    """One field the flow fills: section and label as the flow names them (a trailing “…” is a
    prefix, see `locate.names_match`), the data path (None for literal text) and the text."""

    section: str | None
    label: str
    path: str | None
    text: str
    kind: str
    #: How the portal may word the text instead (the route's vocabulary).
    wordings: tuple[str, ...] = ()


def applies(op: Op, values: Values) -> bool:
    """Whether this dossier's branch takes the step (conditions on the page are not judged)."""
    return all(isinstance(c, Visible) or values.holds(c) for c in op.conditions)


def bindings(
    ops: list[Op], values: Values, *, every_route: bool = False, vocabulary: Vocabulary = EMPTY
) -> list[Binding]:
    """Every field the flow fills from the dossier, in order, for this dossier's branches (with
    `every_route`, also where the flow would put a value on the routes this dossier skips), each
    with the other wordings of its text the route's `vocabulary` allows."""
    found: list[Binding] = []
    for op in ops:
        a = op.args
        if not every_route and not applies(op, values):
            continue
        shown = a.shown_name if isinstance(a, (FillArgs, ChooseArgs)) else None
        if isinstance(a, (FillArgs, ChooseArgs)) and a.value and shown:
            text = values.text(a.value)
            if text is not None:
                worded = vocabulary.wordings(a.value, text)
                found.append(Binding(op.section, shown, a.value, text, op.kind, worded))
        elif isinstance(a, (FillArgs, ChooseArgs)) and a.text is not None and shown:
            found.append(Binding(op.section, shown, None, a.text, op.kind))
        elif isinstance(a, CheckArgs) and (a.group or a.field) is not None:
            text = values.text(a.option) if a.option else a.option_text
            group = a.group or a.field
            if text is not None and group is not None:
                worded = vocabulary.wordings(a.option, text) if a.option else ()
                found.append(Binding(op.section, group, a.option, text, "radio", worded))
        elif isinstance(a, CheckArgs) and a.label is not None:
            checked = bool(values.get(a.value)) if a.value else True
            found.append(Binding(op.section, a.label, a.value, "Có" if checked else "Không", "checkbox"))
        elif isinstance(a, UploadArgs):
            path = values.get(a.file)
            if path is not None:  # no section: portals caption the attachments table differently
                found.append(Binding(None, a.row, a.file, str(path).rsplit("/", 1)[-1], "upload"))
    return found


def steering_paths(ops: list[Op], values: Values) -> set[str]:
    """Dossier paths this dossier's branches use on an element no text labels (a `choose` of a
    button's list): they steer the filing (which agency) rather than fill a field."""
    return {
        op.args.value
        for op in ops
        if isinstance(op.args, (FillArgs, ChooseArgs))
        and op.args.value
        and op.args.shown_name is None
        and applies(op, values)
        and values.text(op.args.value) is not None
    }
