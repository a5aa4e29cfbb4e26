"""`dvc-agent batch FILE --procedure SLUG …`: file every row of a spreadsheet exactly once."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from agent.errors import DvcAgentError


def _configure_logging(tty: bool) -> None:
    """Row-by-row log lines go to stderr (secrets dropped, IDs masked by agent.observability);
    on a terminal the progress bar replaces them and only warnings are printed."""
    import logging

    from agent.observability import configure

    configure(level=logging.WARNING if tty else logging.INFO)


def register(app: typer.Typer) -> None:
    """Add `batch` to the app."""

    @app.command("batch")
    def batch(
        file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV, XLSX, JSONL or YAML list of rows."),
        procedure: str = typer.Option(..., "--procedure", "-p", help="Procedure slug, e.g. dang-ky-khai-tu."),
        portal_url: list[str] = typer.Option([], "--portal-url", help="name=url, repeatable (e.g. hanoi=http://127.0.0.1:8701)."),
        credentials: Optional[Path] = typer.Option(None, "--credentials", help="Credentials YAML (accounts)."),
        account: Optional[str] = typer.Option(None, "--account", help="Account for rows without an `account` column."),
        workers: int = typer.Option(1, "--workers", "-w", min=1, max=32, help="Parallel browser contexts."),
        ledger: Optional[Path] = typer.Option(None, "--ledger", help="Ledger file (default: OUTPUT_DIR/ledger.sqlite)."),
        resume: bool = typer.Option(False, "--resume", help="Continue an interrupted run: look up unfinished rows first."),
        only_failed: bool = typer.Option(False, "--only-failed", help="Re-run just the rows that failed."),
        stop_at_review: bool = typer.Option(False, "--stop-at-review", help="Fill each dossier up to the review page; submit nothing."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Validate every row and print the plan; no browser."),
        sheet: Optional[str] = typer.Option(None, "--sheet", help="XLSX sheet (default: the first)."),
        output_dir: Optional[Path] = typer.Option(None, "--output-dir", "-o", help="Where results go (default: FILE's folder/<name>-results)."),
        max_attempts: int = typer.Option(3, "--max-attempts", min=1, help="Attempts per row before it counts as failed."),
        settle: float = typer.Option(30.0, "--settle", min=0, help="Seconds a submit whose answer was lost may still take to land; 'not filed' is only believed after that."),
        headed: bool = typer.Option(False, "--headed", help="Show the browser."),
        trace: bool = typer.Option(True, "--trace/--no-trace", help="Record a Playwright trace per row (kept for failed rows; costs CPU)."),
    ) -> None:
        """File every row of FILE exactly once; safe to interrupt and resume."""
        from agent.batch.run import BatchOptions, dry_run as plan_only, run_batch

        tty = sys.stderr.isatty()
        _configure_logging(tty)
        out = Console()
        opts = BatchOptions(input_path=file, procedure=procedure, sheet=sheet, account=account,
                            workers=workers, ledger_path=ledger, output_dir=output_dir, resume=resume,
                            only_failed=only_failed, stop_at_review=stop_at_review,
                            portal_urls=list(portal_url), credentials=credentials,
                            headless=not headed, trace=trace, max_attempts=max_attempts, settle_s=settle, tty=tty)
        try:
            if dry_run:
                plan, lines = plan_only(opts)
                table = Table(title=f"Plan for {file.name} ({procedure})")
                for col in ("row", "row_id", "account", "action"):
                    table.add_column(col)
                for number, row_id, acct, action in lines:
                    table.add_row(str(number), row_id, acct, action)
                out.print(table)
                out.print(f"{len(plan.valid)} valid row(s), {len(plan.invalid)} invalid; nothing was filed.")
                raise typer.Exit(1 if plan.invalid else 0)
            result = asyncio.run(run_batch(opts))
        except DvcAgentError as exc:
            Console(stderr=True).print(f"[red]error:[/red] {exc}")
            raise typer.Exit(exc.exit_code)
        c = result.counts
        out.print(f"filed {c['filed']} · refused {c['refused']} · failed {c['failed']} · invalid {c['invalid']}"
                  f" · not yet filed {c['pending'] + c['unconfirmed']}"
                  + (f" · reviewed {c['reviewed']}" if c['reviewed'] else ""))
        for name, path in result.files.items():
            out.print(f"{name}: {path}")
        if result.interrupted:
            out.print("interrupted: run again with --resume to continue")
        raise typer.Exit(result.exit_code)
