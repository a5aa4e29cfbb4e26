"""The verdict of one cell, from what was observed: no browser, no network, so every rule here is
unit-tested and can fail.

A cell passes only when the scenario really happened (the mock's counters show every fault it
names fired) and the outcome is the right one: filed exactly once with the stored values equal to
the dossier's (and, after a lost answer, found rather than re-sent), refused with the portal's own
message, or failed as an infrastructure fault naming it — never a flow mismatch or a crash.
Against a target without the admin API nothing can be proved on the portal's side: a filing passes
on the engine's own review (and receipt), and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agent.conformance.scenarios import Expect, Scenario

# What a cell ended with.
FILED, REVIEWED, REFUSED, MISMATCH = "filed", "reviewed", "refused", "flow-mismatch"
INFRASTRUCTURE, INVALID, CRASHED, ACCOUNT_DONE = "infrastructure", "invalid", "crashed", "account-done"
PASS, FAIL, SKIPPED, PLANNED = "pass", "fail", "skipped", "planned"  # planned: --plan only


@dataclass
class Observation:
    outcome: str
    message: str = ""
    code: str | None = None
    reconciled: bool = False
    #: Dossiers the portal gained during the cell (None: no admin API to ask).
    new_codes: list[str] | None = None
    #: How the stored dossier (or account) differs from what was sent (None: not checked).
    problems: list[str] | None = None
    fired: dict[str, int] | None = None
    step: str | None = None  # file:line where a flow mismatch happened


@dataclass(frozen=True)
class Verdict:
    status: str  # pass | fail
    reason: str
    notes: tuple[str, ...] = field(default=())


def judge(
    scenario: Scenario, seen: Observation, *, expect: Expect | None = None, stop_at_review: bool = False
) -> Verdict:
    """Pass or fail, with the reason a person reads in the table's footnotes. `expect` overrides
    the scenario's own expectation (an account path under a fault is expected to complete)."""
    if seen.fired is None and scenario.fault_control:
        return _fail("needs the mock's admin API, which this target does not have")
    expect = expect or scenario.expect
    if expect is Expect.ACCOUNT:
        verdict = _account(seen)
    elif expect is Expect.REFUSED:
        verdict = _refused(scenario, seen)
    elif expect is Expect.GAVE_UP:
        verdict = _gave_up(scenario, seen)
    else:
        verdict = _filed(expect, seen, stop_at_review)
    silent = [name for name in scenario.must_fire if seen.fired is not None and not seen.fired.get(name)]
    if not silent:
        return verdict
    never = f"the fault never fired ({', '.join(f'{name}: 0' for name in silent)})"
    if verdict.status == PASS:
        return _fail(f"{never}: the cell proved nothing")
    return _fail(f"{verdict.reason} ({never})")


def _fail(reason: str) -> Verdict:
    return Verdict(FAIL, reason)


def _got(seen: Observation) -> str:
    where = f" at {seen.step}" if seen.step and not seen.message.startswith(seen.step) else ""
    return f"{seen.outcome}{where}: {seen.message}".rstrip(": ")


def _nothing_filed(seen: Observation) -> str | None:
    if seen.new_codes:
        return f"yet the portal holds {len(seen.new_codes)} new dossier(s): {', '.join(seen.new_codes)}"
    return None


def _filed(expect: Expect, seen: Observation, stop_at_review: bool) -> Verdict:
    if stop_at_review:
        if seen.outcome != REVIEWED:
            return _fail(f"expected to stop at the review page, got {_got(seen)}")
        extra = _nothing_filed(seen)
        if extra:
            return _fail(f"stopped at review {extra}")
        return Verdict(PASS, "stopped at the review page; the review agreed; nothing submitted")
    if seen.outcome != FILED or not seen.code:
        return _fail(f"expected: {expect.value}; got {_got(seen)}")
    if expect is Expect.RECONCILED and not seen.reconciled:
        return _fail("filed, but not by reconciliation: the submit's answer was never lost or was re-sent")
    if seen.new_codes is None:
        return Verdict(PASS, f"filed {seen.code}", ("not proved on the portal: it has no admin API",))
    if seen.new_codes != [seen.code]:
        got = ", ".join(seen.new_codes) or "none"
        return _fail(f"the receipt says {seen.code}, the portal gained: {got}")
    if seen.problems:
        return _fail("stored values differ from the dossier: " + "; ".join(seen.problems))
    how = " (found in Hồ sơ của tôi after the lost answer)" if seen.reconciled else ""
    return Verdict(PASS, f"filed {seen.code} once{how}; stored values equal the dossier's")


def _refused(scenario: Scenario, seen: Observation) -> Verdict:
    if seen.outcome != REFUSED:
        return _fail(f"expected: {Expect.REFUSED.value}; got {_got(seen)}")
    if scenario.message and scenario.message not in seen.message:
        return _fail(f"refused, but not with the portal's message {scenario.message!r}: {seen.message}")
    extra = _nothing_filed(seen)
    if extra:
        return _fail(f"refused {extra}")
    return Verdict(PASS, f"refused: {seen.message}")


def _gave_up(scenario: Scenario, seen: Observation) -> Verdict:
    if seen.outcome != INFRASTRUCTURE:
        return _fail(f"expected: {Expect.GAVE_UP.value}; got {_got(seen)}")
    if scenario.message and scenario.message not in seen.message:
        return _fail(
            f"gave up, but the message does not name the fault ({scenario.message!r}): {seen.message}"
        )
    extra = _nothing_filed(seen)
    if extra:
        return _fail(f"gave up {extra}")
    return Verdict(PASS, f"gave up as an infrastructure fault: {seen.message}")


def _account(seen: Observation) -> Verdict:
    if seen.outcome != ACCOUNT_DONE:
        return _fail(f"expected: {Expect.ACCOUNT.value}; got {_got(seen)}")
    if seen.problems:
        return _fail("; ".join(seen.problems))
    return Verdict(PASS, seen.message or "done")
