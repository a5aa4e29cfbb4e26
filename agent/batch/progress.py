"""Show a batch's progress: a Rich bar with counts and rate on a terminal, log lines otherwise.

Counts come from the ledger, so what is shown is what is durably recorded.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import structlog
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from agent.batch import ledger as L

log = structlog.get_logger("dvc_agent.batch")


class BatchProgress:
    """`update()` after every change; `close()` at the end. Cheap when nothing changed."""

    def __init__(
        self,
        total: int,
        counts: Callable[[], dict[str, int]],
        *,
        tty: bool | None = None,
        console: Console | None = None,
        log_every: float = 5.0,
    ):
        self.total = total
        self._counts = counts
        self._tty = sys.stderr.isatty() if tty is None else tty
        self._started = time.monotonic()
        self._last: dict[str, int] | None = None
        self._log_every = log_every
        self._last_log = 0.0
        self._bar: Progress | None = None
        self._done_at_start = self._done(counts())
        if self._tty:
            self._bar = Progress(
                TextColumn("[bold]batch"),
                BarColumn(),
                TextColumn("{task.fields[text]}"),
                TimeElapsedColumn(),
                console=console or Console(stderr=True),
                transient=False,
            )
            self._task = self._bar.add_task("batch", total=total, text="")
            self._bar.start()
        self.update()

    @staticmethod
    def _done(c: dict[str, int]) -> int:
        return sum(c.get(state, 0) for state in L.TERMINAL)

    def rate_per_minute(self, c: dict[str, int]) -> float:
        elapsed = max(time.monotonic() - self._started, 1e-6)
        return (self._done(c) - self._done_at_start) * 60.0 / elapsed

    def line(self, c: dict[str, int]) -> str:
        remaining = max(self.total - self._done(c), 0)
        unconfirmed = f" · unconfirmed {c[L.UNCONFIRMED]}" if c.get(L.UNCONFIRMED) else ""
        return (
            f"filed {c.get('filed', 0)} · refused {c.get('refused', 0)} · failed {c.get('failed', 0)}"
            f"{unconfirmed} · remaining {remaining} · {self.rate_per_minute(c):.1f} rows/min"
        )

    def update(self, force: bool = False) -> None:
        c = self._counts()
        if c == self._last and not force:
            return
        self._last = c
        if self._bar is not None:
            self._bar.update(self._task, completed=self._done(c), text=self.line(c))
            return
        now = time.monotonic()
        if force or now - self._last_log >= self._log_every or self._done(c) >= self.total:
            self._last_log = now
            remaining = max(self.total - self._done(c), 0)
            log.info(
                "batch progress",
                filed=c.get("filed", 0),
                refused=c.get("refused", 0),
                failed=c.get("failed", 0),
                unconfirmed=c.get(L.UNCONFIRMED, 0),
                remaining=remaining,
                rows_per_minute=round(self.rate_per_minute(c), 1),
            )

    def close(self) -> None:
        self.update(force=True)
        if self._bar is not None:
            self._bar.stop()
