"""`dvc-agent`: a thin Typer shell. Each command lives in its own module and only parses, calls
and prints; the work happens in agent.dossier / agent.runner / agent.batch / the mock portal."""
from __future__ import annotations

import typer

from agent.cli import batch, inspect, portal, submit

app = typer.Typer(
    name="dvc-agent",
    help="File civil-status dossiers on Vietnam's public-service portals (and run their mock).",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)

inspect.register(app)   # validate, flows, template
submit.register(app)    # submit, status
batch.register(app)     # batch
portal.register(app)    # portal serve


def main() -> None:  # pragma: no cover - console entry
    app()
