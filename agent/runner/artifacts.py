"""The run's artifact folder: `runs/<yyyymmdd-HHMMSS>-<slug>-<short id>/` with events.jsonl,
and on failure failure.png, page.html and trace.zip (open with `playwright show-trace`).

Everything here is private (0700/0600, see `private_files`) and holds no personal data in
clear: the page's HTML goes through the filing's redaction policy, and the failure screenshot is
taken with the form's values and the review tables blurred (the labels, headings and error
messages that explain the failure stay sharp). `--keep-personal-data` keeps both as they are.
"""

from __future__ import annotations

import contextlib
import secrets as _random
from datetime import datetime
from pathlib import Path

from playwright.async_api import Page

from agent.secrets.private_files import make_private, private_dir, write_private
from agent.secrets.redaction import NO_VALUES, Redaction

#: What a failure screenshot blurs: what was typed, and values shown back (review, receipt).
BLUR_VALUES_CSS = """
input, textarea, select, [role="combobox"], [role="option"], td, dd {
  filter: blur(7px) !important;
}
"""
MARKER_KEPT = "PERSONAL-DATA-KEPT.txt"


def new_run_dir(root: Path, procedure: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return private_dir(Path(root) / f"{stamp}-{procedure}-{_random.token_hex(3)}")


async def capture_page(
    page: Page,
    folder: Path,
    stem: str = "failure",
    *,
    redaction: Redaction = NO_VALUES,
    keep_personal_data: bool = False,
) -> None:
    """Screenshot + HTML of what the page shows now (best effort: the page may be gone)."""
    # evidence gathering must never mask the real error
    with contextlib.suppress(Exception):
        await private_screenshot(page, folder / f"{stem}.png", blur=not keep_personal_data)
    with contextlib.suppress(Exception):
        content = await page.content()
        write_private(folder / "page.html", content if keep_personal_data else redaction.mask(content))


async def private_screenshot(page: Page, path: Path, *, blur: bool) -> None:
    """A full-page screenshot readable by its owner only; with `blur`, values are unreadable."""
    style = None
    if blur:
        with contextlib.suppress(Exception):  # a page that refuses the style is shot as it is
            style = await page.add_style_tag(content=BLUR_VALUES_CSS)
    try:
        await page.screenshot(path=str(path), full_page=True)
    finally:
        make_private(path)
        if style is not None:
            with contextlib.suppress(Exception):
                await style.evaluate("node => node.remove()")


def mark_personal_data_kept(folder: Path) -> None:
    """Leave a note in a run folder whose artifacts were kept unmasked (`--keep-personal-data`)."""
    write_private(
        folder / MARKER_KEPT,
        "This run was made with --keep-personal-data: its trace, page.html and "
        "screenshots hold personal data and live session values in clear.\n"
        "Share nothing from this folder; delete it when done.\n",
    )


__all__ = ["capture_page", "mark_personal_data_kept", "new_run_dir", "private_screenshot", "write_private"]
