"""`trace_on_retry` (batch `--trace-on-retry`): a filing that succeeds first time records no
trace at all; one that tries again records from its second attempt on, never while paused for
signing in."""

from __future__ import annotations

import pytest

from agent.runner.browser import Chromium
from agent.runner.tracing import RunTrace

pytestmark = pytest.mark.browser


def test_nothing_is_recorded_until_the_filing_tries_again(run_async, tmp_path):
    async def go() -> tuple[bool, bool]:
        chromium = await Chromium.start()
        try:
            first = tmp_path / "first"
            first.mkdir()
            context = await chromium.browser.new_context()
            trace = RunTrace(context, first, "filing", True, on_retry=True)
            await trace.start()
            await (await context.new_page()).set_content("<h1>Bước 1</h1>")
            await trace.finish(keep=True)  # filed first time: nothing recorded, nothing kept
            await context.close()

            again = tmp_path / "again"
            again.mkdir()
            context = await chromium.browser.new_context()
            trace = RunTrace(context, again, "filing", True, on_retry=True)
            await trace.start()
            page = await context.new_page()
            await trace.retrying()  # a second attempt
            async with trace.paused():  # signing in again: not recorded
                await page.set_content("<h1>Đăng nhập</h1>")
            await page.set_content("<h1>Bước 2</h1>")
            await trace.finish(keep=True)
            await context.close()
            return (first / "trace.zip").exists(), (again / "trace.zip").exists()
        finally:
            await chromium.stop()

    assert run_async(go()) == (False, True)
