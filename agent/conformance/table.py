"""The score table in the terminal (Rich): rows = portal/procedure and the account paths,
columns = scenarios, cells = pass / fail / skipped with seconds; the conformance index (covered /
applicable) and the pass rate beside each row; every skipped or failed cell points to a numbered
note that says why, and each failure's drift report follows the table.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.table import Table
from rich.text import Text

from agent.conformance.judge import FAIL, PASS, PLANNED
from agent.conformance.results import CellResult, SuiteResult
from agent.conformance.scenarios import Scenario
from agent.secrets.redaction import mask_message

SHORT = {
    "happy": "happy",
    "latency": "lat.",
    "error_5xx": "5xx",
    "drop": "drop",
    "session_expiry": "sess.",
    "commit_timeout": "commit",
    "captcha": "capt.",
    "maintenance": "maint.",
    "hydration": "hydr.",
    "rerender": "rerend.",
    "iframe_slow": "iframe",
    "wallet_flaky": "wallet",
    "layout_drift": "layout",
    "widget_drift": "widget",
    "refusal": "refus.",
}
#: Widths the table needs: the row label, each scenario cell ("✗123s¹²" and its borders), the
#: index and pass columns. A narrower terminal gets the scenarios in several tables.
LABEL_WIDTH, CELL_WIDTH, SCORE_WIDTH = 30, 9, 16


#: What differs between two cells failing alike: the mock's port, the run folder's screenshot.
VOLATILE = (
    (re.compile(r"\s*screenshot: \S+"), ""),
    (re.compile(r"https?://(127\.0\.0\.1|localhost):\d+"), ""),
    (re.compile(r"\(page /[^)]*\)"), ""),
)


def gist(text: str) -> str:
    """A reason as a note: masked, on one line, without what only tells two alike cells apart
    (each cell's full reason is in the JUnit and HTML reports)."""
    text = " ".join((mask_message(text) or "").split())
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text.strip()


class Notes:
    """Numbered, de-duplicated reasons."""

    def __init__(self) -> None:
        self.texts: dict[str, int] = {}

    def number(self, text: str) -> int:
        return self.texts.setdefault(gist(text), len(self.texts) + 1)


SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def mark(number: int) -> str:
    """A note's number as a superscript: ¹², compact enough for a cell."""
    return str(number).translate(SUPERSCRIPT)


def cell_text(cell: CellResult, notes: Notes) -> Text:
    if cell.status == PASS:
        return Text(f"✓{cell.seconds:.0f}s", style="green")
    if cell.status == PLANNED:
        return Text("run", style="cyan")
    note = mark(notes.number(cell.reason))
    if cell.status == FAIL:
        return Text(f"✗{cell.seconds:.0f}s{note}", style="bold red")
    if not cell.applicable:
        return Text(f"–{note}", style="dim")
    return Text(f"skip{note}", style="yellow")


def build(
    result: SuiteResult, notes: Notes, scenarios: tuple[Scenario, ...] | None = None, scores: bool = True
) -> Table:
    scenarios = result.scenarios if scenarios is None else scenarios
    table = Table(
        title=f"Conformance: {result.target}",
        caption=Text("✓ pass · ✗ fail · – not applicable · skip: applicable, not run · ¹ note 1 below")
        if scores
        else None,
        show_lines=False,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("portal / procedure", overflow="fold", max_width=LABEL_WIDTH)
    for scenario in scenarios:
        table.add_column(SHORT.get(scenario.name, scenario.name), justify="center", no_wrap=True)
    if scores:
        table.add_column("index", justify="right", no_wrap=True)
        table.add_column("pass", justify="right", no_wrap=True)
    for row in result.rows:
        score = result.row_score(row.key)
        cells = [cell_text(result.cell(row.key, s.name), notes) for s in scenarios]
        rates = [f"{score.ran}/{score.applicable}", f"{score.pass_rate:.0%}" if score.ran else "-"]
        table.add_row(row.key, *cells, *(rates if scores else []))
    if scores:
        total = result.total()
        table.add_row(
            Text("all rows", style="bold"),
            *("" for _ in scenarios),
            Text(f"{total.ran}/{total.applicable}", style="bold"),
            Text(f"{total.pass_rate:.0%}", style="bold"),
            end_section=True,
        )
    return table


def chunks(scenarios: tuple[Scenario, ...], width: int) -> list[tuple[Scenario, ...]]:
    """The scenario columns split into tables that each fit `width`."""
    per_table = max(3, (width - LABEL_WIDTH - SCORE_WIDTH) // CELL_WIDTH)
    return [scenarios[i : i + per_table] for i in range(0, len(scenarios), per_table)] or [()]


def render(result: SuiteResult, console: Console) -> None:
    notes = Notes()
    parts = chunks(result.scenarios, console.width)
    for n, part in enumerate(parts):
        console.print(build(result, notes, part, scores=n == len(parts) - 1))
    total = result.total()
    console.print(
        f"{len(result.rows)} rows × {len(result.scenarios)} scenarios · {total.describe()} · "
        f"{total.failed} failed · wall time {result.seconds:.0f}s",
        highlight=False,
    )
    if notes.texts:
        console.print("Notes:", style="bold")
        for text, number in notes.texts.items():
            console.print(f"  {mark(number)} {text}", highlight=False, markup=False, soft_wrap=True)
    for cell in result.failed:
        if not cell.drift:
            continue
        console.print(f"Drift report — {cell.row} × {cell.scenario}:", style="bold")
        _drift(cell, console)
    passed_with_fallbacks = [c for c in result.cells.values() if c.status == PASS and c.drift]
    for cell in passed_with_fallbacks:
        console.print(f"Fallbacks used — {cell.row} × {cell.scenario}:", style="bold")
        _drift(cell, console)


def _drift(cell: CellResult, console: Console) -> None:
    for item in cell.drift:
        for line in item.lines():
            console.print("  " + (mask_message(line) or ""), highlight=False, markup=False, soft_wrap=True)
