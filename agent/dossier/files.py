"""Dossier files (YAML or JSON) → a validated `DossierFile` (batch rows arrive through
`paths.from_flat`, which nests them and calls `parse_dossier`).

All problems of a dossier are collected in one pass (unknown keys, missing or wrong values,
missing or bad attachments) and raised together as `InvalidDossier`, each with its field path,
its line in the file when known, and a hint.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError

from agent.dossier import attachments as att
from agent.dossier.problems import RULE_ERROR, InvalidDossier, Problem, did_you_mean
from agent.dossier.procedure import Procedure
from agent.dossier.procedures import PROCEDURES
from agent.dossier.source import Lines, SourceError, read_file
from agent.dossier.types import kind_of, unwrap

TOP_KEYS = ("procedure", "portal", "account", "data", "attachments")
SECRET_KEYS = {"password", "mat_khau", "passcode", "otp", "pin", "credentials", "secret"}
SECRET_HINT = (
    "credentials never go in a dossier: keep them in your credentials file "
    "(--credentials / $DVC_AGENT_CREDENTIALS) and name the account with `account:`"
)

#: Records one problem: (location as key path, message, hint).
AddProblem = Callable[[tuple[str, ...], str, str], None]


@dataclass
class DossierFile:
    """One validated dossier: what to file, where, as whom, with which documents."""

    procedure: str
    portal: str
    account: str | None
    data: BaseModel
    attachments: dict[str, Path] = field(default_factory=dict)
    source: Path | None = None

    @property
    def spec(self) -> Procedure:
        return PROCEDURES[self.procedure]

    @property
    def code(self) -> str:
        return self.spec.code


# ---- public entry points ------------------------------------------------------------------


def load_dossier(
    path: str | Path, attachments_root: Path | None = None, *, portal: str | None = None
) -> DossierFile:
    """Read and validate a dossier file; raises InvalidDossier (exit code 2) with every problem.

    Attachments must lie in the file's folder, or in `attachments_root` when one is given.
    `portal` (the command line's `--portal`) picks the route over the file's `portal:`.
    """
    path = Path(path)
    try:
        content, lines = read_file(path)
    except SourceError as exc:
        raise InvalidDossier([Problem("", str(exc), exc.hint, exc.line)], str(path)) from None
    return parse_dossier(
        content, path.parent, source=path, lines=lines, attachments_root=attachments_root, portal=portal
    )


def parse_dossier(
    content: Any,
    base_dir: Path,
    *,
    source: Path | None = None,
    lines: Lines | None = None,
    require_account: bool = True,
    attachments_root: Path | None = None,
    portal: str | None = None,
) -> DossierFile:
    """Validate an already-read dossier mapping (attachment paths relative to base_dir, and
    confined to it, or to attachments_root when given). `portal`, when given, overrides the
    mapping's `portal:` (a route chosen on the command line)."""
    lines = lines or {}
    problems: list[Problem] = []

    def add(loc: tuple[str, ...], message: str, hint: str = "") -> None:
        problems.append(Problem(".".join(loc), message, hint, _line(lines, loc)))

    if not isinstance(content, Mapping):
        raise InvalidDossier(
            [
                Problem(
                    "",
                    "a dossier file must be a mapping with procedure, account, data and attachments",
                    "see `dvc-agent template <procedure>`",
                )
            ],
            str(source) if source else None,
        )
    for key in content:
        if str(key).lower() in SECRET_KEYS:
            add((str(key),), "a secret is written in the dossier", SECRET_HINT)
        elif key not in TOP_KEYS:
            add((str(key),), f"unknown key {key!r}", did_you_mean(str(key), TOP_KEYS))

    slug = content.get("procedure")
    spec = PROCEDURES.get(slug) if isinstance(slug, str) else None
    if spec is None:
        add(
            ("procedure",),
            f"unknown procedure {slug!r}" if slug else "procedure is required",
            did_you_mean(str(slug or ""), PROCEDURES) or f"one of: {', '.join(PROCEDURES)}",
        )
        raise InvalidDossier(problems, str(source) if source else None)

    portal = portal or content.get("portal") or spec.portal
    if portal not in spec.routes:
        add(
            ("portal",),
            f"{slug} cannot be filed by the {portal!r} route",
            f"one of: {', '.join(spec.routes)} (leave it out for {spec.portal})",
        )
    account = content.get("account")
    if account is not None and not (isinstance(account, str) and account.strip()):
        add(("account",), "account must be a name from the credentials file", "e.g. citizen-a")
        account = None
    elif account is None and require_account:
        add(
            ("account",),
            "account is required",
            "name an account of your credentials file, e.g. account: citizen-a",
        )

    data = content.get("data")
    model: BaseModel | None = None
    if not isinstance(data, Mapping):
        add(
            ("data",),
            "data is required and must be a mapping of the procedure's fields",
            f"see `dvc-agent template {slug}`",
        )
    else:
        _find_secrets(data, ("data",), add)
        try:
            model = spec.model.model_validate(_prune(data, spec.model))
        except ValidationError as exc:
            problems.extend(_problems_from(exc, spec.model, ("data",), lines))

    files = _check_attachments(spec, content.get("attachments"), base_dir, attachments_root, add)
    if problems or model is None:
        raise InvalidDossier(problems, str(source) if source else None)
    return DossierFile(spec.slug, portal, account.strip() if account else None, model, files, source)


# ---- helpers ------------------------------------------------------------------------------


def _is_block(node: Any) -> bool:
    """A mapping of fields. Plain dicts and text, what nearly every node is, are told apart
    first: the Mapping (ABC) check is slow and this runs for every value of every row."""
    if isinstance(node, dict):
        return True
    return not isinstance(node, str) and isinstance(node, Mapping)


def _is_blank(node: Any) -> bool:
    if isinstance(node, str):
        return not node.strip()
    if _is_block(node):
        return all(_is_blank(v) for v in node.values())
    return node is None


def _prune(node: Any, model: type[BaseModel] | None) -> Any:
    """Blank values are absent values, and an optional block left blank is absent too.

    So a template with unfilled optional lines, or a spreadsheet row with empty cells, reads the
    way a person means it, while a blank required block still reports its missing fields.
    """
    if not _is_block(node):
        return None if _is_blank(node) else node
    fields = _field_shapes(model) if model else {}
    result: dict[str, Any] = {}
    for key, value in node.items():
        if isinstance(value, str):  # most values: text, absent when blank
            if value.strip():
                result[key] = value
            continue
        required, sub = fields.get(str(key), _UNKNOWN_FIELD)
        if not _is_block(value):
            if not _is_blank(value):
                result[key] = value
        elif required or not _is_blank(value):
            result[key] = _prune(value, sub)
    return result


#: (required?, block model) of a key the model has no field for.
_UNKNOWN_FIELD: tuple[bool, type[BaseModel] | None] = (False, None)


@lru_cache(maxsize=256)
def _field_shapes(model: type[BaseModel]) -> Mapping[str, tuple[bool, type[BaseModel] | None]]:
    """Field name → (required?, the field's model when it is a block, else None), once per model:
    `_prune` asks for every key of every row, and the answer only depends on the model."""
    shapes: dict[str, tuple[bool, type[BaseModel] | None]] = {}
    for name, info in model.model_fields.items():
        inner = unwrap(info.annotation)[0]
        sub = inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None
        shapes[name] = (info.is_required(), sub)
    return MappingProxyType(shapes)


def _line(lines: Lines, loc: tuple[str, ...]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _find_secrets(node: Any, loc: tuple[str, ...], add: AddProblem) -> None:
    if not _is_block(node):
        return
    for key, value in node.items():
        if str(key).lower() in SECRET_KEYS:
            add((*loc, str(key)), "a secret is written in the dossier", SECRET_HINT)
        elif not isinstance(value, str) and _is_block(value):
            _find_secrets(value, (*loc, str(key)), add)


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    for name in loc:
        info = model.model_fields.get(str(name))
        if info is None:
            return None
        inner, _, _ = unwrap(info.annotation)
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            return None
        model = inner
    return model


def _hint_for_field(model: type[BaseModel] | None, name: str) -> str:
    if model is None or name not in model.model_fields:
        return ""
    info = model.model_fields[name]
    _, kind, _ = unwrap(info.annotation)
    kind = kind or kind_of(info)
    if kind and kind.options:
        return "one of: " + " | ".join(kind.options[:6]) + (" | …" if len(kind.options) > 6 else "")
    if kind and kind.hint:
        return f"e.g. {kind.hint}" if kind.name not in ("date", "partial_date", "time") else kind.hint
    return ""


def _problems_from(
    exc: ValidationError, model: type[BaseModel], prefix: tuple[str, ...], lines: Lines
) -> list[Problem]:
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(str(part) for part in err["loc"])
        full = prefix + loc
        where = ".".join(full)
        kind = err["type"]
        if kind == RULE_ERROR:
            message, hint = err["msg"], (err.get("ctx") or {}).get("hint", "")
        elif kind == "missing":
            parent = _model_at(model, loc[:-1])
            message = "is required"
            hint = f"add {loc[-1]}" + (f" ({h})" if (h := _hint_for_field(parent, loc[-1])) else "")
        elif kind == "extra_forbidden" and loc[-1].lower() in SECRET_KEYS:
            continue  # already reported as a secret, with the right advice
        elif kind == "extra_forbidden":
            parent = _model_at(model, loc[:-1])
            message = f"unknown field {loc[-1]!r}"
            hint = did_you_mean(loc[-1], parent.model_fields) if parent else ""
            hint = hint or (f"known fields here: {', '.join(parent.model_fields)}" if parent else "")
        elif kind in ("model_type", "dict_type"):
            message = "must be a block of fields (a mapping), not a single value"
            hint = "indent the fields under this key"
        else:
            message = err["msg"]
            hint = _hint_for_field(_model_at(model, loc[:-1]), loc[-1]) if loc else ""
        problems.append(Problem(where, message, hint, _line(lines, full)))
    return problems


def _check_attachments(
    spec: Procedure, given: Any, base_dir: Path, root: Path | None, add: AddProblem
) -> dict[str, Path]:
    files: dict[str, Path] = {}
    if given is None:
        given = {}
    if not isinstance(given, Mapping):
        add(
            ("attachments",),
            "attachments must be a mapping of document key → file path",
            f"keys: {', '.join(spec.attachments)}",
        )
        return files
    for key, value in given.items():
        if key not in spec.attachments:
            add(
                ("attachments", str(key)),
                f"unknown attachment {key!r}",
                did_you_mean(str(key), spec.attachments) or f"known: {', '.join(spec.attachments)}",
            )
            continue
        if value is None or not str(value).strip():
            continue
        if isinstance(value, Mapping | list | bool):
            add(("attachments", key), "must be one file path", "e.g. files/scan.pdf")
            continue
        verdict = att.judge(str(value), base_dir, root)
        if verdict.path is None:
            add(("attachments", key), verdict.problem, verdict.hint)
        else:
            files[key] = verdict.path
    for key in spec.required_attachments:
        written = given.get(key)
        if key not in files and not (isinstance(written, str) and written.strip()):
            add(
                ("attachments", key),
                f"{spec.attachments[key].title!r} is a mandatory document",
                f"add attachments.{key}: path/to/file.pdf",
            )
    return files
