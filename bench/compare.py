"""The agent against a plain hand-written Playwright script, side by side, in one run.

    python -m bench.compare                 # make bench: three procedures, 1/2/4/8 workers, 0 and 200 ms
    python -m bench.compare --quick         # dang-ky-khai-tu, 1 and 4 workers, few rows
    python -m bench.compare --quick --variant before=/tmp/tree-before   # A/B two agent trees

For every procedure × added latency × worker count, the baseline (`bench/baseline_script.py`)
and the agent (`dvc-agent batch`, one or more source trees) file the same fresh rows against the
same mock (started here, reset before each run, `latency=<ms>` on every portal request). Runs
alternate baseline/agent so that a change of machine load hits both. Each run is a subprocess
followed from outside (`bench/proctree.py`): wall time, CPU seconds of its whole process tree
(Python, Playwright's driver, Chromium; the mock runs in this process and is not counted) and
peak PSS. Per-filing seconds come from the agent's ledger (first `in_progress` → `filed`) and
the baseline's timings file (row start → receipt; each worker's sign-in is charged to its first
row, as in the agent).

The floor (latency > 0, one worker): the mock's count of sequential round trips in each
filing's window (`fixtures/mock_portal/critical_path.py`) × the latency. Time per filing ÷ floor
says how far a runner is from the portal's own latency.

Prints a table (Rich) and writes bench/results.json with every figure, the load average around
each run and the command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench import sample_rows

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: The cells: a procedure on its own portal, or `procedure@route` for the same procedure filed by
#: another route (the agent's `--portal route`): `dang-ky-khai-tu@national` is the Hanoi death
#: registration through dichvucong.gov.vn's one-page form, signed in through VNeID.
PROCEDURES = ("dang-ky-khai-tu", "lien-thong-khai-tu", "dang-ky-khai-tu@national")
BASELINE = "baseline"


def cell_route(name: str) -> tuple[str, str | None]:
    """`dang-ky-khai-tu@national` → (`dang-ky-khai-tu`, `national`); a bare procedure → (it, None)."""
    procedure, _, route = name.partition("@")
    return procedure, route or None


@dataclass
class Variant:
    """One agent to measure: a source tree (its `agent` package is imported) and batch flags."""

    name: str
    root: Path
    args: tuple[str, ...] = ("--no-trace",)
    env: tuple[tuple[str, str], ...] = ()


@dataclass
class RunResult:
    runner: str
    procedure: str
    workers: int
    latency_ms: int
    rows: int
    filed: int
    filed_twice: int
    exit_code: int | None
    wall_seconds: float
    filings_per_min: float
    median_s: float | None
    p95_s: float | None
    cpu_s_per_filing: float | None
    cpu_sampled_s: float
    cpu_waited_s: float
    peak_pss_mb: float
    peak_processes: int
    load_before: float
    load_after: float
    cpu_s_by_process: dict[str, float] = field(default_factory=dict)  # per filing, by process kind
    floor_round_trips: float | None = None  # median sequential round trips per filing
    floor_s: float | None = None
    time_over_floor: float | None = None  # median of (filing seconds ÷ its floor)
    errors: list[str] = field(default_factory=list)
    browser: str = ""  # the Chromium executable(s) the runner launched


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0–100), linear between closest ranks; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


# ---- per-filing windows ------------------------------------------------------------------------


def _epoch(stamp: str) -> float:
    return dt.datetime.fromisoformat(stamp).timestamp()


def agent_windows(ledger: Path) -> list[tuple[float, float]]:
    """(start, end) of every filed row: its first `in_progress` to its `filed`."""
    if not ledger.exists():
        return []
    db = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT row_id, to_state, at FROM transitions ORDER BY id").fetchall()
    finally:
        db.close()
    start: dict[str, float] = {}
    windows = []
    for row_id, state, at in rows:
        if state == "in_progress":
            start.setdefault(row_id, _epoch(at))
        elif state == "filed" and row_id in start:
            windows.append((start[row_id], _epoch(at)))
    return windows


def baseline_windows(timings: Path) -> tuple[list[tuple[float, float]], list[str]]:
    if not timings.exists():
        return [], ["no timings file"]
    windows, errors = [], []
    for line in timings.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if "code" in rec:
            windows.append((rec["start"], rec["end"]))
        else:
            errors.append(f"{rec['row_id']}: {rec.get('error', '?')}")
    return windows, errors


# ---- one run -----------------------------------------------------------------------------------


def _notice(dossier: dict) -> str:
    """One row's death notice number: two dossiers with it are one row filed twice. Every route
    stores it as one of the dossier's fields (Hanoi “Số”, liên thông “Số giấy”, the national
    form's “Số giấy báo tử”), so it is found by its value."""
    return next((f["value"] for f in dossier["fields"] if f["value"].endswith("/UBND-GBT")), dossier["code"])


