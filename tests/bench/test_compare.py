"""The benchmark's arithmetic (bench/compare.py): percentiles, per-filing windows from the
agent's ledger and the baseline's timings, ratios to the baseline and scaling."""

from __future__ import annotations

import json
import sqlite3

import pytest

from bench.compare import (
    BASELINE,
    RunResult,
    agent_windows,
    baseline_windows,
    compare_cells,
    parse_variant,
    percentile,
    scaling,
)


def test_percentile_interpolates_between_ranks():
    assert percentile([], 95) is None
    assert percentile([3.0], 95) == 3.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50) == 3.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 95) == pytest.approx(4.8)


def test_agent_windows_run_from_the_first_attempt_to_filed(tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    db = sqlite3.connect(ledger)
    db.execute("CREATE TABLE transitions (id INTEGER PRIMARY KEY, row_id TEXT, to_state TEXT, at TEXT)")
    rows = [
        ("a", "in_progress", "2026-01-01T00:00:00+00:00"),
        ("a", "pending", "2026-01-01T00:00:05+00:00"),  # a retry: the window keeps its first start
        ("a", "in_progress", "2026-01-01T00:00:06+00:00"),
        ("a", "filed", "2026-01-01T00:00:10+00:00"),
        ("b", "in_progress", "2026-01-01T00:00:10+00:00"),
        ("b", "failed", "2026-01-01T00:00:12+00:00"),  # not filed: no window
    ]
    db.executemany("INSERT INTO transitions (row_id, to_state, at) VALUES (?,?,?)", rows)
    db.commit()
    db.close()
    [(start, end)] = agent_windows(ledger)
    assert end - start == 10.0


def test_baseline_windows_and_errors(tmp_path):
    timings = tmp_path / "t.jsonl"
    lines = [
        {"row_id": "a", "start": 1.0, "end": 4.0, "code": "X1"},
        {"row_id": "b", "start": 4.0, "end": 5.0, "error": "TimeoutError: …"},
    ]
    timings.write_text("".join(json.dumps(x) + "\n" for x in lines))
    windows, errors = baseline_windows(timings)
    assert windows == [(1.0, 4.0)] and errors == ["b: TimeoutError: …"]


def _run(runner: str, workers: int, per_min: float, pss: float, cpu: float = 2.0) -> RunResult:
    return RunResult(
        runner=runner,
        procedure="p",
        workers=workers,
        latency_ms=200,
        rows=8,
        filed=8,
        filed_twice=0,
        exit_code=0,
        wall_seconds=60.0,
        filings_per_min=per_min,
        median_s=10.0,
        p95_s=12.0,
        cpu_s_per_filing=cpu,
        cpu_sampled_s=16.0,
        cpu_waited_s=10.0,
        peak_pss_mb=pss,
        peak_processes=10,
        load_before=1.0,
        load_after=1.0,
    )


def test_each_agent_cell_is_divided_by_the_baselines():
    results = [_run(BASELINE, 1, 4.0, 500, cpu=4.0), _run("agent", 1, 6.0, 400, cpu=2.0)]
    [cell] = compare_cells(results)
    assert cell["filings_per_min_ratio"] == 1.5
    assert cell["cpu_s_per_filing_ratio"] == 0.5
    assert cell["peak_pss_mb_ratio"] == 0.8


def test_scaling_from_one_worker_to_the_most():
    results = [_run("agent", 1, 2.0, 400), _run("agent", 4, 5.0, 610), _run("agent", 8, 11.0, 960)]
    [s] = scaling(results)
    assert s["workers"] == 8 and s["speedup"] == 5.5 and s["pss_mb_per_extra_worker"] == 80.0


def test_variants_name_a_tree_flags_and_environment(tmp_path):
    v = parse_variant(f"after={tmp_path}|--trace DVC_X=1")
    assert v.name == "after" and v.root == tmp_path and v.args == ("--trace",) and v.env == (("DVC_X", "1"),)
    assert parse_variant(f"plain={tmp_path}").args == ("--no-trace",)
