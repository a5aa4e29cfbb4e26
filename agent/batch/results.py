"""Results as the staff's own spreadsheet: their input rows plus what happened to each.

Columns: row, row_id, person (the name the portal shows for the dossier: the deceased, the
child, the spouses…), the input columns, then status, dossier_code, appointment_date, message,
artifacts. Written as CSV (UTF-8 with BOM, so Excel shows Vietnamese right) and XLSX, with ID
columns stored as text so their leading zeros survive the round trip.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from agent.batch.outcomes import FAILED, FILED, INTERRUPTED, INVALID, REFUSED, UNCONFIRMED, RowOutcome

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
        "message": outcome.message,
        "artifacts": outcome.artifacts,
    }
    return [extra[c] if c in extra else outcome.values.get(c, "") for c in header]


def _replace_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Write beside the target and rename, so a crash never leaves half a results file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
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
            out = csv.writer(fh)
            out.writerow(header)
            for o in outcomes:
                out.writerow(_cells(o, header))

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
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        status_col = header.index("status") + 1
        for o in outcomes:
            ws.append(_cells(o, header))
            for cell in ws[ws.max_row]:
                cell.number_format = "@"  # text: IDs keep leading zeros, dates stay dd/mm/yyyy
            if o.status in STATUS_FILLS:
                ws.cell(ws.max_row, status_col).fill = PatternFill("solid", fgColor=STATUS_FILLS[o.status])
        ws.freeze_panes = "D2"  # row, row_id and person stay in view
        book.save(tmp)

    _replace_atomically(path, write)
    return path