def run_one(
    portal,
    runner: str,
    variant: Variant | None,
    procedure: str,
    workers: int,
    latency_ms: int,
    n_rows: int,
    work: Path,
    start_index: int,
) -> RunResult:
    portal.reset()
    portal.set_faults(f"latency={latency_ms}" if latency_ms else "", seed=1)
    batch_dir = work / f"{procedure.replace('@', '-by-')}-{runner}-w{workers}-l{latency_ms}"
    slug, route = cell_route(procedure)
    make_row = sample_rows.ROW_MAKERS[procedure]
    rows = [make_row(start_index + i) for i in range(n_rows)]
    sample_rows.write_batch(batch_dir, rows)
    creds = sample_rows.credentials_file(batch_dir)
    env = {**os.environ, "DVC_AGENT_PORTALS": portal.portals_env}
    if variant is None:
        env["PYTHONPATH"] = str(ROOT)
        timings = batch_dir / "timings.jsonl"
        cmd = [sys.executable, "-m", "bench.baseline_script", str(batch_dir / "rows.csv")]
        cmd += ["--procedure", procedure, "--workers", str(workers), "--credentials", str(creds)]
        cmd += ["--timings", str(timings)]
    else:
        env["PYTHONPATH"] = str(variant.root)
        env.update(variant.env)
        cmd = [sys.executable, "-m", "agent", "batch", str(batch_dir / "rows.csv"), "--procedure", slug]
        cmd += ["--portal", route] if route else []
        cmd += ["--credentials", str(creds), "--workers", str(workers)]
        cmd += ["--output-dir", str(batch_dir / "out"), *variant.args]
    from bench.proctree import TreeMonitor  # psutil: the bench extra, not needed by the pure parts

    load_before = os.getloadavg()[0]
    # cwd is the run's own folder, so PYTHONPATH alone decides which `agent` is imported
    usage = TreeMonitor().run(cmd, env, batch_dir / "run.log", cwd=batch_dir)
    load_after = os.getloadavg()[0]
    errors: list[str] = []
    if variant is None:
        windows, errors = baseline_windows(timings)
    else:
        windows = agent_windows(batch_dir / "out" / "ledger.sqlite")
    dossiers = portal.dossiers(procedure=slug)
    if route:  # only what came through that route: the mock records each dossier's `path`
        dossiers = [d for d in dossiers if d.get("path") == route]
    filed = len(dossiers)
    if usage.exit_code != 0 and not errors:
        tail = (batch_dir / "run.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()
        errors = tail[-3:]
    durations = [end - start for start, end in windows]
    result = RunResult(
        runner=runner,
        procedure=procedure,
        workers=workers,
        latency_ms=latency_ms,
        rows=n_rows,
        filed=filed,
        filed_twice=filed - len({_notice(d) for d in dossiers}),
        exit_code=usage.exit_code,
        wall_seconds=round(usage.wall_seconds, 1),
        filings_per_min=round(filed * 60 / usage.wall_seconds, 2) if usage.wall_seconds else 0.0,
        median_s=_round(statistics.median(durations) if durations else None),
        p95_s=_round(percentile(durations, 95)),
        cpu_s_per_filing=_round(usage.cpu_seconds / filed if filed else None),
        cpu_sampled_s=round(usage.cpu_sampled, 1),
        cpu_waited_s=round(usage.cpu_waited, 1),
        peak_pss_mb=round(usage.peak_pss_mb, 1),
        peak_processes=usage.peak_processes,
        browser=", ".join(usage.browsers),
        cpu_s_by_process={k: round(v / filed, 2) for k, v in usage.cpu_by_kind.items()} if filed else {},
        load_before=round(load_before, 2),
        load_after=round(load_after, 2),
        errors=errors[:5],
    )
    if latency_ms and workers == 1 and windows:
        trips, over = [], []
        for start, end in windows:
            n = portal._admin("GET", "/critical-path", params={"since": start, "until": end})["sequential"]
            trips.append(n)
            if n:
                over.append((end - start) / (n * latency_ms / 1000))
        result.floor_round_trips = statistics.median(trips)
        result.floor_s = round(result.floor_round_trips * latency_ms / 1000, 2)
        result.time_over_floor = _round(statistics.median(over) if over else None)
    return result


def _round(x: float | None, digits: int = 2) -> float | None:
    return None if x is None else round(x, digits)


# ---- the matrix and its report -------------------------------------------------------------------

METRICS = ("filings_per_min", "median_s", "p95_s", "cpu_s_per_filing", "peak_pss_mb")


def compare_cells(results: list[RunResult]) -> list[dict]:
    """Each agent run beside the baseline's run of the same cell, with ratios (agent ÷ baseline)."""
    base = {(r.procedure, r.latency_ms, r.workers): r for r in results if r.runner == BASELINE}
    cells = []
    for r in results:
        if r.runner == BASELINE:
            continue
        b = base.get((r.procedure, r.latency_ms, r.workers))
        cell = {
            "procedure": r.procedure,
            "latency_ms": r.latency_ms,
            "workers": r.workers,
            "runner": r.runner,
        }
        for m in METRICS:
            cell[m] = getattr(r, m)
            cell[f"baseline_{m}"] = getattr(b, m) if b else None
            cell[f"{m}_ratio"] = ratio(getattr(r, m), getattr(b, m) if b else None)
        cell["time_over_floor"] = r.time_over_floor
        cell["baseline_time_over_floor"] = b.time_over_floor if b else None
        cell["floor_s"] = r.floor_s
        cell["baseline_floor_s"] = b.floor_s if b else None
        cells.append(cell)
    return cells


def scaling(results: list[RunResult]) -> list[dict]:
    """Per runner, procedure and latency: filings/min of the most workers ÷ of one worker, and
    the peak PSS each extra worker adds."""
    out = []
    keys = sorted({(r.runner, r.procedure, r.latency_ms) for r in results})
    for runner, procedure, latency in keys:
        runs = sorted(
            (r for r in results if (r.runner, r.procedure, r.latency_ms) == (runner, procedure, latency)),
            key=lambda r: r.workers,
        )
        if len(runs) < 2 or runs[0].workers != 1:
            continue
        one, most = runs[0], runs[-1]
        out.append(
            {
                "runner": runner,
                "procedure": procedure,
                "latency_ms": latency,
                "workers": most.workers,
                "speedup": ratio(most.filings_per_min, one.filings_per_min),
                "pss_mb_per_extra_worker": round(
                    (most.peak_pss_mb - one.peak_pss_mb) / (most.workers - 1), 1
                ),
            }
        )
    return out


def print_report(results: list[RunResult], cells: list[dict], scale: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=200)
    runs = Table(title="Runs (each its own process tree; load = 1-min load average before→after)")
    for col in (
        "procedure",
        "ms",
        "w",
        "runner",
        "filed",
        "/min",
        "median s",
        "p95 s",
        "CPU s/filing",
        "PSS MiB",
        "procs",
        "floor s",
        "÷floor",
        "load",
    ):
        runs.add_column(col, justify="right" if col not in ("procedure", "runner") else "left")
    for r in results:
        runs.add_row(
            r.procedure,
            str(r.latency_ms),
            str(r.workers),
            r.runner,
            f"{r.filed}/{r.rows}" + (f" ({r.filed_twice} twice)" if r.filed_twice else ""),
            _fmt(r.filings_per_min),
            _fmt(r.median_s),
            _fmt(r.p95_s),
            _fmt(r.cpu_s_per_filing),
            _fmt(r.peak_pss_mb, 0),
            str(r.peak_processes),
            _fmt(r.floor_s),
            _fmt(r.time_over_floor),
            f"{r.load_before:.1f}→{r.load_after:.1f}",
        )
    console.print(runs)
    table = Table(title="Agent ÷ baseline (same cell, same run): want /min ≥ 1.5, CPU ≤ 0.6")
    for col in (
        "procedure",
        "ms",
        "w",
        "runner",
        "/min",
        "median s",
        "p95 s",
        "CPU s/filing",
        "PSS MiB",
        "÷floor",
    ):
        table.add_column(col, justify="right" if col not in ("procedure", "runner") else "left")
    for c in cells:
        table.add_row(
            c["procedure"],
            str(c["latency_ms"]),
            str(c["workers"]),
            c["runner"],
            *(_fmt(c[f"{m}_ratio"]) for m in METRICS),
            f"{_fmt(c['time_over_floor'])} (base {_fmt(c['baseline_time_over_floor'])})",
        )
    console.print(table)
    if scale:
        sc = Table(title="Scaling: most workers ÷ 1 worker; PSS added per extra worker")
        for col in ("runner", "procedure", "ms", "workers", "speedup", "MiB/extra worker"):
            sc.add_column(col)
        for s in scale:
            sc.add_row(
                s["runner"],
                s["procedure"],
                str(s["latency_ms"]),
                str(s["workers"]),
                _fmt(s["speedup"]),
                _fmt(s["pss_mb_per_extra_worker"], 0),
            )
        console.print(sc)


def _fmt(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def parse_variant(text: str) -> Variant:
    """`NAME=ROOT` or `NAME=ROOT|--flag VAR=value …`: batch flags (default --no-trace) and
    environment variables for that agent's process."""
    name, _, rest = text.partition("=")
    root, _, extra = rest.partition("|")
    if not name or not root:
        raise argparse.ArgumentTypeError(f"expected NAME=ROOT[|flags], got {text!r}")
    words = extra.split()
    is_env = [("=" in w and not w.startswith("-")) for w in words]
    env = tuple((w.partition("=")[0], w.partition("=")[2]) for w, e in zip(words, is_env, strict=True) if e)
    flags = tuple(w for w, e in zip(words, is_env, strict=True) if not e)
    return Variant(name, Path(root).resolve(), flags or ("--no-trace",), env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="dang-ky-khai-tu, 1 and 4 workers, 6 rows")
    parser.add_argument("--procedures", help=f"comma-separated (default: {','.join(PROCEDURES)})")
    parser.add_argument("--workers", help="comma-separated worker counts (default 1,2,4,8)")
    parser.add_argument("--latency", help="comma-separated added latencies, ms (default 0,200)")
    parser.add_argument("--rows", type=int, help="rows per run (default 12; at least 2 per worker)")
    parser.add_argument(
        "--variant", action="append", type=parse_variant, default=[], help="NAME=ROOT[|flags]"
    )
    parser.add_argument("--no-baseline", action="store_true", help="agent variants only")
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    args = parser.parse_args(argv)

    procedures = (args.procedures or ("dang-ky-khai-tu" if args.quick else ",".join(PROCEDURES))).split(",")
    workers = [int(w) for w in (args.workers or ("1,4" if args.quick else "1,2,4,8")).split(",")]
    latencies = [int(x) for x in (args.latency or "0,200").split(",")]
    n_rows = args.rows or (6 if args.quick else 12)
    variants = args.variant or [Variant("agent", ROOT)]
    runners: list[Variant | None] = ([] if args.no_baseline else [None]) + list(variants)

    from fixtures.mock_portal.testing import MockPortal

    started = time.time()
    results: list[RunResult] = []
    index = 0  # every run files rows never filed before (distinct names, IDs, notice numbers)
    with (
        tempfile.TemporaryDirectory(prefix="dvc-compare-") as tmp,
        MockPortal.start(Path(tmp) / "mock") as portal,
    ):
        for procedure in procedures:
            for latency in latencies:
                for w in workers:
                    rows = max(n_rows, 2 * w)
                    # alternate who goes first, so that a load change does not always favour one
                    order = runners if (len(results) // max(len(runners), 1)) % 2 == 0 else runners[::-1]
                    for runner in order:
                        name = BASELINE if runner is None else runner.name
                        r = run_one(portal, name, runner, procedure, w, latency, rows, Path(tmp), index)
                        index += rows
                        results.append(r)
                        print(
                            f"{procedure} {latency}ms w={w} {name}: {r.filed}/{r.rows} filed, "
                            f"{r.filings_per_min}/min, median {r.median_s}s, "
                            f"CPU {r.cpu_s_per_filing}s/filing {r.cpu_s_by_process}, "
                            f"PSS {r.peak_pss_mb} MiB, {r.browser}, load {r.load_before}→{r.load_after}"
                            + (f", floor {r.floor_s}s ×{r.time_over_floor}" if r.floor_s else "")
                            + (f"  ERRORS: {r.errors}" if r.errors else ""),
                            flush=True,
                        )
        if os.environ.get("DVC_BENCH_KEEP"):
            shutil.copytree(
                tmp, os.environ["DVC_BENCH_KEEP"], dirs_exist_ok=True, ignore=shutil.ignore_patterns("mock")
            )
    cells = compare_cells(results)
    scale = scaling(results)
    print_report(results, cells, scale)
    command = "python -m bench.compare " + " ".join(sys.argv[1:] if argv is None else argv)
    args.output.write_text(
        json.dumps(
            {
                "command": command,
                "started": dt.datetime.fromtimestamp(started, dt.UTC).isoformat(timespec="seconds"),
                "minutes": round((time.time() - started) / 60, 1),
                "cpus": os.cpu_count(),
                "variants": [
                    {"name": v.name, "root": str(v.root), "args": list(v.args), "env": dict(v.env)}
                    for v in variants
                ],
                "runs": [asdict(r) for r in results],
                "agent_vs_baseline": cells,
                "scaling": scale,
            },
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    print(f"\nwritten to {args.output}")
    return 0 if all(r.filed == r.rows and not r.filed_twice for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
