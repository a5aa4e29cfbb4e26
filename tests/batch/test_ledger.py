"""The ledger's state machine and its crash safety, on real SQLite files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from agent.batch import ledger as L

INPUT = "dang-ky-khai-tu:rows.csv"


def _ledger(tmp_path, n=3):
    ledger = L.Ledger(tmp_path / "ledger.sqlite")
    ledger.register(
        INPUT, "dang-ky-khai-tu", [L.NewRow(f"r{i}", i, f"h{i}", "citizen-a") for i in range(2, 2 + n)]
    )
    return ledger


def test_happy_path_and_history(tmp_path):
    with _ledger(tmp_path) as ledger:
        key = L.RowKey(INPUT, "r2")
        ledger.begin_attempt(key)
        ledger.mark_submitting(key)
        rec = ledger.mark_filed(key, "000.A0.01.H26-260101-0001", "05/01/2026")
        assert (rec.state, rec.dossier_code, rec.attempts) == (L.FILED, "000.A0.01.H26-260101-0001", 1)
        assert ledger.history(key) == [
            (L.PENDING, L.IN_PROGRESS),
            (L.IN_PROGRESS, L.SUBMITTED_UNCONFIRMED),
            (L.SUBMITTED_UNCONFIRMED, L.FILED),
        ]
        assert ledger.counts(INPUT)[L.FILED] == 1 and ledger.counts(INPUT)[L.PENDING] == 2


def test_illegal_transitions_are_refused(tmp_path):
    with _ledger(tmp_path) as ledger:
        key = L.RowKey(INPUT, "r2")
        with pytest.raises(L.TransitionError):
            ledger.mark_submitting(key)  # not started
        with pytest.raises(L.TransitionError):
            ledger.mark_filed(key, "X", None)  # never attempted
        ledger.begin_attempt(key)
        ledger.mark_refused(key, "Số định danh không hợp lệ")
        with pytest.raises(L.TransitionError):
            ledger.begin_attempt(key)  # terminal rows are never filed again
        with pytest.raises(L.TransitionError):
            ledger.begin_attempt(L.RowKey(INPUT, "nope"))


def test_registering_twice_keeps_states_and_adds_only_new_rows(tmp_path):
    with _ledger(tmp_path) as ledger:
        key = L.RowKey(INPUT, "r2")
        ledger.begin_attempt(key)
        ledger.mark_filed(key, "C-1", None)
        added = ledger.register(
            INPUT,
            "dang-ky-khai-tu",
            [L.NewRow("r2", 2, "h2", "citizen-a"), L.NewRow("r9", 9, "h9", "citizen-a")],
        )
        assert added == 1
        assert ledger.get(key).state == L.FILED


def test_a_row_that_reached_submit_must_be_looked_up_before_refiling(tmp_path):
    with _ledger(tmp_path) as ledger:
        key = L.RowKey(INPUT, "r3")
        ledger.begin_attempt(key)
        assert ledger.get(key).needs_reconciliation  # in_progress after a crash
        ledger.mark_submitting(key)
        ledger.release(key, "ConnectionResetError: no answer to submit")
        rec = ledger.get(key)
        assert rec.state == L.PENDING and rec.needs_reconciliation and rec.attempts == 1
        rec = ledger.begin_attempt(key)
        assert rec.attempts == 2 and rec.first_attempt_at <= rec.attempt_started_at
        ledger.mark_failed(key, "still failing")
        assert ledger.reopen_failed(INPUT) == [key]
        assert ledger.get(key).needs_reconciliation  # stays true across --only-failed


def test_an_interrupted_attempt_does_not_use_up_the_retry_budget(tmp_path):
    """A kill is not the row's fault: only attempts that failed count towards --max-attempts."""
    with _ledger(tmp_path) as ledger:
        key = L.RowKey(INPUT, "r3")
        ledger.begin_attempt(key)
        ledger.release(key, "interrupted", failed=False)
        ledger.begin_attempt(key)
        ledger.release(key, "TransientFault: 503")
        rec = ledger.get(key)
        assert (rec.attempts, rec.failures) == (2, 1)
        ledger.begin_attempt(key)
        ledger.mark_failed(key, "still failing")
        ledger.reopen_failed(INPUT)
        assert ledger.get(key).failures == 0  # --only-failed gives a fresh budget


