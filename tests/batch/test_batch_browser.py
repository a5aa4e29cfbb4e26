"""Focused runs of `dvc-agent batch` on the mock with real Chromium: --only-failed, Ctrl-C,
--stop-at-review. (The big kill-and-resume scenario is in test_batch_e2e.py.)"""

from __future__ import annotations

import csv
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from bench import sample_rows
from tests.batch.batch_cli import PROCEDURE, start_batch

pytestmark = pytest.mark.browser


def _run(tmp: Path, portal, *extra: str, wait: bool = True, workers: int = 1):
    # traces are not what these check
    proc = start_batch(tmp, portal, "--workers", str(workers), "--no-trace", *extra, log=tmp / "batch.log")
    if wait:
        proc.wait(timeout=240)
    return proc


def _statuses(tmp: Path) -> dict[str, str]:
    with (tmp / "out" / "results.csv").open(encoding="utf-8-sig") as fh:
        return {r["row_id"]: r["status"] for r in csv.DictReader(fh)}


def _batch_input(tmp: Path, n: int) -> list[dict[str, str]]:
    rows, _ = sample_rows.rows(n, accounts=("citizen-a", "citizen-b"))
    sample_rows.write_batch(tmp, rows)
    sample_rows.credentials_file(tmp)
    return rows


def test_only_failed_reruns_just_the_failed_rows(tmp_path, mock_portal):
    rows, _ = sample_rows.rows(2)
    rows[1].update(sample_rows.APPLICANT_B, account="citizen-c")  # not in the credentials file (yet)
    sample_rows.write_batch(tmp_path, rows)
    creds = sample_rows.credentials_file(tmp_path)
    first = _run(tmp_path, mock_portal)
    assert first.returncode == 3, (tmp_path / "batch.log").read_text()[-3000:]
    assert _statuses(tmp_path) == {"kt-0000": "filed", "kt-0001": "failed"}
    filed = mock_portal.dossiers(procedure=PROCEDURE)
    assert len(filed) == 1

    again = _run(tmp_path, mock_portal)  # a plain re-run leaves failed rows alone
    assert again.returncode == 3 and len(mock_portal.dossiers(procedure=PROCEDURE)) == 1

    creds.write_text(
        creds.read_text(encoding="utf-8").replace("  citizen-b:", "  citizen-c:"), encoding="utf-8"
    )
    rerun = _run(tmp_path, mock_portal, "--only-failed")
    assert rerun.returncode == 0, (tmp_path / "batch.log").read_text()[-3000:]
    assert set(_statuses(tmp_path).values()) == {"filed"}
    after = mock_portal.dossiers(procedure=PROCEDURE)
    assert len(after) == 2  # the filed row was not filed again
    assert {d["account"] for d in after} == {"001090012345", "001195054321"}


def test_ctrl_c_finishes_rows_in_flight_and_files_no_more(tmp_path, mock_portal):
    _batch_input(tmp_path, 5)  # 1 filed + 2 in flight when Ctrl-C comes: 2 stay pending
    proc = _run(tmp_path, mock_portal, wait=False, workers=2)
    ledger = tmp_path / "out" / "ledger.sqlite"
    deadline = time.monotonic() + 180
    while True:
        try:
            proc.wait(timeout=0.05)
            pytest.fail("batch finished before Ctrl-C")
        except subprocess.TimeoutExpired:
            pass
        if ledger.exists():
            db = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
            try:
                filed = db.execute("SELECT COUNT(*) FROM rows WHERE state='filed'").fetchone()[0]
            except sqlite3.OperationalError:
                filed = 0
            db.close()
            if filed >= 1:
                break
        assert time.monotonic() < deadline, "nothing filed"
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=120)
    assert proc.returncode == 130, (tmp_path / "batch.log").read_text()[-3000:]
    statuses = _statuses(tmp_path)
    assert "unconfirmed" not in statuses.values()  # in-flight rows were finished, not abandoned
    assert "pending" in statuses.values()  # and no new rows were started
    filed = [s for s in statuses.values() if s == "filed"]
    assert len(mock_portal.dossiers(procedure=PROCEDURE)) == len(filed)
    resumed = _run(tmp_path, mock_portal, "--resume", workers=2)
    assert resumed.returncode == 0
    assert len(mock_portal.dossiers(procedure=PROCEDURE)) == 5


def test_stop_at_review_submits_nothing(tmp_path, mock_portal):
    _batch_input(tmp_path, 1)
    proc = _run(tmp_path, mock_portal, "--stop-at-review")
    assert proc.returncode == 0, (tmp_path / "batch.log").read_text()[-3000:]
    assert set(_statuses(tmp_path).values()) == {"reviewed"}
    assert mock_portal.dossiers(procedure=PROCEDURE) == []
