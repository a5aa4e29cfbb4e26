"""The batch's own decisions about failed attempts: what they cost, when a row comes back, and
that a row whose submit may have reached the portal is never reported failed on a guess.

A scripted engine plays the faults (a real portal cannot be made to expire a session exactly
then), a real ledger records the outcome, and the clock is the test's: backoff and settle windows
pass without anyone waiting. The same behaviour against the mock portal and Chromium is proved by
test_batch_faults.py and test_batch_unconfirmed.py.
"""

from __future__ import annotations

import random

import pytest

from agent.batch import ledger as L
from agent.batch.failures import DEFAULT_BACKOFF, Backoff, FailureKind, classify
from agent.batch.inputs import InputRow
from agent.batch.plan import PlannedRow
from agent.batch.workers import BatchWorkers, WorkItem
from agent.errors import FlowMismatch, InfrastructureFailure, InvalidInput, PortalRefused
from agent.runner.faults import SessionExpired, StepFailed, TransientFault
from tests.batch.fake_clock import FakeClock
from tests.batch.scripted_engine import (
    EXPIRE,
    FAULT_5XX,
    FLOW,
    LANDS_THEN_5XX,
    LOST_THEN_5XX,
    OK,
    READ,
    FakeDossier,
    ScriptedEngine,
)

INPUT = "dang-ky-khai-tu:rows.csv"
SETTLE_S = 30.0


def _items(ledger: L.Ledger, row_ids: list[str]) -> list[WorkItem]:
    ledger.register(
        INPUT,
        "dang-ky-khai-tu",
        [L.NewRow(r, n, f"h{n}", "citizen-a") for n, r in enumerate(row_ids, start=2)],
    )
    return [
        WorkItem(PlannedRow(InputRow(n, r, {}), FakeDossier(r), "citizen-a"), L.RowKey(INPUT, r))
        for n, r in enumerate(row_ids, start=2)
    ]


def _run(
    tmp_path,
    run_async,
    engine: ScriptedEngine,
    row_ids: list[str],
    *,
    clock: FakeClock | None = None,
    prepare=None,
    **options,
):
    ledger = L.Ledger(tmp_path / "ledger.sqlite")
    items = _items(ledger, row_ids)
    if prepare:
        prepare(ledger)
    clock = clock or FakeClock()
    workers = BatchWorkers(engine, ledger, clock=clock, settle_s=SETTLE_S, rng=random.Random(7), **options)
    stats = run_async(workers.run(items))
    return ledger, clock, stats


def _record(ledger: L.Ledger, row_id: str) -> L.LedgerRecord:
    return ledger.get(L.RowKey(INPUT, row_id))


# ---- what kind of failure, and what it costs ---------------------------------------------------


def _wrapped(fault: Exception) -> Exception:
    try:
        raise InfrastructureFailure("gave up after 5 attempts") from fault
    except InfrastructureFailure as exc:
        return exc


def _suppressed(fault: Exception) -> Exception:
    try:
        try:
            raise fault
        except Exception:
            raise RuntimeError("unforeseen") from None
    except RuntimeError as exc:
        return exc


def test_failures_are_classified_through_the_engines_wrapping():
    assert classify(_wrapped(SessionExpired("hết hạn"))) is FailureKind.SESSION_EXPIRED
    assert classify(_wrapped(TransientFault("HTTP 503"))) is FailureKind.TRANSIENT
    assert classify(SessionExpired("signed out")) is FailureKind.SESSION_EXPIRED
    assert classify(_wrapped(StepFailed("no such field"))) is FailureKind.FLOW_MISMATCH
    assert classify(FlowMismatch("step 12")) is FailureKind.FLOW_MISMATCH
    assert classify(_wrapped(PortalRefused("Ngày chết không hợp lệ"))) is FailureKind.REFUSED
    assert classify(InvalidInput("no account 'citizen-c'")) is FailureKind.INVALID
    assert classify(TimeoutError()) is FailureKind.ROW_TIMEOUT
    assert classify(RuntimeError("boom")) is FailureKind.UNKNOWN
    assert classify(_suppressed(SessionExpired("x"))) is FailureKind.UNKNOWN  # `from None` hides it
    assert FailureKind.FLOW_MISMATCH.final and not FailureKind.TRANSIENT.final
    assert not FailureKind.SESSION_EXPIRED.spends_budget and FailureKind.TRANSIENT.spends_budget


