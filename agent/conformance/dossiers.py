"""The dossiers the suite files: each procedure's example, sent by the route under test, and the
negative case's variant of it.

The route overrides the file's `portal:` here and only here (`load_dossier(…, portal=route)`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from agent.dossier import DossierFile, load_dossier
from agent.flow import Flow, plan
from agent.runner.bindings import bindings
from agent.runner.values import Values

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"


def example_path(procedure: str, examples_dir: Path | None = None) -> Path:
    return (examples_dir or EXAMPLES_DIR) / f"{procedure}.yaml"


def load_example(path: Path, route: str) -> DossierFile:
    """The example dossier, filed by `route` whatever its own `portal:` says."""
    return load_dossier(path, portal=route)


def phone_binding(flow: Flow, dossier: Any) -> str | None:
    """The first dossier path ending in `.phone` that this route types for this dossier: the box
    the refusal scenario fills with a number the portal refuses."""
    values = Values.for_dossier(dossier, {})
    for b in bindings(plan(flow.steps), values):
        if b.path and b.path.startswith("data.") and b.path.endswith(".phone") and b.kind == "fill":
            return b.path
    return None


def with_value(dossier: DossierFile, path: str, value: str) -> DossierFile:
    """A copy of the dossier whose `data.…` leaf `path` holds `value`, unvalidated: what a person
    could type on the portal that the agent's own rules would have caught first. The copy is
    still the procedure's model, so the filing's redaction policy knows its fields."""
    names = path.removeprefix("data.").split(".")
    data = _replaced(dossier.data, names, value)
    return DossierFile(
        procedure=dossier.procedure,
        portal=dossier.portal,
        account=dossier.account,
        data=data,
        attachments=dict(dossier.attachments),
        source=dossier.source,
    )


def _replaced(model: BaseModel, names: list[str], value: str) -> BaseModel:
    copy = model.model_copy()
    head, rest = names[0], names[1:]
    if rest:
        child = getattr(model, head)
        if not isinstance(child, BaseModel):
            raise ValueError(f"{head!r} holds no fields")
        copy.__dict__[head] = _replaced(child, rest, value)
    else:
        copy.__dict__[head] = value  # deliberately unvalidated (see with_value)
    return copy
