"""`dvc-agent portal serve`: run the mock portals (Hanoi, DVCQG, liên thông, VNeID, Vietnam Post)."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    """Add the `portal` command group to the app."""
    portal_app = typer.Typer(help="Run the local mock of the public-service portals.", no_args_is_help=True)

    @portal_app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
        port: Optional[int] = typer.Option(None, help="Base port: origins use PORT, PORT+1, … "
                                                      "(default 8701…; 0 = free ports)."),
        data_dir: Optional[Path] = typer.Option(None, help="Where SQLite state and uploads live "
                                                           "(default: a fresh temporary folder)."),
        faults: str = typer.Option("", help="Fault plan, e.g. latency=200,error_5xx=0.05,commit_timeout=0.2"),
        seed: int = typer.Option(0, help="Seed for every random fault decision."),
        upload_limit_mb: float = typer.Option(10, help="Largest accepted upload, in MB."),
        list_page_size: int = typer.Option(10, min=1, help="Rows per page of “Hồ sơ của tôi”."),
        quiet: bool = typer.Option(False, "--quiet", help="Do not log one line per request."),
    ) -> None:
        """Serve every origin and print one `name=url` line per origin, then run until Ctrl-C."""
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
            typer.echo(f"Cannot listen on {host} (port {port or 8701}…): {exc}. "
                       "Choose another base port with --port, or --port 0 for free ports.", err=True)
            raise typer.Exit(2) from None
        tmp = None
        if data_dir is None:
            tmp = tempfile.TemporaryDirectory(prefix="dvc-mock-portal-")
            data_dir = Path(tmp.name)
        display_host = "127.0.0.1" if host in ("0.0.0.0", "") else host
        cfg = PortalConfig(urls=urls_for(sockets, display_host), data_dir=data_dir, faults=faults,
                           seed=seed, upload_limit_mb=upload_limit_mb, list_page_size=list_page_size)
        for name, url in cfg.urls.items():
            print(f"{name}={url}", flush=True)
        sys.stdout.flush()
        try:
            run_forever(cfg, sockets, access_log=not quiet)
        finally:
            if tmp is not None:
                tmp.cleanup()

    app.add_typer(portal_app, name="portal")
