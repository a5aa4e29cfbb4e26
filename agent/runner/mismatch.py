"""Tell a flow that no longer fits the portal from a page that is not there yet.

A verb that cannot find its element (or whose value would not stick) raises StepFailed, but it
cannot know why. A page still loading, or a fault page, is transient: retry it. Only a page that
is ready (main[aria-busy=false], nothing in flight) and no fault page, yet lacks what the step
names, means the portal changed: that is reported as FlowStepMismatch (exit 4, never retried)
with the step's file:line and a screenshot of the page as it was.
"""

from __future__ import annotations

from pathlib import Path

from agent.flow import Op
from agent.runner.artifacts import private_screenshot
from agent.runner.faults import FlowStepMismatch, StepFailed, TransientFault
from agent.runner.steps import StepRunner

#: How long a page that failed a step may still take to show it is ready.
READY_CHECK_MS = 3_000
SCREENSHOT = "mismatch.png"


async def run_checked(runner: StepRunner, op: Op, *, evidence: Path | None) -> int | None:
    """`runner.run(op)`, with a failed step sorted into "retry" or "the flow must be fixed"."""
    try:
        return await runner.run(op)
    except StepFailed as failed:
        await page_settled(runner, min(runner.ctx.timeout_ms, READY_CHECK_MS))
        screenshot = await _screenshot(runner, evidence)
        raise FlowStepMismatch(_detail(failed, op), source=op.step.source, screenshot=screenshot) from failed


async def page_settled(runner: StepRunner, timeout_ms: float | None = None) -> None:
    """Return once the page is ready and shows no fault. A fault page raises its fault; a page
    that does not become ready in time is a TransientFault (never a mismatch)."""
    try:
        await runner.wait_ready(timeout_ms)
    except StepFailed as not_ready:
        raise TransientFault(f"the page did not become ready ({not_ready})") from None


def _detail(failed: StepFailed, op: Op) -> str:
    message = str(failed)
    prefix = f"{op.step}: "
    return f"{op.kind} step: {message[len(prefix) :] if message.startswith(prefix) else message}"


async def _screenshot(runner: StepRunner, evidence: Path | None) -> Path | None:
    if evidence is None:
        return None
    path = evidence / SCREENSHOT
    try:
        await private_screenshot(runner.ctx.page, path, blur=True)  # 0600, typed values blurred
    except Exception:
        return None
    return path
