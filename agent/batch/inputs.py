"""Read a batch file (CSV, XLSX, JSONL or a YAML list) into clean, numbered, identified rows.

Row numbers are the ones the user sees (a spreadsheet's row, a JSONL line), so every message can
point at the right place. Each row gets a stable id — the `row_id` column if given, otherwise the
row number plus a hash of its content — which is what the ledger remembers it by.

The file is untrusted (SECURITY.md "Spreadsheets"): text tables are decoded as UTF-8, UTF-16
with a BOM or Windows-1258 and nothing else; CSV is read as RFC 4180 with only the delimiter
sniffed; size, rows, columns, cell length and an XLSX's unpacked size are bounded; JSONL and YAML
go through the dossier readers (no aliases, bounded depth). A file that cannot be used raises
`InvalidInput` with one line (file, where, what, fix); a misshapen row only carries `problems`.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.batch.normalise import clean_text, normalise_value
from agent.dossier.source import MAX_STRING, SourceError, read_json, read_yaml
from agent.errors import InvalidInput

ROW_ID = "row_id"
ACCOUNT = "account"
#: Columns that steer the batch rather than describe the dossier.
META_COLUMNS = (ROW_ID, ACCOUNT)
#: Bounds on what is read (see SECURITY.md "Spreadsheets"): a real batch is hundreds of rows of
#: short values; anything far past these is a mistake or an attack, refused with one line.
MAX_INPUT_BYTES = 20 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 500
MAX_CELL = MAX_STRING
MAX_XLSX_UNPACKED = 100 * 1024 * 1024  # zip bombs: what the parts of a workbook unpack to
MAX_XLSX_MEMBERS = 1_000
DELIMITERS = (",", ";", "\t")
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
    problems: tuple[str, ...] = ()  # what is wrong with the row's shape (too many cells)

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


@dataclass(frozen=True)
class RawRow:
    """One record as read: its number, its cells by column, and what is wrong with its shape."""

    number: int
    cells: dict[str, Any]
    problems: tuple[str, ...] = ()


# ---- reading the bytes, safely --------------------------------------------------------------


def _refuse(path: Path, what: str, fix: str) -> InvalidInput:
    """The one-line error every unusable input gets: the file, what is wrong, how to fix it."""
    return InvalidInput(f"{path.name}: {what} — {fix}")


def _read_bytes(path: Path) -> bytes:
    """The whole file, refusing anything over MAX_INPUT_BYTES before reading it all."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise _refuse(
            path, f"cannot be read ({exc.strerror or exc})", "check the path and permissions"
        ) from None
    _check_size(path, len(data))
    return data


def _check_size(path: Path, size: int) -> None:
    if size > MAX_INPUT_BYTES:
        raise _refuse(
            path,
            f"the file is over {MAX_INPUT_BYTES / (1024 * 1024):g} MB",
            f"split it into batches of at most {MAX_ROWS} rows",
        )


#: Characters a Vietnamese text decoded from Windows-1258 may hold besides ASCII: letters whose
#: marks are Vietnamese ones, đ/Đ, and the code page's punctuation and symbols.
_VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}


def _plausible_vietnamese(char: str) -> bool:
    if char in "đĐ":
        return True
    if unicodedata.category(char)[0] in "PSZ":  # “ ” – — … € ° and the no-break space
        return True
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], set(decomposed[1:])
    return base.isascii() and base.isalpha() and bool(marks) and marks <= _VIETNAMESE_MARKS


