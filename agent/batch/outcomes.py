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
PENDING, UNCONFIRMED, REVIEWED, INTERRUPTED = "pending", "unconfirmed", "reviewed", "interrupted"
STATUSES = (FILED, REFUSED, FAILED, UNCONFIRMED, INVALID, PENDING, INTERRUPTED, REVIEWED)
#: Rows a person has to look at (their evidence is shown in the report).
PROBLEM_STATUSES = (REFUSED, FAILED, UNCONFIRMED, INVALID)
#: What to do about an unconfirmed row, said once wherever such rows are listed.
UNCONFIRMED_ADVICE = (
    "may already be on the portal: do not refile by hand; run --only-failed, which checks the portal first"
)

_FROM_LEDGER = {
    L.FILED: FILED,
    L.REFUSED: REFUSED,
    L.FAILED: FAILED,
    L.UNCONFIRMED: UNCONFIRMED,
    L.PENDING: PENDING,
    L.IN_PROGRESS: INTERRUPTED,
    L.SUBMITTED_UNCONFIRMED: INTERRUPTED,
}


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
    person: str = ""  # the name(s) the portal shows for the dossier (deceased, child, spouses…)
    fault: str = ""  # the kind of fault that ended a failed or unconfirmed row

    @property
    def artifacts_path(self) -> Path | None:
        return Path(self.artifacts) if self.artifacts else None


def collect(plan: Plan, ledger: L.Ledger, reviewed: set[str] | None = None) -> list[RowOutcome]:
    """One outcome per input row, in file order."""
    reviewed = reviewed or set()
    records = {r.row_id: r for r in ledger.records(plan.input_id)}
    outcomes: list[RowOutcome] = []
    for bad in plan.invalid:
        outcomes.append(
            RowOutcome(
                bad.row.number,
                bad.row.row_id,
                bad.row.values,
                INVALID,
                message=bad.message,
                account=bad.row.account,
                person=plan.person(bad.row),
            )
        )
    for good in plan.valid:
        rec = records.get(good.row.row_id)
        if rec is None:
            outcomes.append(
                RowOutcome(
                    good.row.number,
                    good.row.row_id,
                    good.row.values,
                    PENDING,
                    account=good.account,
                    person=plan.person(good.row),
                )
            )
            continue
        status = _FROM_LEDGER[rec.state]
        if status == PENDING and good.row.row_id in reviewed:
            status = REVIEWED
        outcomes.append(
            RowOutcome(
                good.row.number,
                good.row.row_id,
                good.row.values,
                status,
                dossier_code=rec.dossier_code or "",
                appointment_date=rec.appointment_date or "",
                message=rec.message or "",
                artifacts=rec.artifacts or "",
                attempts=rec.attempts,
                account=rec.account,
                person=plan.person(good.row),
                fault=rec.fault or "",
            )
        )
    outcomes.sort(key=lambda o: (o.number, o.row_id))
    return outcomes


def summary(outcomes: list[RowOutcome]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    counts["total"] = len(outcomes)
    return counts


def summary_line(counts: dict[str, int]) -> str:
    """One line for the end of a run, e.g. "filed 28 · unconfirmed 2 · invalid 3"."""
    parts = [f"filed {counts.get(FILED, 0)}"]
    parts += [
        f"{label} {counts[key]}"
        for key, label in (
            (REFUSED, "refused"),
            (FAILED, "failed"),
            (UNCONFIRMED, "unconfirmed (may be filed)"),
            (INVALID, "invalid"),
            (PENDING, "not yet filed"),
            (INTERRUPTED, "interrupted"),
            (REVIEWED, "reviewed"),
        )
        if counts.get(key, 0)
    ]
    return " · ".join(parts)
