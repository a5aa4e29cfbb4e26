"""N workers filing rows in parallel: N browser contexts in one Chromium, through one Engine.

Each worker takes the next row, signs in once per account and keeps that session for the rows
that follow. Workers may share an account: every "Nộp hồ sơ" starts a draft of its own on the
portal, so each worker only needs a browser context (and a portal session) of its own. The ledger is moved before every side effect (see `ledger`), so stopping is cheap:
`stop()` (first Ctrl-C) lets in-flight rows finish and takes no new ones; `abort()` (second
Ctrl-C) cancels them, leaving them in_progress/submitted_unconfirmed for reconciliation.
A row whose attempt failed for infrastructure reasons is put back at the end of the queue until
`max_attempts`; a row that might have reached the portal is looked up before it is filed again.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Callable

import structlog

from agent.batch import ledger as L
from agent.batch.plan import PlannedRow
from agent.batch.reconcile import find_existing
from agent.errors import InvalidInput, PortalRefused

log = structlog.get_logger("dvc_agent.batch")


@dataclass
class WorkItem:
    planned: PlannedRow
    key: L.RowKey


@dataclass
class RunStats:
    reviewed: set[str] = field(default_factory=set)
    reconciled: int = 0
    aborted: bool = False
    stopped: bool = False


def _text(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__


def _artifacts_of(obj: Any) -> str | None:
    path = getattr(obj, "artifacts", None)
    return str(path) if path else None


def _hooks(before_submit: Callable[[], Any]) -> Any:
    from agent.runner import FilingHooks

    return FilingHooks(before_submit=before_submit)


class BatchWorkers:
    def __init__(self, engine: Any, ledger: L.Ledger, *, workers: int = 1, max_attempts: int = 3,
                 settle_s: float = 30.0, stop_at_review: bool = False, row_timeout: float = 600.0,
                 on_change: Callable[[], None] | None = None):
        self.engine = engine
        self.ledger = ledger
        self.workers = max(1, workers)
        self.max_attempts = max(1, max_attempts)
        self.settle = dt.timedelta(seconds=max(0.0, settle_s))
        self.stop_at_review = stop_at_review
        self.row_timeout = row_timeout
        self.on_change = on_change or (lambda: None)
        self.stats = RunStats()
        self._queue: asyncio.Queue[WorkItem] = asyncio.Queue()
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task] = []

    # ---- control ---------------------------------------------------------------------------

    def stop(self) -> None:
        """Take no new rows; rows being filed finish normally."""
        self.stats.stopped = True
        self._stopping.set()

    def abort(self) -> None:
        """Cancel in-flight rows too; the ledger keeps them marked for reconciliation."""
        self.stop()
        self.stats.aborted = True
        for task in self._tasks:
            task.cancel()

    async def run(self, items: list[WorkItem]) -> RunStats:
        for item in items:
            self._queue.put_nowait(item)
        self._tasks = [asyncio.create_task(self._worker(n), name=f"batch-worker-{n}")
                       for n in range(min(self.workers, max(1, len(items))))]
        results = await asyncio.gather(*self._tasks, return_exceptions=True)
        for res in results:
            if isinstance(res, BaseException) and not isinstance(res, asyncio.CancelledError):
                raise res
        return self.stats

    # ---- one worker ------------------------------------------------------------------------

    async def _worker(self, number: int) -> None:
        sessions: dict[str, Any] = {}
        try:
            while not self._stopping.is_set():
                try:
                    item = self._queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                retry = await self._process(item, sessions)
                self.on_change()
                if retry:
                    self._queue.put_nowait(item)
        finally:
            for session in sessions.values():
                await _close_quietly(session)

    async def _session(self, sessions: dict[str, Any], account: str) -> Any:
        """This worker's context for `account`, signed in (by the first filing) once and reused."""
        if account not in sessions:
            session = await self.engine.session(account)
            # The engine hands every context the account's last saved sign-in. Two workers on one
            # portal session would sign each other out (an expiry or re-login ends it for both),
            # so each worker starts without cookies and signs in on its own.
            context = getattr(session, "context", None)
            if context is not None:
                await context.clear_cookies()
            sessions[account] = session
        return sessions[account]

    async def _forget_session(self, sessions: dict[str, Any], account: str) -> None:
        session = sessions.pop(account, None)
        if session is not None:
            await _close_quietly(session)

    async def _process(self, item: WorkItem, sessions: dict[str, Any]) -> bool:
        """File one row (or find it already filed). Returns True when it should be retried."""
        key, planned = item.key, item.planned
        record = self.ledger.get(key)
        if record is None or record.state in L.TERMINAL:
            return False
        must_look = record.needs_reconciliation
        if record.state in L.UNFINISHED:
            self.ledger.release(key, "interrupted; checking the portal before filing again", failed=False)
        record = self.ledger.begin_attempt(key)
        self.on_change()
        bound = log.bind(row=planned.row.number, row_id=key.row_id, attempt=record.attempts)
        try:
            return await asyncio.wait_for(self._attempt(key, planned, record, must_look, sessions, bound),
                                          timeout=self.row_timeout)
        except PortalRefused as exc:
            self.ledger.mark_refused(key, _text(exc), _artifacts_of(exc))
            bound.info("row refused", status="refused")
            return False
        except InvalidInput as exc:
            self.ledger.mark_failed(key, f"invalid for this portal: {_text(exc)}", _artifacts_of(exc))
            bound.info("row failed", status="failed")
            return False
        except asyncio.CancelledError:
            raise  # abort: the ledger already says in_progress / submitted_unconfirmed
        except Exception as exc:  # infrastructure, timeouts, or a bug in one row's flow
            await self._forget_session(sessions, planned.account)
            reason = f"{type(exc).__name__}: {_text(exc)}" if not isinstance(exc, asyncio.TimeoutError) \
                else f"row took longer than {self.row_timeout:.0f}s"
            current = self.ledger.get(key)
            if current is None or current.state not in L.UNFINISHED:
                return False
            if current.failures + 1 >= self.max_attempts:   # interrupted attempts do not count
                self.ledger.mark_failed(key, reason, _artifacts_of(exc))
                bound.warning("row failed", status="failed", reason=reason)
                return False
            self.ledger.release(key, reason)
            bound.info("row will be retried", reason=reason)
            return not self._stopping.is_set()

    async def _attempt(self, key: L.RowKey, planned: PlannedRow, record: L.LedgerRecord,
                       must_look: bool, sessions: dict[str, Any], bound: Any) -> bool:
        session = await self._session(sessions, planned.account)
        if must_look:
            found = await find_existing(self.engine, session, planned.dossier, record,
                                        last_submit_at=self.ledger.last_submit_at(key), settle=self.settle)
            if found is not None:
                self._filed(key, found, reconciled=True)
                self.stats.reconciled += 1
                bound.info("row found already filed", status="filed", code=found.code)
                return False

        async def before_submit(*_: Any) -> None:
            self.ledger.mark_submitting(key)  # committed before the click it guards

        receipt = await self.engine.file(session, planned.dossier, hooks=_hooks(before_submit),
                                         stop_at_review=self.stop_at_review)
        if getattr(receipt, "stopped_at_review", False) or (self.stop_at_review and not receipt.code):
            self.ledger.release(key, "stopped at review (not submitted)", failed=False)
            self.stats.reviewed.add(key.row_id)
            bound.info("row reviewed", status="reviewed")
            return False
        self._filed(key, receipt, reconciled=bool(getattr(receipt, "reconciled", False)))
        bound.info("row filed", status="filed", code=receipt.code)
        return False

    def _filed(self, key: L.RowKey, receipt: Any, reconciled: bool) -> None:
        try:
            self.ledger.mark_filed(key, receipt.code, getattr(receipt, "appointment_date", None),
                                   _artifacts_of(receipt), reconciled=reconciled)
        except sqlite3.IntegrityError:
            other = [r for r in self.ledger.records(key.input_id) if r.dossier_code == receipt.code]
            self.ledger.mark_failed(key, f"the portal's dossier {receipt.code} is already recorded for "
                                         f"row {other[0].row_number if other else '?'}; check by hand")


async def _close_quietly(session: Any) -> None:
    """Close a worker's session (the runner's Session holds a browser context)."""
    close = getattr(session, "close", None) or getattr(getattr(session, "context", None), "close", None)
    if close is None:
        return
    try:
        result = close()
        if asyncio.iscoroutine(result):
            await result
    except Exception:  # closing a dead context must not hide the real outcome
        pass