def decode_text(path: Path, data: bytes) -> str:
    """A text table's bytes → text: UTF-8 (with or without a BOM), UTF-16 with a BOM, or the
    Windows Vietnamese code page (cp1258) of older Excel "CSV" exports, NFC-normalised. Anything
    else is refused, naming the encodings that are read, rather than guessed into mojibake."""
    save_as = "save it as UTF-8 (Excel: Save As › “CSV UTF-8”)"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise _refuse(path, "the text is UTF-32, which is not read", save_as)
    encoding = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-16" or data.startswith(codecs.BOM_UTF8):
            raise _refuse(
                path, f"not valid {encoding.upper()} (byte {exc.start} cannot be read)", save_as
            ) from None
        first_bad = exc.start
    if b"\x00" in data:
        raise _refuse(path, "binary data or UTF-16 without a byte-order mark, not a text table", save_as)
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        text = ""
    odd = next((c for c in text if not c.isascii() and not _plausible_vietnamese(c)), None)
    if not text or odd is not None:
        raise _refuse(
            path,
            f"not UTF-8 (byte {first_bad} cannot be read), nor Vietnamese Windows-1258 text",
            save_as,
        )
    return text


# ---- the formats ------------------------------------------------------------------------------


class Rfc4180(csv.Dialect):
    """RFC 4180, as Excel writes it: fields in double quotes when they hold the delimiter, a quote
    or a line break, quotes inside doubled. Strict: a stray quote is an error, not a guess."""

    delimiter = ","
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL
    strict = True


