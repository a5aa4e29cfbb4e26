"""The rows waiting for a worker, each with the moment it may be taken ("not before").

A row that must back off is put back with a later time instead of being slept on by the worker
that holds it, so the other rows keep moving; a worker only waits when every row left is backing
off (or settling). The queue ends when it is empty and no worker holds a row that could come back.
Time comes from a `Clock`, so tests move it instead of waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import heapq
import itertools
from typing import Generic, TypeVar

from agent.runner.lookup import Clock

T = TypeVar("T")


class RowQueue(Generic[T]):
    def __init__(self, clock: Clock):
        self._clock = clock
        self._heap: list[tuple[dt.datetime, int, T]] = []
        self._order = itertools.count()
        self._in_flight = 0
        self._closed = False
        self._changed = asyncio.Event()

    def __len__(self) -> int:
        return len(self._heap)

    def put(self, item: T, not_before: dt.datetime | None = None) -> None:
        """Queue `item`, to be taken no earlier than `not_before` (now when None). Ties keep the
        order items were put in."""
        if self._closed:
            return
        heapq.heappush(self._heap, (not_before or self._clock.now(), next(self._order), item))
        self._notify()

    def done(self) -> None:
        """The worker that took an item is finished with it (after putting it back, if it must
        come back)."""
        self._in_flight -= 1
        self._notify()

    def close(self) -> None:
        """Hand out nothing more; waiting workers return at once."""
        self._closed = True
        self._notify()

    async def get(self) -> T | None:
        """The next item that is due, waiting for one if needed; None when there is no more work
        (or the queue was closed)."""
        while not self._closed:
            now = self._clock.now()
            if self._heap and self._heap[0][0] <= now:
                _, _, item = heapq.heappop(self._heap)
                self._in_flight += 1
                return item
            if not self._heap and self._in_flight == 0:
                return None
            wait = (self._heap[0][0] - now).total_seconds() if self._heap else None
            await self._wait_for_change(wait)
        return None

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_for_change(self, seconds: float | None) -> None:
        """Until something is put, done or closed — or `seconds` have passed on the clock."""
        waiters = {asyncio.create_task(_wait(self._changed))}
        if seconds is not None:
            waiters.add(asyncio.create_task(self._clock.sleep(seconds)))
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                if not waiter.done():
                    waiter.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await waiter


async def _wait(event: asyncio.Event) -> None:
    await event.wait()
