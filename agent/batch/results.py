"""Results as the staff's own spreadsheet: their input rows plus what happened to each.

Columns: row, row_id, person (the name the portal shows for the dossier: the deceased, the
child, the spouses…), the input columns, then status, dossier_code, appointment_date, message,
artifacts. Written as CSV (UTF-8 with BOM, so Excel shows Vietnamese right) and XLSX, with ID
columns stored as text so their leading zeros survive the round trip.

Both are inert whatever the rows hold (SECURITY.md "Spreadsheets"): a CSV cell that starts like a
formula (`=`, `+`, `-`, `@`, tab, carriage return: OWASP's CSV-injection list) gets a leading `'`,
and every XLSX cell is a text cell, never a formula. The input columns are echoed as the user
typed them (they are theirs); `message` is masked with the shared redaction policy; the files
are private (0600) in a private results folder.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from agent.batch.normalise import FORMULA_STARTS
from agent.batch.outcomes import FAILED, FILED, INTERRUPTED, INVALID, REFUSED, UNCONFIRMED, RowOutcome
from agent.secrets.private_files import FILE_MODE, private_dir
from agent.secrets.redaction import MIN_SUBSTRING, Redaction, mask_message, redaction_for

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

LEAD_COLUMNS = ["row", "row_id", "person"]
RESULT_COLUMNS = ["status", "dossier_code", "appointment_date", "message", "artifacts"]
#: Status cell colours, the same as the HTML report's.
STATUS_FILLS = {
    FILED: "C6EFCE",
    REFUSED: "FFEB9C",
    FAILED: "FFC7CE",
    INVALID: "FFC7CE",
    UNCONFIRMED: "D9C3E9",
    INTERRUPTED: "DDDDDD",
}


#: The longest text an XLSX cell holds.
XLSX_MAX_CELL = 32_767
#: Characters XML (so XLSX and JUnit) cannot carry.
XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def inert(value: str) -> str:
    """A CSV cell no spreadsheet will evaluate: a formula-like start gets a leading `'`."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def xml_text(value: str) -> str:
    """`value` with the characters XML cannot hold replaced by U+FFFD."""
    return XML_ILLEGAL.sub("\ufffd", value)


def row_policy(values: Mapping[str, str]) -> Redaction:
    """The redaction policy for messages about one row, from its own values (by column name).
    Values too short to identify anyone are left out: masking a `12` would eat every 12."""
    return redaction_for({k: v for k, v in values.items() if len(v) >= MIN_SUBSTRING})


def masked_message(outcome: RowOutcome) -> str:
    """The row's message fit for a report: its identifying values masked, and every ID-like
    digit run and known secret too (`agent.secrets.redaction`)."""
    return mask_message(outcome.message, row_policy(outcome.values)) or ""


def result_header(input_columns: list[str]) -> list[str]:
    own = {*LEAD_COLUMNS, *RESULT_COLUMNS}
    return LEAD_COLUMNS + [c for c in input_columns if c not in own] + RESULT_COLUMNS


def _cells(outcome: RowOutcome, header: list[str]) -> list[str]:
    extra = {
        "row": str(outcome.number),
        "row_id": outcome.row_id,
        "person": outcome.person,
        "status": outcome.status,
        "dossier_code": outcome.dossier_code,
        "appointment_date": outcome.appointment_date,
        "message": masked_message(outcome),
        "artifacts": outcome.artifacts,
    }
    return [extra[c] if c in extra else outcome.values.get(c, "") for c in header]


def _replace_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Write beside the target and rename, so a crash never leaves half a results file. The file
    is private (mkstemp's 0600, kept through the rename) in a private folder."""
    private_dir(target.parent)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.fchmod(fd, FILE_MODE)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(path: Path, input_columns: list[str], outcomes: list[RowOutcome]) -> Path:
    header = result_header(input_columns)

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            out = csv.writer(fh)  # Excel's dialect: RFC 4180, as the inputs are read
            out.writerow([inert(c) for c in header])
            for o in outcomes:
                out.writerow([inert(c) for c in _cells(o, header)])

    _replace_atomically(path, write)
    return path


def write_xlsx(path: Path, input_columns: list[str], outcomes: list[RowOutcome]) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    header = result_header(input_columns)

    def write(tmp: Path) -> None:
        book = Workbook()
        ws = book.create_sheet("results", 0)
        book.remove(book.worksheets[1])  # the blank default sheet
        ws.title = "results"
        for column, name in enumerate(header, start=1):
            _text_cell(ws.cell(1, column), name).font = Font(bold=True)
        status_col = header.index("status") + 1
        for number, o in enumerate(outcomes, start=2):
            for column, value in enumerate(_cells(o, header), start=1):
                _text_cell(ws.cell(number, column), value)
            if o.status in STATUS_FILLS:
                ws.cell(number, status_col).fill = PatternFill("solid", fgColor=STATUS_FILLS[o.status])
        ws.freeze_panes = "D2"  # row, row_id and person stay in view
        book.save(tmp)

    _replace_atomically(path, write)
    return path


def _text_cell(cell: Cell, value: str) -> Cell:
    """A text cell holding exactly `value` (clipped to what XLSX holds), never a formula: the
    type is forced to string and a formula-like start is marked with Excel's quote prefix, so
    editing the cell later does not turn it into one either."""
    cell.value = xml_text(value)[:XLSX_MAX_CELL]
    cell.data_type = "s"
    cell.number_format = "@"  # text: IDs keep leading zeros, dates stay dd/mm/yyyy
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell
