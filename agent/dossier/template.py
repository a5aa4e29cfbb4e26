"""Blank dossiers: a commented YAML skeleton, or the header row of batch spreadsheets.

Generated from the models, so a template always has every field the validator knows, with
what each one takes (options, formats) and whether it is required.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from pydantic import BaseModel

from agent.dossier.paths import template_columns, unwrap
from agent.dossier.procedures import PROCEDURES
from agent.dossier.types import Kind, kind_of

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


def _yaml_block(model: type[BaseModel], depth: int, out: list[str]) -> None:
    for name, info in model.model_fields.items():
        inner, kind, optional = unwrap(info.annotation)
        kind = kind or kind_of(info)
        pad = _INDENT * depth
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            note = "" if info.is_required() else "   # optional block: delete it if not needed"
            out.append(f"{pad}{name}:{note}")
            _yaml_block(inner, depth + 1, out)
            continue
        default = info.default if not info.is_required() else None
        # Every value starts blank (blank = absent, so defaults apply and unused optional
        # blocks vanish); the comment says what goes there.
        out.append(f'{pad}{name}: ""   # {_describe(kind, info.is_required(), default)}')


def yaml_template(slug: str) -> str:
    spec = PROCEDURES[slug]
    out = [f"# {spec.title} ({spec.code}). Fill in the values, delete optional lines you do not",
           "# need, then check it with: dvc-agent validate THIS_FILE",
           f"procedure: {slug}",
           f"portal: {spec.portal}",
           'account: ""   # required: an account name from your credentials file (never a password)',
           "data:"]
    _yaml_block(spec.model, 1, out)
    out.append("attachments:   # paths relative to this file; PDF, JPEG or PNG")
    for key, att in spec.attachments.items():
        state = "required" if att.required else "optional"
        out.append(f'{_INDENT}{key}: ""   # {state}: {att.title}')
    return "\n".join(out) + "\n"


def csv_template(slug: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(template_columns(slug))
    return buffer.getvalue()


def write_xlsx_template(slug: str, path: Path) -> None:
    from openpyxl import Workbook  # only needed for this format
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = slug[:31]
    sheet.append(template_columns(slug))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.number_format = "@"
    for column in sheet.columns:  # text format keeps leading zeros of IDs and phones
        for cell in column[:1]:
            sheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) + 2)
            sheet.column_dimensions[cell.column_letter].number_format = "@"
    book.save(path)
