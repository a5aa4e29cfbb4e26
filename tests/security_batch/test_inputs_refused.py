"""Unusable batch files exit 2 with one line (the file, what is wrong, how to fix it) and nothing
else: no traceback, no plan, nothing written. Each of these ended in a traceback (exit 1) or was
read wrongly before the readers were bounded (SECURITY.md "Spreadsheets")."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from agent.batch import inputs
from tests.security_batch.helpers import csv_text, folder_with_files, refused, valid_row


def _csv(tmp_path: Path, data: bytes, name: str = "rows.csv") -> Path:
    path = folder_with_files(tmp_path) / name
    path.write_bytes(data)
    return path


def test_garbage_bytes_are_not_a_table(tmp_path: Path) -> None:
    path = _csv(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\xff\xfe")
    refused(path, "not a text table", "UTF-8")


@pytest.mark.parametrize("encoding", ["shift_jis", "koi8_r"])
def test_a_table_in_another_encoding_is_refused_not_guessed(tmp_path: Path, encoding: str) -> None:
    text = "deceased.full_name,death.cause\nヤマダ タロウ,Старость\n"
    path = _csv(tmp_path, text.encode(encoding, errors="replace"))
    refused(path, "not UTF-8", "Windows-1258", "CSV UTF-8")


def test_utf32_is_refused(tmp_path: Path) -> None:
    refused(_csv(tmp_path, csv_text([valid_row()]).encode("utf-32")), "UTF-32", "CSV UTF-8")


def test_a_csv_renamed_xlsx_is_not_a_workbook(tmp_path: Path) -> None:
    path = _csv(tmp_path, csv_text([valid_row()]).encode(), "rows.xlsx")
    refused(path, "not an Excel workbook", ".csv")


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = folder_with_files(tmp_path) / "rows.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    refused(path, "not a readable Excel workbook")


def test_a_workbook_that_unpacks_to_more_than_the_bound_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A zip bomb: a small file whose parts unpack to far more than any sheet of rows."""
    monkeypatch.setattr(inputs, "MAX_XLSX_UNPACKED", 1024 * 1024)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(valid_row()))
    sheet.append(list(valid_row().values()))
    path = folder_with_files(tmp_path) / "rows.xlsx"
    book.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (2 * 1024 * 1024))
    assert path.stat().st_size < 100_000
    refused(path, "unpacks to 2 MB", "at most")


def test_a_huge_csv_cell_is_refused_by_row_and_column(tmp_path: Path) -> None:
    """Past the csv module's own 128 KB field limit (a csv.Error traceback before), and past
    ours (10 000 characters) below it."""
    for size in (200_000, 20_000):
        row = valid_row(**{"death.cause": "x" * size})
        line = refused(_csv(tmp_path, csv_text([row]).encode()))
        assert "row 2" in line or "line 2" in line, line
        assert "characters" in line or "field limit" in line, line


def test_a_file_over_the_size_bound_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "MAX_INPUT_BYTES", 2048)
    path = _csv(tmp_path, csv_text([valid_row()] * 5).encode())
    refused(path, "over", "split it")


def test_more_rows_than_the_bound_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "MAX_ROWS", 3)
    rows = [valid_row(**{"deceased.full_name": f"Nguyễn Văn {n}"}) for n in "ABCD"]
    refused(_csv(tmp_path, csv_text(rows).encode()), "more than 3 rows", "split it")


def test_a_stray_quote_is_an_error_at_its_line_not_a_guess(tmp_path: Path) -> None:
    text = csv_text([valid_row()]) + 'Nguyễn "Bảo" x,"Bảo"x,3\r\n'
    refused(_csv(tmp_path, text.encode()), "line 3", "double quotes")


def test_a_column_named_twice_is_refused(tmp_path: Path) -> None:
    text = "deceased.full_name,death.date,deceased.full_name\r\nA,10/11/2026,B\r\n"
    refused(_csv(tmp_path, text.encode()), "appears twice", "one column")


def test_jsonl_nested_past_the_bound_is_refused(tmp_path: Path) -> None:
    """json.loads recursed until RecursionError before."""
    deep = '{"a":' * 100_000 + "1" + "}" * 100_000
    path = _csv(tmp_path, (json.dumps(valid_row()) + "\n" + deep + "\n").encode(), "rows.jsonl")
    refused(path, "line 2", "nested")


def test_jsonl_with_a_number_thousands_of_digits_long_is_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path, ('{"delivery.copies": ' + "9" * 5000 + "}\n").encode(), "rows.jsonl")
    refused(path, "line 1", "digits")


def test_jsonl_garbage_is_refused(tmp_path: Path) -> None:
    refused(_csv(tmp_path, b'{"a": 1}\n{nope\n', "rows.jsonl"), "line 2", "not valid JSON")


def test_yaml_aliases_are_refused_before_they_expand(tmp_path: Path) -> None:
    bomb = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"
    for n in "bcdefghi":
        previous = chr(ord(n) - 1)
        bomb += f"{n}: &{n} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"
    path = _csv(tmp_path, ("- " + bomb.replace("\n", "\n  ")).encode(), "rows.yaml")
    refused(path, "anchors and aliases", "in full")


def test_yaml_nested_past_the_bound_is_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path, ("- " + "[" * 5000 + "]" * 5000 + "\n").encode(), "rows.yaml")
    refused(path, "nested")


def test_an_error_with_rich_markup_in_it_is_printed_as_is(tmp_path: Path) -> None:
    """A name like `[/x]` in a message used to be taken as console markup (a MarkupError)."""
    text = "deceased.full_name,[/x],[/x]\r\nA,1,2\r\n"
    refused(_csv(tmp_path, text.encode()), "'[/x]' appears twice")
