"""Which dotted paths exist for a procedure: its dossier model (agent.dossier), its attachments,
and the signed-in account. A flow may bind a leaf (`data.bride.full_name`) or, in a `when:`,
a branch (`data.father`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.errors import InvalidInput

#: what a sign-in block may read from the account (secrets are `secret:` fills, not paths)
ACCOUNT_FIELDS = frozenset(
    {"account.name", "account.method", "account.username", "account.phone", "account.personal_id"}
)


def _procedure_entry(procedure: str) -> Any:
    from agent.dossier import PROCEDURES

    try:
        return PROCEDURES[procedure]
    except KeyError:
        raise InvalidInput(f"unknown procedure {procedure!r}; known: {', '.join(PROCEDURES)}") from None


def known_paths(procedure: str) -> set[str]:
    """Every path of the procedure's dossier: `data.…` leaves and `attachments.<key>`."""
    from agent.dossier import paths as dossier_paths

    entry = _procedure_entry(procedure)
    model = getattr(entry, "model", entry)
    result: set[str] = set()
    for p in dossier_paths.field_paths(model):
        p = str(p)
        result.add(p if p.startswith(("data.", "attachments.")) else f"data.{p}")
    for key in _attachment_keys(entry):
        result.add(f"attachments.{key}")
    return result


def _attachment_keys(entry: Any) -> list[str]:
    for attr in ("attachments_model", "attachments"):
        value = getattr(entry, attr, None)
        if value is None:
            continue
        if isinstance(value, type) and hasattr(value, "model_fields"):
            return list(value.model_fields)
        if isinstance(value, dict):
            return list(value)
        if isinstance(value, (list, tuple, set, frozenset)):
            return [str(getattr(v, "key", v)) for v in value]
    return []


def path_checker(procedure: str) -> Callable[[str], bool]:
    known = known_paths(procedure) | ACCOUNT_FIELDS
    branches = {p.rsplit(".", i)[0] for p in known for i in range(1, p.count(".") + 1)}

    def is_known(path: str) -> bool:
        return path in known or path in branches

    return is_known
