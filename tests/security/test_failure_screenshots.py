"""Failure screenshots blur what was typed and what the portal shows back, and leave the page as
it was (the filing may go on: a lookup, another attempt)."""

from __future__ import annotations

import stat

import pytest

from agent.runner.artifacts import private_screenshot
from agent.runner.browser import Chromium

pytestmark = pytest.mark.browser
PAGE = """<!doctype html><html><body style="font: 40px sans-serif">
<h1>Lỗi hệ thống</h1><label for="id">Số định danh</label><input id="id" value="001090012345" size="14">
<table><tr><th>Họ tên</th><td>Nguyễn Văn An</td></tr></table></body></html>"""


async def _shots(tmp_path):
    chromium = await Chromium.start()
    try:
        page = await chromium.browser.new_page()
        await page.set_content(PAGE)
        await private_screenshot(page, tmp_path / "clear.png", blur=False)
        await private_screenshot(page, tmp_path / "blurred.png", blur=True)
        return await page.eval_on_selector("input", "el => getComputedStyle(el).filter")
    finally:
        await chromium.stop()


def test_values_are_blurred_and_the_page_is_left_as_it_was(tmp_path, run_async):
    filter_after = run_async(_shots(tmp_path))
    clear, blurred = (tmp_path / "clear.png").read_bytes(), (tmp_path / "blurred.png").read_bytes()
    assert clear != blurred
    assert filter_after == "none"
    for shot in ("clear.png", "blurred.png"):
        assert stat.S_IMODE((tmp_path / shot).stat().st_mode) == 0o600
