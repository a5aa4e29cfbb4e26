"""`validate`, `flows`, `template`: look at dossiers and procedures without a browser."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from agent.cli.options import AttachmentsRoot, Route


class TemplateFormat(StrEnum):
    yaml = "yaml"
    csv = "csv"
    xlsx = "xlsx"


def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Dossier files (YAML or JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
    attachments_root: AttachmentsRoot = None,
    portal: Route = None,
) -> None:
    """Check dossier files without a browser.

    Every problem is printed with its field path and a hint. Exit code 0 when every file is
    valid, 2 when any is not.
    """
    from agent.dossier import InvalidDossier, load_dossier  # late: the models are not needed for --help

    console = Console(stderr=False, highlight=False)
    results: list[dict[str, Any]] = []
    for path in files:
        try:
            dossier = load_dossier(path, attachments_root, portal=portal)
        except InvalidDossier as exc:
            problems = [
                {"location": p.location, "line": p.line, "message": p.message, "hint": p.hint}
                for p in exc.problems
            ]
            results.append({"file": str(path), "valid": False, "problems": problems})
            if not as_json:
                console.print(f"[red]✗[/red] {exc.render()}", soft_wrap=True)
            continue
        results.append(
            {
                "file": str(path),
                "valid": True,
                "procedure": dossier.procedure,
                "portal": dossier.portal,
                "attachments": len(dossier.attachments),
            }
        )
        if not as_json:
            console.print(
                f"[green]✓[/green] {path}: {dossier.procedure} ({dossier.code}) on "
                f"{dossier.portal}, {len(dossier.attachments)} attachment(s)",
                soft_wrap=True,
            )
    if as_json:
        typer.echo(json.dumps(results, ensure_ascii=False, indent=2))
    if not all(r["valid"] for r in results):
        raise typer.Exit(2)


def flows(
    schema: Annotated[
        bool, typer.Option("--schema", help="Print the JSON Schema of flow files, for editors.")
    ] = False,
) -> None:
    """List the portals, procedures and codes the agent can file."""
    if schema:
        from agent.flow.json_schema import flow_json_schema  # late: only this option needs it

        typer.echo(json.dumps(flow_json_schema(), ensure_ascii=False, indent=2))
        return
    from agent.dossier import PROCEDURES
    from agent.flow import flow_path
    from agent.flow.routes import describe_route

    table = Table(title="Procedures by route (flow file: flows/<route>/<procedure>.yaml)")
    table.add_column("route", no_wrap=True)
    table.add_column("procedure", no_wrap=True, style="bold")
    table.add_column("code", no_wrap=True)
    table.add_column("title", ratio=1)
    routes: set[str] = set()
    pairs = ((route, spec) for spec in PROCEDURES.values() for route in spec.routes)
    rows = sorted(pairs, key=lambda r: (r[0], r[1].slug))
    for route, spec in rows:
        routes.add(route)
        has_flow = flow_path(route, spec.slug).exists()
        title = spec.title if has_flow else f"{spec.title} [red](no flow file yet)[/]"
        table.add_row(route, spec.slug, spec.code, title)
    console = Console()
    console.print(table)
    for route in sorted(routes):
        console.print(f"[bold]{route}[/]: {escape(describe_route(route))}", soft_wrap=True)


def template(
    procedure: Annotated[
        str, typer.Argument(metavar="PROCEDURE", help="Procedure slug, see `dvc-agent flows`.")
    ],
    fmt: Annotated[
        TemplateFormat,
        typer.Option("--format", help="yaml: a blank dossier; csv/xlsx: the batch header row."),
    ] = TemplateFormat.yaml,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="PATH", help="Write here instead of standard output."),
    ] = None,
) -> None:
    """Write a blank dossier or a batch spreadsheet header.

    YAML gives a dossier with every field; CSV and XLSX give the header row `batch` reads.
    """
    from agent.dossier import PROCEDURES
    from agent.dossier.template import csv_template, write_xlsx_template, yaml_template

    if procedure not in PROCEDURES:
        typer.echo(f"unknown procedure {procedure!r}; one of: {', '.join(PROCEDURES)}", err=True)
        raise typer.Exit(2)
    if fmt is TemplateFormat.xlsx:
        target = output or Path(f"{procedure}.xlsx")
        write_xlsx_template(procedure, target)
        typer.echo(str(target))
        return
    text = yaml_template(procedure) if fmt is TemplateFormat.yaml else csv_template(procedure)
    if output:
        output.write_text(text, encoding="utf-8")
        typer.echo(str(output))
    else:
        typer.echo(text, nl=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("validate")(validate)
    app.command("flows")(flows)
    app.command("template")(template)
