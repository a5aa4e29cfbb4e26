"""What the batch needs from the runner and from a dossier — and nothing more.

Workers and reconciliation are written against these protocols, not against the runner's
classes: the runner can change inside (it is being split up) while this small surface stays
checked by mypy, and a scripted engine can stand in for Chromium where a test is about the
batch's own decisions (retries, budgets, statuses) rather than about a portal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Protocol, TypeVar

from agent.runner.dossier_view import Filable
from agent.runner.receipt import FilingHooks, Receipt

__all__ = [
    "BrowserContextHandle",
    "Dossier",
    "EngineFactory",
    "FilingEngine",
    "FilingHooks",
    "FilingSession",
    "Receipt",
    "SessionT",
]


#: A validated dossier (`agent.dossier.DossierFile`): the batch reads where it goes and as whom;
#: the rest is what the engine reads to file it. One protocol, the runner's.
Dossier = Filable


class BrowserContextHandle(Protocol):
    """The part of a Playwright BrowserContext a worker touches."""

    async def clear_cookies(self) -> None: ...


class FilingSession(Protocol):
    """One worker's signed-in browser context for one account."""

    @property
    def context(self) -> BrowserContextHandle: ...

    async def close(self) -> None:
        """Close the context (best effort: it may be gone with its browser already)."""
        ...


SessionT = TypeVar("SessionT", bound=FilingSession)


class FilingEngine(Protocol[SessionT]):
    """The runner's Engine, as docs/interfaces.md §8 describes it."""

    async def session(self, account_name: str) -> SessionT: ...

    async def file(
        self,
        session: SessionT,
        dossier: Dossier,
        hooks: FilingHooks | None = None,
        stop_at_review: bool = False,
    ) -> Receipt: ...

    async def find_filed(self, session: SessionT, dossier: Dossier, since: dt.datetime) -> Receipt | None:
        """The dossier's receipt; None only when the whole list was read; raises on faults."""
        ...


#: Opens the one engine (one Chromium) a run shares, for `async with`.
EngineFactory = Callable[[], AbstractAsyncContextManager[FilingEngine[SessionT]]]
