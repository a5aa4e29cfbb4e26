"""The retry policy, fault kind by fault kind (no browser): an expired session is signed in again
at once, network and server faults back off exponentially with jitter, and what another try
cannot fix (a refusal, a flow that no longer fits the portal) is never retried."""

from __future__ import annotations

import random

import pytest
import structlog

from agent.errors import FlowMismatch, InfrastructureFailure, InvalidInput, PortalRefused
from agent.runner.faults import (
    FlowStepMismatch,
    ReviewMismatch,
    SessionExpired,
    StepFailed,
    TransientFault,
)
from agent.runner.retry import Backoff, RetryPolicy

POLICY = RetryPolicy(transient=Backoff(first_s=0.25, max_s=3.0))
LOG = structlog.get_logger("test")


def test_an_expired_session_is_retried_at_once_every_time():
    rng = random.Random(1)
    assert [POLICY.delay(SessionExpired("Phiên đăng nhập đã hết hạn"), n, rng) for n in (1, 2, 5)] == [
        0.0,
        0.0,
        0.0,
    ]


def test_transient_faults_back_off_exponentially_with_jitter_up_to_a_cap():
    rng = random.Random(7)
    for n in range(1, 9):
        ceiling = min(3.0, 0.25 * 2 ** (n - 1))
        waits = {POLICY.delay(TransientFault("HTTP 500"), n, rng) for _ in range(50)}
        assert all(ceiling / 2 <= w <= ceiling for w in waits), (n, waits)
        assert len(waits) > 1  # jittered: workers hit together do not return together
    # grows: the shortest possible 4th wait is longer than the longest possible 1st
    assert POLICY.delay(TransientFault("drop"), 4, rng) > 0.25


@pytest.mark.parametrize(
    "fault",
    [
        PortalRefused("Bắt buộc nhập"),
        ReviewMismatch("the review page differs"),
        StepFailed("not found after 15s: label 'Họ, chữ đệm, tên'"),
        FlowStepMismatch("fill step: not found", source="hanoi/x.yaml:12", screenshot=None),
        InvalidInput("bad"),
        InfrastructureFailure("gave up"),
        RuntimeError("a bug"),
    ],
)
def test_what_another_try_cannot_fix_is_never_retried(fault):
    assert POLICY.delay(fault, 1, random.Random(0)) is None


def test_a_step_that_does_not_fit_the_portal_is_a_flow_mismatch_exit_4():
    assert issubclass(StepFailed, FlowMismatch) and StepFailed("x").exit_code == 4
    shown = FlowStepMismatch("fill step: not found", source="hanoi/x.yaml:12", screenshot=None)
    assert shown.exit_code == 4 and str(shown).startswith("hanoi/x.yaml:12: ")


def _run(run_async, policy: RetryPolicy, faults: list[BaseException], max_attempts: int = 5):
    """Drive the policy's tenacity loop over a call that raises `faults` in turn, then succeeds;
    returns (calls made, sleeps asked for, result or the exception raised)."""
    calls, sleeps = [], []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def scenario():
        async for attempt in policy.retrying(max_attempts, LOG, sleep=sleep, rng=random.Random(3)):
            with attempt:
                calls.append(len(calls) + 1)
                if len(calls) <= len(faults):
                    raise faults[len(calls) - 1]
                return "done"

    try:
        return calls, sleeps, run_async(scenario())
    except Exception as exc:  # the test looks at what came out
        return calls, sleeps, exc


def test_the_loop_signs_in_again_without_waiting_and_backs_off_from_the_network(run_async):
    faults = [SessionExpired("hết hạn"), TransientFault("HTTP 502"), TransientFault("dropped")]
    calls, sleeps, result = _run(run_async, POLICY, faults)
    assert result == "done" and calls == [1, 2, 3, 4]
    assert sleeps[0] == 0.0  # after the expired session
    assert 0.125 <= sleeps[1] <= 0.25 and 0.25 <= sleeps[2] <= 0.5  # after the 1st, 2nd transient


def test_the_loop_stops_at_a_mismatch_at_once_and_gives_up_on_faults_after_the_budget(run_async):
    mismatch = FlowStepMismatch("fill step: not found", source="x.yaml:3", screenshot=None)
    calls, sleeps, result = _run(run_async, POLICY, [mismatch])
    assert result is mismatch and calls == [1] and sleeps == []
    calls, _, result = _run(
        run_async, POLICY, [TransientFault(f"HTTP 500 #{n}") for n in range(9)], max_attempts=3
    )
    assert isinstance(result, TransientFault) and str(result) == "HTTP 500 #2" and calls == [1, 2, 3]
