"""Batch throughput against the mock: rows per minute and peak memory for 1, 2, 4, 8 workers,
with 0 ms and 200 ms of added latency per request.

    python -m bench.batch_throughput [--rows 16] [--workers 1,2,4,8] [--latency 0,200]

Each configuration runs `dvc-agent batch` as a subprocess against a fresh mock (reset between
runs) and measures the wall time from start to exit (Chromium launch and sign-in included) and
the peak resident memory of the whole process tree — the batch process plus Chromium's — read
from /proc while it runs. Prints a table and writes bench/results.json.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import sample_rows

PROCEDURE = "dang-ky-khai-tu"
HERE = Path(__file__).resolve().parent


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    task_dir = Path(f"/proc/{pid}/task")
    try:
        for task in task_dir.iterdir():
            text = (task / "children").read_text()
            kids.extend(int(c) for c in text.split())
    except OSError:
        pass
    return kids


def tree_rss_bytes(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc/<pid>/status (VmRSS)."""
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
        stack.extend(_children(pid))
    return total


def run_one(portal, workers: int, latency_ms: int, n_rows: int, work: Path) -> dict:
    portal.reset()
    portal.set_faults(f"latency={latency_ms}" if latency_ms else "", seed=1)
    batch_dir = work / f"w{workers}-l{latency_ms}"
    rows, _ = sample_rows.rows(n_rows)
    sample_rows.write_batch(batch_dir, rows)
    creds = sample_rows.credentials_file(batch_dir)
    cmd = [sys.executable, "-m", "agent", "batch", str(batch_dir / "rows.csv"), "--procedure", PROCEDURE,
           "--credentials", str(creds), "--workers", str(workers), "--output-dir", str(batch_dir / "out")]
    env = {**os.environ, "DVC_AGENT_PORTALS": portal.portals_env}
    log = (batch_dir / "batch.log").open("w")
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    peak = 0
    while True:
        peak = max(peak, tree_rss_bytes(proc.pid))
        try:
            proc.wait(timeout=0.2)  # sample memory until the batch exits
            break
        except subprocess.TimeoutExpired:
            continue
    elapsed = time.monotonic() - started
    log.close()
    filed = len(portal.dossiers(procedure=PROCEDURE))
    return {"workers": workers, "latency_ms": latency_ms, "rows": n_rows, "filed": filed,
            "exit_code": proc.returncode, "seconds": round(elapsed, 1),
            "rows_per_minute": round(filed * 60 / elapsed, 1) if elapsed else 0.0,
            "peak_rss_mb": round(peak / 1048576, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=16, help="rows per configuration (default 16)")
    parser.add_argument("--workers", default="1,2,4,8")
    parser.add_argument("--latency", default="0,200", help="added latency per request, ms")
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    args = parser.parse_args(argv)

    from fixtures.mock_portal.testing import MockPortal

    results = []
    with tempfile.TemporaryDirectory(prefix="dvc-bench-") as tmp, MockPortal.start(Path(tmp) / "mock") as portal:
        for latency in (int(x) for x in args.latency.split(",")):
            for workers in (int(x) for x in args.workers.split(",")):
                result = run_one(portal, workers, latency, args.rows, Path(tmp))
                results.append(result)
                print(f"workers={workers} latency={latency}ms: {result['rows_per_minute']} rows/min, "
                      f"peak {result['peak_rss_mb']} MB, {result['filed']}/{args.rows} filed, "
                      f"exit {result['exit_code']}", flush=True)
    print()
    print(f"{'latency':>8} {'workers':>7} {'rows/min':>9} {'peak MB':>8} {'filed':>6} {'seconds':>8}")
    for r in results:
        print(f"{r['latency_ms']:>6}ms {r['workers']:>7} {r['rows_per_minute']:>9} {r['peak_rss_mb']:>8} "
              f"{r['filed']:>3}/{r['rows']:<2} {r['seconds']:>8}")
    args.output.write_text(json.dumps({"procedure": PROCEDURE, "cpus": os.cpu_count(), "results": results},
                                      indent=2), encoding="utf-8")
    print(f"\nwritten to {args.output}")
    return 0 if all(r["filed"] == r["rows"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
