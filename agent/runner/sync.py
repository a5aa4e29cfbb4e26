"""A blocking wrapper for scripts: file one dossier with a fresh engine and return its receipt."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from agent.config import Targets
from agent.runner.engine import Engine
from agent.runner.receipt import FilingHooks, Receipt
from agent.secrets import Secrets


def file_dossier(dossier: Any, *, targets: Targets, secrets: Secrets, account: str | None = None,
                 artifacts_root: Path | str = "runs", headless: bool = True,
                 stop_at_review: bool = False, hooks: FilingHooks | None = None) -> Receipt:
    """Sign in as `account` (default: the dossier's) and file `dossier`; raises like Engine.file."""
    async def run() -> Receipt:
        async with Engine(targets, secrets, artifacts_root, headless=headless) as engine:
            session = await engine.session(account or dossier.account)
            return await engine.file(session, dossier, hooks=hooks, stop_at_review=stop_at_review)

    return asyncio.run(run())
