"""The one Chromium an engine drives: Debian's, launched here, or a remote one over a websocket."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.async_api import Browser, Playwright, async_playwright

from agent.config import CHROMIUM_ARGS, chromium_executable
from agent.runner import reading


@dataclass
class Chromium:
    playwright: Playwright
    browser: Browser

    @classmethod
    async def start(cls, *, headless: bool = True, ws_endpoint: str | None = None) -> Chromium:
        playwright = await async_playwright().start()
        try:
            await reading.register(playwright)  # `field:` and `within: {section:}` locators
            if ws_endpoint:
                browser = await playwright.chromium.connect(ws_endpoint)
            else:
                browser = await playwright.chromium.launch(
                    executable_path=chromium_executable(), args=list(CHROMIUM_ARGS), headless=headless
                )
        except BaseException:
            await playwright.stop()
            raise
        return cls(playwright, browser)

    async def stop(self) -> None:
        try:
            await self.browser.close()
        finally:
            await self.playwright.stop()
