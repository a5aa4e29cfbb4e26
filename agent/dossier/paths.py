"""Dotted field paths: how flows, spreadsheets and reports name a value of a dossier.

`bride.id_document.number` is the same value in a flow step (`data.bride.id_document.number`),
a batch column header and a validation message. Everything here is derived from the models, so
a new procedure gets its paths, kinds and columns for free.
"""
from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Annotated, Any, Mapping, Union, get_args, get_origin

from pydantic import BaseModel

from agent.dossier.types import Kind

ROOTS = ("procedure", "portal", "account", "data", "attachments")
#: Columns of a batch row that are not model fields.
EXTRA_COLUMNS = ("row_id", "account", "portal")


def _procedures() -> dict:
    from agent.dossier.procedures import PROCEDURES  # late: procedures import this module's users
    return PROCEDURES


def _model(model_or_slug: type[BaseModel] | str) -> type[BaseModel]:
    if isinstance(model_or_slug, str):
        try:
            return _procedures()[model_or_slug].model
        except KeyError:
            raise KeyError(f"unknown procedure {model_or_slug!r}; known: "
                           f"{', '.join(_procedures())}") from None
    return model_or_slug


def unwrap(annotation: Any) -> tuple[Any, Kind | None, bool]:
    """(inner type, Kind marker, optional?) of a field annotation."""
    kind: Kind | None = None
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            args = get_args(annotation)
            kind = kind or next((m for m in args[1:] if isinstance(m, Kind)), None)
            annotation = args[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            annotation = args[0]
        else:
            return annotation, kind, optional


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def walk(model: type[BaseModel], prefix: str = "") -> typing.Iterator[tuple[str, Any, Kind | None, bool, bool]]:
    """Yield (path, inner type, kind, required, is_leaf) for every field, depth first."""
    for name, info in model.model_fields.items():
        inner, kind, _ = unwrap(info.annotation)
        kind = kind or next((m for m in info.metadata if isinstance(m, Kind)), None)
        path = f"{prefix}{name}"
        if _is_model(inner):
            yield path, inner, kind, info.is_required(), False
            yield from walk(inner, path + ".")
        else:
            yield path, inner, kind, info.is_required(), True


def field_paths(model_or_slug: type[BaseModel] | str) -> list[str]:
    """Every path a flow may bind under `data.`: blocks, leaves and computed name parts."""
    model = _model(model_or_slug)
    paths: list[str] = []

    def visit(m: type[BaseModel], prefix: str) -> None:
        for name, info in m.model_fields.items():
            inner, _, _ = unwrap(info.annotation)
            paths.append(prefix + name)
            if _is_model(inner):
                visit(inner, prefix + name + ".")
        paths.extend(prefix + name for name in m.model_computed_fields)

    visit(model, "")
    return paths


def dossier_paths(slug: str) -> list[str]:
    """Every path a flow may bind, with its root: `data.…`, `attachments.…`, `account`…"""
    spec = _procedures()[slug]
    return (["procedure", "portal", "account", "data"]
            + [f"data.{p}" for p in field_paths(spec.model)]
            + ["attachments"] + [f"attachments.{k}" for k in spec.attachments])


def flat_field_paths(slug: str) -> list[str]:
    """Batch columns: the leaf data paths (no `data.` prefix) then `attachments.<key>`."""
    spec = _procedures()[slug]
    leaves = [path for path, _, _, _, leaf in walk(spec.model) if leaf]
    return leaves + [f"attachments.{key}" for key in spec.attachments]


def template_columns(slug: str) -> list[str]:
    """The header row the `template` command writes: the account, then every field."""
    return ["account", *flat_field_paths(slug)]


def field_kinds(slug: str) -> dict[str, str]:
    """Column → kind: personal_id (12 digits), id_number (12 CCCD / 9 CMND / passport),
    phone, email, date, partial_date, time, int, bool, name, choice, province, commune, text,
    attachment. Batch readers use it to restore leading zeros and read Excel dates."""
    spec = _procedures()[slug]
    kinds: dict[str, str] = {}
    for path, inner, kind, _, leaf in walk(spec.model):
        if leaf:
            kinds[path] = kind.name if kind else ("int" if inner is int else
                                                  "bool" if inner is bool else "text")
    kinds.update({f"attachments.{key}": "attachment" for key in spec.attachments})
    return kinds


def field_kind_info(slug: str) -> dict[str, tuple[Kind | None, bool]]:
    """Column → (Kind marker, required-in-its-block), for templates and documentation."""
    spec = _procedures()[slug]
    return {path: (kind, required) for path, _, kind, required, leaf in walk(spec.model) if leaf}


# ---- reading values -----------------------------------------------------------------------

_MISSING = object()


def get_value(dossier: Any, path: str) -> Any:
    """The value at `path` (`data.bride.full_name`, `attachments.bride_id`, `account`…).

    A path inside an absent optional block gives None; a path the model does not have raises
    KeyError, so a typo in a flow never reads as "empty".
    """
    parts = path.split(".")
    if parts[0] not in ROOTS:
        parts = ["data", *parts]
    if parts[0] == "attachments":
        if len(parts) != 2 or parts[1] not in dossier.spec.attachments:
            raise KeyError(f"{path!r}: {dossier.procedure} has no attachment "
                           f"{'.'.join(parts[1:])!r}; known: {', '.join(dossier.spec.attachments)}")
        return dossier.attachments.get(parts[1])
    if parts[0] != "data":
        if len(parts) != 1:
            raise KeyError(f"{path!r} is not a field path")
        return getattr(dossier, parts[0])
    current: Any = dossier.data
    model: type[BaseModel] = type(dossier.data)
    for i, name in enumerate(parts[1:], start=1):
        if name in model.model_fields:
            inner, _, _ = unwrap(model.model_fields[name].annotation)
        elif name in model.model_computed_fields:
            inner = model.model_computed_fields[name].return_type
        else:
            raise KeyError(f"{path!r}: {'.'.join(parts[:i]) or 'data'} has no field {name!r}")
        current = None if current is None else getattr(current, name)
        if not _is_model(inner) and i < len(parts) - 1:
            raise KeyError(f"{path!r}: {name!r} is a value, not a block")
        model = inner if _is_model(inner) else model
    return current


def to_form_text(value: Any) -> str:
    """A dossier value as the portal shows it on the review page and stores it.

    Dates and option texts are already canonical strings; yes/no is “Có”/“Không”; absent is "";
    an attachment is its file name.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, Path):
        return value.name
    if isinstance(value, BaseModel):
        raise TypeError("to_form_text takes a single value, not a block; bind a leaf path")
    return str(value)


def to_flat(dossier: Any) -> dict[str, str]:
    """A DossierFile → {column: text}: the inverse of `from_flat` (results files, round trips)."""
    row = {"account": dossier.account or ""}
    for column in flat_field_paths(dossier.procedure):
        value = get_value(dossier, column)
        row[column] = str(value) if isinstance(value, Path) else to_form_text(value)
    return row


def nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    """{'a.b': 1, 'a.c': 2} → {'a': {'b': 1, 'c': 2}}."""
    result: dict[str, Any] = {}
    for dotted, value in flat.items():
        node = result
        *heads, last = dotted.split(".")
        for head in heads:
            node = node.setdefault(head, {})
        node[last] = value
    return result


def from_flat(slug: str, mapping: Mapping[str, Any], base_dir: str | Path,
              account: str | None = None):
    """A batch row ({column: cell}) → a validated DossierFile, or InvalidDossier naming columns.

    Blank cells are absent values; `account`/`portal` columns override the defaults; `row_id`
    is ignored here.
    """
    from agent.dossier.files import from_flat_row  # files builds on this module
    return from_flat_row(slug, mapping, Path(base_dir), account=account)
