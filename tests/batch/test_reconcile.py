"""Reconciliation believes "not filed" only once the row's last submit can no longer land."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from agent.batch import ledger as L
from agent.batch.reconcile import find_existing, search_start, settle_remaining

UTC = dt.timezone.utc


class LateLandingPortal:
    """find_filed answers from what the portal holds at the moment it is asked."""

    def __init__(self, lands_after_looks: int | None):
        self.lands_after_looks = lands_after_looks
        self.looks: list[dt.datetime] = []

    async def find_filed(self, session, dossier, since):
        self.looks.append(since)
        if self.lands_after_looks is not None and len(self.looks) > self.lands_after_looks:
            return SimpleNamespace(code="000.A0.01.H26-261125-0007")
        return None


def _record(tmp_path) -> tuple[L.Ledger, L.RowKey]:
    ledger = L.Ledger(tmp_path / "ledger.sqlite")
    ledger.register("in", "dang-ky-khai-tu", [L.NewRow("r1", 2, "h", "citizen-a")])
    key = L.RowKey("in", "r1")
    ledger.begin_attempt(key)
    ledger.mark_submitting(key)
    return ledger, key


def test_settle_window_arithmetic():
    now = dt.datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
    window = dt.timedelta(seconds=30)
    assert settle_remaining(None, window, now) == 0
    assert settle_remaining(now - dt.timedelta(seconds=10), window, now) == 20
    assert settle_remaining(now - dt.timedelta(seconds=45), window, now) == 0


def test_a_submit_that_lands_late_is_found_on_the_second_look(tmp_path, run_async):
    ledger, key = _record(tmp_path)
    record, sent = ledger.get(key), ledger.last_submit_at(key)
    assert sent is not None and record.first_attempt_at <= sent
    portal = LateLandingPortal(lands_after_looks=1)
    found = run_async(find_existing(portal, None, None, record, last_submit_at=sent,
                                    settle=dt.timedelta(seconds=0.3)))
    assert found is not None and found.code.endswith("0007")
    assert len(portal.looks) == 2 and portal.looks[0] == search_start(record)


def test_an_old_submit_is_looked_up_once(tmp_path, run_async):
    ledger, key = _record(tmp_path)
    portal = LateLandingPortal(lands_after_looks=None)
    long_ago = dt.datetime.now(UTC) - dt.timedelta(minutes=5)
    assert run_async(find_existing(portal, None, None, ledger.get(key), last_submit_at=long_ago)) is None
    assert len(portal.looks) == 1


def test_a_row_that_never_reached_submit_needs_no_settling(tmp_path, run_async):
    ledger = L.Ledger(tmp_path / "ledger.sqlite")
    ledger.register("in", "dang-ky-khai-tu", [L.NewRow("r1", 2, "h", "citizen-a")])
    key = L.RowKey("in", "r1")
    ledger.begin_attempt(key)
    assert ledger.last_submit_at(key) is None
    portal = LateLandingPortal(lands_after_looks=None)
    assert run_async(find_existing(portal, None, None, ledger.get(key), last_submit_at=None)) is None
    assert len(portal.looks) == 1
