"""A clock that tests move: `sleep` advances `now` at once and is recorded, nothing really waits."""

from __future__ import annotations

import asyncio
import datetime as dt


class FakeClock:
    def __init__(self, start: dt.datetime | None = None):
        self._now = start or dt.datetime.now(dt.UTC)
        self.sleeps: list[float] = []

    def now(self) -> dt.datetime:
        return self._now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self._now += dt.timedelta(seconds=seconds)
        await asyncio.sleep(0)  # let other tasks run, as a real wait would

    def advance(self, seconds: float) -> None:
        self._now += dt.timedelta(seconds=seconds)
