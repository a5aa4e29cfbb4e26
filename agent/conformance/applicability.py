"""Which cells run, and why the others do not: every skipped cell carries its reason.

Pure rules over a row's traits, the scenario and the target (mock with admin API or not), so the
table can be planned — and tested — without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.conformance.routes import REGISTER, Row
from agent.conformance.scenarios import Expect, Scenario

NO_ADMIN = "needs fault control: the target has no mock admin API (a live or staging portal)"
NO_LIVE_ACCOUNTS = "never creates accounts on a portal that is not the mock"
NO_SUBMIT = "nothing is submitted (--stop-at-review, or a live portal without --submit)"


@dataclass(frozen=True)
class Skip:
    reason: str
    applicable: bool  # counts against the conformance index (it could run, but did not)
    failed: bool = False  # the row itself is broken (a flow that does not load): a failed cell


def skip(row: Row, scenario: Scenario, *, admin: bool, submits: bool = True) -> Skip | None:
    """None when the cell runs; otherwise why not."""
    applies = bool(set(scenario.needs) & row.traits)
    if row.problem is not None:
        return Skip(row.problem, applicable=applies, failed=row.broken and applies)
    if not applies:
        return Skip(f"n/a: {scenario.why_not or 'not on these pages'}", applicable=False)
    if scenario.fault_control and not admin:
        return Skip(NO_ADMIN, applicable=True)
    if row.kind == REGISTER and not admin:
        return Skip(NO_LIVE_ACCOUNTS, applicable=True)
    if not submits and scenario.expect is Expect.RECONCILED:
        return Skip(f"n/a: {NO_SUBMIT}", applicable=False)
    return None
