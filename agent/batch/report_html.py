"""A one-file HTML report a supervisor can open from an e-mail: no server, no external assets.

Summary counts, one table row per input row (named by its person too: the deceased, the child,
the spouses…), failure screenshots embedded as small data-URI thumbnails (click for full size),
and relative links to Playwright traces. Unconfirmed rows have a colour of their own and one line
saying what to do about them.

Messages and row ids are masked with the shared redaction policy (the report is meant to be
mailed); the person column keeps the name as typed, which is how a supervisor finds the row. The
file is private (0600) like every other output of a batch.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import os
from pathlib import Path

from agent.batch.outcomes import PROBLEM_STATUSES, UNCONFIRMED, UNCONFIRMED_ADVICE, RowOutcome, summary
from agent.batch.results import STATUS_FILLS, masked_message, row_policy
from agent.secrets.private_files import write_private

_MAX_EMBED_BYTES = 2_000_000
_CSS = """
body{font-family:system-ui,"Noto Sans",sans-serif;margin:2rem;color:#222}
h1{font-size:1.4rem}.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:7rem}
.card b{display:block;font-size:1.6rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}
p.advice{border-left:4px solid #7030a0;padding:.3rem .6rem;background:#f3ecf8}
img.thumb{max-width:160px;max-height:110px;border:1px solid #aaa}
"""


def _find(artifacts: Path | None, patterns: tuple[str, ...]) -> list[Path]:
    if artifacts is None or not artifacts.exists():
        return []
    if artifacts.is_file():
        return [artifacts] if any(artifacts.match(p) for p in patterns) else []
    found: list[Path] = []
    for pattern in patterns:
        found.extend(sorted(artifacts.rglob(pattern)))
    return found


def _thumbnail(image: Path, report_dir: Path) -> str:
    """The screenshot embedded (the report stays readable when mailed alone), linking to the
    full-size file beside it (browsers refuse to open data: URIs as pages)."""
    if image.stat().st_size > _MAX_EMBED_BYTES:
        return ""
    data = base64.b64encode(image.read_bytes()).decode("ascii")
    uri = f"data:image/png;base64,{data}"
    return (
        f'<a href="{html.escape(_href(image, report_dir))}" title="{html.escape(image.name)}">'
        f'<img class="thumb" alt="screenshot {html.escape(image.name)}" src="{uri}"></a>'
    )


def _href(target: Path, report_dir: Path) -> str:
    try:
        return os.path.relpath(target, report_dir)
    except ValueError:
        return target.as_uri()


def _link(target: Path, report_dir: Path) -> str:
    return f'<a href="{html.escape(_href(target, report_dir))}">{html.escape(target.name)}</a>'


def _status_css() -> str:
    return "".join(
        f"tr.{status} td.status{{background:#{fill.lower()}}}" for status, fill in STATUS_FILLS.items()
    )


def render(outcomes: list[RowOutcome], title: str, report_dir: Path) -> str:
    counts = summary(outcomes)
    cards = "".join(
        f'<div class="card"><b>{counts[k]}</b>{label}</div>'
        for k, label in [
            ("total", "rows"),
            ("filed", "filed"),
            ("refused", "refused by the portal"),
            ("failed", "failed"),
            ("unconfirmed", "unconfirmed (may be filed)"),
            ("invalid", "invalid input"),
            ("pending", "not yet filed"),
            ("interrupted", "interrupted (--resume)"),
            ("reviewed", "stopped at review"),
        ]
        if k == "total" or counts[k]
    )
    advice = (
        f'<p class="advice" role="note">{counts[UNCONFIRMED]} unconfirmed row(s) '
        f"{html.escape(UNCONFIRMED_ADVICE)}.</p>"
        if counts[UNCONFIRMED]
        else ""
    )
    rows = []
    for o in outcomes:
        shots = traces = ""
        if o.status in PROBLEM_STATUSES:
            shots = "".join(_thumbnail(p, report_dir) for p in _find(o.artifacts_path, ("*.png",))[:3])
        trace_files = _find(o.artifacts_path, ("*.zip",))
        if trace_files:
            traces = " ".join(_link(p, report_dir) for p in trace_files)
        elif o.artifacts_path is not None:
            traces = _link(o.artifacts_path, report_dir)
        rows.append(
            f'<tr class="{o.status}"><td>{o.number}</td>'
            f"<td>{html.escape(row_policy(o.values).mask(o.row_id))}</td>"
            f'<td>{html.escape(o.person)}</td><td class="status">{o.status}</td>'
            f"<td>{html.escape(o.dossier_code)}</td>"
            f"<td>{html.escape(o.appointment_date)}</td><td>{html.escape(masked_message(o))}</td>"
            f"<td>{shots}</td><td>{traces}</td></tr>"
        )
    stamp = dt.datetime.now().strftime("%d/%m/%Y %H:%M")
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}{_status_css()}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>Generated {stamp}</p>"
        f'<section class="cards" aria-label="Summary">{cards}</section>{advice}'
        '<table aria-label="Rows"><thead><tr><th>Row</th><th>Row id</th><th>Person</th><th>Status</th>'
        "<th>Dossier code</th><th>Appointment</th><th>Message</th><th>Screenshot</th>"
        "<th>Artifacts</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></body></html>"
    )


def write_report(path: Path, outcomes: list[RowOutcome], title: str) -> Path:
    tmp = path.with_name(f".{path.name}.tmp")
    write_private(tmp, render(outcomes, title, path.parent))
    os.replace(tmp, path)
    return path
