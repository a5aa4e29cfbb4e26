"""What to do about each kind of fault, in one place.

- The session expired: sign in again and resume at once. Waiting would not bring it back.
- A 5xx, a dropped connection, a timeout, a maintenance page: back off exponentially, with jitter
  so that many workers hit by one outage do not come back in step.
- Anything else (the portal refused the dossier, the flow no longer fits the page, a bug): never
  retried; another try would fail the same way, or file something wrong.
"""

from __future__ import annotations

import asyncio
import enum
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from structlog.typing import FilteringBoundLogger
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.stop import StopBaseT

from agent.runner.faults import SessionExpired, TransientFault


class FaultKind(enum.Enum):
    SIGNED_OUT = "signed out"  # sign in again, resume at once
    TRANSIENT = "transient"  # back off, then resume from the last checkpoint
    FINAL = "final"  # never retried


def kind_of(fault: BaseException) -> FaultKind:
    if isinstance(fault, SessionExpired):
        return FaultKind.SIGNED_OUT
    if isinstance(fault, TransientFault):
        return FaultKind.TRANSIENT
    return FaultKind.FINAL


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with "equal jitter": the n-th wait is between half and all of
    min(first_s * 2**(n-1), max_s)."""

    first_s: float
    max_s: float

    def delay(self, retry_number: int, rng: random.Random) -> float:
        ceiling = min(self.max_s, self.first_s * 2 ** (retry_number - 1))
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


@dataclass(frozen=True)
class RetryPolicy:
    transient: Backoff = Backoff(first_s=0.25, max_s=3.0)

    def delay(self, fault: BaseException, retry_number: int, rng: random.Random) -> float | None:
        """Seconds to wait after `fault`, the `retry_number`-th fault of its kind in this loop
        (1 = the first); None when the fault is never retried."""
        kind = kind_of(fault)
        if kind is FaultKind.SIGNED_OUT:
            return 0.0
        if kind is FaultKind.TRANSIENT:
            return self.transient.delay(retry_number, rng)
        return None

    def retrying(
        self,
        stop: StopBaseT | int,
        log: FilteringBoundLogger,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> AsyncRetrying:
        """A tenacity loop that retries what this policy retries, waits as it says, and stops
        after `stop` attempts (or when the `stop` callable says so)."""
        chance = rng or random.Random()
        seen: dict[FaultKind, int] = {}

        def wait(state: RetryCallState) -> float:
            fault = _fault(state)
            if fault is None:
                return 0.0
            kind = kind_of(fault)
            seen[kind] = seen.get(kind, 0) + 1  # the backoff grows with faults of its own kind
            return self.delay(fault, seen[kind], chance) or 0.0

        def note(state: RetryCallState) -> None:
            fault = _fault(state)
            log.warning(
                "retrying",
                attempt=state.attempt_number,
                fault=str(fault),
                kind=type(fault).__name__,
                wait_s=round(state.upcoming_sleep, 2),
            )

        return AsyncRetrying(
            retry=retry_if_exception(lambda fault: kind_of(fault) is not FaultKind.FINAL),
            stop=stop_after_attempt(stop) if isinstance(stop, int) else stop,
            wait=wait,
            sleep=sleep,
            before_sleep=note,
            reraise=True,
        )


def _fault(state: RetryCallState) -> BaseException | None:
    return state.outcome.exception() if state.outcome is not None else None


DEFAULT_POLICY = RetryPolicy()
