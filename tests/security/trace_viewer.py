"""Open a trace in Playwright's own trace viewer (`playwright show-trace`, served on loopback) in
headless Chromium and read back the actions it lists: a scrubbed archive must still be a trace
the standard tool can show, not merely a zip whose lines parse."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from playwright.async_api import async_playwright

from agent.config import CHROMIUM_ARGS, chromium_executable

LISTENING = re.compile(r"Listening on (http://\S+)")


async def actions_shown_by_viewer(trace: Path, timeout_s: float = 60) -> list[str]:
    """The action titles the viewer lists for `trace` (it answers nothing for an archive it
    cannot load)."""
    viewer = subprocess.Popen(
        [sys.executable, "-m", "playwright", "show-trace", "-h", "127.0.0.1", "-p", "0", str(trace)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # the viewer is a node process under a Python wrapper: end both
    )
    try:
        assert viewer.stdout is not None
        url = None
        for line in viewer.stdout:  # the first line it prints names its address
            if found := LISTENING.search(line):
                url = found.group(1)
                break
        assert url, "the trace viewer did not start"
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=chromium_executable(), args=list(CHROMIUM_ARGS)
            )
            try:
                page = await browser.new_page()
                await page.goto(url)
                entries = page.locator(".action-title")
                await entries.first.wait_for(timeout=timeout_s * 1000)
                return await entries.all_inner_texts()
            finally:
                await browser.close()
    finally:
        os.killpg(viewer.pid, signal.SIGKILL)
        viewer.wait(timeout=10)
