"""A browser context signed in as one account, and where its sign-in is kept between runs.

The storage state (cookies) is saved after every sign-in, readable by its owner only (0600, in a
folder made 0700: `agent.secrets.private_files`), so the next run skips signing in while the
portal still accepts it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Page

from agent.runner.watch import PageWatch
from agent.secrets import Account
from agent.secrets.private_files import write_private


@dataclass
class Session:
    """A browser context signed in (lazily, per portal) as one account. One filing at a time:
    `lock` is held for the whole of a filing."""

    account: Account
    context: BrowserContext
    page: Page
    watch: PageWatch
    state_path: Path
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    closed: bool = False

    async def save_state(self) -> None:
        state = await self.context.storage_state()
        write_private(self.state_path, json.dumps(state))

    async def close(self) -> None:
        """Close the context (best effort: it may be gone with its browser already)."""
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(Exception):  # a dead context has nothing left to close
            await self.context.close()


async def open_session(
    browser: Browser, account: Account, artifacts_root: Path, timeout_ms: float
) -> Session:
    """A new context for `account`, with its saved storage state if there is one."""
    state_path = state_path_for(artifacts_root, account.name)
    context = await browser.new_context(
        storage_state=str(state_path) if state_path.is_file() else None,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        accept_downloads=False,
    )
    context.set_default_timeout(timeout_ms)
    page = await context.new_page()
    return Session(account, context, page, PageWatch(page).attach(), state_path)


def state_path_for(artifacts_root: Path, account_name: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in account_name)
    return artifacts_root / "state" / f"{safe}.json"
