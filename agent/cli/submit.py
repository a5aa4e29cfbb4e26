"""`submit` and `status`: file one dossier through its portal flow, or read a dossier's status.

Everything that can be checked without a browser (the dossier, its flow, the targets, the
account) is checked first; invalid input exits 2 before Chromium starts.
"""
from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from agent.config import ConfigError, Targets
from agent.errors import DvcAgentError, InvalidInput

ARTIFACTS_ENV = "DVC_AGENT_ARTIFACTS"

PortalUrls = typer.Option(None, "--portal-url", help="Portal base URL as name=url (repeatable); "
                          "also $DVC_AGENT_PORTALS.")
CredentialsOpt = typer.Option(None, "--credentials", help="Credentials file (default "
                              "$DVC_AGENT_CREDENTIALS or ~/.config/dvc-agent/credentials.yaml).")
ArtifactsOpt = typer.Option(None, "--artifacts", help="Folder for run artifacts and saved sessions "
                            "(default $DVC_AGENT_ARTIFACTS or ./runs).")


def _fail(console: Console, exc: DvcAgentError | ConfigError, as_json: bool) -> None:
    code = getattr(exc, "exit_code", 2)
    kind = {1: "refused", 2: "invalid", 3: "infrastructure"}.get(code, "error")
    if as_json:
        typer.echo(json.dumps({"ok": False, "error": kind, "message": str(exc)}, ensure_ascii=False))
    else:
        render = getattr(exc, "render", None)
        console.print(f"[red]✗ {kind}:[/red] {render() if render else exc}", soft_wrap=True)
    raise typer.Exit(code)


def _account_name(explicit: str | None, dossier_account: str | None, credentials) -> str:
    name = explicit or dossier_account
    if name:
        return name
    if len(credentials.accounts) == 1:
        return next(iter(credentials.accounts))
    raise InvalidInput("the dossier names no `account:`; add one or pass --account NAME "
                       f"(accounts in {credentials.source}: {', '.join(credentials.accounts) or 'none'})")


def _artifacts(explicit: Path | None) -> Path:
    return explicit or Path(os.environ.get(ARTIFACTS_ENV, "runs"))


def submit(file: Path = typer.Argument(..., help="Dossier file (YAML or JSON)."),
           portal_url: Optional[list[str]] = PortalUrls,
           credentials: Optional[Path] = CredentialsOpt,
           account: Optional[str] = typer.Option(None, "--account", help="Account name (overrides the dossier's)."),
           stop_at_review: bool = typer.Option(False, "--stop-at-review",
                                               help="Fill everything, screenshot the review page, do not submit."),
           headed: bool = typer.Option(False, "--headed", help="Show the browser."),
           as_json: bool = typer.Option(False, "--json", help="Print the receipt as JSON."),
           artifacts: Optional[Path] = ArtifactsOpt) -> None:
    """File a dossier: sign in, fill, attach, check the review page, submit, print the code.

    Exit codes: 0 filed, 1 the portal refused it, 2 invalid input, 3 infrastructure failure.
    """
    from agent.dossier import load_dossier
    from agent.flow import load_procedure_flow
    from agent.observability import configure
    from agent.secrets import Secrets, load_credentials

    console = Console(stderr=True, highlight=False)
    configure()
    try:
        dossier = load_dossier(file)
        load_procedure_flow(dossier.portal, dossier.procedure)
        targets = Targets.resolve(portal_url)
        creds = load_credentials(credentials)
        name = _account_name(account, dossier.account, creds)
        creds.account(name)
    except (DvcAgentError, ConfigError) as exc:
        _fail(console, exc, as_json)
        return

    async def run():
        from agent.runner import Engine
        async with Engine(targets, Secrets(creds), _artifacts(artifacts), headless=not headed) as engine:
            session = await engine.session(name)
            return await engine.file(session, dossier, stop_at_review=stop_at_review)

    try:
        receipt = asyncio.run(run())
    except (DvcAgentError, ConfigError) as exc:
        _fail(console, exc, as_json)
        return
    if as_json:
        typer.echo(json.dumps(receipt.to_dict(), ensure_ascii=False))
    elif receipt.stopped_at_review:
        typer.echo(f"Stopped at the review page (nothing submitted). Screenshot: "
                   f"{receipt.artifacts / 'review.png'}")
    else:
        typer.echo(f"Mã hồ sơ: {receipt.code}")
        typer.echo(f"Ngày hẹn trả: {receipt.appointment_date or '-'}")
        typer.echo(f"Artifacts: {receipt.artifacts}")
        if receipt.reconciled:
            typer.echo("(the submit's answer was lost; the dossier was found in “Hồ sơ của tôi”)")
        for note in receipt.fallbacks_used:
            typer.echo(f"fallback locator used: {note}")


def status(code: str = typer.Argument(..., help="Dossier code, e.g. 000.A0.01.H26-261125-0001."),
           portal: str = typer.Option("hanoi", "--portal", help="Portal whose “Hồ sơ của tôi” to read "
                                      "(hanoi or dvcqg)."),
           account: Optional[str] = typer.Option(None, "--account", help="Account that filed it."),
           portal_url: Optional[list[str]] = PortalUrls,
           credentials: Optional[Path] = CredentialsOpt,
           as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
           artifacts: Optional[Path] = ArtifactsOpt) -> None:
    """Read a dossier's status from the portal ("Hồ sơ của tôi")."""
    from agent.observability import configure
    from agent.secrets import Secrets, load_credentials

    console = Console(stderr=True, highlight=False)
    configure()
    try:
        targets = Targets.resolve(portal_url)
        creds = load_credentials(credentials)
        name = account or next(iter(creds.accounts), None)
        if name is None:
            raise InvalidInput(f"no account to sign in with; pass --account NAME ({creds.source})")
        creds.account(name)
    except (DvcAgentError, ConfigError) as exc:
        _fail(console, exc, as_json)
        return

    async def run():
        from agent.runner import Engine
        async with Engine(targets, Secrets(creds), _artifacts(artifacts)) as engine:
            session = await engine.session(name)
            return await engine.status(session, portal, code)

    try:
        found = asyncio.run(run())
    except (DvcAgentError, ConfigError) as exc:
        _fail(console, exc, as_json)
        return
    if found is None:
        _fail(console, InvalidInput(f"no dossier {code} in “Hồ sơ của tôi” of {name} on {portal}"), as_json)
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False))
    else:
        typer.echo(f"{found['code']}: {found['status']} ({found['procedure']}, nộp {found['submitted_at']})")


def register(app: typer.Typer) -> None:
    """Add `submit` and `status` to the app."""
    app.command("submit")(submit)
    app.command("status")(status)
