"""Issue 15's scenario, repeatable: does a killed-and-resumed batch ever call a filed row "failed"?

A 30-row `dang-ky-khai-tu` batch on the mock with
`error_5xx=0.05,commit_timeout=0.15,session_expiry=25`, killed twice with SIGKILL (preferably while
a row is submitted but unconfirmed) and resumed once, 2 workers. Then the results are judged by the
portal's admin API: a `failed` row must have no dossier there, an `unconfirmed` row at most one,
and no row may have two. Prints one JSON line per run with the counts per status.

    python -m bench.kill_resume_truth --runs 3
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench import sample_rows

PROCEDURE = "dang-ky-khai-tu"
FAULTS = "error_5xx=0.05,commit_timeout=0.15,session_expiry=25"
ROWS, WORKERS = 30, 2


def _start(tmp: Path, portals_env: str, *extra: str) -> subprocess.Popen:
    argv = [
        sys.executable, "-m", "agent", "batch", str(tmp / "rows.csv"), "--procedure", PROCEDURE,
        "--credentials", str(tmp / "credentials.mock.yaml"), "--output-dir", str(tmp / "out"),
        "--workers", str(WORKERS), "--no-trace", *extra,
    ]  # fmt: skip
    with (tmp / "batch.log").open("a") as log:
        return subprocess.Popen(
            argv,
            env={**os.environ, "DVC_AGENT_PORTALS": portals_env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _states(ledger: Path) -> dict[str, int]:
    if not ledger.exists():
        return {}
    db = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True, timeout=5)
    try:
        return dict(db.execute("SELECT state, COUNT(*) FROM rows GROUP BY state").fetchall())
    except sqlite3.OperationalError:
        return {}
    finally:
        db.close()


def _kill_after(proc: subprocess.Popen, ledger: Path, filed_at_least: int, limit_s: float = 600) -> None:
    """SIGKILL the batch's process group once enough rows are filed, preferably mid-submit."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        try:
            proc.wait(timeout=0.1)  # the batch ended on its own: nothing to kill
            return
        except subprocess.TimeoutExpired:
            pass
        state = _states(ledger)
        filed = state.get("filed", 0)
        if filed >= filed_at_least and (state.get("submitted_unconfirmed", 0) or filed >= filed_at_least + 3):
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def run_once(seed: int) -> dict[str, object]:
    from fixtures.mock_portal.testing import MockPortal

    with (
        tempfile.TemporaryDirectory(prefix="dvc-kill-") as name,
        MockPortal.start(Path(name) / "mock") as portal,
    ):
        tmp = Path(name)
        rows, _ = sample_rows.rows(ROWS, accounts=("citizen-a", "citizen-b"))
        sample_rows.write_batch(tmp, rows)
        sample_rows.credentials_file(tmp)
        portal.set_faults(FAULTS, seed=seed)
        ledger = tmp / "out" / "ledger.sqlite"
        started = time.monotonic()
        first = _start(tmp, portal.portals_env)
        _kill_after(first, ledger, filed_at_least=4)
        second = _start(tmp, portal.portals_env, "--resume")
        _kill_after(second, ledger, filed_at_least=_states(ledger).get("filed", 0) + 5)
        last = _start(tmp, portal.portals_env, "--resume")
        last.wait(timeout=1200)
        with (tmp / "out" / "results.csv").open(encoding="utf-8-sig") as fh:
            results = {r["row_id"]: r for r in csv.DictReader(fh)}
        on_portal = Counter(
            v for d in portal.dossiers(procedure=PROCEDURE) for f in d["fields"] for v in [f["value"]]
            if v.endswith("/UBND-GBT")
        )  # fmt: skip
        statuses = Counter(r["status"] for r in results.values())
        lies = [
            r["row_id"] for r in rows
            if results[r["row_id"]]["status"] == "failed" and on_portal[r["death_notice.number"]]
        ]  # fmt: skip
        return {
            "seed": seed,
            "exit_code": last.returncode,
            "statuses": dict(statuses),
            "dossiers_on_portal": sum(on_portal.values()),
            "filed_twice": sum(1 for n in on_portal.values() if n > 1),
            "failed_but_on_portal": lies,
            "wall_s": round(time.monotonic() - started, 1),
            "faults_fired": portal.faults()["fired"],
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)
    bad = 0
    for n in range(args.runs):
        result = run_once(args.seed + n)
        print(json.dumps(result, ensure_ascii=False), flush=True)
        bad += bool(result["failed_but_on_portal"] or result["filed_twice"])
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