def test_backoff_is_per_kind_exponential_jittered_and_capped():
    rng = random.Random(1)
    transient = DEFAULT_BACKOFF[FailureKind.TRANSIENT]
    assert DEFAULT_BACKOFF[FailureKind.SESSION_EXPIRED].delay(3, rng) == 0
    for n, low, high in [(1, 1, 2), (2, 2, 4), (3, 4, 8), (10, 15, 30)]:
        delays = {transient.delay(n, rng) for _ in range(50)}
        assert all(low <= d <= high for d in delays) and len(delays) > 1, (n, sorted(delays)[:3])
    assert DEFAULT_BACKOFF[FailureKind.ROW_TIMEOUT].delay(1, rng) > transient.delay(1, rng)
    assert Backoff(2, 30).delay(0, rng) == 0


# ---- budgets and waits -------------------------------------------------------------------------


def test_session_expiry_spends_no_attempt_and_no_time(tmp_path, run_async):
    engine = ScriptedEngine({"r1": [EXPIRE, EXPIRE, EXPIRE, OK]})
    ledger, clock, stats = _run(tmp_path, run_async, engine, ["r1"], max_attempts=2)
    rec = _record(ledger, "r1")
    assert rec.state == L.FILED and rec.failures == 0 and rec.dossier_code == engine.portal["r1"]
    assert clock.sleeps == []  # signed in again at once
    assert stats.faults == {"session_expired": 3}
    assert len(engine.sessions) == 4  # a fresh context (and sign-in) each time
    assert all(s.closed for s in engine.sessions)


def test_transient_faults_back_off_without_holding_up_other_rows(tmp_path, run_async):
    engine = ScriptedEngine({"r1": [FAULT_5XX, FAULT_5XX, OK], "r2": [OK], "r3": [OK]})
    ledger, clock, _ = _run(tmp_path, run_async, engine, ["r1", "r2", "r3"], max_attempts=3)
    assert [c for c in engine.calls if c[0] == "file"] == [
        ("file", "r1"),
        ("file", "r2"),
        ("file", "r3"),
        ("file", "r1"),
        ("file", "r1"),
    ]
    assert {r.state for r in ledger.records(INPUT)} == {L.FILED}
    assert _record(ledger, "r1").failures == 2
    # Only r1 was left, backing off: the worker waited for it, 1–2 s and then 2–4 s (with jitter).
    assert len(clock.sleeps) == 2 and 1 <= clock.sleeps[0] <= 2 and 2 <= clock.sleeps[1] <= 4


def test_transient_faults_use_up_the_budget_of_a_row_that_never_reached_submit(tmp_path, run_async):
    engine = ScriptedEngine({"r1": [FAULT_5XX, FAULT_5XX, OK]})
    ledger, _, _ = _run(tmp_path, run_async, engine, ["r1"], max_attempts=2)
    rec = _record(ledger, "r1")
    assert (rec.state, rec.failures, rec.fault) == (L.FAILED, 1, "transient")
    assert engine.portal == {}  # failed, and truly not on the portal


def test_a_flow_mismatch_fails_at_once(tmp_path, run_async):
    engine = ScriptedEngine({"r1": [FLOW, OK]})
    ledger, clock, _ = _run(tmp_path, run_async, engine, ["r1"], max_attempts=3)
    rec = _record(ledger, "r1")
    assert (rec.state, rec.attempts, rec.fault) == (L.FAILED, 1, "flow_mismatch")
    assert engine.calls == [("file", "r1")] and clock.sleeps == []


# ---- a submit that may have landed ---------------------------------------------------------------


def test_a_row_whose_submit_landed_is_never_reported_failed(tmp_path, run_async):
    """Issue 15: the submit landed, then the portal kept failing — filing and every lookup.
    The row ends unconfirmed (and on the portal), not failed."""
    engine = ScriptedEngine({"r1": [LANDS_THEN_5XX]}, {"r1": [FAULT_5XX, EXPIRE, FAULT_5XX, FAULT_5XX]})
    ledger, _, stats = _run(tmp_path, run_async, engine, ["r1"], max_attempts=1, lookup_attempts=3)
    rec = _record(ledger, "r1")
    assert rec.state == L.UNCONFIRMED and "r1" in engine.portal
    assert L.FAILED not in {to for _, to in ledger.history(L.RowKey(INPUT, "r1"))}
    assert [c for c in engine.calls if c[0] == "look"] == [("look", "r1")] * 4  # its own retries
    assert stats.faults["session_expired"] == 1