def sniff_delimiter(header_line: str, default: str = ",") -> str:
    """The delimiter of a table, from its header line only: whichever of `,` `;` tab splits it
    into the most columns (quoted names respected); `default` for a single-column table."""
    best, most = default, 1
    for delimiter in DELIMITERS:
        try:
            fields = next(csv.reader([header_line], Rfc4180, delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(fields) > most:
            best, most = delimiter, len(fields)
    return best


def _header(path: Path, names: Iterable[Any]) -> list[str]:
    columns = [clean_text(str(h)) if h is not None else "" for h in names]
    if len(columns) > MAX_COLUMNS:
        raise _refuse(
            path,
            f"the header has {len(columns)} columns, over {MAX_COLUMNS}",
            "keep the dossier's columns only",
        )
    seen: dict[str, int] = {}
    for index, column in enumerate(columns, start=1):
        if len(column) > MAX_CELL:
            raise _refuse(
                path,
                f"header column {index} is {len(column)} characters long",
                "the first row must hold field paths",
            )
        if column and column in seen:
            raise _refuse(
                path,
                f"column {column!r} appears twice (columns {seen[column]} and {index})",
                "keep one column per field path",
            )
        seen.setdefault(column, index)
    return columns


def _check_cell(path: Path, where: str, column: str, value: Any) -> None:
    if isinstance(value, str) and len(value) > MAX_CELL:
        raise _refuse(
            path,
            f"{where}, column {column!r}: a value of {len(value)} characters, over {MAX_CELL}",
            "check the cell (a whole document pasted into it?)",
        )


def _count(path: Path, rows: int) -> None:
    if rows > MAX_ROWS:
        raise _refuse(path, f"more than {MAX_ROWS} rows", f"split it into batches of at most {MAX_ROWS} rows")


def _read_csv(path: Path) -> Iterator[RawRow]:
    text = decode_text(path, _read_bytes(path))
    default = "\t" if path.suffix.lower() == ".tsv" else ","
    delimiter = sniff_delimiter(text.split("\n", 1)[0].rstrip("\r"), default)
    reader = csv.reader(io.StringIO(text, newline=""), Rfc4180, delimiter=delimiter)
    shown = {"\t": "a tab"}.get(delimiter, delimiter)
    try:
        header = next(reader, None)
        if header is None:
            return
        columns = _header(path, header)
        for index, cells in enumerate(reader, start=2):
            _count(path, index - 1)
            row: dict[str, Any] = {}
            for column, value in zip(columns, cells, strict=False):
                if len(value) > MAX_CELL:  # every CSV cell is text
                    _check_cell(path, f"row {index}", column, value)
                if column:
                    row[column] = value
            extra = [c for c in cells[len(columns) :] if c.strip()] if len(cells) > len(columns) else []
            problems = (
                (
                    f"{len(cells)} cells but the header has {len(columns)} columns — a value holding "
                    f"{shown} must be in double quotes",
                )
                if extra
                else ()
            )
            yield RawRow(index, row, problems)
    except csv.Error as exc:
        raise _refuse(
            path,
            f"line {reader.line_num}: not valid CSV ({exc})",
            f"put a value holding {shown}, a quote or a line break in double quotes, "
            'and double any quote inside it ("")',
        ) from None


def _xlsx_rows(path: Path, sheet: str | None) -> list[tuple[Any, ...]]:
    """Every row of the sheet, read within bounds: a zip, of bounded uncompressed size."""
    import zipfile

    from openpyxl import load_workbook

    not_a_workbook = "save it from Excel as .xlsx (a CSV should be named .csv)"
    _check_size(path, path.stat().st_size)
    if not zipfile.is_zipfile(path):
        raise _refuse(
            path, "not an Excel workbook (an .xlsx file is a zip archive; this is not)", not_a_workbook
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(path, f"not a readable Excel workbook ({exc})", not_a_workbook) from None
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_XLSX_UNPACKED or len(members) > MAX_XLSX_MEMBERS:
        raise _refuse(
            path,
            f"the workbook unpacks to {unpacked // (1024 * 1024)} MB in {len(members)} parts, over "
            f"the {MAX_XLSX_UNPACKED // (1024 * 1024)} MB read",
            f"keep only the sheet of rows, at most {MAX_ROWS} rows",
        )
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises a zoo of exceptions on a damaged workbook
        raise _refuse(path, f"not a readable Excel workbook ({type(exc).__name__})", not_a_workbook) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InvalidInput(
                f"{path.name}: no sheet named {sheet!r}; sheets are {', '.join(book.sheetnames)}"
            )
        ws = book[sheet] if sheet else book.worksheets[0]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # a declared A1:XFD1048576 must not pad every row to it
        rows: list[tuple[Any, ...]] = []
        filled = 0
        for cells in ws.iter_rows(values_only=True):
            rows.append(cells)
            filled += any(c is not None and c != "" for c in cells)
            _count(path, filled - 1)
        return rows
    except InvalidInput:
        raise
    except Exception as exc:  # a damaged sheet inside a valid zip
        raise _refuse(path, f"not a readable Excel workbook ({type(exc).__name__})", not_a_workbook) from None
    finally:
        book.close()


def _read_xlsx(path: Path, sheet: str | None) -> Iterator[RawRow]:
    rows = _xlsx_rows(path, sheet)
    if not rows:
        return
    columns = _header(path, rows[0])
    for index, cells in enumerate(rows[1:], start=2):
        row: dict[str, Any] = {}
        for column, value in zip(columns, cells, strict=False):
            _check_cell(path, f"row {index}", column, value)
            if column:
                row[column] = value
        extra = [c for c in cells[len(columns) :] if c is not None and str(c).strip()]
        problems = (
            (f"values in {len(extra)} column(s) with no header — name them or clear them",) if extra else ()
        )
        yield RawRow(index, row, problems)


def _read_jsonl(path: Path) -> Iterator[RawRow]:
    text = decode_text(path, _read_bytes(path))
    rows = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        rows += 1
        _count(path, rows)
        try:
            obj = read_json(line)
        except SourceError as exc:
            raise _refuse(path, f"line {number}: {exc}", exc.hint) from None
        if not isinstance(obj, dict):
            raise _refuse(
                path, f"line {number}: expected an object", 'write one {"field.path": value} object per line'
            )
        yield _checked(path, f"line {number}", number, _flatten(obj))


def _read_yaml(path: Path) -> Iterator[RawRow]:
    text = decode_text(path, _read_bytes(path))
    try:
        data, _lines = read_yaml(text)  # no aliases, no deep nesting, every value stays text
    except SourceError as exc:
        at = f"line {exc.line}: " if exc.line else ""
        raise _refuse(path, f"{at}{exc}", exc.hint) from None
    if data is None:
        return
    if not isinstance(data, list):
        raise InvalidInput(f"{path.name}: expected a YAML list of rows (one mapping per dossier)")
    _count(path, len(data))
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise InvalidInput(f"{path.name} item {number}: expected a mapping of field paths")
        yield _checked(path, f"item {number}", number, _flatten(item))


def _checked(path: Path, where: str, number: int, cells: dict[str, Any]) -> RawRow:
    if len(cells) > MAX_COLUMNS:
        raise _refuse(
            path, f"{where} has {len(cells)} fields, over {MAX_COLUMNS}", "keep the dossier's fields only"
        )
    for column, value in cells.items():
        _check_cell(path, where, column, value)
    return RawRow(number, cells)


def detect_format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InvalidInput(
            f"{path.name}: unknown input format; use one of {', '.join(sorted(FORMATS))}"
        ) from None


def raw_rows(path: Path, sheet: str | None = None) -> Iterator[RawRow]:
    """Every record of the file, blank ones included, numbered as the user sees them."""
    kind = detect_format(path)
    if kind == "csv":
        return _read_csv(path)
    if kind == "xlsx":
        return _read_xlsx(path, sheet)
    if kind == "jsonl":
        return _read_jsonl(path)
    return _read_yaml(path)


class RowCleaner:
    """Raw cells → clean strings by each column's kind (see `normalise`). A column's clean name
    and kind are worked out once, not once per row, and so is a text cell's clean value: a batch
    repeats the same columns, and many of the same values (the applicant, the province…)."""

    #: Text cells remembered (their clean value per kind); forgotten all at once when full.
    MAX_REMEMBERED = 50_000

    def __init__(self, kinds: Mapping[str, str]):
        self.kinds = kinds
        self._columns: dict[Any, tuple[str, str | None]] = {}
        self._values: dict[tuple[str, str | None], str] = {}

    def column(self, raw: Any) -> tuple[str, str | None]:
        known = self._columns.get(raw)
        if known is None:
            name = clean_text(str(raw))
            known = self._columns[raw] = (name, self.kinds.get(name))
        return known

    def __call__(self, raw: Mapping[str, Any]) -> dict[str, str]:
        out: dict[str, str] = {}
        values = self._values
        columns = self._columns
        for col, value in raw.items():
            name, kind = columns.get(col) or self.column(col)
            if not isinstance(value, str):
                out[name] = normalise_value(value, kind)
                continue
            key = (value, kind)
            clean = values.get(key)
            if clean is None:
                if len(values) >= self.MAX_REMEMBERED:
                    values.clear()
                clean = values[key] = normalise_value(value, kind)
            out[name] = clean
        return out


def clean_row(raw: Mapping[str, Any], kinds: Mapping[str, str]) -> dict[str, str]:
    """Raw cells → clean strings by each column's kind (see `normalise`)."""
    return RowCleaner(kinds)(raw)


def iter_input(
    path: Path, kinds: Mapping[str, str], sheet: str | None, columns: dict[str, None]
) -> Iterator[InputRow]:
    """Every non-blank row, cleaned and identified, one at a time as the file is read; the
    columns seen are added to `columns` (in order) on the way."""
    clean = RowCleaner(kinds)
    for raw in raw_rows(path, sheet):
        values = clean(raw.cells)
        if not columns.keys() >= values.keys():  # a new column: rows mostly repeat the header's
            for col in values:
                columns.setdefault(col, None)
        if not any(values.values()):
            continue  # blank (often trailing) rows are not dossiers
        row_id = values.get(ROW_ID, "") or f"r{raw.number}-{content_hash(values)}"
        yield InputRow(number=raw.number, row_id=row_id, values=values, problems=raw.problems)


def read_input(
    path: str | Path, kinds: Mapping[str, str] | None = None, sheet: str | None = None
) -> InputTable:
    """Read, clean and identify every non-blank row of a batch file."""
    path = Path(path).resolve()
    if not path.is_file():
        raise InvalidInput(f"input file {path} does not exist")
    columns: dict[str, None] = {}
    rows = list(iter_input(path, kinds or {}, sheet, columns))
    return InputTable(path=path, sheet=sheet, columns=list(columns), rows=rows)


def rows_by_id(rows: Iterable[InputRow]) -> dict[str, InputRow]:
    return {row.row_id: row for row in rows}
