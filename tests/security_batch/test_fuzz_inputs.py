"""Fuzzing every batch input format through the real CLI and the real output writers.

Inputs: random tables (any delimiter, quoting, line breaks, formula-like and control characters)
in every encoding a spreadsheet tool might use, byte-level mutations of a valid table in each
format, random bytes under each extension, alias bombs. Properties: `batch --dry-run` exits 0,
1 (rows invalid, listed) or 2 (the file is unusable, one line), in time, never a traceback; and a
run's results.csv, results.xlsx and junit.xml are always readable and inert (no formula).

Short derandomized profile by default (`tests/fuzz/conftest.py`); `DVC_FUZZ_PROFILE=long` for
thousands of fresh cases.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from agent.batch.normalise import FORMULA_STARTS
from agent.batch.run import BatchOptions, run_batch_with
from agent.dossier.paths import flat_field_paths
from agent.runner.sync import run
from tests.fuzz.cli import assert_clean_exit
from tests.fuzz.strategies import ENCODINGS, alias_yaml, mutated, trees
from tests.security_batch.helpers import PROCEDURE, folder_with_files, ok_engine, valid_row

COLUMNS = [*flat_field_paths(PROCEDURE), "account", "row_id"]
#: Every encoding decode_text must either read or refuse, Excel's own and foreign ones.
ALL_ENCODINGS = [*ENCODINGS, "utf-16-le", "utf-16-be", "shift_jis", "koi8_r", "cp1252", "gb18030"]
SUFFIXES = ["csv", "tsv", "jsonl", "ndjson", "yaml", "yml", "xlsx", "xlsm"]
#: A dry run builds a whole plan per case: a quarter of the profile keeps `make test` short.
fewer = settings(max_examples=max(5, settings.default.max_examples // 4))

tricky = st.sampled_from(
    [*FORMULA_STARTS, "'", '"', '""', ",", ";", "\t", "\r\n", "\n", "\x00", "\x01", "\x1b", "[/x]", "\ufeff"]
)
cells = st.one_of(
    st.text(max_size=30),
    st.lists(tricky | st.text(max_size=5), max_size=6).map("".join),
    st.sampled_from(list(valid_row().values())),
)
header = st.lists(st.sampled_from(COLUMNS) | st.text(max_size=12), min_size=1, max_size=10)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return folder_with_files(tmp_path_factory.mktemp("fuzz-batch"))


def _dry_run(workdir: Path, name: str, content: bytes) -> int:
    path = workdir / name
    path.write_bytes(content)
    return assert_clean_exit(
        "batch", str(path), "--procedure", PROCEDURE, "--dry-run", allowed=(0, 1, 2)
    )  # fmt: skip


def _table(head: list[str], rows: list[list[str]], delimiter: str, quoting: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, escapechar="\\")
    for row in [head, *rows]:
        writer.writerow(row)
    return out.getvalue()


@fewer
@given(
    head=header,
    rows=st.lists(st.lists(cells, max_size=12), max_size=4),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
    encoding=st.sampled_from(ALL_ENCODINGS),
    suffix=st.sampled_from(["csv", "tsv"]),
)
def test_any_table_in_any_encoding(
    workdir: Path,
    head: list[str],
    rows: list[list[str]],
    delimiter: str,
    quoting: int,
    encoding: str,
    suffix: str,
) -> None:
    text = _table(head, rows, delimiter, quoting)
    _dry_run(workdir, f"rows.{suffix}", text.encode(encoding, errors="replace"))


def _valid_file(suffix: str) -> bytes:
    row = valid_row()
    if suffix in ("csv", "tsv"):
        return _table(
            list(row), [list(row.values())], "," if suffix == "csv" else "\t", csv.QUOTE_MINIMAL
        ).encode()
    if suffix in ("jsonl", "ndjson"):
        return (json.dumps(row, ensure_ascii=False) + "\n").encode()
    if suffix in ("yaml", "yml"):
        return yaml.safe_dump([row], allow_unicode=True).encode()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(row))
    sheet.append(list(row.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


VALID = {suffix: _valid_file(suffix) for suffix in SUFFIXES}


@fewer
@given(data=st.data(), suffix=st.sampled_from(SUFFIXES))
def test_mutations_of_a_valid_file_in_every_format(workdir: Path, data: st.DataObject, suffix: str) -> None:
    _dry_run(workdir, f"rows.{suffix}", data.draw(mutated(VALID[suffix])))


@fewer
@given(
    blob=st.binary(max_size=4096) | st.text(max_size=2048).map(str.encode),
    suffix=st.sampled_from(SUFFIXES),
)
def test_random_bytes_under_every_extension(workdir: Path, blob: bytes, suffix: str) -> None:
    _dry_run(workdir, f"rows.{suffix}", blob)


@fewer
@given(
    content=trees | alias_yaml().map(lambda text: ("raw", text)),
    encoding=st.sampled_from(ALL_ENCODINGS),
    as_json=st.booleans(),
)
def test_any_structure_as_jsonl_or_yaml(workdir: Path, content: Any, encoding: str, as_json: bool) -> None:
    if isinstance(content, tuple):  # an alias bomb, as a list item
        text, as_json = "- " + content[1].replace("\n", "\n  "), False
    elif as_json:
        items = content if isinstance(content, list) else [content]
        text = "\n".join(json.dumps(item, ensure_ascii=False, allow_nan=True) for item in items)
    else:
        text = yaml.safe_dump(content, allow_unicode=True)
    _dry_run(workdir, "rows.jsonl" if as_json else "rows.yaml", text.encode(encoding, errors="replace"))


@fewer
@given(head=header, rows=st.lists(st.lists(cells, max_size=12), min_size=1, max_size=3), data=st.data())
def test_outputs_are_readable_and_inert_whatever_the_rows_hold(
    tmp_path_factory: pytest.TempPathFactory, head: list[str], rows: list[list[str]], data: st.DataObject
) -> None:
    """Rows with any content reach results.csv/xlsx, report.html and junit.xml (invalid rows are
    echoed too): those must still open, hold no formula, and parse as XML."""
    folder = folder_with_files(tmp_path_factory.mktemp("run"))
    if data.draw(st.booleans()):  # sometimes a valid row too, which gets filed
        good = valid_row(**{"death.cause": data.draw(cells)})
        head, rows = list(good), [list(good.values()), *rows]
    source = folder / "rows.csv"
    source.write_text(_table(head, rows, ",", csv.QUOTE_ALL), encoding="utf-8")
    opts = BatchOptions(input_path=source, procedure=PROCEDURE, tty=False, settle_s=0)
    try:
        run(run_batch_with(opts, ok_engine))  # a loop of its own: a browser test may hold one
    except Exception as exc:  # the input itself refused: that is the CLI's exit 2
        assert type(exc).__name__ == "InvalidInput", repr(exc)
        return
    out = opts.out_dir
    with (out / "results.csv").open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh):
            assert not [c for c in row if c.startswith(FORMULA_STARTS)], row
    sheet = load_workbook(out / "results.xlsx").active
    assert sheet is not None
    assert {c.data_type for r in sheet.iter_rows() for c in r if c.value is not None} <= {"s"}
    ET.parse(out / "junit.xml")
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!doctype html>")
