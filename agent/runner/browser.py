"""The one Chromium an engine drives: Debian's (its headless shell for a headless run, see
`config.chromium_executable`), launched here, or a remote one over a websocket.

Launched with `config.CHROMIUM_ARGS` plus `LEAN_ARGS` (switches that trim processes; none kept
for now, see there). Options switched by `--disable-features` are left alone: a second such
switch would replace Playwright's own list, not add to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.async_api import Browser, Playwright, async_playwright

from agent.config import CHROMIUM_ARGS, chromium_executable
from agent.runner import reading

#: Switches that trim processes, measured with `bench/compare.py`. Empty: `--in-process-gpu`
#: (one process fewer) crashed the full browser at launch under load, and on the headless shell
#: it only moved the GPU process's CPU into the browser process; `--js-flags=--lite-mode` held
#: less memory on the mock's light pages, but it makes V8 jitless, which the live portals' large
#: Angular and React bundles would pay for in CPU.
LEAN_ARGS: tuple[str, ...] = ()


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
                    executable_path=chromium_executable(headless=headless),
                    args=[*CHROMIUM_ARGS, *LEAN_ARGS],
                    headless=headless,
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
