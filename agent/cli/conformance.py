"""`dvc-agent conformance`: every flow × every scenario against a deployment, scored and reported.

Parses, plans and prints; the work is `agent.conformance`. With no target named it starts the
bundled mock portal itself (one per worker, on free ports, stopped at the end).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from agent.cli.options import CredentialsPath, PortalUrls
from agent.config import PORTALS_ENV, ConfigError, Targets
from agent.errors import EXIT_INVALID, DvcAgentError

MOCK_CREDENTIALS = Path(__file__).resolve().parents[2] / "examples" / "credentials.mock.yaml"
EXIT_CELLS_FAILED = 1


def conformance(
    portal_url: PortalUrls = None,
    procedures: Annotated[
        list[str] | None,
        typer.Option(
            "--procedures",
            metavar="NAMES",
            show_default=False,
            help="Rows: procedure slugs, routes (hanoi, national, dvcqg), row keys "
            "(national/dang-ky-khai-tu) or `account`; comma-separated or repeated.",
        ),
    ] = None,
    scenarios: Annotated[
        list[str] | None,
        typer.Option(
            "--scenarios",
            metavar="NAMES",
            show_default=False,
            help="Columns to run, e.g. happy,error_5xx,refusal (default: all; see --plan).",
        ),
    ] = None,
    stop_at_review: Annotated[
        bool, typer.Option("--stop-at-review", help="Fill in and check the review page; never submit.")
    ] = False,
    submit: Annotated[
        bool,
        typer.Option(
            "--submit",
            help="Against a portal that is not the mock: really submit (default: stop at the review page).",
        ),
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", metavar="N", min=1, help="Cells run side by side (one browser each).")
    ] = 1,
    junit: Annotated[
        Path | None, typer.Option("--junit", metavar="PATH", show_default=False, help="Write JUnit XML here.")
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", metavar="PATH", show_default=False, help="Write the HTML report here."),
    ] = None,
    credentials: CredentialsPath = None,
    artifacts: Annotated[
        Path | None,
        typer.Option(
            "--artifacts",
            metavar="DIR",
            show_default=False,
            help="Run folders, screenshots, traces and the suite's log (default ./runs/conformance-<time>).",
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", metavar="SECONDS", show_default=False, help="How long a step waits (default 15)."
        ),
    ] = 15.0,
    headed: Annotated[bool, typer.Option("--headed", help="Show the browsers.")] = False,
    plan_only: Annotated[
        bool, typer.Option("--plan", help="Only print the table: what would run, and why not.")
    ] = False,
    smoke: Annotated[
        bool,
        typer.Option("--smoke", help="For CI: the happy path of one procedure per route."),
    ] = False,
) -> None:
    """Run every procedure-route found in flows/ under every scenario, plus registration and
    sign-in, and score them: a Rich table (pass / fail / skipped with seconds, the conformance
    index = scenarios covered / applicable, the pass rate), optional JUnit XML and HTML report,
    and a drift report for every step that no longer finds its element.

    With no --portal-url (and no $DVC_AGENT_PORTALS) the bundled mock portal is started on free
    ports, one per worker. The mock (bundled or named) is signed in with its demo accounts
    (examples/credentials.mock.yaml) unless --credentials names others. Against a URL without the
    mock's admin API only the scenarios needing no fault control run, one per worker, and nothing
    is submitted unless --submit is given; a named mock runs one cell at a time (its fault plan is
    global).

    Exit codes: 0 when every cell that ran passed, 1 when one failed, 2 on invalid input.
    """
    from agent.conformance import routes
    from agent.conformance.scenarios import select
    from agent.secrets import load_credentials
    from agent.secrets.credentials import CREDENTIALS_ENV

    console = Console(stderr=True, highlight=False)
    given = bool(portal_url) or bool(os.environ.get(PORTALS_ENV))
    try:
        chosen = select(["happy"] if smoke else scenarios)
        urls = Targets.resolve(portal_url).urls if given else {}
    except (ValueError, ConfigError) as exc:
        console.print(f"[red]✗ invalid:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(EXIT_INVALID) from None
    folder = artifacts or Path("runs") / f"conformance-{datetime.now():%Y%m%d-%H%M%S}"
    from agent.conformance.cli_run import Plan, run_plan

    try:
        creds = load_credentials(credentials) if credentials or os.environ.get(CREDENTIALS_ENV) else None
        rows = routes.discover(
            credentials=creds or load_credentials(MOCK_CREDENTIALS), procedures=procedures or ()
        )
    except DvcAgentError as exc:
        console.print(f"[red]✗ invalid:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(EXIT_INVALID) from None
    if smoke:
        rows = routes.smoke(rows)
    if not rows:
        console.print("[red]✗ invalid:[/red] --procedures matches no row", soft_wrap=True)
        raise typer.Exit(EXIT_INVALID)
    plan = Plan(
        rows=rows,
        scenarios=chosen,
        urls=urls,
        credentials=creds,
        artifacts=folder,
        workers=workers,
        headless=not headed,
        timeout_ms=timeout * 1000,
        stop_at_review=stop_at_review,
        submit_live=submit,
        junit=junit,
        html=html,
        plan_only=plan_only,
    )
    failed = run_plan(plan, Console(), console)
    raise typer.Exit(EXIT_CELLS_FAILED if failed else 0)


def register(app: typer.Typer) -> None:
    """Add `conformance` to the app."""
    app.command("conformance")(conformance)
