"""The batch layer's one door to the dossier models (`agent.dossier`), kept small on purpose.

Batch needs three things from the models: which columns a procedure has, what kind each is (so
spreadsheet damage can be undone), and turning one flat row into a validated dossier. Going
through this module keeps the rest of the package independent of how the models are laid out.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from agent.errors import InvalidInput


def _paths():
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
    return {str(k): (v if isinstance(v, str) else getattr(v, "value", getattr(v, "name", str(v))))
            for k, v in dict(kinds).items()}


def from_flat(slug: str, mapping: Mapping[str, Any], base_dir: Path, account: str | None = None):
    """One flat row → a validated `DossierFile`; raises `InvalidDossier` listing every problem."""
    return _paths().from_flat(slug, dict(mapping), base_dir, account=account)
