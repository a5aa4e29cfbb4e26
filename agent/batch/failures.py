"""Why a row's attempt failed, and what the batch does about each kind of failure.

The engine retries faults inside one filing; what reaches the batch is a filing (or a lookup)
that gave up, usually an `InfrastructureFailure` whose `__cause__` is the fault that kept coming
back. The kind decides the rest:

- session expired: sign in again and go on at once; not the row's fault, so no budget spent;
- transient (5xx, dropped connection, portal timeout): back off exponentially, with jitter and
  a cap, and spend one attempt;
- row timeout (the row as a whole took too long): a longer backoff, one attempt;
- flow mismatch: the page does not fit the flow and never will until a person fixes the flow:
  fail at once, no retry;
- refused (the portal's own validation) and invalid (e.g. an unknown account): final at once;
- anything else: treated like a transient fault (backoff, one attempt), so a bug in one row
  cannot loop forever.
"""

from __future__ import annotations

import asyncio
import enum
import random
from dataclasses import dataclass

from agent.errors import FlowMismatch, InvalidInput, PortalRefused
from agent.runner.faults import SessionExpired, TransientFault


class FailureKind(enum.StrEnum):
    SESSION_EXPIRED = "session_expired"
    TRANSIENT = "transient"
    ROW_TIMEOUT = "row_timeout"
    FLOW_MISMATCH = "flow_mismatch"
    REFUSED = "refused"
    INVALID = "invalid"
    UNKNOWN = "unknown"

    @property
    def final(self) -> bool:
        """Retrying cannot change the outcome."""
        return self in (FailureKind.FLOW_MISMATCH, FailureKind.REFUSED, FailureKind.INVALID)

    @property
    def spends_budget(self) -> bool:
        """Does a failure of this kind count against `--max-attempts`?"""
        return self is not FailureKind.SESSION_EXPIRED


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and what caused it, outermost first, as a traceback would print it."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and not any(current is s for s in seen):
        seen.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return seen


def classify(exc: BaseException) -> FailureKind:
    """The kind of an attempt's failure, from the exception and its cause chain.

    Final verdicts win wherever they are in the chain (a refusal wrapped by the engine is still a
    refusal); otherwise the innermost known fault names what kept happening."""
    chain = _chain(exc)
    for link in chain:
        if isinstance(link, FlowMismatch):
            return FailureKind.FLOW_MISMATCH
        if isinstance(link, PortalRefused):
            return FailureKind.REFUSED
        if isinstance(link, InvalidInput):
            return FailureKind.INVALID
    for link in reversed(chain):
        if isinstance(link, SessionExpired):
            return FailureKind.SESSION_EXPIRED
        if isinstance(link, TransientFault):
            return FailureKind.TRANSIENT
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        return FailureKind.ROW_TIMEOUT
    return FailureKind.UNKNOWN


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with "equal jitter": half the step fixed, half random, so retries of
    rows that failed together spread out instead of hitting a struggling portal at once."""

    base_s: float
    cap_s: float

    def delay(self, failures_of_this_kind: int, rng: random.Random) -> float:
        if failures_of_this_kind <= 0 or self.base_s <= 0:
            return 0.0
        step = min(self.cap_s, self.base_s * 2 ** (failures_of_this_kind - 1))
        return step / 2 + rng.uniform(0, step / 2)


#: Per kind: an expired session is renewed at once; a struggling portal gets time to recover.
DEFAULT_BACKOFF: dict[FailureKind, Backoff] = {
    FailureKind.SESSION_EXPIRED: Backoff(0, 0),
    FailureKind.TRANSIENT: Backoff(2.0, 30.0),
    FailureKind.ROW_TIMEOUT: Backoff(10.0, 60.0),
    FailureKind.UNKNOWN: Backoff(2.0, 30.0),
}
