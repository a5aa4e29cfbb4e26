"""The Playwright trace of a filing, never holding a secret.

The trace records only the procedure's own steps: it starts after signing in, and is paused
(what came before saved as `trace-partN.zip`) whenever secrets may be typed again: signing in
anew, or signing in to look in "Hồ sơ của tôi". It is kept (`trace.zip`) only when the filing
failed.
"""
from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import BrowserContext


@dataclass
class RunTrace:
    context: BrowserContext
    run_dir: Path
    title: str
    enabled: bool
    parts: int = 0

    async def start(self) -> None:
        if self.enabled:
            await self.context.tracing.start(screenshots=True, snapshots=True)
            await self.context.tracing.start_chunk(title=self.title)

    @contextlib.asynccontextmanager
    async def paused(self) -> AsyncIterator[None]:
        """Stop recording while the body runs (saving what came before as a part)."""
        if self.enabled:
            self.parts += 1
            await self.context.tracing.stop_chunk(path=str(self.run_dir / f"trace-part{self.parts}.zip"))
        try:
            yield
        finally:
            if self.enabled:
                await self.context.tracing.start_chunk(title=f"{self.title} (resumed)")

    async def finish(self, *, keep: bool) -> None:
        if not self.enabled:
            return
        try:
            await self.context.tracing.stop_chunk(path=str(self.run_dir / "trace.zip") if keep else None)
            await self.context.tracing.stop()
        except Exception:
            pass
        if not keep:
            for part in self.run_dir.glob("trace-part*.zip"):
                part.unlink()
