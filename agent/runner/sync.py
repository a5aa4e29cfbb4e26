"""A blocking wrapper for scripts: file one dossier with a fresh engine and return its receipt."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from pathlib import Path
from typing import TypeVar

from agent.config import Targets
from agent.errors import InvalidInput
from agent.runner.dossier_view import Filable
from agent.runner.engine import Engine
from agent.runner.receipt import FilingHooks, Receipt
from agent.secrets import Secrets

T = TypeVar("T")


def run(coro: Coroutine[object, object, T]) -> T:
    """Run a coroutine to completion from blocking code.

    `asyncio.run` refuses to start when the calling thread already runs a loop (a notebook, or
    Playwright's sync API, which keeps one running for as long as it lives); the coroutine then
    gets a fresh loop in a thread of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def file_dossier(
    dossier: Filable,
    *,
    targets: Targets,
    secrets: Secrets,
    account: str | None = None,
    artifacts_root: Path | str = "runs",
    headless: bool = True,
    stop_at_review: bool = False,
    hooks: FilingHooks | None = None,
) -> Receipt:
    """Sign in as `account` (default: the dossier's) and file `dossier`; raises like Engine.file."""
    name = account or dossier.account
    if name is None:
        raise InvalidInput("the dossier names no `account:`; pass account=NAME")

    async def _file() -> Receipt:
        async with Engine(targets, secrets, artifacts_root, headless=headless) as engine:
            session = await engine.session(name)
            return await engine.file(session, dossier, hooks=hooks, stop_at_review=stop_at_review)

    return run(_file())
