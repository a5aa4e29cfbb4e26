"""Batch input readers: every format, and each spreadsheet quirk undone as a user expects."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest
from openpyxl import Workbook

from agent.batch.inputs import content_hash, read_input
from agent.batch.normalise import normalise_value
from agent.errors import InvalidInput

KINDS = {
    "deceased.personal_id": "personal_id",
    "deceased.date_of_birth": "date",
    "death.date": "date",
    "death.time": "time",
    "copies": "int",
    "applicant.phone": "phone",
}


def test_csv_rows_are_numbered_as_in_the_spreadsheet_and_blank_rows_skipped(tmp_path):
    f = tmp_path / "in.csv"
    f.write_text(
        "deceased.full_name,deceased.personal_id\n"
        "Nguyễn Văn A,001090012345\n"
        ",\n"
        "Trần Thị B,1195054321\n"
        ",\n,\n",
        encoding="utf-8",
    )
    table = read_input(f, KINDS)
    assert [r.number for r in table.rows] == [2, 4]
    assert table.rows[1].values["deceased.personal_id"] == "001195054321"  # zeros restored
    assert table.columns == ["deceased.full_name", "deceased.personal_id"]


def test_csv_with_bom_semicolons_stray_spaces_and_nfd(tmp_path):
    nfd = unicodedata.normalize("NFD", "Nguyễn  Văn\u00a0An ")
    f = tmp_path / "in.csv"
    f.write_text(f"deceased.full_name;death.date\n  {nfd} ; 2024-03-05 \n", encoding="utf-8-sig")
    row = read_input(f, KINDS).rows[0]
    assert row.values["deceased.full_name"] == "Nguyễn Văn An"
    assert unicodedata.is_normalized("NFC", row.values["deceased.full_name"])
    assert row.values["death.date"] == "05/03/2024"


def test_xlsx_excel_dates_numbers_and_named_sheet(tmp_path):
    book = Workbook()
    book.active.title = "other"
    book.active.append(["x"])
    ws = book.create_sheet("rows")
    ws.append(
        [
            "deceased.personal_id",
            "deceased.date_of_birth",
            "death.date",
            "death.time",
            "copies",
            "applicant.phone",
            "row_id",
        ]
    )
    ws.append([1090012345, dt.datetime(1950, 1, 2), "3/4/2024", dt.time(8, 5), 2.0, 912345678, "A-1"])
    ws.append([None] * 7)  # blank trailing row
    f = tmp_path / "in.xlsx"
    book.save(f)
    table = read_input(f, KINDS, sheet="rows")
    assert len(table.rows) == 1
    row = table.rows[0]
    assert row.row_id == "A-1"
    assert row.values == {
        "deceased.personal_id": "001090012345",
        "deceased.date_of_birth": "02/01/1950",
        "death.date": "03/04/2024",
        "death.time": "08:05",
        "copies": "2",
        "applicant.phone": "0912345678",
        "row_id": "A-1",
    }
    assert table.identity == "in.xlsx#rows"
    with pytest.raises(InvalidInput, match="no sheet named"):
        read_input(f, KINDS, sheet="missing")


def test_jsonl_nested_objects_become_dotted_columns(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text(
        json.dumps({"deceased": {"full_name": "A", "personal_id": 1090012345}})
        + "\n\n"
        + json.dumps({"deceased": {"full_name": "B"}, "copies": 1})
        + "\n",
        encoding="utf-8",
    )
    rows = read_input(f, KINDS).rows
    assert [r.number for r in rows] == [1, 3]
    assert rows[0].values == {"deceased.full_name": "A", "deceased.personal_id": "001090012345"}
    assert rows[1].values["copies"] == "1"


def test_yaml_list_and_its_errors(tmp_path):
    f = tmp_path / "in.yaml"
    f.write_text(
        "- deceased: {full_name: A, date_of_birth: 1950-01-02}\n- {death.date: 5.3.2024}\n", encoding="utf-8"
    )
    rows = read_input(f, KINDS).rows
    assert rows[0].values["deceased.date_of_birth"] == "02/01/1950"  # YAML's own date type
    assert rows[1].values["death.date"] == "05/03/2024"
    bad = tmp_path / "bad.yaml"
    bad.write_text("deceased: {}\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="YAML list"):
        read_input(bad, KINDS)


def test_row_ids_are_stable_and_change_with_content(tmp_path):
    f = tmp_path / "in.csv"
    f.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    first = [r.row_id for r in read_input(f).rows]
    assert first == [r.row_id for r in read_input(f).rows]
    assert first[0].startswith("r2-") and len(first[0]) == len("r2-") + 8
    f.write_text("a,b\n1,2\n3,5\n", encoding="utf-8")
    second = [r.row_id for r in read_input(f).rows]
    assert second[0] == first[0] and second[1] != first[1]
    assert content_hash({"a": "1", "row_id": "x"}) == content_hash({"a": "1"})


@pytest.mark.parametrize(
    "value,kind,expected",
    [
        (45356, "date", "05/03/2024"),  # Excel serial number
        ("45356", "date", "05/03/2024"),  # …that became text in a CSV export
        ("1950", "date", "1950"),  # partial dates of the deceased stay partial
        ("3/1950", "date", "03/1950"),
        (1950, "date", "1950"),
        ("2024-03-05 00:00:00", "date", "05/03/2024"),
        ("12345678", "personal_id", "012345678"),  # 9-digit CMND lost a zero
        ("1090012345.0", "personal_id", "001090012345"),
        ("12345", "personal_id", "12345"),  # too short to guess: left for validation
        ("C1234567", "personal_id", "C1234567"),  # passports untouched
        (0.25, "time", "06:00"),
        ("7h30", "time", "07:30"),
        (3.0, None, "3"),
        (None, "date", ""),
        ("   ", None, ""),
    ],
)
def test_normalise_value(value, kind, expected):
    assert normalise_value(value, kind) == expected


def test_unknown_format_is_refused(tmp_path):
    f = tmp_path / "in.txt"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(InvalidInput, match="unknown input format"):
        read_input(f)
