"""`dvc-agent portal serve`: run the mock portals (Hanoi, DVCQG, liên thông, VNeID, Vietnam Post)."""

from __future__ import annotations

import ipaddress
import secrets
import socket
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

ADMIN_TOKEN_ENV = "DVC_MOCK_ADMIN_TOKEN"


def _is_loopback(address: str) -> bool:
    return ipaddress.ip_address(address).is_loopback


def _local_names(address: str) -> tuple[str, ...]:
    """Host names a wildcard bind is reached by (this machine's name and addresses): the only
    ones besides loopback it answers to, so a DNS-rebinding name still gets 421."""
    if not ipaddress.ip_address(address).is_unspecified:
        return ()
    name = socket.gethostname()
    try:
        _, aliases, addresses = socket.gethostbyname_ex(name)
    except OSError:
        aliases, addresses = [], []
    return (name, *aliases, *addresses)


def _warn_network(address: str, token: str, generated: bool) -> None:
    """Loud, on stderr (stdout carries only the `name=url` lines)."""
    shown = token if generated else f"the one from --admin-token/${ADMIN_TOKEN_ENV}"
    typer.echo(
        f"WARNING: the mock portal listens on {address}, which is not loopback: other machines can "
        "reach it. Its pages sign in demo accounts with published passwords; its admin API "
        "(/__admin/) shows every account, SMS and OTP, so it now requires the admin token "
        f"(header X-Admin-Token): {shown}",
        err=True,
    )


def serve(
    host: Annotated[str, typer.Option(metavar="HOST", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[
        int | None,
        typer.Option(
            metavar="PORT", help="Base port: origins use PORT, PORT+1, … (default 8701; 0 = free ports)."
        ),
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option(metavar="DIR", help="State and uploads (default: a new temporary folder).")
    ] = None,
    faults: Annotated[str, typer.Option(metavar="PLAN", help="Fault plan, e.g. latency=200,drift=on.")] = "",
    seed: Annotated[int, typer.Option(metavar="N", help="Seed for every random fault decision.")] = 0,
    upload_limit_mb: Annotated[float, typer.Option(metavar="MB", help="Largest accepted upload.")] = 10,
    list_page_size: Annotated[
        int, typer.Option(metavar="N", min=1, help="Rows per page of “Hồ sơ của tôi”.")
    ] = 10,
    quiet: Annotated[bool, typer.Option("--quiet", help="Do not log one line per request.")] = False,
    admin_token: Annotated[
        str,
        typer.Option(
            metavar="TOKEN",
            envvar=ADMIN_TOKEN_ENV,
            show_default=False,
            help="Require this token (header X-Admin-Token) for /__admin/. Off on loopback unless "
            "given; on any other address a random one is made and printed when none is given.",
        ),
    ] = "",
) -> None:
    """Serve the mock portals until Ctrl-C.

    Prints one `name=url` line per origin once every origin listens, with the address it really
    listens on. Binding anything but loopback warns and protects /__admin/ with a token.
    """
    from fixtures.mock_portal.config import PortalConfig
    from fixtures.mock_portal.faults import FaultPlan, FaultPlanError
    from fixtures.mock_portal.server import bind_sockets, run_forever, urls_for

    try:
        FaultPlan.parse(faults)
    except FaultPlanError as exc:
        raise typer.BadParameter(str(exc), param_hint="--faults") from None
    try:
        sockets = bind_sockets(host, port)
    except OSError as exc:
        typer.echo(
            f"Cannot listen on {host} (port {port or 8701}…): {exc}. "
            "Choose another base port with --port, or --port 0 for free ports.",
            err=True,
        )
        raise typer.Exit(2) from None
    tmp = None
    if data_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="dvc-mock-portal-")
        data_dir = Path(tmp.name)
    address = next(iter(sockets.values())).getsockname()[0]
    generated = False
    if not _is_loopback(address) and not admin_token:
        admin_token, generated = secrets.token_urlsafe(24), True
    if not _is_loopback(address):
        _warn_network(address, admin_token, generated)
    cfg = PortalConfig(
        urls=urls_for(sockets, address),
        admin_token=admin_token,
        extra_hosts=_local_names(address),
        data_dir=data_dir,
        faults=faults,
        seed=seed,
        upload_limit_mb=upload_limit_mb,
        list_page_size=list_page_size,
    )
    for name, url in cfg.urls.items():
        print(f"{name}={url}", flush=True)
    sys.stdout.flush()
    try:
        run_forever(cfg, sockets, access_log=not quiet)
    finally:
        if tmp is not None:
            tmp.cleanup()


def register(app: typer.Typer) -> None:
    """Add the `portal` command group to the app."""
    portal_app = typer.Typer(
        help="Run the local mock of the public-service portals.", no_args_is_help=True, rich_markup_mode=None
    )
    portal_app.command("serve")(serve)
    app.add_typer(portal_app, name="portal")
