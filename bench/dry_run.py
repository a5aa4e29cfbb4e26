"""The batch dry run, end to end: `dvc-agent batch ROWS.csv --dry-run --plan PLAN.csv` on N rows.

    python -m bench.dry_run [--rows 10000] [--invalid 100] [--runs 3] [--root DIR]

Writes N rows of `dang-ky-khai-tu` with `bench.sample_rows` (`--invalid` of them breaking one
rule each, the rest distinct valid registrations sharing one attachment) to a temporary folder,
then times the dry run as a subprocess `--runs` times: the interpreter's start and the imports
count, as they do for a person waiting for the plan. Prints each run and the median as rows,
seconds and rows/s. `--root` names the source tree whose `agent` runs (default: this one), to
measure two trees, e.g. before and after a change, on the same rows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import sample_rows

PROCEDURE = "dang-ky-khai-tu"
ROOT = Path(__file__).resolve().parent.parent


def write_rows(folder: Path, n_rows: int, n_invalid: int) -> Path:
    """The batch file (and the attachment its rows name), as `sample_rows` makes them."""
    rows, _ = sample_rows.rows(n_rows - n_invalid, n_invalid)
    return sample_rows.write_batch(folder, rows)


def time_dry_run(batch: Path, root: Path) -> float:
    """Seconds from start to exit of one dry run; raises when it fails or plans the wrong rows."""
    plan = batch.with_name("plan.csv")
    command = [sys.executable, "-m", "agent", "batch", str(batch), "--procedure", PROCEDURE]
    command += ["--dry-run", "--plan", str(plan)]
    env = {**os.environ, "PYTHONPATH": str(root)}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=batch.parent, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: some rows are invalid, as asked
        raise RuntimeError(f"the dry run failed ({done.returncode}):\n{done.stderr or done.stdout}")
    with plan.open(encoding="utf-8") as fh:
        planned = sum(1 for _ in fh) - 1  # one line a row, after the header (no cell holds a newline)
    if planned != len(batch.read_text(encoding="utf-8").splitlines()) - 1:
        raise RuntimeError(f"the plan has {planned} rows, not one per row of {batch.name}")
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows in the batch (at most 10,000)")
    parser.add_argument("--invalid", type=int, default=None, help="invalid rows among them (default 1%%)")
    parser.add_argument("--runs", type=int, default=3, help="dry runs to time")
    parser.add_argument("--root", type=Path, default=ROOT, help="source tree to run (default: this one)")
    args = parser.parse_args(argv)
    n_invalid = args.rows // 100 if args.invalid is None else args.invalid
    with tempfile.TemporaryDirectory(prefix="dvc-dry-run-") as work:
        batch = write_rows(Path(work), args.rows, n_invalid)
        times = [time_dry_run(batch, args.root.resolve()) for _ in range(args.runs)]
    print(f"{'run':>6} {'rows':>7} {'seconds':>8} {'rows/s':>8}")
    for number, seconds in enumerate(times, start=1):
        print(f"{number:>6} {args.rows:>7} {seconds:>8.2f} {args.rows / seconds:>8.0f}")
    median = statistics.median(times)
    print(f"{'median':>6} {args.rows:>7} {median:>8.2f} {args.rows / median:>8.0f}")


if __name__ == "__main__":
    main()
