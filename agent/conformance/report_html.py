"""The score table as one self-contained HTML file (no server, no external assets), in the batch
report's style and with its helpers (`agent.batch.report_html`): the matrix with a colour per
verdict, the conformance index and pass rate per row, the numbered notes explaining every skipped
and failed cell, then each failure with its drift report, screenshots of the failing step embedded
as thumbnails (click for full size) and relative links to its traces and run folder.

Every message is masked with the shared redaction policy; the file is private (0600).
"""

from __future__ import annotations

import datetime as dt
import html
import os
from pathlib import Path

from agent.batch.report_html import _CSS, _link, _thumbnail
from agent.conformance.judge import FAIL, PASS, PLANNED
from agent.conformance.results import CellResult, SuiteResult
from agent.conformance.table import SHORT, Notes
from agent.secrets.private_files import write_private
from agent.secrets.redaction import mask_message

#: The engine's screenshots of the failing step (a flow mismatch, any other failure).
FAILING_STEP = ("mismatch.png", "failure.png")
_MORE_CSS = """
td.pass{background:#c6efce}td.fail{background:#ffc7ce}td.na{color:#999}td.skip{background:#eee}
td.cell{text-align:center;white-space:nowrap}pre{white-space:pre-wrap;font-size:.85rem}
section.failure{border-top:1px solid #ddd;margin-top:1rem}
"""


def _e(text: str) -> str:
    return html.escape(mask_message(text) or "")


def _cell(cell: CellResult, notes: Notes) -> str:
    if cell.status == PASS:
        return f'<td class="cell pass" title="{_e(cell.reason)}">✓ {cell.seconds:.0f}s</td>'
    if cell.status == PLANNED:
        return '<td class="cell skip">to run</td>'
    mark = notes.number(cell.reason)
    anchor = f'<a href="#note-{mark}">[{mark}]</a>'
    if cell.status == FAIL:
        return f'<td class="cell fail" title="{_e(cell.reason)}">✗ {cell.seconds:.0f}s {anchor}</td>'
    css, text = ("na", "–") if not cell.applicable else ("skip", "skip")
    return f'<td class="cell {css}" title="{_e(cell.reason)}">{text} {anchor}</td>'


def _failure(cell: CellResult, title: str, report_dir: Path) -> str:
    pictures = sorted(cell.screenshots(), key=lambda p: p.name not in FAILING_STEP)
    shots = _thumbnail(pictures[0], report_dir) if pictures else ""  # one embedded per failure
    shots += " ".join(_link(p, report_dir) for p in pictures[1:])
    traces = " ".join(_link(p, report_dir) for p in cell.traces())
    folder = _link(cell.artifacts, report_dir) if cell.artifacts else ""
    drift = "\n".join(line for item in cell.drift for line in item.lines())
    return (
        f'<section class="failure" id="cell-{html.escape(cell.row)}-{html.escape(cell.scenario)}">'
        f"<h3>{html.escape(title)} × {html.escape(cell.scenario)}</h3>"
        f"<p>{_e(cell.reason)}</p>"
        + (f"<h4>Drift report</h4><pre>{_e(drift)}</pre>" if drift else "")
        + (f"<p>{shots}</p>" if shots else "")
        + f"<p>Traces: {traces or 'none kept'} · run folder: {folder or '-'}</p></section>"
    )


def render(result: SuiteResult, report_dir: Path) -> str:
    notes = Notes()
    total = result.total()
    head = "".join(f"<th>{html.escape(SHORT.get(s.name, s.name))}</th>" for s in result.scenarios)
    rows = []
    for row in result.rows:
        score = result.row_score(row.key)
        cells = "".join(_cell(c, notes) for c in result.row_cells(row.key))
        rate = f"{score.pass_rate:.0%}" if score.ran else "-"
        rows.append(
            f'<tr><th scope="row" title="{html.escape(row.title)}">{html.escape(row.key)}</th>{cells}'
            f"<td>{score.ran}/{score.applicable}</td><td>{rate}</td></tr>"
        )
    cards = "".join(
        f'<div class="card"><b>{value}</b>{label}</div>'
        for value, label in [
            (len(result.rows), "rows"),
            (len(result.scenarios), "scenarios"),
            (f"{total.index:.0%}", f"conformance index ({total.ran}/{total.applicable})"),
            (f"{total.pass_rate:.0%}", f"pass rate ({total.passed}/{total.ran})"),
            (total.failed, "failed cells"),
            (f"{result.seconds:.0f}s", "wall time"),
        ]
    )
    note_items = "".join(
        f'<li id="note-{number}" value="{number}">{html.escape(text)}</li>'
        for text, number in notes.texts.items()
    )
    failures = "".join(_failure(c, result.row_title(c.row), report_dir) for c in result.failed)
    fallbacks = [c for c in result.cells.values() if c.status == PASS and c.drift]
    fallback_html = "".join(
        f"<h3>{html.escape(c.row)} × {html.escape(c.scenario)}</h3>"
        f"<pre>{_e(chr(10).join(line for item in c.drift for line in item.lines()))}</pre>"
        for c in fallbacks
    )
    title = f"Conformance: {result.target}"
    stamp = dt.datetime.now().strftime("%d/%m/%Y %H:%M")
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}{_MORE_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>Generated {stamp}</p>"
        f'<section class="cards" aria-label="Summary">{cards}</section>'
        '<table aria-label="Score"><thead><tr><th>portal / procedure</th>'
        f"{head}<th>index</th><th>pass</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        "<p>✓ pass · ✗ fail · – not applicable · skip: applicable, not run · [n]: the note below</p>"
        f'<h2>Notes</h2><ol aria-label="Notes">{note_items}</ol>'
        + (f"<h2>Failures</h2>{failures}" if failures else "")
        + (f"<h2>Fallback locators used</h2>{fallback_html}" if fallback_html else "")
        + "</body></html>"
    )


def write_report(path: Path, result: SuiteResult) -> Path:
    tmp = path.with_name(f".{path.name}.tmp")
    write_private(tmp, render(result, path.parent))
    os.replace(tmp, path)
    return path
