"""Test-wide fixtures: real Debian Chromium for pytest-playwright, and the mock portal plugin."""

from __future__ import annotations

import pytest

from agent.config import CHROMIUM_ARGS, chromium_executable

pytest_plugins = ["fixtures.mock_portal.pytest_plugin"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium (no `playwright install` here)."""
    headless = browser_type_launch_args.get("headless", True)
    executable = chromium_executable(headless=headless)
    return {**browser_type_launch_args, "executable_path": executable, "args": list(CHROMIUM_ARGS)}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture(scope="session")
def run_async():
    """Run a coroutine to completion from a sync test.

    pytest-playwright's sync API keeps an event loop running in the main thread for the rest of
    the session once a browser test has used it, so a bare `asyncio.run` fails depending on test
    order; `agent.runner.sync.run` gives the coroutine a loop of its own.
    """
    from agent.runner.sync import run

    return run