def test_the_final_lookup_files_a_row_whose_submit_landed(tmp_path, run_async):
    engine = ScriptedEngine({"r1": [LANDS_THEN_5XX]}, {"r1": [FAULT_5XX, READ]})
    clock = FakeClock()
    ledger, clock, stats = _run(tmp_path, run_async, engine, ["r1"], clock=clock, max_attempts=1)
    rec = _record(ledger, "r1")
    assert (rec.state, rec.dossier_code, rec.reconciled) == (L.FILED, engine.portal["r1"], True)
    assert engine.calls.count(("file", "r1")) == 1 and stats.reconciled == 1
    # The first look waited until the submit could no longer land.
    assert clock.sleeps and clock.sleeps[0] == pytest.approx(SETTLE_S, abs=2)


def test_the_final_lookup_fails_a_row_only_once_the_portal_proves_it_absent(tmp_path, run_async):
    engine = ScriptedEngine({"r1": [LOST_THEN_5XX]}, {"r1": [READ]})
    ledger, _, _ = _run(tmp_path, run_async, engine, ["r1"], max_attempts=1)
    rec = _record(ledger, "r1")
    assert rec.state == L.FAILED and "not on the portal" in rec.message and engine.portal == {}
    assert (L.SUBMITTED_UNCONFIRMED, L.UNCONFIRMED) in ledger.history(L.RowKey(INPUT, "r1"))


def test_lookup_faults_are_not_filing_attempts(tmp_path, run_async):
    """A row a kill left submitted_unconfirmed (its submit never arrived): 5xx and an expired
    session while looking it up cost none of its single attempt; it is then filed once."""

    def killed_after_submit(ledger: L.Ledger) -> None:
        key = L.RowKey(INPUT, "r1")
        ledger.begin_attempt(key)
        ledger.mark_submitting(key)

    engine = ScriptedEngine({"r1": [OK]}, {"r1": [FAULT_5XX, EXPIRE, FAULT_5XX, READ]})
    ledger, _, _ = _run(
        tmp_path, run_async, engine, ["r1"], prepare=killed_after_submit, max_attempts=1, lookup_attempts=3
    )
    rec = _record(ledger, "r1")
    assert (rec.state, rec.failures) == (L.FILED, 0)
    assert engine.calls == [("look", "r1")] * 4 + [("file", "r1")]


def test_a_killed_row_is_looked_up_once_its_submit_can_no_longer_land_and_others_go_first(
    tmp_path, run_async
):
    def killed_after_submit(ledger: L.Ledger) -> None:
        key = L.RowKey(INPUT, "r1")
        ledger.begin_attempt(key)
        ledger.mark_submitting(key)

    engine = ScriptedEngine({"r1": [OK], "r2": [OK]}, {"r1": [READ]})
    _, clock, _ = _run(tmp_path, run_async, engine, ["r1", "r2"], prepare=killed_after_submit)
    assert engine.calls == [("file", "r2"), ("look", "r1"), ("file", "r1")]
    assert len(clock.sleeps) == 1 and clock.sleeps[0] == pytest.approx(SETTLE_S, abs=2)


def test_a_retried_row_that_reached_submit_waits_out_its_settle_window_in_the_queue(tmp_path, run_async):
    """Its submit was lost and the engine gave up: the retry looks it up first, and only once the
    submit can no longer land — the worker files another row meanwhile instead of sitting idle."""
    engine = ScriptedEngine({"r1": [LOST_THEN_5XX, OK], "r2": [OK]}, {"r1": [READ]})
    ledger, clock, _ = _run(tmp_path, run_async, engine, ["r1", "r2"], max_attempts=3)
    assert engine.calls == [("file", "r1"), ("file", "r2"), ("look", "r1"), ("file", "r1")]
    assert _record(ledger, "r1").state == L.FILED and _record(ledger, "r1").failures == 1
    assert len(clock.sleeps) == 1 and clock.sleeps[0] == pytest.approx(SETTLE_S, abs=2)
