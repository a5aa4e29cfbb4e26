"""One batch run, start to end: read → validate → ledger → reconcile and file → write results.

The CLI only parses options and calls `run_batch` / `dry_run`; tests and the benchmark call the
same functions, so what they prove is what users run.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import structlog

from agent.batch import ledger as L
from agent.batch import models
from agent.batch.inputs import InputTable, content_hash, read_input
from agent.batch.junit import write_junit
from agent.batch.outcomes import (
    FAILED,
    INTERRUPTED,
    INVALID,
    PENDING,
    REFUSED,
    UNCONFIRMED,
    RowOutcome,
    collect,
    summary,
)
from agent.batch.plan import Plan, PlannedRow, build_plan
from agent.batch.report_html import write_report
from agent.batch.results import row_policy, write_csv, write_xlsx
from agent.errors import (
    EXIT_FLOW_MISMATCH,
    EXIT_INFRASTRUCTURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_UNCONFIRMED,
    InvalidInput,
)
from agent.secrets.private_files import private_dir

if TYPE_CHECKING:  # a dry run never starts a browser: the runner is imported by a real run only
    from agent.batch.ports import EngineFactory, FilingEngine, SessionT
    from agent.batch.workers import BatchWorkers, WorkItem
    from agent.runner import Session

log = structlog.get_logger("dvc_agent.batch")


@dataclass
class BatchOptions:
    input_path: Path
    procedure: str
    sheet: str | None = None
    account: str | None = None
    portal: str | None = None  # the route for rows without a `portal` column (--portal)
    workers: int = 1
    ledger_path: Path | None = None
    output_dir: Path | None = None
    resume: bool = False
    only_failed: bool = False
    stop_at_review: bool = False
    portal_urls: list[str] = field(default_factory=list)
    credentials: Path | None = None
    headless: bool = True
    trace: bool = True
    trace_on_retry: bool = False  # record a row's trace only once it is tried again
    max_attempts: int = 3
    settle_s: float = 30.0  # how long a submit without an answer may still take to land
    tty: bool | None = None

    @property
    def out_dir(self) -> Path:
        if self.output_dir is not None:
            return Path(self.output_dir)
        path = Path(self.input_path).resolve()
        return path.parent / f"{path.stem}-results"

    @property
    def ledger_file(self) -> Path:
        return Path(self.ledger_path) if self.ledger_path else self.out_dir / "ledger.sqlite"


@dataclass
class BatchResult:
    outcomes: list[RowOutcome]
    counts: dict[str, int]
    files: dict[str, Path]
    exit_code: int
    interrupted: bool = False


def load_plan(opts: BatchOptions) -> Plan:
    """Read and validate every row; no browser, no ledger writes."""
    models.check_procedure(opts.procedure)
    table: InputTable = read_input(opts.input_path, models.field_kinds(opts.procedure), opts.sheet)
    if not table.rows:
        raise InvalidInput(f"{table.path.name}: no rows to file")
    return build_plan(table, opts.procedure, opts.account, opts.portal)


def exit_code_for(outcomes: list[RowOutcome], interrupted: bool = False) -> int:
    """The most urgent thing a person must do decides: rows that may be filed but are not
    confirmed (5: never refile them by hand), a flow to fix (4), rows that failed (3), an
    interrupted run to resume (130), data to correct (1)."""
    from agent.batch.failures import FailureKind  # late: it brings in the runner (see above)

    statuses = {o.status for o in outcomes}
    failed = [o for o in outcomes if o.status == FAILED]
    if UNCONFIRMED in statuses:
        return EXIT_UNCONFIRMED
    if any(o.fault == FailureKind.FLOW_MISMATCH.value for o in failed):
        return EXIT_FLOW_MISMATCH
    if failed:
        return EXIT_INFRASTRUCTURE
    if INTERRUPTED in statuses or (interrupted and PENDING in statuses):
        return EXIT_INTERRUPTED
    if statuses & {REFUSED, INVALID}:
        return EXIT_REFUSED
    return EXIT_OK


@contextlib.contextmanager
def exclusive(ledger_file: Path) -> Iterator[None]:
    """One batch per ledger at a time (a second one would race on the same rows). The lock dies
    with the process, so a `kill -9` never leaves it stuck."""
    private_dir(ledger_file.parent)
    fd = os.open(str(ledger_file) + ".lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InvalidInput(f"another batch is running with the ledger {ledger_file}") from None
        yield
    finally:
        os.close(fd)


# ---- the plan, shown without filing ------------------------------------------------------------


def describe(plan: Plan, ledger: L.Ledger | None) -> list[tuple[int, str, str, str]]:
    """(row, row_id, account, action) for every row: what a real run would do with it."""
    records = {r.row_id: r for r in ledger.records(plan.input_id)} if ledger else {}
    lines: list[tuple[int, str, str, str]] = []
    for bad in plan.invalid:
        message = row_policy(bad.row.values).mask(bad.message)  # as in the results files
        lines.append((bad.row.number, bad.row.row_id, bad.row.account, f"invalid — {message}"))
    for good in plan.valid:
        rec = records.get(good.row.row_id)
        if rec is None:
            action = "file"
        elif rec.state == L.FILED:
            action = f"skip — filed {rec.dossier_code}"
        elif rec.state in (L.REFUSED, L.FAILED):
            action = f"skip — {rec.state} ({rec.message or ''}); --only-failed re-runs failed rows"
        elif rec.state == L.UNCONFIRMED:
            action = (
                "skip — unconfirmed, may be on the portal; --only-failed looks it up, then files it if absent"
            )
        elif rec.needs_reconciliation:
            action = "look up on the portal, then file if absent (--resume)"
        else:
            action = "file"
        lines.append((good.row.number, good.row.row_id, good.account, action))
    lines.sort()
    return lines


def dry_run(opts: BatchOptions) -> tuple[Plan, list[tuple[int, str, str, str]]]:
    plan = load_plan(opts)
    ledger = L.Ledger(opts.ledger_file) if opts.ledger_file.exists() else None
    try:
        return plan, describe(plan, ledger)
    finally:
        if ledger:
            ledger.close()


# ---- a real run ------------------------------------------------------------------------------------


def _select_work(plan: Plan, ledger: L.Ledger, opts: BatchOptions) -> list[WorkItem]:
    """Register rows and pick the ones this run should work on, refusing to guess after a crash."""
    from agent.batch.workers import WorkItem

    existing = {r.row_id: r for r in ledger.records(plan.input_id)}
    by_id = {p.row.row_id: p for p in plan.valid}
    if opts.only_failed:  # failed and unconfirmed rows; the latter are looked up before filing
        keys = {k.row_id for k in ledger.reopen_failed(plan.input_id)}
        if opts.resume:
            keys |= {r.row_id for r in existing.values() if r.state in (L.PENDING, *L.UNFINISHED)}
        return [
            WorkItem(by_id[i], L.RowKey(plan.input_id, i))
            for i in sorted(keys, key=_order(by_id))
            if i in by_id
        ]
    unfinished = [r for r in existing.values() if r.state in (L.PENDING, *L.UNFINISHED) and r.row_id in by_id]
    if unfinished and not opts.resume:
        raise InvalidInput(
            f"{len(unfinished)} row(s) of {plan.table.identity} are unfinished from an "
            f"earlier run (ledger {opts.ledger_file}); re-run with --resume to check them "
            "on the portal and continue"
        )
    ledger.register(
        plan.input_id,
        plan.procedure,
        [
            L.NewRow(p.row.row_id, p.row.number, content_hash(p.row.dossier_values()), p.account)
            for p in plan.valid
        ],
    )
    work = [
        r
        for r in ledger.records(plan.input_id)
        if r.state in (L.PENDING, *L.UNFINISHED) and r.row_id in by_id
    ]
    # Rows that might already be on the portal go first: their answer matters most.
    work.sort(key=lambda r: (not r.needs_reconciliation, r.row_number))
    return [WorkItem(by_id[r.row_id], r.key) for r in work]


def _order(by_id: dict[str, PlannedRow]) -> Callable[[str], int]:
    return lambda row_id: by_id[row_id].row.number if row_id in by_id else 0


def write_outputs(
    plan: Plan, ledger: L.Ledger, out_dir: Path, reviewed: set[str] | None = None
) -> tuple[list[RowOutcome], dict[str, Path]]:
    outcomes = collect(plan, ledger, reviewed)
    title = f"dvc-agent batch — {plan.procedure} — {plan.table.path.name}"
    files = {
        "csv": write_csv(out_dir / "results.csv", plan.table.columns, outcomes),
        "xlsx": write_xlsx(out_dir / "results.xlsx", plan.table.columns, outcomes),
        "html": write_report(out_dir / "report.html", outcomes, title),
        "junit": write_junit(out_dir / "junit.xml", outcomes, f"dvc-agent.batch.{plan.procedure}"),
    }
    return outcomes, files


def open_engine(
    opts: BatchOptions, artifacts_root: Path
) -> AbstractAsyncContextManager[FilingEngine[Session]]:
    """The one Chromium (through the runner's Engine) every worker shares."""
    from agent.batch.engine_adapter import make_engine

    return make_engine(
        opts.portal_urls,
        opts.credentials,
        artifacts_root,
        headless=opts.headless,
        trace=opts.trace,
        settle_s=opts.settle_s,
        trace_on_retry=opts.trace_on_retry,
    )


async def run_batch(opts: BatchOptions, plan: Plan | None = None) -> BatchResult:
    """File every pending row of the input; safe to kill at any moment and run again."""
    return await run_batch_with(opts, lambda: open_engine(opts, opts.out_dir / "artifacts"), plan)


async def run_batch_with(
    opts: BatchOptions, engine_factory: EngineFactory[SessionT], plan: Plan | None = None
) -> BatchResult:
    """`run_batch` with the engine it files through given (what a benchmark or a test may vary)."""
    from agent.batch.progress import BatchProgress
    from agent.batch.workers import BatchWorkers

    plan = plan or load_plan(opts)
    out_dir = private_dir(opts.out_dir)  # results, report, ledger, artifacts: the owner's only
    with exclusive(opts.ledger_file), L.Ledger(opts.ledger_file) as ledger:
        work = _select_work(plan, ledger, opts)
        total = len(plan.valid)
        progress = BatchProgress(total, lambda: ledger.counts(plan.input_id), tty=opts.tty)
        reviewed: set[str] = set()
        interrupted = False
        try:
            if work:
                async with engine_factory() as engine:
                    runner = BatchWorkers(
                        engine,
                        ledger,
                        workers=opts.workers,
                        max_attempts=opts.max_attempts,
                        settle_s=opts.settle_s,
                        stop_at_review=opts.stop_at_review,
                        on_change=progress.update,
                    )
                    reviewed = runner.stats.reviewed
                    with _signals(runner):
                        stats = await runner.run(work)
                    interrupted = stats.stopped
                    if any(stats.faults.values()):
                        log.info("faults met", **stats.faults, backoff_s=round(stats.backoff_s, 1))
        finally:
            progress.close()
            outcomes, files = write_outputs(plan, ledger, out_dir, reviewed)
        counts = summary(outcomes)
        log.info("batch finished", **{k: v for k, v in counts.items() if v})
        return BatchResult(outcomes, counts, files, exit_code_for(outcomes, interrupted), interrupted)


@contextlib.contextmanager
def _signals(runner: BatchWorkers[SessionT]) -> Iterator[None]:
    """First Ctrl-C (or SIGTERM): finish in-flight rows, start no new ones. Second: abort them."""
    loop = asyncio.get_running_loop()
    presses = {"n": 0}

    def on_signal() -> None:
        presses["n"] += 1
        if presses["n"] == 1:
            log.warning("stopping: finishing rows in flight (press Ctrl-C again to abort them)")
            runner.stop()
        else:
            log.warning("aborting: rows in flight stay marked for reconciliation (--resume)")
            runner.abort()

    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, on_signal)
            installed.append(sig)
        except (NotImplementedError, RuntimeError):  # not the main thread
            pass
    try:
        yield
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
