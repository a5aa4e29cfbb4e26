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
from tests.security_batch.helpers import cp1258

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


# ---- encodings and the CSV dialect (issue 13) -------------------------------------------------


TEXT = "deceased.full_name,death.cause\nNguyễn Văn Bảo,Bệnh già\nĐỗ Thị Hương,Tuổi cao\n"


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: t.encode("utf-8-sig"),
        lambda t: t.encode("utf-16"),  # with its BOM, as Excel's "Unicode Text"
        lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
        cp1258,
    ],
    ids=["utf-8", "utf-8-bom", "utf-16le-bom", "utf-16be-bom", "cp1258"],
)
def test_the_encodings_excel_writes_are_read_as_nfc_text(tmp_path, encode):
    f = tmp_path / "in.csv"
    f.write_bytes(encode(TEXT))
    rows = read_input(f).rows
    assert [r.values["deceased.full_name"] for r in rows] == ["Nguyễn Văn Bảo", "Đỗ Thị Hương"]
    assert rows[0].values["death.cause"] == "Bệnh già"
    assert all(unicodedata.is_normalized("NFC", v) for r in rows for v in r.values.values())


def test_cp1258_bytes_really_hold_combining_tones():
    """The helper writes what Windows does (the test above would prove nothing otherwise)."""
    assert cp1258("ễ") == "ê".encode("cp1258") + "\u0303".encode("cp1258")
    with pytest.raises(UnicodeDecodeError):
        cp1258("Nguyễn").decode("utf-8")


def test_rfc4180_doubled_quotes_and_line_breaks_keep_every_column_in_place(tmp_path):
    f = tmp_path / "in.csv"
    f.write_text(
        "deceased.full_name,death.cause,death.place.detail\r\n"
        '"Nguyễn Văn ""Bảo""","Bệnh già, lâu năm","Số 5\r\nngõ 10"\r\n'
        'Lê Thị B,"""Tai nạn""",Bạch Mai\r\n',
        encoding="utf-8",
    )
    rows = read_input(f).rows
    assert rows[0].values == {
        "deceased.full_name": 'Nguyễn Văn "Bảo"',
        "death.cause": "Bệnh già, lâu năm",
        "death.place.detail": "Số 5 ngõ 10",
    }
    assert rows[1].values["death.cause"] == '"Tai nạn"'
    assert rows[1].values["death.place.detail"] == "Bạch Mai"
    assert [r.number for r in rows] == [2, 3]  # records, as a spreadsheet numbers its rows


@pytest.mark.parametrize(
    "header,row,delimiter",
    [
        ('"a,b";c\n', "1,5;2\n", ";"),  # a quoted comma in a name does not make it a comma file
        ("a\tb\n", "1,5\t2\n", "\t"),
        ("a,b\n", "1;5,2\n", ","),
    ],
)
def test_the_delimiter_is_sniffed_from_the_header_only(tmp_path, header, row, delimiter):
    f = tmp_path / "in.csv"
    f.write_text(header + row, encoding="utf-8")
    values = read_input(f).rows[0].values
    assert list(values.values()) == ["1,5" if delimiter != "," else "1;5", "2"]


def test_a_row_with_more_cells_than_the_header_is_invalid_alone(tmp_path):
    f = tmp_path / "in.csv"
    f.write_text("a,b\n1,2\n1,2,3 Phố Huế\n4,5,\n", encoding="utf-8")
    rows = read_input(f).rows
    assert rows[0].problems == () and rows[2].problems == ()  # an empty trailing cell is fine
    assert "3 cells but the header has 2 columns" in rows[1].problems[0]


def test_a_results_file_fed_back_reads_the_values_without_their_formula_guard(tmp_path):
    f = tmp_path / "in.csv"
    f.write_text("applicant.phone,death.cause\n'+84912345678,'=1+1\n", encoding="utf-8")
    assert read_input(f).rows[0].values == {"applicant.phone": "+84912345678", "death.cause": "=1+1"}
