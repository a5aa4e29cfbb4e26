"""What Excel and other tools really write is read, through the real CLI: the legacy Vietnamese
code page and UTF-16 (tracebacks before), RFC 4180 quoting (columns shifted before), and one
misshapen row that stays that row's problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.security_batch.helpers import batch, cp1258, csv_text, folder_with_files, valid_row

ENCODERS: dict[str, Callable[[str], bytes]] = {
    "cp1258": cp1258,
    "utf-16": lambda text: text.encode("utf-16"),
    "utf-8-bom": lambda text: text.encode("utf-8-sig"),
}


@pytest.mark.parametrize("encoding", list(ENCODERS))
def test_a_valid_table_in_each_encoding_excel_writes_is_planned(tmp_path: Path, encoding: str) -> None:
    path = folder_with_files(tmp_path) / "rows.csv"
    path.write_bytes(ENCODERS[encoding](csv_text([valid_row()], delimiter=";")))
    code, output = batch(path)
    assert code == 0, output
    assert "1 valid row(s), 0 invalid" in output


def test_doubled_quotes_keep_the_columns_in_place(tmp_path: Path) -> None:
    """The delimiter was sniffed together with quoting rules from the header alone, which has
    no quotes: `""` inside a value then shifted every later column of the row."""
    row = valid_row(**{"death.cause": 'Bệnh "già", lâu năm'})
    path = folder_with_files(tmp_path) / "rows.csv"
    path.write_text(csv_text([row]), encoding="utf-8")
    assert '"Bệnh ""già"", lâu năm"' in path.read_text(encoding="utf-8")
    code, output = batch(path)
    assert code == 0, output


def test_one_row_with_too_many_cells_is_invalid_and_the_others_are_planned(tmp_path: Path) -> None:
    text = csv_text([valid_row()])
    good = text.splitlines()[1]
    other = good.replace("Nguyễn Văn Bảo", "Nguyễn Văn Bình")
    path = folder_with_files(tmp_path) / "rows.csv"
    path.write_text(text + good.replace("Nguyễn Văn Bảo", "Lê Văn C") + ",Phố Huế\r\n" + other + "\r\n")
    code, output = batch(path)
    assert code == 1, output
    assert "2 valid row(s), 1 invalid" in output
    bad = next(line for line in output.splitlines() if "│ 3 " in line)
    assert "invalid — 52 cells but the header has 51 columns" in bad and "must be in double quotes" in bad
