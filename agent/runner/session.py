"""A browser context signed in as one account, and where its sign-in is kept between runs.

The storage state (cookies) is saved after every sign-in, readable by its owner only (0600, in a
folder made 0700: `agent.secrets.private_files`), so the next run skips signing in while the
portal still accepts it.

What a filing never needs is not fetched (`block_unneeded`): fonts, audio and video, pictures
other than the ones a person must read (captchas, a sign-in QR code), and the analytics and
telemetry listed per portal in `TELEMETRY`. Chromium itself refuses them (CDP
`Network.setBlockedURLs`): no request interception, so no round trip per request through the
driver and the HTTP cache stays on. Blocking is best effort: a browser that cannot do it files
as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Error, Page

from agent.runner.readiness import track_timers
from agent.runner.watch import PageWatch
from agent.secrets import Account
from agent.secrets.private_files import write_private

#: How long a session that signed in or filed is trusted without its sign-in block being run
#: again before the next filing (a portal session lasts longer; an early end is noticed anyway).
TRUSTED_FOR_S = 300.0


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
    #: When each sign-in block (by its file) last proved this session signed in.
    _vouched: dict[str, float] = field(default_factory=dict)

    def vouch(self, sign_in: str) -> None:
        """This session is signed in for `sign_in` now (it signed in, or a filing went through)."""
        self._vouched[sign_in] = time.monotonic()

    def trusts(self, sign_in: str) -> bool:
        """Signed in for `sign_in` recently enough not to look again before a filing. If the
        portal ended the session meanwhile, its pages say so at once (SessionExpired) and the
        filing signs in again and resumes, so trusting costs nothing but that attempt."""
        vouched = self._vouched.get(sign_in)
        return vouched is not None and time.monotonic() - vouched < TRUSTED_FOR_S

    def distrust(self, sign_in: str) -> None:
        self._vouched.pop(sign_in, None)

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
    await track_timers(context)
    page = await context.new_page()
    await block_unneeded(context, page)
    return Session(account, context, page, PageWatch(page).attach(), state_path)


#: Pictures a person must read to file: never blocked (URL patterns, matched first).
NEEDED_PICTURES = ("*://*:*/*captcha*", "*://*:*/*Captcha*", "*://*:*/*qr*", "*://*:*/*QR*")
#: What no filing needs, by file type (URL patterns on the path).
UNNEEDED_TYPES = tuple(
    f"*://*:*/*.{ext}"
    for ext in (
        *("png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "ico", "svg"),  # pictures
        *("woff", "woff2", "ttf", "otf", "eot"),  # fonts: the system's render the same text
        *("mp4", "webm", "ogg", "mp3", "wav", "m4a"),  # audio and video
    )
)
#: Analytics and telemetry, per portal (the key `*`: whatever portal the page is on). Third-party
#: hosts a page calls without needing their answer; a portal's own telemetry goes here by name.
TELEMETRY: dict[str, tuple[str, ...]] = {
    "*": (
        "*://*.google-analytics.com:*/*",
        "*://*.googletagmanager.com:*/*",
        "*://*.doubleclick.net:*/*",
        "*://*.facebook.net:*/*",
        "*://connect.facebook.com:*/*",
        "*://*.hotjar.com:*/*",
        "*://*.clarity.ms:*/*",
        "*://*.newrelic.com:*/*",
        "*://*.nr-data.net:*/*",
    ),
}


def blocked_patterns() -> list[dict[str, object]]:
    """CDP `urlPatterns`, first match decides: the needed pictures, then what is not needed."""
    allowed = [{"urlPattern": p, "block": False} for p in NEEDED_PICTURES]
    telemetry = [p for patterns in TELEMETRY.values() for p in patterns]
    return allowed + [{"urlPattern": p, "block": True} for p in (*UNNEEDED_TYPES, *telemetry)]


async def block_unneeded(context: BrowserContext, page: Page) -> bool:
    """Have Chromium refuse what a filing does not need on this page; False when the browser
    cannot (not Chromium, or too old for `urlPatterns`): the page then loads everything."""
    try:
        cdp = await context.new_cdp_session(page)
        # keeps no response bodies for this session (Playwright's own session has what it needs)
        await cdp.send("Network.enable", {"maxTotalBufferSize": 0, "maxResourceBufferSize": 0})
        await cdp.send("Network.setBlockedURLs", {"urlPatterns": blocked_patterns()})
    except Error:
        return False
    return True


def state_path_for(artifacts_root: Path, account_name: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in account_name)
    return artifacts_root / "state" / f"{safe}.json"
