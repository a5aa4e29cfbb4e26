"""Build the runner's Engine from the batch options (portal URLs, credentials, artifacts)."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from pathlib import Path

from agent.batch.ports import FilingEngine
from agent.runner import Session


def make_engine(
    portal_urls: list[str] | None,
    credentials: Path | None,
    artifacts_root: Path,
    headless: bool = True,
    trace: bool = True,
    settle_s: float = 30.0,
    trace_on_retry: bool = False,
) -> AbstractAsyncContextManager[FilingEngine[Session]]:
    """The Engine, typed as what the batch may use of it (`ports.FilingEngine`)."""
    from agent.config import Targets
    from agent.runner import Engine
    from agent.secrets import Secrets, load_credentials

    targets = Targets.resolve(portal_urls or None)
    secrets = Secrets(load_credentials(credentials))
    artifacts_root.mkdir(parents=True, exist_ok=True)
    return Engine(
        targets,
        secrets,
        artifacts_root,
        headless=headless,
        trace=trace,
        trace_on_retry=trace_on_retry,
        submit_settle_s=settle_s,
    )
