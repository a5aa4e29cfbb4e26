"""The batch layer's one door to the dossier models (`agent.dossier`), kept small on purpose.

Batch needs four things from the models: which columns a procedure has, what kind each is (so
spreadsheet damage can be undone), turning one flat row into a validated dossier, and which
columns name the person a dossier is about (for the results). Going
through this module keeps the rest of the package independent of how the models are laid out.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from agent.errors import DvcAgentError, InvalidInput

if TYPE_CHECKING:
    from agent.batch.ports import Dossier  # the runner's types: validating a row needs no browser


def _paths() -> ModuleType:
    from agent.dossier import paths  # imported late: the models are heavy and optional for --help

    return paths


def known_procedures() -> list[str]:
    from agent.dossier.procedures import PROCEDURES

    return sorted(PROCEDURES)


def check_procedure(slug: str) -> None:
    known = known_procedures()
    if known and slug not in known:
        raise InvalidInput(f"unknown procedure {slug!r}; choose one of: {', '.join(known)}")


def field_paths(slug: str) -> list[str]:
    return list(_paths().flat_field_paths(slug))


def field_kinds(slug: str) -> dict[str, str]:
    """Column → kind name (`date`, `personal_id`, `int`, …) as the models declare them."""
    kinds = _paths().field_kinds(slug)
    return {
        str(k): (v if isinstance(v, str) else getattr(v, "value", getattr(v, "name", str(v))))
        for k, v in dict(kinds).items()
    }


def from_flat(
    slug: str,
    mapping: Mapping[str, Any],
    base_dir: Path,
    account: str | None = None,
    portal: str | None = None,
) -> Dossier:
    """One flat row → a validated `DossierFile`; raises `InvalidDossier` listing every problem.
    `account` and `portal` (the route) apply to rows without their own column."""
    dossier: Dossier = _paths().from_flat(slug, dict(mapping), base_dir, account=account, portal=portal)
    return dossier


def attachments_snapshot() -> AbstractContextManager[None]:
    """A block in which each attachment path the rows name is resolved and checked once, not
    once per row (`agent.dossier.attachments.snapshot`)."""
    from agent.dossier import attachments

    return attachments.snapshot()


def person_columns(slug: str) -> list[str]:
    """The columns holding the name(s) the portal shows for a dossier of `slug` — the deceased,
    the child, the bride and the groom…: the `full_name` beside each path the procedure's flow
    recognises its dossiers by (`match:`). Derived, so a new procedure needs nothing here.

    Empty when the flow cannot be read: a name in the report is a convenience, never a reason to
    lose the results of a run."""
    from agent.dossier.procedures import PROCEDURES
    from agent.flow import load_procedure_flow

    try:
        match = load_procedure_flow(PROCEDURES[slug].portal, slug).header.match
        columns = set(field_paths(slug))
    except (DvcAgentError, KeyError, OSError, ValueError):
        return []
    found: list[str] = []
    for path in match:
        parts = path.split(".")
        parts = parts[1:] if parts[0] == "data" else parts
        column = ".".join([*parts[:-1], "full_name"])
        if len(parts) > 1 and column in columns and column not in found:
            found.append(column)
    return found
