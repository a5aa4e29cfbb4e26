"""`submit` and `status`: file one dossier through its portal flow, or read a dossier's status.

Everything that can be checked without a browser (the dossier, its flow, the targets, the
account) is checked first; invalid input exits 2 before Chromium starts.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from agent.cli.options import AttachmentsRoot, CredentialsPath, PortalUrls, Route
from agent.config import ConfigError, Targets
from agent.errors import (
    EXIT_FLOW_MISMATCH,
    EXIT_INFRASTRUCTURE,
    EXIT_INVALID,
    EXIT_REFUSED,
    DvcAgentError,
    InvalidInput,
)

if TYPE_CHECKING:  # the runner (Playwright) is imported only when a command needs it
    from agent.runner import DossierStatus, Receipt
    from agent.secrets import Credentials

ARTIFACTS_ENV = "DVC_AGENT_ARTIFACTS"
#: The `error` of `--json` output, by exit code.
ERROR_KINDS = {
    EXIT_REFUSED: "refused",
    EXIT_INVALID: "invalid",
    EXIT_INFRASTRUCTURE: "infrastructure",
    EXIT_FLOW_MISMATCH: "flow-mismatch",
}

ArtifactsDir = Annotated[
    Path | None,
    typer.Option(
        "--artifacts",
        metavar="DIR",
        show_default=False,
        help="Run folders and saved sign-ins (default $DVC_AGENT_ARTIFACTS, else ./runs).",
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
KEEP_PERSONAL_DATA_WARNING = (
    "WARNING: --keep-personal-data: this run's trace, page.html and screenshots keep session "
    "cookies, tokens and personal data in clear (a PERSONAL-DATA-KEPT.txt in the run folder says "
    "so). Share nothing from it; delete it when done."
)


def choose_account(
    credentials: Credentials, explicit: str | None = None, named_by_dossier: str | None = None
) -> str:
    """The account to sign in with: `--account`, else the dossier's, else the only one there
    is. Several accounts and no name is refused (listing them): a guess could file, or look,
    as the wrong person."""
    name = explicit or named_by_dossier
    if name is None:
        names = sorted(credentials.accounts)
        if len(names) == 1:
            name = names[0]
        else:
            which = f"one of: {', '.join(names)}" if names else "none are defined"
            raise InvalidInput(f"which account? pass --account NAME ({which}; from {credentials.source})")
    credentials.account(name)  # unknown names are refused here, before any browser starts
    return name


def _fail(console: Console, exc: DvcAgentError | ConfigError, as_json: bool) -> NoReturn:
    code = exc.exit_code if isinstance(exc, DvcAgentError) else EXIT_INVALID
    artifacts = exc.artifacts if isinstance(exc, DvcAgentError) else None
    if as_json:
        from agent.runner.faults import FlowStepMismatch  # late: the runner brings in Playwright

        out: dict[str, str | bool] = {
            "ok": False,
            "error": ERROR_KINDS.get(code, "error"),
            "message": str(exc),
        }
        if artifacts is not None:
            out["artifacts"] = str(artifacts)
        if isinstance(exc, FlowStepMismatch):  # where to start fixing the flow
            out["step"] = exc.source
            if exc.screenshot is not None:
                out["screenshot"] = str(exc.screenshot)
        typer.echo(json.dumps(out, ensure_ascii=False))
    else:
        console.print(f"[red]✗ {ERROR_KINDS.get(code, 'error')}:[/red] {exc}", soft_wrap=True)
        if artifacts is not None:
            console.print(f"  evidence: {artifacts}", soft_wrap=True)
    raise typer.Exit(code)


def _artifacts(explicit: Path | None) -> Path:
    return explicit or Path(os.environ.get(ARTIFACTS_ENV, "runs"))


def submit(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", show_default=False, help="Dossier file (YAML or JSON).")
    ],
    portal_url: PortalUrls = None,
    portal: Route = None,
    credentials: CredentialsPath = None,
    account: Annotated[
        str | None,
        typer.Option(
            "--account",
            metavar="NAME",
            show_default=False,
            help="Account to file as (default: the dossier's).",
        ),
    ] = None,
    stop_at_review: Annotated[
        bool, typer.Option("--stop-at-review", help="Fill all, screenshot the review page; do not submit.")
    ] = False,
    headed: Annotated[bool, typer.Option("--headed", help="Show the browser.")] = False,
    as_json: AsJson = False,
    artifacts: ArtifactsDir = None,
    attachments_root: AttachmentsRoot = None,
    keep_personal_data: Annotated[
        bool,
        typer.Option(
            "--keep-personal-data",
            help="Keep this run's trace, page and screenshots unmasked (cookies, IDs, names in "
            "clear): for debugging on your own machine; see SECURITY.md.",
        ),
    ] = False,
) -> None:
    """File a dossier: sign in, fill, attach, check the review page, submit, print the code.

    Exit codes: 0 filed; 1 the portal refused it; 2 invalid input; 3 infrastructure failure
    after retries; 4 the flow no longer matches the portal (see the step's file:line).
    """
    from agent.dossier import load_dossier
    from agent.flow import load_procedure_flow
    from agent.observability import configure
    from agent.runner.sync import run
    from agent.secrets import Secrets, load_credentials

    console = Console(stderr=True, highlight=False)
    configure()
    if keep_personal_data:
        console.print(KEEP_PERSONAL_DATA_WARNING, soft_wrap=True)
    try:
        dossier = load_dossier(file, attachments_root, portal=portal)
        load_procedure_flow(dossier.portal, dossier.procedure)
        targets = Targets.resolve(portal_url)
        creds = load_credentials(credentials)
        name = choose_account(creds, account, dossier.account)
    except (DvcAgentError, ConfigError) as exc:
        _fail(console, exc, as_json)

    async def file_it() -> Receipt:
        from agent.runner import Engine

        async with Engine(
            targets,
            Secrets(creds),
            _artifacts(artifacts),
            headless=not headed,
            keep_personal_data=keep_personal_data,
        ) as engine:
            session = await engine.session(name)
            return await engine.file(session, dossier, stop_at_review=stop_at_review)

    try:
        receipt = run(file_it())
    except (DvcAgentError, ConfigError) as exc:
        _fail(console, exc, as_json)
    if as_json:
        typer.echo(json.dumps(receipt.to_dict(), ensure_ascii=False))
    elif receipt.stopped_at_review:
        shot = receipt.artifacts / "review.png" if receipt.artifacts else "-"
        typer.echo(f"Stopped at the review page (nothing submitted). Screenshot: {shot}")
    else:
        typer.echo(f"Mã hồ sơ: {receipt.code}")
        typer.echo(f"Ngày hẹn trả: {receipt.appointment_date or '-'}")
        typer.echo(f"Artifacts: {receipt.artifacts}")
        if receipt.reconciled:
            typer.echo("(the submit's answer was lost; the dossier was found in “Hồ sơ của tôi”)")
        for note in receipt.fallbacks_used:
            typer.echo(f"fallback locator used: {note}")


def status(
    code: Annotated[
        str,
        typer.Argument(
            metavar="CODE", show_default=False, help="Dossier code, e.g. 000.A0.01.H26-261125-0001."
        ),
    ],
    portal: Annotated[
        str,
        typer.Option(
            "--portal", metavar="NAME", help="Route whose list of dossiers to read (hanoi, national, dvcqg)."
        ),
    ] = "hanoi",
    account: Annotated[
        str | None,
        typer.Option(
            "--account",
            metavar="NAME",
            show_default=False,
            help="Account that filed it (if there are several).",
        ),
    ] = None,
    portal_url: PortalUrls = None,
    credentials: CredentialsPath = None,
    as_json: AsJson = False,
    artifacts: ArtifactsDir = None,
) -> None:
    """Read a dossier's status from the portal's “Hồ sơ của tôi”.

    A code the account's list does not hold is an answer, not an error: it prints "not found"
    (`"found": false` with --json) and exits 0. Other exit codes as for `submit`.
    """
    from agent.flow import FLOWS_DIR
    from agent.observability import configure
    from agent.runner.my_dossiers import portal_blocks
    from agent.runner.sync import run
    from agent.secrets import Secrets, load_credentials

    console = Console(stderr=True, highlight=False)
    configure()
    try:
        portal_blocks(portal, FLOWS_DIR)  # a portal with no sign-in/list blocks is invalid input
        targets = Targets.resolve(portal_url)
        creds = load_credentials(credentials)
        name = choose_account(creds, account)
    except (DvcAgentError, ConfigError) as exc:
        _fail(console, exc, as_json)

    async def look() -> DossierStatus | None:
        from agent.runner import Engine

        async with Engine(targets, Secrets(creds), _artifacts(artifacts)) as engine:
            session = await engine.session(name)
            return await engine.status(session, portal, code)

    try:
        found = run(look())
    except (DvcAgentError, ConfigError) as exc:
        _fail(console, exc, as_json)
    if found is None:
        if as_json:
            typer.echo(
                json.dumps(
                    {"found": False, "code": code, "portal": portal, "account": name}, ensure_ascii=False
                )
            )
        else:
            typer.echo(f"{code}: not found in “Hồ sơ của tôi” of {name} on {portal}")
    elif as_json:
        typer.echo(json.dumps({"found": True, **found}, ensure_ascii=False))
    else:
        typer.echo(f"{found['code']}: {found['status']} ({found['procedure']}, nộp {found['submitted_at']})")


def register(app: typer.Typer) -> None:
    """Add `submit` and `status` to the app."""
    app.command("submit")(submit)
    app.command("status")(status)
