"""`dvc-agent batch FILE --procedure SLUG …`: file every row of a spreadsheet exactly once."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from agent.cli.options import CredentialsPath, PortalUrls, Route
from agent.errors import DvcAgentError


def _configure_logging(tty: bool) -> None:
    """Row-by-row log lines go to stderr (secrets dropped, IDs masked by agent.observability);
    on a terminal the progress bar replaces them and only warnings are printed."""
    from agent.observability import configure

    configure(level=logging.WARNING if tty else logging.INFO)


def batch(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", exists=True, dir_okay=False, help="CSV, XLSX, JSONL or YAML list of rows."
        ),
    ],
    procedure: Annotated[
        str, typer.Option("--procedure", "-p", metavar="SLUG", help="Procedure, e.g. dang-ky-khai-tu.")
    ],
    portal_url: PortalUrls = None,
    portal: Route = None,
    credentials: CredentialsPath = None,
    account: Annotated[
        str | None,
        typer.Option("--account", metavar="NAME", help="Account for rows with no `account` column."),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", "-w", metavar="N", min=1, max=32, help="Parallel browser contexts.")
    ] = 1,
    ledger: Annotated[
        Path | None,
        typer.Option("--ledger", metavar="PATH", help="Ledger (default: OUTPUT_DIR/ledger.sqlite)."),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted run; unfinished rows are checked first.")
    ] = False,
    only_failed: Annotated[
        bool,
        typer.Option(
            "--only-failed",
            help="Re-run just the failed and unconfirmed rows (unconfirmed ones are looked up first).",
        ),
    ] = False,
    stop_at_review: Annotated[
        bool, typer.Option("--stop-at-review", help="Fill each dossier up to the review page; no submit.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate every row and print the plan; no browser.")
    ] = False,
    plan_file: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            metavar="FILE",
            dir_okay=False,
            help="With --dry-run: write the whole plan to FILE (CSV); long plans print as a summary.",
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", metavar="NAME", help="XLSX sheet (default: the first).")
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir", "-o", metavar="DIR", help="Results folder (default: <FILE>-results beside FILE)."
        ),
    ] = None,
    max_attempts: Annotated[
        int,
        typer.Option(
            "--max-attempts", metavar="N", min=1, help="Attempts per row before it counts as failed."
        ),
    ] = 3,
    settle: Annotated[
        float,
        typer.Option(
            "--settle",
            metavar="SECONDS",
            min=0,
            help="Seconds a submit whose answer was lost may take to "
            "land; 'not filed' is believed only after that.",
        ),
    ] = 30.0,
    headed: Annotated[bool, typer.Option("--headed", help="Show the browser.")] = False,
    trace: Annotated[
        bool,
        typer.Option(
            "--trace/--no-trace", help="Record a Playwright trace per row (kept for failed rows; costs CPU)."
        ),
    ] = True,
    trace_on_retry: Annotated[
        bool,
        typer.Option(
            "--trace-on-retry",
            help="Record a row's trace only once it is tried again: a row filed first time costs nothing.",
        ),
    ] = False,
) -> None:
    """File every row of FILE exactly once; safe to interrupt and resume."""
    from agent.batch.outcomes import summary_line
    from agent.batch.run import BatchOptions, run_batch
    from agent.batch.run import dry_run as plan_only

    tty = sys.stderr.isatty()
    _configure_logging(tty)
    out = Console()
    opts = BatchOptions(
        input_path=file,
        procedure=procedure,
        sheet=sheet,
        account=account,
        portal=portal,
        workers=workers,
        ledger_path=ledger,
        output_dir=output_dir,
        resume=resume,
        only_failed=only_failed,
        stop_at_review=stop_at_review,
        portal_urls=list(portal_url or []),
        credentials=credentials,
        headless=not headed,
        trace=trace,
        trace_on_retry=trace_on_retry,
        max_attempts=max_attempts,
        settle_s=settle,
        tty=tty,
    )
    try:
        if dry_run:
            plan, lines = plan_only(opts)
            _show_plan(out, f"Plan for {file.name} ({procedure})", lines, plan_file)
            out.print(f"{len(plan.valid)} valid row(s), {len(plan.invalid)} invalid; nothing was filed.")
            raise typer.Exit(1 if plan.invalid else 0)
        result = asyncio.run(run_batch(opts))
    except DvcAgentError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)  # one line
        raise typer.Exit(exc.exit_code) from None
    out.print(summary_line(result.counts))
    for name, path in result.files.items():
        out.print(escape(f"{name}: {path}"))
    if result.interrupted:
        out.print("interrupted: run again with --resume to continue")
    raise typer.Exit(result.exit_code)


#: A plan of up to this many rows is printed whole; a longer one as a summary (counts per action,
#: the first invalid rows), the whole of it going to `--plan FILE`.
PLAN_TABLE_ROWS = 200
#: Invalid rows a summary lists one by one.
PLAN_INVALID_SHOWN = 20

PlanLine = tuple[int, str, str, str]


def _show_plan(out: Console, title: str, lines: list[PlanLine], plan_file: Path | None) -> None:
    """The dry run's plan: a table of every row, or a summary when it is long."""
    if plan_file is not None:
        _write_plan(plan_file, lines)
    if len(lines) <= PLAN_TABLE_ROWS:
        table = Table(title=escape(title))
        for col in ("row", "row_id", "account", "action"):
            table.add_column(col)
        for number, row_id, acct, action in lines:
            table.add_row(str(number), escape(row_id), escape(acct), escape(action))  # cells are data
        out.print(table)
    else:
        out.print(escape(f"{title}: {len(lines)} rows"))
        summary = Table()
        summary.add_column("action")
        summary.add_column("rows", justify="right")
        for kind, count in Counter(_action_kind(line[3]) for line in lines).most_common():
            summary.add_row(escape(kind), str(count))
        out.print(summary)
        invalid = [line for line in lines if line[3].startswith("invalid")]
        for number, row_id, _acct, action in invalid[:PLAN_INVALID_SHOWN]:
            out.print(escape(f"row {number} ({row_id}): {action}"), soft_wrap=True)
        if len(invalid) > PLAN_INVALID_SHOWN:
            out.print(f"… and {len(invalid) - PLAN_INVALID_SHOWN} more invalid row(s)")
    if plan_file is not None:
        out.print(escape(f"plan: {plan_file}"))
    elif len(lines) > PLAN_TABLE_ROWS:
        out.print("the whole plan, one row a line: --plan FILE")


def _action_kind(action: str) -> str:
    """`skip — filed 000.…` → `skip — filed`; `invalid — message` → `invalid`."""
    head, _, rest = action.partition(" — ")
    if head == "skip" and rest:
        return f"skip — {rest.split()[0].rstrip(',')}"
    return head


def _write_plan(path: Path, lines: list[PlanLine]) -> None:
    """The whole plan as CSV (row, row_id, account, action), closed to others like every
    results file, with formula-like cells made inert (`results.inert`)."""
    import csv
    import io

    from agent.batch.results import inert
    from agent.secrets.private_files import write_private

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("row", "row_id", "account", "action"))
    for number, row_id, acct, action in lines:
        writer.writerow((number, inert(row_id), inert(acct), inert(action)))
    write_private(path, buffer.getvalue())


def register(app: typer.Typer) -> None:
    """Add `batch` to the app."""
    app.command("batch")(batch)