def test_unconfirmed_is_a_state_of_its_own_that_only_a_lookup_can_settle(tmp_path):
    """A row whose submit may have landed is parked as unconfirmed, not failed: from there a lookup
    files it (found) or fails it (proved absent), and --only-failed reopens it, still marked as
    needing a lookup before anything is filed."""
    with _ledger(tmp_path) as ledger:
        key = L.RowKey(INPUT, "r2")
        ledger.begin_attempt(key)
        ledger.mark_submitting(key)
        rec = ledger.mark_unconfirmed(key, "TransientFault: 503 while looking it up", fault="transient")
        assert (rec.state, rec.fault, rec.submit_seen) == (L.UNCONFIRMED, "transient", True)
        assert ledger.counts(INPUT)[L.UNCONFIRMED] == 1 and L.UNCONFIRMED in L.TERMINAL
        with pytest.raises(L.TransitionError):
            ledger.begin_attempt(key)  # never filed again without a reopen
        assert ledger.reopen_failed(INPUT) == [key]
        rec = ledger.get(key)
        assert rec.state == L.PENDING and rec.needs_reconciliation and rec.failures == 0
        ledger.begin_attempt(key)
        ledger.mark_unconfirmed(key, "still no answer")
        assert ledger.mark_filed(key, "000.A0.01.H26-260101-0009", None, reconciled=True).state == L.FILED
        other = L.RowKey(INPUT, "r3")
        ledger.begin_attempt(other)
        ledger.mark_submitting(other)
        ledger.mark_unconfirmed(other, "no answer")
        assert ledger.mark_failed(other, "not on the portal").state == L.FAILED
        assert (L.UNCONFIRMED, L.FAILED) in ledger.history(other)


def test_a_ledger_from_before_the_failures_column_is_upgraded(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    schema = L._SCHEMA.replace("    failures            INTEGER NOT NULL DEFAULT 0,\n", "").replace(
        "    fault               TEXT,\n", ""
    )
    assert "failures" not in schema and "fault " not in schema
    db = sqlite3.connect(path)
    db.executescript(schema)
    db.execute(
        "INSERT INTO rows (input_id, row_id, row_number, content_hash, procedure, account, state,"
        " created_at, updated_at) VALUES ('i', 'r1', 2, 'h', 'p', 'a', 'pending', '2026-01-01T00:00:00+00:00',"
        " '2026-01-01T00:00:00+00:00')"
    )
    db.commit()
    db.close()
    with L.Ledger(path) as ledger:
        assert ledger.get(L.RowKey("i", "r1")).failures == 0
        assert ledger.get(L.RowKey("i", "r1")).fault is None


def test_one_portal_dossier_cannot_be_claimed_by_two_rows(tmp_path):
    import sqlite3

    with _ledger(tmp_path) as ledger:
        for rid in ("r2", "r3"):
            ledger.begin_attempt(L.RowKey(INPUT, rid))
        ledger.mark_filed(L.RowKey(INPUT, "r2"), "SAME", None)
        with pytest.raises(sqlite3.IntegrityError):
            ledger.mark_filed(L.RowKey(INPUT, "r3"), "SAME", None)
        assert ledger.get(L.RowKey(INPUT, "r3")).state == L.IN_PROGRESS


def test_messages_keep_no_full_ids(tmp_path):
    with _ledger(tmp_path) as ledger:
        key = L.RowKey(INPUT, "r2")
        ledger.begin_attempt(key)
        ledger.mark_refused(key, "Số định danh 001090012345 không khớp")
        assert "001090012345" not in ledger.get(key).message
        raw = (tmp_path / "ledger.sqlite").read_bytes() + (tmp_path / "ledger.sqlite-wal").read_bytes()
        assert b"001090012345" not in raw


def test_a_committed_transition_survives_sigkill(tmp_path):
    """The transition before the side effect is on disk the moment the call returns."""
    script = textwrap.dedent(f"""
        import sys
        from agent.batch import ledger as L
        ledger = L.Ledger({str(tmp_path / "ledger.sqlite")!r})
        ledger.register({INPUT!r}, "dang-ky-khai-tu", [L.NewRow("r2", 2, "h", "a")])
        key = L.RowKey({INPUT!r}, "r2")
        ledger.begin_attempt(key)
        ledger.mark_submitting(key)
        print("submitting", flush=True)
        sys.stdin.read()   # the 'click' never returns: we are killed here
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=os.getcwd(),
    )
    try:
        assert proc.stdout.readline().strip() == "submitting"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    with L.Ledger(tmp_path / "ledger.sqlite") as ledger:
        rec = ledger.get(L.RowKey(INPUT, "r2"))
        assert rec.state == L.SUBMITTED_UNCONFIRMED and rec.needs_reconciliation
