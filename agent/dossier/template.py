"""Blank dossiers: a commented YAML skeleton, or the header row of batch spreadsheets.

Generated from the models, with what each field takes (options, formats) and whether it is
required, but only the fields the procedure's flow sends to the portal or uses to choose its
route: a field the portal's form has no box for (`not_on_portal:` in the flow) is left out, so
nobody fills it in believing it was filed. The YAML template says which ones and why.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from agent.dossier.paths import unwrap
from agent.dossier.procedures import PROCEDURES
from agent.dossier.types import Kind, kind_of

if TYPE_CHECKING:
    from agent.flow import Flow

_INDENT = "  "


def _describe(kind: Kind | None, required: bool, default: object) -> str:
    notes = ["required" if required else "optional"]
    if kind and kind.options:
        shown = kind.options if len(kind.options) <= 6 else (*kind.options[:6], "…")
        notes.append("one of: " + " | ".join(shown))
    elif kind and kind.hint:
        notes.append(kind.hint)
    if not required and default not in (None, ...):
        notes.append(f"default {default!r}")
    return "; ".join(notes)


def _flow(slug: str) -> Flow:
    from agent.flow import load_procedure_flow

    return load_procedure_flow(PROCEDURES[slug].portal, slug)


def _offered(flow: Flow) -> list[str]:
    from agent.flow.coverage import offered_fields as flow_offers

    return [path.removeprefix("data.") for path in flow_offers(flow)]


def offered_fields(slug: str) -> list[str]:
    """The fields a blank dossier asks for, as flat paths (`deceased.full_name`,
    `attachments.death_notice`): those the flow types or reads in a `when:`."""
    return _offered(_flow(slug))


def _left_out(flow: Flow, offered: set[str]) -> dict[str, str]:
    """The flow's `not_on_portal` declarations the template leaves out → the reason."""
    return {
        path.removeprefix("data."): reason
        for path, reason in flow.header.not_on_portal.items()
        if path.removeprefix("data.") not in offered
    }


def template_columns(slug: str) -> list[str]:
    """The header row of a batch spreadsheet: the account, then every offered field."""
    return ["account", *offered_fields(slug)]


def _yaml_block(model: type[BaseModel], depth: int, out: list[str], prefix: str, offered: set[str]) -> None:
    for name, info in model.model_fields.items():
        path = prefix + name
        inner, kind, _ = unwrap(info.annotation)
        kind = kind or kind_of(info)
        pad = _INDENT * depth
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            if not any(p.startswith(path + ".") for p in offered):
                continue
            note = "" if info.is_required() else "   # optional block: delete it if not needed"
            out.append(f"{pad}{name}:{note}")
            _yaml_block(inner, depth + 1, out, path + ".", offered)
            continue
        if path not in offered:
            continue
        default = info.default if not info.is_required() else None
        # Every value starts blank (blank = absent, so defaults apply and unused optional
        # blocks vanish); the comment says what goes there.
        out.append(f'{pad}{name}: ""   # {_describe(kind, info.is_required(), default)}')


def yaml_template(slug: str) -> str:
    spec = PROCEDURES[slug]
    flow = _flow(slug)
    offered = set(_offered(flow))
    out = [
        f"# {spec.title} ({spec.code}). Fill in the values, delete optional lines you do not",
        "# need, then check it with: dvc-agent validate THIS_FILE",
        f"procedure: {slug}",
        f"portal: {spec.portal}",
        'account: ""   # required: an account name from your credentials file (never a password)',
        "data:",
    ]
    _yaml_block(spec.model, 1, out, "", offered)
    out.append("attachments:   # paths relative to this file; PDF, JPEG or PNG")
    for key, att in spec.attachments.items():
        if f"attachments.{key}" in offered:
            state = "required" if att.required else "optional"
            out.append(f'{_INDENT}{key}: ""   # {state}: {att.title}')
    skipped = _left_out(flow, offered)
    if skipped:
        out.append(
            f"# Not asked: the portal's form has no box for these "
            f"(flows/{spec.portal}/{slug}.yaml, not_on_portal):"
        )
        out += [f"#   {path}: {reason}" for path, reason in skipped.items()]
    return "\n".join(out) + "\n"


def csv_template(slug: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(template_columns(slug))
    return buffer.getvalue()


def write_xlsx_template(slug: str, path: Path) -> None:
    from openpyxl import Workbook  # only needed for this format
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.create_sheet(slug[:31], 0)
    book.remove(book.worksheets[1])  # the blank sheet a new workbook starts with
    columns = template_columns(slug)
    sheet.append(columns)
    for index, name in enumerate(columns, start=1):  # text format keeps leading zeros of IDs
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True)
        header.number_format = "@"
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(name) + 2)
        sheet.column_dimensions[letter].number_format = "@"
    book.active = 0
    book.save(path)
