"""`validate`, `flows`, `template`: look at dossiers and procedures without a browser."""
from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from agent.dossier import PROCEDURES, InvalidDossier, load_dossier
from agent.dossier.template import csv_template, write_xlsx_template, yaml_template

FLOWS_DIR = Path(__file__).resolve().parents[2] / "flows"


class TemplateFormat(str, Enum):
    yaml = "yaml"
    csv = "csv"
    xlsx = "xlsx"


def validate(files: list[Path] = typer.Argument(..., help="Dossier files (YAML or JSON)."),
             as_json: bool = typer.Option(False, "--json", help="Print results as JSON.")) -> None:
    """Check dossier files against the procedure's rules, without starting a browser.

    Exit code 0 when every file is valid, 2 when any is not.
    """
    console = Console(stderr=False, highlight=False)
    results = []
    for path in files:
        try:
            dossier = load_dossier(path)
        except InvalidDossier as exc:
            results.append({"file": str(path), "valid": False, "problems": [
                {"location": p.location, "line": p.line, "message": p.message, "hint": p.hint}
                for p in exc.problems]})
            if not as_json:
                console.print(f"[red]✗[/red] {exc.render()}", soft_wrap=True)
            continue
        results.append({"file": str(path), "valid": True, "procedure": dossier.procedure,
                        "portal": dossier.portal, "attachments": len(dossier.attachments)})
        if not as_json:
            console.print(f"[green]✓[/green] {path}: {dossier.procedure} ({dossier.code}) on "
                          f"{dossier.portal}, {len(dossier.attachments)} attachment(s)", soft_wrap=True)
    if as_json:
        typer.echo(json.dumps(results, ensure_ascii=False, indent=2))
    if not all(r["valid"] for r in results):
        raise typer.Exit(2)


def flows() -> None:
    """List the portals, procedures and codes the agent can file."""
    table = Table(title="Procedures (flow file: flows/<portal>/<procedure>.yaml)")
    table.add_column("portal", no_wrap=True)
    table.add_column("procedure", no_wrap=True, style="bold")
    table.add_column("code", no_wrap=True)
    table.add_column("title", ratio=1)
    for spec in sorted(PROCEDURES.values(), key=lambda s: (s.portal, s.slug)):
        flow = FLOWS_DIR / spec.portal / f"{spec.slug}.yaml"
        title = spec.title if flow.exists() else f"{spec.title} [red](no flow file yet)[/]"
        table.add_row(spec.portal, spec.slug, spec.code, title)
    Console().print(table)


def template(procedure: str = typer.Argument(..., help="Procedure slug, see `dvc-agent flows`."),
             fmt: TemplateFormat = typer.Option(TemplateFormat.yaml, "--format",
                                                help="yaml: a blank dossier; csv/xlsx: the batch header row."),
             output: Path | None = typer.Option(None, "--output", "-o",
                                                help="Write here instead of standard output.")) -> None:
    """Write a blank dossier (YAML) or the batch spreadsheet header (CSV/XLSX) with every field."""
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
