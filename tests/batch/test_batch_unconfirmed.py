"""Issue 15 on the real mock and Chromium: a row whose submit reached the portal, after which the
portal kept failing, is reported `unconfirmed` (exit 5) — never `failed` — and `--only-failed`
later finds it on the portal instead of filing it twice.

The portal is made to fail on cue, not by chance: every final submit is stored with its answer
dropped (`commit_timeout=1`); the moment the admin API shows the dossier, maintenance starts (every
page 503) and the batch is killed. A resume with one attempt per row then cannot look the row up.
"""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bench import sample_rows
from tests.batch.batch_cli import PROCEDURE, start_batch

pytestmark = pytest.mark.browser


def _batch(tmp: Path, portal, *extra: str) -> subprocess.Popen:
    return start_batch(tmp, portal, "--no-trace", "--settle", "2", *extra, log=tmp / "batch.log")


def _log(tmp: Path) -> str:
    return (tmp / "batch.log").read_text(encoding="utf-8")[-4000:]


def _results(tmp: Path) -> dict[str, dict[str, str]]:
    with (tmp / "out" / "results.csv").open(encoding="utf-8-sig") as fh:
        return {r["row_id"]: r for r in csv.DictReader(fh)}


def _ledger_state(tmp: Path, row_id: str) -> str:
    db = sqlite3.connect(f"file:{tmp / 'out' / 'ledger.sqlite'}?mode=ro", uri=True)
    try:
        return db.execute("SELECT state FROM rows WHERE row_id=?", (row_id,)).fetchone()[0]
    finally:
        db.close()


def _on_portal(portal, row: dict[str, str]) -> list[dict]:
    number = row["death_notice.number"]
    return [d for d in portal.dossiers(procedure=PROCEDURE) if any(f["value"] == number for f in d["fields"])]


@pytest.mark.timeout(600)
def test_a_submit_that_landed_is_unconfirmed_not_failed_and_only_failed_finds_it(tmp_path, mock_portal):
    rows, _ = sample_rows.rows(2)
    sample_rows.write_batch(tmp_path, rows)
    sample_rows.credentials_file(tmp_path)
    landed, never_sent = rows

    # 1. The first row's submit is stored, its answer lost; the portal goes down; the batch is killed.
    mock_portal.set_faults("commit_timeout=1", seed=3)
    first = _batch(tmp_path, mock_portal)
    deadline = time.monotonic() + 180
    while not mock_portal.dossiers(procedure=PROCEDURE):
        assert first.poll() is None, f"batch ended before its submit landed:\n{_log(tmp_path)}"
        assert time.monotonic() < deadline, "no submit reached the portal"
    mock_portal.set_faults("maintenance=on")  # before the engine can look it up
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    assert _ledger_state(tmp_path, landed["row_id"]) == "submitted_unconfirmed"

    # 2. Resumed while the portal is down, one attempt per row: nothing can be checked or filed.
    second = _batch(tmp_path, mock_portal, "--resume", "--max-attempts", "1")
    assert second.wait(timeout=300) == 5, _log(tmp_path)  # 5: unconfirmed rows, never refile by hand
    results = _results(tmp_path)
    assert results[landed["row_id"]]["status"] == "unconfirmed"
    assert results[never_sent["row_id"]]["status"] == "failed"
    assert results[landed["row_id"]]["person"] == landed["deceased.full_name"]
    # The truth on the portal: no failed row is there; the unconfirmed one is.
    for row_id, result in results.items():
        row = next(r for r in rows if r["row_id"] == row_id)
        if result["status"] == "failed":
            assert _on_portal(mock_portal, row) == [], f"{row_id} is reported failed but was filed"
    assert len(_on_portal(mock_portal, landed)) == 1
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "do not refile by hand" in report and '<tr class="unconfirmed">' in report
    cases = ET.parse(tmp_path / "out" / "junit.xml").getroot().iter("testcase")
    verdict = {c.get("name").split(" ")[2].strip("()"): c for c in cases}
    assert verdict[landed["row_id"]].find("error").get("type") == "unconfirmed"

    # 3. The portal is back: --only-failed looks the unconfirmed row up first and files the rest.
    mock_portal.set_faults("")
    third = _batch(tmp_path, mock_portal, "--only-failed")
    assert third.wait(timeout=300) == 0, _log(tmp_path)
    results = _results(tmp_path)
    assert {r["status"] for r in results.values()} == {"filed"}
    stored = _on_portal(mock_portal, landed)
    assert len(stored) == 1 and results[landed["row_id"]]["dossier_code"] == stored[0]["code"]
    assert len(_on_portal(mock_portal, never_sent)) == 1
    assert len(mock_portal.dossiers(procedure=PROCEDURE)) == 2
