"""A long dry run: rows are read one at a time, a column's name and kind are worked out once,
and the plan prints as a summary with the whole of it in `--plan FILE`."""

from __future__ import annotations

import csv

import pytest
import typer
from typer.testing import CliRunner

from agent.batch import inputs, models
from agent.batch.inputs import RowCleaner, iter_input
from agent.batch.normalise import normalise_value
from agent.cli.batch import PLAN_TABLE_ROWS, register
from agent.errors import InvalidInput
from bench import sample_rows

PROCEDURE = "dang-ky-khai-tu"


def _cli() -> typer.Typer:
    app = typer.Typer()
    app.callback()(lambda: None)
    register(app)
    return app


def test_a_long_plan_is_summarised_and_written_whole_to_the_plan_file(tmp_path):
    rows, invalid_ids = sample_rows.rows(PLAN_TABLE_ROWS + 20, 3)
    rows[5]["row_id"] = "=HYPERLINK(1)"  # a formula-like cell stays inert in the plan file
    path = sample_rows.write_batch(tmp_path, rows)
    plan_file = tmp_path / "plan.csv"
    result = CliRunner().invoke(
        _cli(),
        ["batch", str(path), "--procedure", PROCEDURE, "--dry-run", "--plan", str(plan_file)],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 1, result.output  # invalid rows
    assert f"{len(rows) - 3} valid row(s), 3 invalid" in result.output
    assert "kt-0004" not in result.output  # valid rows are counted, not listed
    for row_id in invalid_ids:
        assert row_id in result.output  # each invalid row is named, with its problem
    with plan_file.open(encoding="utf-8", newline="") as fh:
        plan = list(csv.DictReader(fh))
    assert len(plan) == len(rows)
    assert {p["row_id"] for p in plan if p["action"].startswith("invalid")} == invalid_ids
    assert "'=HYPERLINK(1)" in {p["row_id"] for p in plan}
    assert plan_file.stat().st_mode & 0o077 == 0


def test_a_short_plan_is_printed_whole(tmp_path):
    rows, _ = sample_rows.rows(3)
    path = sample_rows.write_batch(tmp_path, rows)
    result = CliRunner().invoke(
        _cli(), ["batch", str(path), "--procedure", PROCEDURE, "--dry-run"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert all(f"kt-000{i}" in result.output for i in range(3))
    assert "--plan FILE" not in result.output


def test_rows_come_one_at_a_time(tmp_path):
    """A bad cell in row 4 is only met when row 4 is read: the rows before it were already
    handed on (nothing waits for the whole file to be cleaned)."""
    rows, _ = sample_rows.rows(4)
    rows[2]["death.cause"] = "x" * (inputs.MAX_CELL + 1)
    path = sample_rows.write_batch(tmp_path, rows)
    got = []
    with pytest.raises(InvalidInput, match="row 4"):
        for row in iter_input(path, models.field_kinds(PROCEDURE), None, {}):
            got.append(row.row_id)
    assert got == ["kt-0000", "kt-0001"]


def test_the_cleaner_remembers_values_without_changing_them(monkeypatch):
    monkeypatch.setattr(RowCleaner, "MAX_REMEMBERED", 3)  # forgets often: both paths are exercised
    kinds = models.field_kinds(PROCEDURE)
    clean = RowCleaner(kinds)
    cells = [
        {" deceased.personal_id ": "1030700001", "death.date": "2025-01-10", "death.cause": " Bệnh  già "},
        {" deceased.personal_id ": "1030700001", "death.date": "10/1/2025", "death.cause": "Bệnh già"},
        {" deceased.personal_id ": 1030700001, "death.date": 45667, "death.cause": "Bệnh già"},
    ]
    for raw in cells * 3:
        expected = {k.strip(): normalise_value(v, kinds.get(k.strip())) for k, v in raw.items()}
        assert clean(raw) == expected
    assert clean(cells[0])["deceased.personal_id"] == "001030700001"
