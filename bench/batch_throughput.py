"""Batch throughput against the mock: rows per minute and peak memory for 1, 2, 4, 8 workers,
with 0 ms and 200 ms of added latency per request.

    python -m bench.batch_throughput [--rows 8] [--workers 1,2,4,8] [--latency 0,200] [--trace]
                                     [--faults error_5xx=0.05,commit_timeout=0.15,session_expiry=25]

Each configuration runs `dvc-agent batch` as a subprocess against a fresh mock (reset between
runs; all rows filed by one account, so several workers share it) and measures the wall time
from start to exit (Chromium launch and every worker's sign-in included) and the peak resident
memory of the whole process tree — the batch process, Playwright's driver and Chromium — read
from /proc while it runs. Prints a table and writes bench/throughput.json.

Playwright tracing is off by default here (`--no-trace`): it records screenshots all along and
costs more CPU than the filing itself on a small machine; `--trace` measures it.
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


def _descendants(root: int) -> list[int]:
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        if pid in found:
            continue
        found.append(pid)
        stack.extend(_children(pid))
    return found


def _field_kb(path: str, name: str) -> int:
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if line.startswith(name):
                    return int(line.split()[1])
    except OSError:  # the process ended meanwhile
        pass
    return 0


def tree_memory_bytes(root: int) -> tuple[int, int]:
    """(RSS, PSS) of a process and all its descendants. Summed RSS counts the pages Chromium's
    processes share once per process, so it overstates; PSS splits shared pages between them and
    adds up to what the tree really holds."""
    pids = _descendants(root)
    rss = sum(_field_kb(f"/proc/{pid}/status", "VmRSS:") for pid in pids)
    pss = sum(_field_kb(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in pids)
    return rss * 1024, pss * 1024


def run_one(
    portal, workers: int, latency_ms: int, n_rows: int, work: Path, trace: bool = False, faults: str = ""
) -> dict:
    portal.reset()
    plan = ",".join(p for p in (f"latency={latency_ms}" if latency_ms else "", faults) if p)
    portal.set_faults(plan, seed=1)
    batch_dir = work / f"w{workers}-l{latency_ms}"
    rows, _ = sample_rows.rows(n_rows)
    sample_rows.write_batch(batch_dir, rows)
    creds = sample_rows.credentials_file(batch_dir)
    cmd = [
        sys.executable,
        "-m",
        "agent",
        "batch",
        str(batch_dir / "rows.csv"),
        "--procedure",
        PROCEDURE,
        "--credentials",
        str(creds),
        "--workers",
        str(workers),
        "--output-dir",
        str(batch_dir / "out"),
        "--trace" if trace else "--no-trace",
    ]
    env = {**os.environ, "DVC_AGENT_PORTALS": portal.portals_env}
    log = (batch_dir / "batch.log").open("w")
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    peak = peak_pss = 0
    while True:
        rss, pss = tree_memory_bytes(proc.pid)
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)
        try:
            proc.wait(timeout=0.2)  # sample memory until the batch exits
            break
        except subprocess.TimeoutExpired:
            continue
    elapsed = time.monotonic() - started
    log.close()
    dossiers = portal.dossiers(procedure=PROCEDURE)
    filed = len(dossiers)
    return {
        "workers": workers,
        "latency_ms": latency_ms,
        "faults": faults,
        "trace": trace,
        "rows": n_rows,
        "filed": filed,
        "filed_twice": filed - len({_notice(d) for d in dossiers}),
        "exit_code": proc.returncode,
        "seconds": round(elapsed, 1),
        "rows_per_minute": round(filed * 60 / elapsed, 1) if elapsed else 0.0,
        "peak_rss_mb": round(peak / 1048576, 1),
        "peak_pss_mb": round(peak_pss / 1048576, 1),
    }


def _notice(dossier: dict) -> str:
    """The death notice number a sample row's dossier carries: one per row, so two dossiers with
    the same number are one row filed twice."""
    return next((f["value"] for f in dossier["fields"] if f["value"].endswith("/UBND-GBT")), dossier["code"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=8, help="rows per configuration (default 8)")
    parser.add_argument("--workers", default="1,2,4,8")
    parser.add_argument("--latency", default="0,200", help="added latency per request, ms")
    parser.add_argument("--faults", default="", help="a fault plan added to every run (the mock's --faults)")
    parser.add_argument("--trace", action="store_true", help="record Playwright traces (the CLI's default)")
    parser.add_argument("--output", type=Path, default=HERE / "throughput.json")
    args = parser.parse_args(argv)

    from fixtures.mock_portal.testing import MockPortal

    results = []
    with (
        tempfile.TemporaryDirectory(prefix="dvc-bench-") as tmp,
        MockPortal.start(Path(tmp) / "mock") as portal,
    ):
        for latency in (int(x) for x in args.latency.split(",")):
            for workers in (int(x) for x in args.workers.split(",")):
                result = run_one(portal, workers, latency, args.rows, Path(tmp), args.trace, args.faults)
                results.append(result)
                print(
                    f"workers={workers} latency={latency}ms: {result['rows_per_minute']} rows/min, "
                    f"peak RSS {result['peak_rss_mb']} MB (PSS {result['peak_pss_mb']} MB), "
                    f"{result['filed']}/{args.rows} filed ({result['filed_twice']} twice), "
                    f"exit {result['exit_code']}",
                    flush=True,
                )
    print()
    print(
        f"{'latency':>8} {'workers':>7} {'rows/min':>9} {'RSS MB':>8} {'PSS MB':>8} {'filed':>6} "
        f"{'seconds':>8}"
    )
    for r in results:
        print(
            f"{r['latency_ms']:>6}ms {r['workers']:>7} {r['rows_per_minute']:>9} {r['peak_rss_mb']:>8} "
            f"{r['peak_pss_mb']:>8} {r['filed']:>3}/{r['rows']:<2} {r['seconds']:>8}"
        )
    command = "python -m bench.batch_throughput " + " ".join(argv or sys.argv[1:])
    args.output.write_text(
        json.dumps(
            {
                "procedure": PROCEDURE,
                "cpus": os.cpu_count(),
                "trace": args.trace,
                "command": command,
                "results": results,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"\nwritten to {args.output}")
    return 0 if all(r["filed"] == r["rows"] and not r["filed_twice"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
