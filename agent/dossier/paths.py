"""Dotted field paths: how flows, spreadsheets and reports name a value of a dossier.

`bride.id_document.number` is the same value in a flow step (`data.bride.id_document.number`),
a batch column header and a validation message. Everything here is derived from the models, so
a new procedure gets its paths, kinds and columns for free. A batch row is the flat form of a
dossier, keyed by these paths: `from_flat` and `to_flat` convert between the two.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeGuard

from pydantic import BaseModel

from agent.dossier.files import SECRET_HINT, SECRET_KEYS, DossierFile, parse_dossier
from agent.dossier.problems import InvalidDossier, Problem, did_you_mean
from agent.dossier.procedures import PROCEDURES
from agent.dossier.types import Kind, unwrap

__all__ = [
    "EXTRA_COLUMNS",
    "ROOTS",
    "dossier_paths",
    "field_kind_info",
    "field_kinds",
    "field_paths",
    "flat_field_paths",
    "from_flat",
    "get_value",
    "nest",
    "template_columns",
    "to_flat",
    "to_form_text",
    "unwrap",
    "walk",
]

ROOTS = ("procedure", "portal", "account", "data", "attachments")
#: Columns of a batch row that are not model fields.
EXTRA_COLUMNS = ("row_id", "account", "portal")


def _model(model_or_slug: type[BaseModel] | str) -> type[BaseModel]:
    if isinstance(model_or_slug, str):
        try:
            return PROCEDURES[model_or_slug].model
        except KeyError:
            raise KeyError(f"unknown procedure {model_or_slug!r}; known: {', '.join(PROCEDURES)}") from None
    return model_or_slug


def _is_model(tp: Any) -> TypeGuard[type[BaseModel]]:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def walk(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, Any, Kind | None, bool, bool]]:
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
    spec = PROCEDURES[slug]
    return (
        ["procedure", "portal", "account", "data"]
        + [f"data.{p}" for p in field_paths(spec.model)]
        + ["attachments"]
        + [f"attachments.{k}" for k in spec.attachments]
    )


def flat_field_paths(slug: str) -> list[str]:
    """Batch columns: the leaf data paths (no `data.` prefix) then `attachments.<key>`."""
    spec = PROCEDURES[slug]
    return list(_flat_columns(spec.model, tuple(spec.attachments)))


@lru_cache(maxsize=64)
def _flat_columns(model: type[BaseModel], attachments: tuple[str, ...]) -> tuple[str, ...]:
    """`flat_field_paths` of a model and its attachment keys, worked out once: walking the
    model's fields costs far more than validating a row, and every row needs the columns."""
    leaves = [path for path, _, _, _, leaf in walk(model) if leaf]
    return (*leaves, *(f"attachments.{key}" for key in attachments))


@lru_cache(maxsize=64)
def _known_columns(model: type[BaseModel], attachments: tuple[str, ...]) -> frozenset[str]:
    """The columns a batch row of this model may have, as a set for `from_flat`'s lookups."""
    return frozenset(_flat_columns(model, attachments))


def template_columns(slug: str) -> list[str]:
    """The header row the `template` command writes: the account, then every field."""
    return ["account", *flat_field_paths(slug)]


def field_kinds(slug: str) -> dict[str, str]:
    """Column → kind: personal_id (12 digits), id_number (12 CCCD / 9 CMND / passport),
    phone, email, date, partial_date, time, int, bool, name, choice, province, commune, text,
    attachment. Batch readers use it to restore leading zeros and read Excel dates."""
    spec = PROCEDURES[slug]
    kinds: dict[str, str] = {}
    for path, inner, kind, _, leaf in walk(spec.model):
        if leaf:
            kinds[path] = (
                kind.name if kind else ("int" if inner is int else "bool" if inner is bool else "text")
            )
    kinds.update({f"attachments.{key}": "attachment" for key in spec.attachments})
    return kinds


def field_kind_info(slug: str) -> dict[str, tuple[Kind | None, bool]]:
    """Column → (Kind marker, required-in-its-block), for templates and documentation."""
    spec = PROCEDURES[slug]
    return {path: (kind, required) for path, _, kind, required, leaf in walk(spec.model) if leaf}


# ---- reading values -----------------------------------------------------------------------


def get_value(dossier: DossierFile, path: str) -> Any:
    """The value at `path` (`data.bride.full_name`, `attachments.bride_id`, `account`…).

    A path inside an absent optional block gives None; a path the model does not have raises
    KeyError, so a typo in a flow never reads as "empty".
    """
    parts = path.split(".")
    if parts[0] not in ROOTS:
        parts = ["data", *parts]
    if parts[0] == "attachments":
        if len(parts) != 2 or parts[1] not in dossier.spec.attachments:
            raise KeyError(
                f"{path!r}: {dossier.procedure} has no attachment "
                f"{'.'.join(parts[1:])!r}; known: {', '.join(dossier.spec.attachments)}"
            )
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


def to_flat(dossier: DossierFile) -> dict[str, str]:
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
        heads, last = _split(dotted)
        for head in heads:
            node = node.setdefault(head, {})
        node[last] = value
    return result


@lru_cache(maxsize=4096)
def _split(dotted: str) -> tuple[tuple[str, ...], str]:
    """`a.b.c` → (('a', 'b'), 'c'); cached, as every row of a batch has the same columns."""
    *heads, last = dotted.split(".")
    return tuple(heads), last


def from_flat(
    slug: str,
    mapping: Mapping[str, Any],
    base_dir: str | Path,
    account: str | None = None,
    portal: str | None = None,
) -> DossierFile:
    """A batch row ({column: cell}) → a validated DossierFile, or InvalidDossier naming columns.

    Blank cells are absent values; `account`/`portal` columns override the defaults (`account`
    and `portal` are the fallbacks for rows without one); `row_id` is ignored here.
    """
    if slug not in PROCEDURES:
        raise InvalidDossier(
            [Problem("procedure", f"unknown procedure {slug!r}", f"one of: {', '.join(PROCEDURES)}")]
        )
    spec = PROCEDURES[slug]
    known = _known_columns(spec.model, tuple(spec.attachments))
    problems: list[Problem] = []
    fields: dict[str, Any] = {}
    top: dict[str, Any] = {"procedure": slug}
    for raw_column, cell in mapping.items():
        column = str(raw_column).strip()
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        if column in EXTRA_COLUMNS:
            if column != "row_id":
                top[column] = cell.strip() if isinstance(cell, str) else cell
        elif column in known:
            fields[column] = cell
        elif column.split(".")[-1].lower() in SECRET_KEYS:
            problems.append(Problem(column, "a secret is written in the row", SECRET_HINT))
        else:
            problems.append(Problem(column, f"unknown column {column!r}", did_you_mean(column, known)))
    nested = nest(fields)
    top["attachments"] = nested.pop("attachments", {})
    top["data"] = nested
    if account and not top.get("account"):
        top["account"] = account
    if portal and not top.get("portal"):
        top["portal"] = portal
    try:
        base = base_dir if isinstance(base_dir, Path) else Path(base_dir)
        dossier = parse_dossier(top, base, require_account=False)
    except InvalidDossier as exc:
        problems.extend(Problem(p.location.removeprefix("data."), p.message, p.hint) for p in exc.problems)
        raise InvalidDossier(problems) from None
    if problems:
        raise InvalidDossier(problems)
    return dossier
