"""Read the dossier through the flow's dotted paths, and decide `when:` conditions.

`data.…` reads the dossier model, `attachments.<key>` the attachment's file path and
`account.…` the signed-in account's public fields. Text for the form comes from the dossier
package's `to_form_text`, so the agent types exactly what the portal will show back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from agent.flow.schema import AllOf, AnyOf, Condition, Equals, Not, Visible


def _form_text(value: Any) -> str:
    from agent.dossier.paths import to_form_text  # late: keeps flows importable on their own

    return to_form_text(value)


def _step(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


class Values:
    """The dossier as seen by a flow."""

    def __init__(self, data: Any, attachments: dict[str, Any] | None, account: dict[str, Any]):
        self.roots = {"data": data, "attachments": attachments or {}, "account": account}

    @classmethod
    def for_dossier(cls, dossier: Any, account: dict[str, Any]) -> Values:
        return cls(getattr(dossier, "data", None), dossier_attachments(dossier), account)

    def get(self, path: str) -> Any:
        root, _, rest = path.partition(".")
        obj = self.roots.get(root)
        for name in rest.split(".") if rest else []:
            obj = _step(obj, name)
        return obj

    def text(self, path: str) -> str | None:
        value = self.get(path)
        return None if value is None else _form_text(value)

    def holds(self, cond: Condition) -> bool:
        """Decide a condition that does not need the page (`visible:` is decided by the runner)."""
        if isinstance(cond, str):
            value = self.get(cond)
            return bool(value) and value != [] and value != {}
        if isinstance(cond, Equals):
            path, expected = cond.equals
            value = self.get(path)
            return value == expected or (value is not None and _form_text(value) == str(expected))
        if isinstance(cond, Not):
            return not self.holds(cond.not_)
        if isinstance(cond, AllOf):
            return all(self.holds(c) for c in cond.all)
        if isinstance(cond, AnyOf):
            return any(self.holds(c) for c in cond.any)
        if isinstance(cond, Visible):
            raise TypeError("visible: is decided on the page")
        raise TypeError(f"unknown condition {cond!r}")


def dossier_attachments(dossier: Any) -> dict[str, Path]:
    """Attachment key → absolute file path, whatever shape the dossier object keeps them in."""
    raw = getattr(dossier, "attachments", None) or {}
    items: dict[str, Any] = (
        {k: getattr(raw, k) for k in type(raw).model_fields} if isinstance(raw, BaseModel) else dict(raw)
    )
    result = {}
    for key, value in items.items():
        if value is None:
            continue
        path = getattr(value, "path", value)
        result[key] = Path(path)
    return result
