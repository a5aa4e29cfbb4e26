"""A stand-in for the runner's Engine that plays a script, for tests of the batch's own decisions
(budgets, backoff, statuses) that a real portal cannot be made to produce on cue.

It honours the contract of `agent.batch.ports.FilingEngine` (docs/interfaces.md §8): `file()`
awaits `before_submit` before a submit, raises like the engine does (an `InfrastructureFailure`
whose cause is the fault that kept coming back), and `find_filed` returns None only when it "read
the whole list". What is "on the portal" is kept in `portal`, so tests check outcomes against it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from agent.errors import FlowMismatch, InfrastructureFailure
from agent.runner.faults import SessionExpired, TransientFault
from agent.runner.receipt import FilingHooks, Receipt

#: Steps of a filing script.
OK = "ok"  # files it and answers
EXPIRE = "expire"  # the session kept expiring; the engine gave up
FAULT_5XX = "5xx"  # 5xx kept coming back; the engine gave up
FLOW = "flow"  # the page does not fit the flow
LANDS_THEN_5XX = "lands-5xx"  # the submit is stored, its answer lost, then 5xx until it gave up
LOST_THEN_5XX = "lost-5xx"  # the submit never arrived, then 5xx until it gave up
#: Steps of a lookup script ("read" answers from `portal`).
READ = "read"


@dataclass
class FakeDossier:
    row_id: str
    procedure: str = "dang-ky-khai-tu"
    portal: str = "hanoi"
    account: str | None = "citizen-a"
    data: dict[str, object] = field(default_factory=dict)
    attachments: dict[str, Path] = field(default_factory=dict)
    source: Path | None = None


class FakeContext:
    async def clear_cookies(self) -> None:
        pass


@dataclass
class FakeSession:
    account: str
    context: FakeContext = field(default_factory=FakeContext)
    closed: bool = False

    async def close(self) -> None:
        self.closed = True


def _gave_up(fault: Exception) -> InfrastructureFailure:
    try:
        raise InfrastructureFailure(f"gave up after 5 attempts: {fault}") from fault
    except InfrastructureFailure as exc:
        return exc


class ScriptedEngine:
    def __init__(self, filings: dict[str, list[str]], lookups: dict[str, list[str]] | None = None):
        self.filings = {k: list(v) for k, v in filings.items()}
        self.lookups = {k: list(v) for k, v in (lookups or {}).items()}
        self.portal: dict[str, str] = {}  # row_id → dossier code
        self.calls: list[tuple[str, str]] = []  # ("file" | "look", row_id), in order
        self.sessions: list[FakeSession] = []
        self._codes = 0

    async def session(self, account_name: str) -> FakeSession:
        session = FakeSession(account_name)
        self.sessions.append(session)
        return session

    def _store(self, dossier: FakeDossier) -> str:
        self._codes += 1
        code = f"000.A0.01.H26-260101-{self._codes:04d}"
        self.portal[dossier.row_id] = code
        return code

    async def file(
        self,
        session: FakeSession,
        dossier: FakeDossier,
        hooks: FilingHooks | None = None,
        stop_at_review: bool = False,
    ) -> Receipt:
        self.calls.append(("file", dossier.row_id))
        step = self.filings[dossier.row_id].pop(0)
        submit = hooks.before_submit if hooks and hooks.before_submit else None
        if step == OK:
            if submit:
                await submit()
            return Receipt(
                code=self._store(dossier),
                appointment_date="05/01/2026",
                portal=dossier.portal,
                procedure=dossier.procedure,
            )
        if step == EXPIRE:
            raise _gave_up(SessionExpired("Phiên đăng nhập đã hết hạn"))
        if step == FAULT_5XX:
            raise _gave_up(TransientFault("GET /nop-ho-so: HTTP 503"))
        if step == FLOW:
            raise FlowMismatch("flows/hanoi/dang-ky-khai-tu.yaml:12: no field 'Ngày chết'")
        if step in (LANDS_THEN_5XX, LOST_THEN_5XX):
            if submit:
                await submit()
            if step == LANDS_THEN_5XX:
                self._store(dossier)
            raise _gave_up(TransientFault("HTTP 502 while looking for the submitted dossier"))
        raise AssertionError(f"unknown step {step!r}")

    async def find_filed(
        self, session: FakeSession, dossier: FakeDossier, since: dt.datetime
    ) -> Receipt | None:
        self.calls.append(("look", dossier.row_id))
        step = self.lookups[dossier.row_id].pop(0)
        if step == FAULT_5XX:
            raise TransientFault("'Hồ sơ của tôi' answered HTTP 503")
        if step == EXPIRE:
            raise SessionExpired("Phiên đăng nhập đã hết hạn")
        assert step == READ, step
        code = self.portal.get(dossier.row_id)
        return (
            None
            if code is None
            else Receipt(
                code=code,
                appointment_date=None,
                portal=dossier.portal,
                procedure=dossier.procedure,
                reconciled=True,
            )
        )
