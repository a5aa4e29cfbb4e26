"""A real Chromium page holding given HTML, for tests of how the runner reads pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from playwright.async_api import Page, async_playwright

from agent.config import CHROMIUM_ARGS, chromium_executable


@asynccontextmanager
async def page_with(html: str) -> AsyncIterator[Page]:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_executable(), args=list(CHROMIUM_ARGS))
        try:
            page = await browser.new_page(locale="vi-VN")
            await page.set_content(f'<main id="app" aria-busy="false">{html}</main>')
            yield page
        finally:
            await browser.close()
