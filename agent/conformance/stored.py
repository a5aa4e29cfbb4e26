"""What the portal stored, checked against the dossier: the heart of a "filed" verdict.

Expected values come from the dossier itself (`to_flat`), never through the flow's own reading of
it; the flow only says which section and label each path went to. So every value a step typed
must be stored where the flow says (in the dossier's words or the route's vocabulary), a value no
step of this route typed must still be there (prefilled by the portal) unless the flow declares it
`not_on_portal`, and every attachment must arrive byte for byte (SHA-256). A flow that types the
wrong field into a box fails here even when the portal accepted the dossier and the flow's own
review agreed. The repository's own end-to-end tests (`tests/e2e/conformance.py`) use this rule
too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from agent.dossier import DossierFile
from agent.dossier.paths import get_value, to_flat, to_form_text
from agent.dossier.rules import fold
from agent.flow import Flow, plan
from agent.flow.coverage import TYPED_IN_PARTS
from agent.runner.bindings import bindings, steering_paths
from agent.runner.locate import names_match
from agent.runner.values import Values


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Kinds whose stored value is the portal's own option text (its casing may differ).
CHOSEN = ("choose", "radio")


def shortened(label: str, stored: str) -> bool:
    """The portal's record words the label shorter (or longer) than its page: one is the other
    plus one or two trailing words, and the shorter still has three ("Số lượng bản sao" for
    "Số lượng bản sao trích lục"; never "Ngày" for "Ngày cấp")."""
    a, b = fold(label).split(), fold(stored).split()
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and 0 < len(long) - len(short) <= 2 and long[: len(short)] == short


def holds(found: list[str], want: str, wordings: tuple[str, ...], kind: str) -> bool:
    """The stored values hold the dossier's text (or one of the route's wordings of it), or that
    text in capitals (name boxes capitalise as they are typed); for a chosen option, whatever its
    casing."""
    accepted = (want, *wordings)
    if any(f in (w, w.upper()) for w in accepted for f in found):
        return True
    return kind in CHOSEN and any(fold(w) == fold(f) for w in accepted for f in found)


def _dossier_text(dossier: DossierFile, path: str, kind: str, flat: dict[str, str]) -> str:
    value = get_value(dossier, path)
    if kind == "checkbox":
        return "Có" if value else "Không"
    return flat.get(path.removeprefix("data.")) or to_form_text(value)


def field_problems(
    dossier: DossierFile, stored: Mapping[str, Any], account: Mapping[str, Any], flow: Flow
) -> list[str]:
    """How the stored fields differ from the dossier (empty: they conform)."""
    flat = to_flat(dossier)
    values = Values.for_dossier(dossier, dict(account))
    ops = plan(flow.steps)
    fields = stored.get("fields") or []

    def shown(section: str | None, label: str) -> list[str]:
        in_section = [f for f in fields if section is None or names_match(section, str(f.get("section", "")))]
        exact = [str(f.get("value", "")) for f in in_section if names_match(label, str(f.get("label", "")))]
        return exact or [
            str(f.get("value", "")) for f in in_section if shortened(label, str(f.get("label", "")))
        ]

    problems: list[str] = []
    # a value used to steer (the agency's province and ward picked from a button's list) reaches
    # the portal, but as the choice it made, not as a field the record shows
    typed: set[str] = steering_paths(ops, values)
    for b in bindings(ops, values, vocabulary=flow.vocabulary):
        if b.path is None or not b.path.startswith("data."):
            continue
        typed.add(b.path)
        want = _dossier_text(dossier, b.path, b.kind, flat)
        found = shown(b.section, b.label)
        if not found and want:
            problems.append(f"{b.section} › {b.label}: not stored (the dossier's {b.path} is {want!r})")
        elif found and not holds(found, want, b.wordings, b.kind):
            problems.append(f"{b.section} › {b.label}: stored {found}, the dossier's {b.path} is {want!r}")
    if not typed:
        problems.append("the flow typed no field of this dossier")
    for whole, parts in TYPED_IN_PARTS.items():
        typed |= {
            p.rsplit(".", 1)[0] + "." + whole
            for p in typed
            if p.endswith("." + parts[0]) and all(p.rsplit(".", 1)[0] + "." + part in typed for part in parts)
        }
    declared = flow.header.not_on_portal
    places = bindings(ops, values, every_route=True, vocabulary=flow.vocabulary)
    for column, text in flat.items():
        path = f"data.{column}"
        if column == "account" or column.startswith("attachments.") or not text or path in typed:
            continue
        if any(path == d or path.startswith(d + ".") for d in declared):
            continue
        elsewhere = [b for b in places if b.path == path]
        if any(holds(shown(b.section, b.label), text, b.wordings, b.kind) for b in elsewhere):
            continue
        if elsewhere and not any(shown(b.section, b.label) for b in elsewhere):
            continue  # asked only in a case this dossier is not (its steps' `when:`), and not shown
        problems.append(f"{path} = {text!r} reached no field of the portal")
    return problems


def attachment_problems(dossier: DossierFile, stored: Mapping[str, Any]) -> list[str]:
    """Every attachment of the dossier stored exactly once, byte for byte. Documents the portal
    makes itself (the national wizard's "Tờ khai.pdf" from the e-form) may be there too."""
    got = list(stored.get("attachments") or [])
    problems = []
    for key, path in dossier.attachments.items():
        same = [a for a in got if a.get("filename") == path.name]
        if not same:
            problems.append(f"attachment {key} ({path.name}) not stored")
        elif len(same) > 1:
            problems.append(f"attachment {key} ({path.name}) stored {len(same)} times")
        elif same[0].get("sha256") != sha256(path):
            problems.append(f"attachment {key} ({path.name}) stored with other content")
    return problems


def stored_problems(
    dossier: DossierFile, stored: Mapping[str, Any], account: Mapping[str, Any], flow: Flow
) -> list[str]:
    """Everything that keeps the stored dossier from being exactly the dossier file."""
    problems = []
    if stored.get("procedure") != dossier.procedure:
        problems.append(f"stored as procedure {stored.get('procedure')!r}, not {dossier.procedure!r}")
    return problems + field_problems(dossier, stored, account, flow) + attachment_problems(dossier, stored)
