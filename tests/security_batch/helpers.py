"""Batch inputs for the security tests: a valid row of the example dossier, tables written in any
encoding or format, and the real CLI run in-process (`dvc-agent batch … --dry-run`)."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import shutil
import unicodedata
from collections.abc import AsyncIterator, Iterable, Mapping
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from agent.cli import app
from agent.dossier import load_dossier
from agent.dossier.paths import to_flat
from agent.runner.receipt import Receipt

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PROCEDURE = "dang-ky-khai-tu"
runner = CliRunner()


def valid_row(**changes: str) -> dict[str, str]:
    """The example death registration as one spreadsheet row (attachment beside the table)."""
    row = to_flat(load_dossier(EXAMPLES / f"{PROCEDURE}.yaml"))
    row["attachments.death_notice"] = "files/giay-bao-tu.pdf"
    row.update(changes)
    return row


def cp1258(text: str) -> bytes:
    """Windows-1258 as Excel on a Vietnamese Windows writes it: the code page has the base vowels
    (ê, ơ, ă…) but no precomposed toned letters, so each tone is a combining mark after them."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
            vowel = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
            out += (vowel + "".join(tones)).encode("cp1258")
    return out


def folder_with_files(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(EXAMPLES / "files", folder / "files", dirs_exist_ok=True)
    return folder


def csv_text(rows: Iterable[Mapping[str, str]], delimiter: str = ",") -> str:
    rows = list(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def batch(path: Path, *extra: str) -> tuple[int, str]:
    """`dvc-agent batch PATH --procedure dang-ky-khai-tu --dry-run EXTRA` → (exit code, output).
    A crash fails here: CliRunner turns an uncaught exception into `result.exception`."""
    result = runner.invoke(
        app,
        ["batch", str(path), "--procedure", PROCEDURE, "--dry-run", *extra],
        env={"COLUMNS": "500"},  # the plan's table unwrapped, one row a line
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"batch crashed: {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def refused(path: Path, *needles: str) -> str:
    """The input is refused: exit 2 and one error line naming the file, what and a fix."""
    code, output = batch(path)
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert code == 2, output
    assert len(errors) == 1 and len(output.strip().splitlines()) == 1, output
    line = errors[0]
    assert path.name in line and " — " in line, line  # the file, then the fix after the dash
    for needle in needles:
        assert needle in line, line
    return line


class OkEngine:
    """Files every dossier it is given (no browser): enough for the batch to write its outputs."""

    def __init__(self) -> None:
        self.filed = 0

    async def session(self, account_name: str) -> Any:
        return _Session(account_name)

    async def file(
        self, session: Any, dossier: Any, hooks: Any = None, stop_at_review: bool = False
    ) -> Receipt:
        if hooks is not None and hooks.before_submit is not None:
            await hooks.before_submit()
        self.filed += 1
        return Receipt(
            code=f"000.A0.01.H26-260101-{self.filed:04d}",
            appointment_date="05/01/2026",
            portal=dossier.portal,
            procedure=dossier.procedure,
        )

    async def find_filed(self, session: Any, dossier: Any, since: dt.datetime) -> Receipt | None:
        return None


class _Context:
    async def clear_cookies(self) -> None:
        pass


class _Session:
    def __init__(self, account: str) -> None:
        self.account = account
        self.context = _Context()

    async def close(self) -> None:
        pass


@contextlib.asynccontextmanager
async def ok_engine() -> AsyncIterator[OkEngine]:
    yield OkEngine()
