"""The Playwright trace of a filing, never holding a secret or a personal identifier in clear.

The trace records only the procedure's own steps: it starts after signing in, and is paused
(what came before saved as `trace-partN.zip`) whenever secrets may be typed again: signing in
anew, or signing in to look in "Hồ sơ của tôi". It is kept (`trace.zip`) only when the filing
failed.

Recording costs about as much CPU as the filing itself (DOM snapshots at every action), so it
can be kept for the filings that need it: with `on_retry`, nothing is recorded on a filing's
first attempt; recording starts when it tries again (`retrying()`, called before the second
attempt), like Playwright's own "on-first-retry". A filing that succeeds first time pays
nothing; one that fails after retrying keeps the trace of its later attempts. Either way no
secret is recorded: recording only ever starts after signing in and outside `paused()`.

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
    #: Record only once the filing tries again (module doc); False: record from `start()` on.
    on_retry: bool = False
    _started: bool = False  # `start()` was called: the procedure's own steps are running
    _tracing: bool = False  # Playwright's tracing was started for this filing
    _recording: bool = False  # a chunk is being recorded now
    _paused: bool = False  # inside `paused()`: secrets may be typed, nothing may start recording

    async def start(self) -> None:
        self._started = True
        if self.enabled and not self.on_retry:
            await self._record(self.title)

    async def retrying(self) -> None:
        """The filing is about to try again: with `on_retry`, recording starts now (a no-op when
        it already records, is paused, or has not signed in yet)."""
        if self.enabled and self._started and not self._recording and not self._paused:
            await self._record(f"{self.title} (retry)")

    async def _record(self, title: str) -> None:
        if not self._tracing:
            await self.context.tracing.start(screenshots=self.keep_personal_data, snapshots=True)
            self._tracing = True
        await self.context.tracing.start_chunk(title=title)
        self._recording = True

    @contextlib.asynccontextmanager
    async def paused(self) -> AsyncIterator[None]:
        """Stop recording while the body runs (saving what came before as a part)."""
        was_recording = self._recording
        if was_recording:
            self.parts += 1
            part = self.run_dir / f"trace-part{self.parts}.zip"
            self._recording = False
            await self.context.tracing.stop_chunk(path=str(part))
            self._seal(part)
        self._paused = True
        try:
            yield
        finally:
            self._paused = False
            if was_recording:
                await self._record(f"{self.title} (resumed)")

    async def finish(self, *, keep: bool) -> None:
        if not self._tracing:
            return  # nothing was recorded (tracing off, or on_retry and no retry)
        path = self.run_dir / "trace.zip"
        try:
            await self.context.tracing.stop_chunk(path=str(path) if keep and self._recording else None)
            await self.context.tracing.stop()
        except Exception:
            pass
        self._tracing = self._recording = False
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
