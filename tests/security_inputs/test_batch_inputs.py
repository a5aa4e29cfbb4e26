"""Crashes of the batch layer's input readers found by tests/fuzz/test_fuzz_batch.py, fixed in
`agent/batch/inputs.py` (issue 13; more in tests/security_batch/): each exits 2 with one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.cli import assert_clean_exit


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "yaml"])
def test_a_text_table_that_is_not_utf8_exits_2(tmp_path: Path, suffix: str) -> None:
    """UTF-16 with a BOM and Windows-1258 are read (SECURITY.md "Spreadsheets"); UTF-32 is not."""
    path = tmp_path / f"rows.{suffix}"
    path.write_bytes("death.date,deceased.full_name\n10/11/2026,Nguyễn Văn Bảo\n".encode("utf-32"))
    assert_clean_exit("batch", str(path), "--procedure", "dang-ky-khai-tu", "--dry-run", allowed=(2,))


def test_an_xlsx_that_is_not_a_workbook_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "rows.xlsx"
    path.write_text("death.date\n10/11/2026\n", encoding="utf-8")  # a CSV renamed .xlsx
    assert_clean_exit("batch", str(path), "--procedure", "dang-ky-khai-tu", "--dry-run", allowed=(2,))


def test_yaml_aliases_in_a_batch_file_are_refused(tmp_path: Path) -> None:
    """A harmless alias here; nine levels of them take 4 GB and never finish (found by hand: the
    batch reads YAML with `yaml.safe_load`, and a row's cell is then walked in full)."""
    path = tmp_path / "rows.yaml"
    path.write_text(
        "- {row_id: r0, deceased.full_name: &name Nguyễn Văn Bảo}\n- {row_id: r1, deceased.full_name: *name}\n",
        encoding="utf-8",
    )
    assert_clean_exit("batch", str(path), "--procedure", "dang-ky-khai-tu", "--dry-run", allowed=(2,))
