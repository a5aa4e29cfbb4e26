"""`dvc-agent batch FILE --procedure SLUG …`: file every row of a spreadsheet exactly once."""

from __future__ import annotations

import asyncio
import logging
import sys
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
        max_attempts=max_attempts,
        settle_s=settle,
        tty=tty,
    )
    try:
        if dry_run:
            plan, lines = plan_only(opts)
            table = Table(title=escape(f"Plan for {file.name} ({procedure})"))
            for col in ("row", "row_id", "account", "action"):
                table.add_column(col)
            for number, row_id, acct, action in lines:
                table.add_row(str(number), escape(row_id), escape(acct), escape(action))  # cells are data
            out.print(table)
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


def register(app: typer.Typer) -> None:
    """Add `batch` to the app."""
    app.command("batch")(batch)
