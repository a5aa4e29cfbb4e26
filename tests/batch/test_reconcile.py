"""Reconciliation believes "not filed" only once the row's last submit can no longer land.

The clock is the test's: looking again "after the settle window" is checked against a clock that
moves when the code under test waits on it, so no test waits for real (and none can race a
ledger write against a lookup)."""

from __future__ import annotations

import datetime as dt

from agent.batch import ledger as L
from agent.batch.reconcile import find_existing, search_start
from agent.runner.lookup import settle_remaining
from agent.runner.receipt import Receipt
from tests.batch.fake_clock import FakeClock

UTC = dt.UTC
SETTLE = dt.timedelta(seconds=30)


class LateLandingPortal:
    """find_filed answers from what the portal holds at the moment it is asked: the dossier lands
    at `lands_at` on the test's clock (never, when None)."""

    def __init__(self, clock: FakeClock, lands_at: dt.datetime | None):
        self.clock = clock
        self.lands_at = lands_at
        self.looks: list[tuple[dt.datetime, dt.datetime]] = []  # (since, when asked)

    async def find_filed(self, session, dossier, since):
        self.looks.append((since, self.clock.now()))
        if self.lands_at is not None and self.clock.now() >= self.lands_at:
            return Receipt(
                code="000.A0.01.H26-261125-0007",
                appointment_date=None,
                portal="hanoi",
                procedure="dang-ky-khai-tu",
                reconciled=True,
            )
        return None


def _submitted(tmp_path) -> tuple[L.Ledger, L.RowKey]:
    ledger = L.Ledger(tmp_path / "ledger.sqlite")
    ledger.register("in", "dang-ky-khai-tu", [L.NewRow("r1", 2, "h", "citizen-a")])
    key = L.RowKey("in", "r1")
    ledger.begin_attempt(key)
    ledger.mark_submitting(key)
    return ledger, key


def test_settle_window_arithmetic():
    now = dt.datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
    assert settle_remaining(None, SETTLE, now) == 0
    assert settle_remaining(now - dt.timedelta(seconds=10), SETTLE, now) == 20
    assert settle_remaining(now - dt.timedelta(seconds=45), SETTLE, now) == 0


def test_a_submit_that_lands_late_is_found_on_the_look_after_the_window(tmp_path, run_async):
    ledger, key = _submitted(tmp_path)
    record, sent = ledger.get(key), ledger.last_submit_at(key)
    assert sent is not None and record.first_attempt_at <= sent
    clock = FakeClock(sent + dt.timedelta(seconds=1))  # looked up 1 s after the submit
    portal = LateLandingPortal(clock, lands_at=sent + dt.timedelta(seconds=20))
    found = run_async(
        find_existing(portal, None, None, record, last_submit_at=sent, settle=SETTLE, clock=clock)
    )
    assert found is not None and found.code.endswith("0007")
    (first_since, first_at), (_, second_at) = portal.looks
    assert first_since == search_start(record)
    assert clock.sleeps == [29.0]  # waited exactly until the submit could not land
    assert second_at == sent + SETTLE and first_at == sent + dt.timedelta(seconds=1)


def test_not_found_is_only_believed_after_the_window(tmp_path, run_async):
    ledger, key = _submitted(tmp_path)
    sent = ledger.last_submit_at(key)
    clock = FakeClock(sent + dt.timedelta(seconds=5))
    portal = LateLandingPortal(clock, lands_at=None)
    assert (
        run_async(
            find_existing(
                portal, None, None, ledger.get(key), last_submit_at=sent, settle=SETTLE, clock=clock
            )
        )
        is None
    )
    assert [at for _, at in portal.looks] == [sent + dt.timedelta(seconds=5), sent + SETTLE]


def test_an_old_submit_is_looked_up_once(tmp_path, run_async):
    ledger, key = _submitted(tmp_path)
    clock = FakeClock()
    portal = LateLandingPortal(clock, lands_at=None)
    long_ago = clock.now() - dt.timedelta(minutes=5)
    assert (
        run_async(find_existing(portal, None, None, ledger.get(key), last_submit_at=long_ago, clock=clock))
        is None
    )
    assert len(portal.looks) == 1 and clock.sleeps == []


def test_a_row_that_never_reached_submit_needs_no_settling(tmp_path, run_async):
    ledger = L.Ledger(tmp_path / "ledger.sqlite")
    ledger.register("in", "dang-ky-khai-tu", [L.NewRow("r1", 2, "h", "citizen-a")])
    key = L.RowKey("in", "r1")
    ledger.begin_attempt(key)
    assert ledger.last_submit_at(key) is None
    clock = FakeClock()
    portal = LateLandingPortal(clock, lands_at=None)
    assert (
        run_async(find_existing(portal, None, None, ledger.get(key), last_submit_at=None, clock=clock))
        is None
    )
    assert len(portal.looks) == 1 and clock.sleeps == []
