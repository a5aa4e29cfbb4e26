"""Options more than one command shares, declared once so their help reads the same everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

AttachmentsRoot = Annotated[
    Path | None,
    typer.Option(
        "--attachments-root",
        metavar="",  # the help names the folder: a metavar would widen every command's option column
        show_default=False,
        help="DIR: take attachments from inside this folder instead of the dossier's own.",
    ),
]

PortalUrls = Annotated[
    list[str] | None,
    typer.Option(
        "--portal-url",
        metavar="NAME=URL",
        show_default=False,
        help="Portal base URL, repeatable; also $DVC_AGENT_PORTALS.",
    ),
]
CredentialsPath = Annotated[
    Path | None,
    typer.Option(
        "--credentials",
        metavar="PATH",
        show_default=False,
        help="Credentials file (default $DVC_AGENT_CREDENTIALS, else ~/.config/dvc-agent/credentials.yaml).",
    ),
]

Route = Annotated[
    str | None,
    typer.Option(
        "--portal",
        metavar="ROUTE",
        show_default=False,
        help="Route to file by, over the dossier's `portal:`: hanoi (the legacy Hanoi portal), "
        "national (dichvucong.gov.vn, the path since 01/07/2025) or dvcqg (liên thông); "
        "see `dvc-agent flows`.",
    ),
]
