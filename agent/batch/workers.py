"""N workers filing rows in parallel: N browser contexts in one Chromium, through one Engine.

Each worker takes the next due row, signs in once per account and keeps that session for the
rows that follow. Workers may share an account: every "Nộp hồ sơ" starts a draft of its own on
the portal, so each worker only needs a browser context (and a portal session) of its own. The
ledger is moved before every side effect (see `ledger`), so stopping is cheap: `stop()` (first
Ctrl-C) lets in-flight rows finish and takes no new ones; `abort()` (second Ctrl-C) cancels them,
leaving them in_progress/submitted_unconfirmed for reconciliation.

What a failed attempt costs depends on its kind (`failures`): an expired session is renewed at
once and costs nothing; a transient fault puts the row back with a backoff ("not before" a later
time, so the other rows keep moving) and spends one of `max_attempts`; a flow mismatch fails the
row at once. Looking a row up on the portal is not a filing attempt: a lookup that meets a fault
is tried again (`lookup_attempts`) and never reads as "not filed".

A row whose submit may have reached the portal is never reported failed on a guess: when its
attempts run out it becomes `unconfirmed` and is looked up once more before the run ends (once
its submit can no longer land) — found → filed, proved absent → failed, still undecidable → it
stays unconfirmed, for `--only-failed` to look up again before filing.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import random
import sqlite3
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Generic

import structlog
from structlog.typing import FilteringBoundLogger

from agent.batch import ledger as L
from agent.batch.failures import DEFAULT_BACKOFF, Backoff, FailureKind, classify
from agent.batch.plan import PlannedRow
from agent.batch.ports import FilingEngine, FilingHooks, Receipt, SessionT
from agent.batch.reconcile import find_existing
from agent.batch.schedule import RowQueue
from agent.errors import DvcAgentError, InfrastructureFailure
from agent.runner.lookup import SYSTEM_CLOCK, Clock, settle_remaining

log: FilteringBoundLogger = structlog.get_logger("dvc_agent.batch")


@dataclass
class WorkItem:
    planned: PlannedRow
    key: L.RowKey
    #: The final reconciliation: the row is unconfirmed; look it up, never file it.
    confirm_only: bool = False
    lookup_failures: int = 0  # lookups that met a fault (not filing attempts)
    renewals: int = 0  # session expiries met (signed in again, no budget spent)
    faults: Counter[FailureKind] = field(default_factory=Counter)  # per kind, for its backoff


@dataclass
class RunStats:
    reviewed: set[str] = field(default_factory=set)
    reconciled: int = 0
    faults: Counter[str] = field(default_factory=Counter)  # failed attempts and lookups, by kind
    backoff_s: float = 0.0  # total backoff rows were given
    aborted: bool = False
    stopped: bool = False


@dataclass
class _Stage:
    looking: bool  # still looking the row up (a failure then is not a filing attempt)


def _text(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__


def _artifacts(exc: BaseException) -> str | None:
    path = exc.artifacts if isinstance(exc, DvcAgentError) else None
    return str(path) if path else None


class BatchWorkers(Generic[SessionT]):
    def __init__(
        self,
        engine: FilingEngine[SessionT],
        ledger: L.Ledger,
        *,
        workers: int = 1,
        max_attempts: int = 3,
        lookup_attempts: int = 3,
        max_renewals: int = 10,
        settle_s: float = 30.0,
        stop_at_review: bool = False,
        row_timeout: float = 600.0,
        on_change: Callable[[], None] | None = None,
        clock: Clock = SYSTEM_CLOCK,
        backoff: Mapping[FailureKind, Backoff] = DEFAULT_BACKOFF,
        rng: random.Random | None = None,
    ):
        self.engine = engine
        self.ledger = ledger
        self.workers = max(1, workers)
        self.max_attempts = max(1, max_attempts)
        self.lookup_attempts = max(1, lookup_attempts)
        self.max_renewals = max(0, max_renewals)
        self.settle = dt.timedelta(seconds=max(0.0, settle_s))
        self.stop_at_review = stop_at_review
        self.row_timeout = row_timeout
        self.on_change = on_change or (lambda: None)
        self.clock = clock
        self.backoff = backoff
        self.rng = rng or random.Random()
        self.stats = RunStats()
        self._queue: RowQueue[WorkItem] = RowQueue(clock)
        self._tasks: list[asyncio.Task[None]] = []

    # ---- control ---------------------------------------------------------------------------

    def stop(self) -> None:
        """Take no new rows; rows being filed finish normally."""
        self.stats.stopped = True
        self._queue.close()

    def abort(self) -> None:
        """Cancel in-flight rows too; the ledger keeps them marked for reconciliation."""
        self.stop()
        self.stats.aborted = True
        for task in self._tasks:
            task.cancel()

    async def run(self, items: list[WorkItem]) -> RunStats:
        for item in items:
            self._queue.put(item, self._due(item))
        self._tasks = [
            asyncio.create_task(self._worker(), name=f"batch-worker-{n}")
            for n in range(min(self.workers, max(1, len(items))))
        ]
        results = await asyncio.gather(*self._tasks, return_exceptions=True)
        for res in results:
            if isinstance(res, BaseException) and not isinstance(res, asyncio.CancelledError):
                raise res
        return self.stats

    def _due(self, item: WorkItem) -> dt.datetime | None:
        """When a row may be taken: a row that may be on the portal is looked up once its last
        submit can no longer land (the worker files other rows meanwhile); others at once."""
        record = self.ledger.get(item.key)
        if record is None or not (item.confirm_only or record.needs_reconciliation):
            return None
        last = self.ledger.last_submit_at(item.key)
        return last + self.settle if last is not None else None

    def _later(self, item: WorkItem, seconds: float) -> dt.datetime:
        """When a row that must wait `seconds` comes back — and, if it will be looked up, not
        before its last submit can no longer land (so no worker sits out a settle window)."""
        backoff = self.clock.now() + dt.timedelta(seconds=seconds)
        due = self._due(item)
        return max(backoff, due) if due is not None else backoff

    # ---- one worker ------------------------------------------------------------------------

    async def _worker(self) -> None:
        sessions: dict[str, SessionT] = {}
        try:
            while (item := await self._queue.get()) is not None:
                try:
                    retry_in = await self._process(item, sessions)
                    if retry_in is not None:
                        self.stats.backoff_s += retry_in
                        self._queue.put(item, self._later(item, retry_in))
                finally:
                    self._queue.done()
                self.on_change()
        finally:
            for session in sessions.values():
                await _close(session)

    async def _session(self, sessions: dict[str, SessionT], account: str) -> SessionT:
        """This worker's context for `account`, signed in (by the first filing) once and reused."""
        if account not in sessions:
            session = await self.engine.session(account)
            # The engine hands every context the account's last saved sign-in. Two workers on one
            # portal session would sign each other out (an expiry or re-login ends it for both),
            # so each worker starts without cookies and signs in on its own.
            await session.context.clear_cookies()
            sessions[account] = session
        return sessions[account]

    async def _forget_session(self, sessions: dict[str, SessionT], account: str) -> None:
        session = sessions.pop(account, None)
        if session is not None:
            await _close(session)

    async def _process(self, item: WorkItem, sessions: dict[str, SessionT]) -> float | None:
        """File one row (or find it already filed). Returns the seconds to wait before it is tried
        again, or None when the row is settled for this run."""
        key = item.key
        record = self.ledger.get(key)
        if record is None:
            return None
        if item.confirm_only:
            return await self._confirm(item, record, sessions)
        if record.state in L.TERMINAL:
            return None
        must_look = record.needs_reconciliation
        if record.state in L.UNFINISHED:
            self.ledger.release(key, "interrupted; checking the portal before filing again", failed=False)
        record = self.ledger.begin_attempt(key)
        self.on_change()
        bound = log.bind(row=item.planned.row.number, row_id=key.row_id, attempt=record.attempts)
        stage = _Stage(looking=must_look)
        try:
            await asyncio.wait_for(
                self._attempt(item, record, stage, sessions, bound), timeout=self.row_timeout
            )
            return None
        except asyncio.CancelledError:
            raise  # abort: the ledger already says in_progress / submitted_unconfirmed
        except Exception as exc:  # sorted by kind in _after_failure
            return await self._after_failure(item, exc, stage.looking, sessions, bound)

    async def _attempt(
        self,
        item: WorkItem,
        record: L.LedgerRecord,
        stage: _Stage,
        sessions: dict[str, SessionT],
        bound: FilteringBoundLogger,
    ) -> None:
        key, planned = item.key, item.planned
        session = await self._session(sessions, planned.account)
        if stage.looking:
            found = await self._look_up(planned, record, session)
            if found is not None:
                if self._filed(key, found, reconciled=True):
                    self.stats.reconciled += 1
                    bound.info("row found already filed", status="filed", code=found.code)
                return
            stage.looking = False

        async def before_submit() -> None:
            self.ledger.mark_submitting(key)  # committed before the click it guards

        hooks = FilingHooks(before_submit=before_submit)
        receipt = await self.engine.file(
            session, planned.dossier, hooks=hooks, stop_at_review=self.stop_at_review
        )
        if receipt.stopped_at_review:
            self.ledger.release(key, "stopped at review (not submitted)", failed=False)
            self.stats.reviewed.add(key.row_id)
            bound.info("row reviewed", status="reviewed")
            return
        self._filed(key, receipt, reconciled=receipt.reconciled)
        bound.info("row filed", status="filed", code=receipt.code)

    async def _after_failure(
        self,
        item: WorkItem,
        exc: Exception,
        looking: bool,
        sessions: dict[str, SessionT],
        bound: FilteringBoundLogger,
    ) -> float | None:
        """Decide what a failed attempt (or lookup) costs and when the row comes back."""
        kind = classify(exc)
        self.stats.faults[kind.value] += 1
        await self._forget_session(sessions, item.planned.account)
        key = item.key
        current = self.ledger.get(key)
        if current is None or current.state not in L.UNFINISHED:
            return None
        reason = (
            f"row took longer than {self.row_timeout:.0f}s"
            if kind is FailureKind.ROW_TIMEOUT
            else f"{type(exc).__name__}: {_text(exc)}"
        )
        artifacts = _artifacts(exc)
        if kind is FailureKind.REFUSED:
            self.ledger.mark_refused(key, _text(exc), artifacts)
            bound.info("row refused", status="refused")
            return None
        if kind.final:  # a flow mismatch or an input the portal side cannot use: retrying cannot help
            return self._give_up(item, current, reason, kind, artifacts, bound, confirm=True)
        if kind is FailureKind.SESSION_EXPIRED and item.renewals < self.max_renewals:
            item.renewals += 1
            self.ledger.release(key, reason, failed=False)
            bound.info("session expired; signing in again", renewals=item.renewals)
            return 0.0
        if looking:  # the portal could not be read: not a filing attempt, never "not filed"
            item.lookup_failures += 1
            if item.lookup_failures >= self.lookup_attempts:
                return self._give_up(
                    item,
                    current,
                    f"could not check the portal: {reason}",
                    kind,
                    artifacts,
                    bound,
                    confirm=False,
                )
            self.ledger.release(key, f"looking it up failed: {reason}", failed=False)
        else:
            if current.failures + 1 >= self.max_attempts:
                return self._give_up(item, current, reason, kind, artifacts, bound, confirm=True)
            self.ledger.release(key, reason)
        delay = self._backoff(item, kind)
        bound.info("row will be retried", reason=reason, kind=kind.value, wait_s=round(delay, 1))
        return delay

    def _backoff(self, item: WorkItem, kind: FailureKind) -> float:
        item.faults[kind] += 1
        policy = self.backoff.get(kind, self.backoff.get(FailureKind.UNKNOWN, Backoff(0, 0)))
        return policy.delay(item.faults[kind], self.rng)

    def _give_up(
        self,
        item: WorkItem,
        current: L.LedgerRecord,
        reason: str,
        kind: FailureKind,
        artifacts: str | None,
        bound: FilteringBoundLogger,
        *,
        confirm: bool,
    ) -> float | None:
        """Out of attempts (or never worth another): `failed` only when the row cannot be on the
        portal; a row whose submit may have landed becomes `unconfirmed` and, with `confirm`,
        gets a last lookup once that submit can no longer land."""
        key = item.key
        if not current.submit_seen:
            self.ledger.mark_failed(key, reason, artifacts, fault=kind.value)
            bound.warning("row failed", status="failed", reason=reason, kind=kind.value)
            return None
        self.ledger.mark_unconfirmed(key, reason, artifacts, fault=kind.value)
        bound.warning(
            "row may have been filed; it is not reported failed",
            status="unconfirmed",
            reason=reason,
            kind=kind.value,
            final_lookup=confirm,
        )
        if not confirm:
            return None
        item.confirm_only, item.lookup_failures = True, 0
        return settle_remaining(self.ledger.last_submit_at(key), self.settle, self.clock.now())

    async def _confirm(
        self, item: WorkItem, record: L.LedgerRecord, sessions: dict[str, SessionT]
    ) -> float | None:
        """The final reconciliation of an unconfirmed row: look, never file."""
        if record.state != L.UNCONFIRMED:
            return None
        key, planned = item.key, item.planned
        bound = log.bind(row=planned.row.number, row_id=key.row_id, final_lookup=item.lookup_failures + 1)
        try:
            session = await self._session(sessions, planned.account)
            found = await asyncio.wait_for(
                self._look_up(planned, record, session),
                timeout=self.row_timeout,
            )
            filed = found is not None and self._filed(key, found, reconciled=True)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the portal could not be read: the row stays unconfirmed
            kind = classify(exc)
            self.stats.faults[kind.value] += 1
            await self._forget_session(sessions, planned.account)
            if kind is FailureKind.SESSION_EXPIRED and item.renewals < self.max_renewals:
                item.renewals += 1
                return 0.0
            item.lookup_failures += 1
            if kind.final or item.lookup_failures >= self.lookup_attempts:
                self.ledger.mark_unconfirmed(
                    key,
                    f"{record.message or 'the last attempt failed'}; checking the portal failed too "
                    f"({type(exc).__name__}: {_text(exc)})",
                    fault=record.fault,
                )
                bound.warning("row stays unconfirmed", status="unconfirmed")
                return None
            return self._backoff(item, kind)
        if filed:
            self.stats.reconciled += 1
            bound.info("unconfirmed row found filed", status="filed", code=found.code if found else None)
        elif found is None:
            self.ledger.mark_failed(
                key, f"{record.message or 'failed'} (checked: not on the portal)", fault=record.fault
            )
            bound.warning("row failed; the portal does not have it", status="failed")
        return None

    async def _look_up(
        self, planned: PlannedRow, record: L.LedgerRecord, session: SessionT
    ) -> Receipt | None:
        """Is this row's dossier on the portal already? (after its last submit has settled)"""
        return await find_existing(
            self.engine,
            session,
            planned.dossier,
            record,
            last_submit_at=self.ledger.last_submit_at(record.key),
            settle=self.settle,
            clock=self.clock,
        )

    def _filed(self, key: L.RowKey, receipt: Receipt, reconciled: bool) -> bool:
        """Record the row filed under the receipt's code (False when that code is another row's)."""
        if not receipt.code:
            raise InfrastructureFailure("the portal's receipt showed no dossier code")
        try:
            artifacts = str(receipt.artifacts) if receipt.artifacts else None
            self.ledger.mark_filed(
                key, receipt.code, receipt.appointment_date, artifacts, reconciled=reconciled
            )
            return True
        except sqlite3.IntegrityError:
            other = [r for r in self.ledger.records(key.input_id) if r.dossier_code == receipt.code]
            self.ledger.mark_unconfirmed(
                key,
                f"the portal's dossier {receipt.code} is already recorded for "
                f"row {other[0].row_number if other else '?'}; check by hand",
            )
            return False


async def _close(session: SessionT) -> None:
    """Close a worker's session; a context already gone must not hide the real outcome."""
    with contextlib.suppress(Exception):
        await session.close()
