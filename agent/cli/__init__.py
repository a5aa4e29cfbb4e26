"""`dvc-agent`: a thin Typer shell. Each command lives in its own module and only parses, calls
and prints; the work happens in agent.dossier / agent.runner / agent.batch / the mock portal."""

from __future__ import annotations

from typing import Any

import typer

from agent.cli import batch, conformance, inspect, portal, submit

#: Click's plain help layout: at 80 columns Rich's option table leaves the descriptions a column
#: too narrow to read (one word per line); the plain layout wraps them under a fixed indent.
HELP_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    name="dvc-agent",
    help="File civil-status dossiers on Vietnam's public-service portals, and run their mock.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
    context_settings=HELP_SETTINGS,
)

inspect.register(app)  # validate, flows, template
submit.register(app)  # submit, status
batch.register(app)  # batch
portal.register(app)  # portal serve
conformance.register(app)  # conformance


def main() -> None:
    """Console entry (`dvc-agent`, `python -m agent`): both name the program `dvc-agent`."""
    app(prog_name="dvc-agent")
