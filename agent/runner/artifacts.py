"""The run's artifact folder: `runs/<yyyymmdd-HHMMSS>-<slug>-<short id>/` with events.jsonl,
and on failure failure.png, page.html and trace.zip (open with `playwright show-trace`)."""
from __future__ import annotations

import contextlib
import os
import secrets as _random
from datetime import datetime
from pathlib import Path

from playwright.async_api import Page


def new_run_dir(root: Path, procedure: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(root) / f"{stamp}-{procedure}-{_random.token_hex(3)}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def capture_page(page: Page, folder: Path, stem: str = "failure") -> None:
    """Screenshot + HTML of what the page shows now (best effort: the page may be gone)."""
    # evidence gathering must never mask the real error
    with contextlib.suppress(Exception):
        await page.screenshot(path=str(folder / f"{stem}.png"), full_page=True)
    with contextlib.suppress(Exception):
        (folder / "page.html").write_text(await page.content(), encoding="utf-8")


def write_private(path: Path, data: str) -> None:
    """Write a file only its owner can read (saved sessions)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(data)
    os.chmod(path, 0o600)
