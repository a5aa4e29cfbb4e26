"""Validation before any browser starts, the printed plan, and the CLI's refusals."""

from __future__ import annotations

import datetime as dt
import gc

import typer
from openpyxl import Workbook
from typer.testing import CliRunner

from agent.batch import ledger as L
from agent.batch.run import BatchOptions, dry_run, load_plan
from agent.cli.batch import register
from bench import sample_rows


def _cli() -> typer.Typer:
    """The `batch` command in a group of its own (independent of the other commands' state)."""
    app = typer.Typer()
    app.callback()(lambda: None)
    register(app)
    return app


def test_invalid_rows_are_reported_with_row_column_and_message(tmp_path):
    rows, bad = sample_rows.rows(6, 4)
    path = sample_rows.write_batch(tmp_path, rows)
    plan = load_plan(BatchOptions(input_path=path, procedure="dang-ky-khai-tu"))
    assert {p.row.row_id for p in plan.valid} == {r["row_id"] for r in rows} - bad
    by_id = {b.row.row_id: b for b in plan.invalid}
    assert set(by_id) == bad
    assert by_id["kt-0003"].row.number == 5
    assert [p.column for p in by_id["kt-0003"].problems] == ["death.date"]
    assert "31/02/2024" in by_id["kt-0003"].problems[0].message


def test_duplicate_dossiers_and_missing_accounts_are_not_filed(tmp_path):
    one = sample_rows.valid_row(1)
    twin = dict(one, row_id="other-id")
    orphan = dict(sample_rows.valid_row(2), account="")
    path = sample_rows.write_batch(tmp_path, [one, twin, orphan])
    plan = load_plan(BatchOptions(input_path=path, procedure="dang-ky-khai-tu"))
    messages = {b.row.row_id: b.message for b in plan.invalid}
    assert "same dossier as row 2" in messages["other-id"]
    assert "no account" in messages["kt-0002"]
    plan = load_plan(BatchOptions(input_path=path, procedure="dang-ky-khai-tu", account="citizen-b"))
    assert {p.row.row_id: p.account for p in plan.valid} == {"kt-0001": "citizen-a", "kt-0002": "citizen-b"}


def test_spreadsheet_damage_is_undone_before_validation(tmp_path):
    """Excel dates, IDs that lost their zeros, stray spaces: the row still validates."""
    row = sample_rows.valid_row(4)
    sample_rows.write_batch(tmp_path, [row])  # for the attachment file
    book = Workbook()
    ws = book.active
    ws.append(list(row))
    cells = dict(row)
    cells["deceased.personal_id"] = int(row["deceased.personal_id"])  # 1… (zeros lost)
    cells["applicant.phone"] = int(row["applicant.phone"])  # 912345678
    cells["death.date"] = dt.datetime(2025, 1, 10)  # an Excel date
    cells["deceased.full_name"] = "  " + row["deceased.full_name"] + " "
    ws.append(list(cells.values()))
    ws.append([None] * len(cells))
    path = tmp_path / "rows.xlsx"
    book.save(path)
    plan = load_plan(BatchOptions(input_path=path, procedure="dang-ky-khai-tu"))
    assert not plan.invalid, plan.invalid and plan.invalid[0].message
    data = plan.valid[0].dossier.data
    assert data.deceased.personal_id == row["deceased.personal_id"]
    assert data.death.date == "10/01/2025"


def test_dry_run_prints_the_plan_and_files_nothing(tmp_path):
    rows, _ = sample_rows.rows(3, 1)
    path = sample_rows.write_batch(tmp_path, rows)
    result = CliRunner().invoke(
        _cli(),
        [
            "batch",
            str(path),
            "--procedure",
            "dang-ky-khai-tu",
            "--dry-run",
            "--output-dir",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 1, result.output  # one invalid row
    assert "3 valid row(s), 1 invalid" in result.output
    assert "file" in result.output and "invalid" in result.output
    assert not (tmp_path / "out" / "ledger.sqlite").exists()


def test_an_interrupted_run_needs_resume(tmp_path):
    rows, _ = sample_rows.rows(2)
    path = sample_rows.write_batch(tmp_path, rows)
    opts = BatchOptions(input_path=path, procedure="dang-ky-khai-tu", output_dir=tmp_path / "out")
    plan = load_plan(opts)
    with L.Ledger(opts.ledger_file) as ledger:  # an earlier run was killed mid-row
        ledger.register(
            plan.input_id,
            plan.procedure,
            [L.NewRow(p.row.row_id, p.row.number, "h", p.account) for p in plan.valid],
        )
        ledger.begin_attempt(L.RowKey(plan.input_id, plan.valid[0].row.row_id))
    _, lines = dry_run(opts)
    assert "look up on the portal" in lines[0][3]
    result = CliRunner().invoke(
        _cli(), ["batch", str(path), "--procedure", "dang-ky-khai-tu", "--output-dir", str(tmp_path / "out")]
    )
    assert result.exit_code == 2 and "--resume" in result.output


def test_a_plan_built_again_sees_an_attachment_changed_since(tmp_path):
    """Each plan judges the rows' attachment once (it is the same file in every row), but a new
    plan looks at the disk again."""
    rows, _ = sample_rows.rows(3)
    path = sample_rows.write_batch(tmp_path, rows)
    opts = BatchOptions(input_path=path, procedure="dang-ky-khai-tu")
    assert len(load_plan(opts).valid) == 3
    scan = tmp_path / "files" / "giay-bao-tu.pdf"
    scan.write_bytes(scan.read_bytes().replace(b"%%EOF", b"%%EOX"))  # same size, no longer whole
    plan = load_plan(opts)
    assert not plan.valid
    assert all("no %%EOF end marker" in bad.message for bad in plan.invalid)


def test_building_a_plan_leaves_the_cycle_collector_as_it_found_it(tmp_path):
    """The collector is paused while rows are validated, then on again (or still off, if it was),
    with nothing left frozen that was not, and nothing thawed that was."""
    rows, _ = sample_rows.rows(2, 1)
    path = sample_rows.write_batch(tmp_path, rows)
    opts = BatchOptions(input_path=path, procedure="dang-ky-khai-tu")
    assert gc.isenabled() and gc.get_freeze_count() == 0
    load_plan(opts)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    gc.freeze()
    try:
        load_plan(opts)
        assert not gc.isenabled() and gc.get_freeze_count() > 0  # still frozen (less what was freed)
    finally:
        gc.unfreeze()
        gc.enable()
