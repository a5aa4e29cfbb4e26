"""Fuzzing batch inputs through `dvc-agent batch --dry-run` (no browser): CSV, JSONL, YAML and
XLSX tables with real and random columns, odd cells and encodings. The property: exit 0 (all
rows valid), 1 (some rows invalid, listed) or 2 (the file itself is unusable), never a traceback."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from agent.dossier.paths import flat_field_paths
from tests.fuzz.cli import assert_clean_exit
from tests.fuzz.strategies import ENCODINGS, scalars, trees

PROCEDURE = "dang-ky-khai-tu"
COLUMNS = [*flat_field_paths(PROCEDURE), "account", "row_id"]
columns = st.lists(st.sampled_from(COLUMNS) | st.text(max_size=15), min_size=1, max_size=8)
#: A batch dry run builds a whole plan per call: a quarter of the profile's cases keeps `make test` short.
fewer = settings(max_examples=max(5, settings.default.max_examples // 4))
cells = scalars | st.sampled_from(["files/giay-bao-tu.pdf", "../x.pdf", "~/x.pdf", "/etc/passwd"])


def _dry_run(workdir: Path, name: str, content: bytes) -> int:
    path = workdir / name
    path.write_bytes(content)
    return assert_clean_exit(
        "batch", str(path), "--procedure", PROCEDURE, "--dry-run", "--output-dir", str(workdir / "out"),
        allowed=(0, 1, 2),
    )  # fmt: skip


@fewer
@given(
    header=columns,
    rows=st.lists(st.lists(cells, max_size=8), max_size=5),
    encoding=st.sampled_from(ENCODINGS),
)
def test_csv_tables(workdir: Path, header: list[str], rows: list[list[Any]], encoding: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    content = out.getvalue().encode(encoding, errors="replace")
    _dry_run(workdir, "rows.csv", content)


@fewer
@given(
    blob=st.text(max_size=2048).map(str.encode) | st.binary(max_size=2048),
    suffix=st.sampled_from(["csv", "jsonl", "yaml", "xlsx"]),
)
def test_random_bytes(workdir: Path, blob: bytes, suffix: str) -> None:
    _dry_run(workdir, f"rows.{suffix}", blob)


@fewer
@given(
    lines=st.lists(
        st.dictionaries(st.sampled_from(COLUMNS) | st.text(max_size=10), cells) | trees, max_size=5
    )
)
def test_jsonl_rows(workdir: Path, lines: list[Any]) -> None:
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    _dry_run(workdir, "rows.jsonl", text.encode())


@fewer
@given(rows=trees)
def test_yaml_rows(workdir: Path, rows: Any) -> None:
    _dry_run(workdir, "rows.yaml", yaml.safe_dump(rows, allow_unicode=True).encode())


@fewer
@given(header=columns, rows=st.lists(st.lists(scalars, max_size=8), max_size=4))
def test_xlsx_tables(workdir: Path, header: list[str], rows: list[list[Any]]) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [header, *rows]:
        try:
            sheet.append([cell if not isinstance(cell, str) else cell[:200] for cell in row])
        except (ValueError, TypeError, IllegalCharacterError):  # openpyxl refuses some values
            assume(False)
    buffer = io.BytesIO()
    book.save(buffer)
    _dry_run(workdir, "rows.xlsx", buffer.getvalue())
