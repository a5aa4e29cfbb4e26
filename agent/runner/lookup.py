"""Look for a filed dossier, and when it is not there yet, wait until it can no longer land.

A submit whose answer was lost (or a run killed right after the click) may still be committing on
the portal. "Not in Hồ sơ của tôi" is only believed once the submit can no longer land: look now,
and if nothing is found while the settle window is still open, wait for the window to close and
look once more. One routine for the engine (a lost answer inside a filing) and the batch (a row a
crash left unfinished), with a clock that tests control.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

T = TypeVar("T")

#: "Hồ sơ của tôi" shows submission times to the minute, from a clock that is not ours: search
#: from a little before the attempt started.
SEARCH_SLACK = dt.timedelta(minutes=2)
#: How long a submit may take to land on the portal after it was sent (a portal's request timeout).
DEFAULT_SETTLE = dt.timedelta(seconds=30)


class Clock(Protocol):
    """Wall time and waiting, so that tests can move time instead of waiting for it."""

    def now(self) -> dt.datetime:
        """An aware datetime (UTC)."""
        ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


SYSTEM_CLOCK: Clock = SystemClock()


def settle_remaining(last_submit_at: dt.datetime | None, settle: dt.timedelta, now: dt.datetime) -> float:
    """Seconds until a submit sent at `last_submit_at` can no longer land (0 when it cannot)."""
    if last_submit_at is None:
        return 0.0
    return max(0.0, (last_submit_at + settle - now).total_seconds())


async def look_until_settled(
    look: Callable[[], Awaitable[T | None]],
    *,
    last_submit_at: dt.datetime | None,
    settle: dt.timedelta = DEFAULT_SETTLE,
    clock: Clock = SYSTEM_CLOCK,
    on_wait: Callable[[float], None] | None = None,
) -> T | None:
    """`look()`'s answer; when it finds nothing while a submit sent at `last_submit_at` may still
    land, wait until it cannot (a deadline, not a guess at timing) and look once more.

    `look` must raise rather than return None when it could not read the whole list: None means
    "certainly not there".
    """
    found = await look()
    if found is not None:
        return found
    wait = settle_remaining(last_submit_at, settle, clock.now())
    if wait <= 0:
        return None
    if on_wait is not None:
        on_wait(wait)
    await clock.sleep(wait)
    return await look()
