"""The Playwright trace of a filing, never holding a secret or a personal identifier in clear.

The trace records only the procedure's own steps: it starts after signing in, and is paused
(what came before saved as `trace-partN.zip`) whenever secrets may be typed again: signing in
anew, or signing in to look in "Hồ sơ của tôi". It is kept (`trace.zip`) only when the filing
failed.

Every archive is scrubbed as soon as Playwright has written it (`trace_scrub`: session headers
and cookies, the filing's personal data) and made private. Screencast frames are not recorded:
pictures of filled forms cannot be scrubbed; the DOM snapshots (scrubbed) show each step
instead. `keep_personal_data` (`submit --keep-personal-data`) records and keeps everything.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import BrowserContext

from agent.runner.trace_scrub import scrub_trace
from agent.secrets.private_files import make_private, write_private
from agent.secrets.redaction import NO_VALUES, Redaction


@dataclass
class RunTrace:
    context: BrowserContext
    run_dir: Path
    title: str
    enabled: bool
    parts: int = 0
    keep_personal_data: bool = False
    redaction: Redaction = NO_VALUES  # the filing's policy (set by the filing, which knows it)

    async def start(self) -> None:
        if self.enabled:
            await self.context.tracing.start(screenshots=self.keep_personal_data, snapshots=True)
            await self.context.tracing.start_chunk(title=self.title)

    @contextlib.asynccontextmanager
    async def paused(self) -> AsyncIterator[None]:
        """Stop recording while the body runs (saving what came before as a part)."""
        if self.enabled:
            self.parts += 1
            part = self.run_dir / f"trace-part{self.parts}.zip"
            await self.context.tracing.stop_chunk(path=str(part))
            self._seal(part)
        try:
            yield
        finally:
            if self.enabled:
                await self.context.tracing.start_chunk(title=f"{self.title} (resumed)")

    async def finish(self, *, keep: bool) -> None:
        if not self.enabled:
            return
        path = self.run_dir / "trace.zip"
        try:
            await self.context.tracing.stop_chunk(path=str(path) if keep else None)
            await self.context.tracing.stop()
        except Exception:
            pass
        if keep:
            self._seal(path)
        else:
            for part in self.run_dir.glob("trace-part*.zip"):
                part.unlink()

    def _seal(self, path: Path) -> None:
        """Scrub a freshly written archive and close it to others. An archive that cannot be
        scrubbed is deleted rather than kept in clear (a note says so; the filing's own error,
        if any, is what the caller must see)."""
        if not path.exists():
            return
        make_private(path)
        if self.keep_personal_data:
            return
        try:
            scrub_trace(path, self.redaction)
        except Exception as exc:
            path.unlink(missing_ok=True)
            write_private(
                path.with_suffix(".deleted.txt"),
                f"{path.name} could not be scrubbed ({type(exc).__name__}) and was deleted.\n",
            )
