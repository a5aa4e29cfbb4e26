"""Results as the staff's own spreadsheet: their input rows plus what happened to each.

Columns: row, row_id, the input columns, then status, dossier_code, appointment_date, message,
artifacts. Written as CSV (UTF-8 with BOM, so Excel shows Vietnamese right) and XLSX, with ID
columns stored as text so their leading zeros survive the round trip.
"""
from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from agent.batch.outcomes import RowOutcome

RESULT_COLUMNS = ["status", "dossier_code", "appointment_date", "message", "artifacts"]


def result_header(input_columns: list[str]) -> list[str]:
    own = {"row", "row_id", *RESULT_COLUMNS}
    return ["row", "row_id"] + [c for c in input_columns if c not in own] + RESULT_COLUMNS


def _cells(outcome: RowOutcome, header: list[str]) -> list[str]:
    extra = {"row": str(outcome.number), "row_id": outcome.row_id, "status": outcome.status,
             "dossier_code": outcome.dossier_code, "appointment_date": outcome.appointment_date,
             "message": outcome.message, "artifacts": outcome.artifacts}
    return [extra[c] if c in extra else outcome.values.get(c, "") for c in header]


def _replace_atomically(target: Path, write) -> None:
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
    fills = {"filed": "C6EFCE", "refused": "FFEB9C", "failed": "FFC7CE", "invalid": "FFC7CE"}

    def write(tmp: Path) -> None:
        book = Workbook()
        ws = book.active
        ws.title = "results"
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        status_col = header.index("status") + 1
        for o in outcomes:
            ws.append(_cells(o, header))
            for cell in ws[ws.max_row]:
                cell.number_format = "@"  # text: IDs keep leading zeros, dates stay dd/mm/yyyy
            if o.status in fills:
                ws.cell(ws.max_row, status_col).fill = PatternFill("solid", fgColor=fills[o.status])
        ws.freeze_panes = "C2"
        book.save(tmp)

    _replace_atomically(path, write)
    return path
