"""What happened to each row, in the one shape every writer (CSV/XLSX, HTML, JUnit) reads.

Built from the plan (input values, invalid rows) and the ledger (states, codes), so the results
always say what the ledger says — the ledger is the truth, the files are views of it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agent.batch import ledger as L
from agent.batch.plan import Plan

#: Result statuses as written to the results files.
FILED, REFUSED, FAILED, INVALID = "filed", "refused", "failed", "invalid"
PENDING, UNCONFIRMED, REVIEWED = "pending", "unconfirmed", "reviewed"
PROBLEM_STATUSES = (REFUSED, FAILED, INVALID)

_FROM_LEDGER = {L.FILED: FILED, L.REFUSED: REFUSED, L.FAILED: FAILED, L.PENDING: PENDING,
                L.IN_PROGRESS: UNCONFIRMED, L.SUBMITTED_UNCONFIRMED: UNCONFIRMED}


@dataclass(frozen=True)
class RowOutcome:
    number: int
    row_id: str
    values: dict[str, str]
    status: str
    dossier_code: str = ""
    appointment_date: str = ""
    message: str = ""
    artifacts: str = ""
    attempts: int = 0
    account: str = ""

    @property
    def artifacts_path(self) -> Path | None:
        return Path(self.artifacts) if self.artifacts else None


def collect(plan: Plan, ledger: L.Ledger, reviewed: set[str] | None = None) -> list[RowOutcome]:
    """One outcome per input row, in file order."""
    reviewed = reviewed or set()
    records = {r.row_id: r for r in ledger.records(plan.input_id)}
    outcomes: list[RowOutcome] = []
    for bad in plan.invalid:
        outcomes.append(RowOutcome(bad.row.number, bad.row.row_id, bad.row.values, INVALID,
                                   message=bad.message, account=bad.row.account))
    for good in plan.valid:
        rec = records.get(good.row.row_id)
        if rec is None:
            outcomes.append(RowOutcome(good.row.number, good.row.row_id, good.row.values, PENDING,
                                       account=good.account))
            continue
        status = _FROM_LEDGER[rec.state]
        if status == PENDING and good.row.row_id in reviewed:
            status = REVIEWED
        outcomes.append(RowOutcome(
            good.row.number, good.row.row_id, good.row.values, status,
            dossier_code=rec.dossier_code or "", appointment_date=rec.appointment_date or "",
            message=rec.message or "", artifacts=rec.artifacts or "", attempts=rec.attempts,
            account=rec.account))
    outcomes.sort(key=lambda o: (o.number, o.row_id))
    return outcomes


def summary(outcomes: list[RowOutcome]) -> dict[str, int]:
    counts = {s: 0 for s in (FILED, REFUSED, FAILED, INVALID, PENDING, UNCONFIRMED, REVIEWED)}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    counts["total"] = len(outcomes)
    return counts
