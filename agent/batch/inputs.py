"""Read a batch file (CSV, XLSX, JSONL or a YAML list) into clean, numbered, identified rows.

Row numbers are the ones the user sees (a spreadsheet's row, a JSONL line), so every message can
point at the right place. Each row gets a stable id — the `row_id` column if given, otherwise the
row number plus a hash of its content — which is what the ledger remembers it by.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from agent.batch.normalise import clean_text, normalise_value
from agent.errors import InvalidInput

ROW_ID = "row_id"
ACCOUNT = "account"
#: Columns that steer the batch rather than describe the dossier.
META_COLUMNS = (ROW_ID, ACCOUNT)
FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".yaml": "yaml",
    ".yml": "yaml",
}


@dataclass(frozen=True)
class InputRow:
    """One row: where it is in the file, its id, and its cleaned values by column."""

    number: int
    row_id: str
    values: dict[str, str]

    @property
    def account(self) -> str:
        return self.values.get(ACCOUNT, "")

    def dossier_values(self) -> dict[str, str]:
        """The values that describe the dossier (no meta columns, no empty cells)."""
        return {k: v for k, v in self.values.items() if k not in META_COLUMNS and v != ""}


@dataclass(frozen=True)
class InputTable:
    """Everything read from one batch file."""

    path: Path
    sheet: str | None
    columns: list[str]
    rows: list[InputRow] = field(default_factory=list)

    @property
    def identity(self) -> str:
        """What the ledger keys this input by: the file's name (and sheet), not its content,
        so that correcting one row does not make every other row look new."""
        return self.path.name + (f"#{self.sheet}" if self.sheet else "")


def content_hash(values: Mapping[str, str]) -> str:
    """8 hex digits that change whenever any dossier value of the row changes."""
    canonical = json.dumps(
        {k: values[k] for k in sorted(values) if k != ROW_ID and values[k] != ""},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8]


def _flatten(obj: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested mappings (JSONL/YAML) → dotted paths, the same columns a spreadsheet would have."""
    flat: dict[str, Any] = {}
    for key, value in obj.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


def _read_csv(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    text = path.read_text(encoding="utf-8-sig")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header = next(reader, None)
    if header is None:
        return
    columns = [clean_text(h) for h in header]
    for index, cells in enumerate(reader, start=2):
        yield index, {c: v for c, v in zip(columns, cells, strict=False) if c}


def _read_xlsx(path: Path, sheet: str | None) -> Iterator[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InvalidInput(
                f"{path.name}: no sheet named {sheet!r}; sheets are {', '.join(book.sheetnames)}"
            )
        ws = book[sheet] if sheet else book.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return
        columns = [clean_text(str(h)) if h is not None else "" for h in header]
        for index, cells in enumerate(rows, start=2):
            yield index, {c: v for c, v in zip(columns, cells, strict=False) if c}
    finally:
        book.close()


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{path.name} line {number}: not JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise InvalidInput(f"{path.name} line {number}: expected an object with field paths")
        yield number, _flatten(obj)


def _read_yaml(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{path.name}: not valid YAML ({exc})") from None
    if data is None:
        return
    if not isinstance(data, list):
        raise InvalidInput(f"{path.name}: expected a YAML list of rows (one mapping per dossier)")
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise InvalidInput(f"{path.name} item {number}: expected a mapping of field paths")
        yield number, _flatten(item)


def detect_format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InvalidInput(
            f"{path.name}: unknown input format; use one of {', '.join(sorted(FORMATS))}"
        ) from None


def raw_rows(path: Path, sheet: str | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {column: raw cell}) for every row of the file, blank rows included."""
    kind = detect_format(path)
    if kind == "csv":
        return _read_csv(path)
    if kind == "xlsx":
        return _read_xlsx(path, sheet)
    if kind == "jsonl":
        return _read_jsonl(path)
    return _read_yaml(path)


def clean_row(raw: Mapping[str, Any], kinds: Mapping[str, str]) -> dict[str, str]:
    """Raw cells → clean strings by each column's kind (see `normalise`)."""
    return {
        clean_text(str(col)): normalise_value(value, kinds.get(clean_text(str(col))))
        for col, value in raw.items()
    }


def read_input(
    path: str | Path, kinds: Mapping[str, str] | None = None, sheet: str | None = None
) -> InputTable:
    """Read, clean and identify every non-blank row of a batch file."""
    path = Path(path).resolve()
    if not path.is_file():
        raise InvalidInput(f"input file {path} does not exist")
    kinds = kinds or {}
    columns: list[str] = []
    rows: list[InputRow] = []
    for number, raw in raw_rows(path, sheet):
        values = clean_row(raw, kinds)
        for col in values:
            if col not in columns:
                columns.append(col)
        if not any(v for v in values.values()):
            continue  # blank (often trailing) rows are not dossiers
        given = values.get(ROW_ID, "")
        row_id = given or f"r{number}-{content_hash(values)}"
        rows.append(InputRow(number=number, row_id=row_id, values=values))
    return InputTable(path=path, sheet=sheet, columns=columns, rows=rows)


def rows_by_id(rows: Iterable[InputRow]) -> dict[str, InputRow]:
    return {row.row_id: row for row in rows}
