"""A real Chromium page for the engine's verbs, serving given HTML from made-up origins (two
origins make a cross-origin frame), and a StepRunner on it: no portal needed for one widget."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from playwright.async_api import Page, Route

from agent.config import Targets
from agent.flow.plan import Op
from agent.flow.schema import STEP_ARGS, Step, WithinArgs
from agent.runner.browser import Chromium
from agent.runner.readiness import track_timers
from agent.runner.steps import StepContext, StepRunner
from agent.runner.values import Values
from agent.runner.watch import PageWatch

TOP = "http://portal.test"
FRAME = "http://eform.test"
#: The mock portal's own widget components (fixtures/mock_portal/real/static/widgets.js).
WIDGETS_JS = (Path(__file__).parents[3] / "fixtures/mock_portal/real/static/widgets.js").read_text()


async def _no_secret(kind: str, page: Page) -> str:
    raise AssertionError(f"no secret expected ({kind})")


@asynccontextmanager
async def runner_on(
    pages: Mapping[str, str],
    data: dict[str, Any] | None = None,
    timeout_ms: float = 4000,
    *,
    start: str = TOP + "/",
    values: Values | None = None,
) -> AsyncIterator[StepRunner]:
    """Open `start` (by default `pages[TOP + "/"]`) with every URL in `pages` served from
    memory; other URLs (the mock portal's) go to the network."""
    chromium = await Chromium.start()
    try:
        page = await chromium.browser.new_page()
        await track_timers(page)  # as a session does

        async def serve(route: Route) -> None:
            url = route.request.url.split("?")[0]
            body = pages.get(url)
            if body is None:
                await route.fallback()
            else:
                kind = "application/javascript" if url.endswith(".js") else "text/html"
                await route.fulfill(status=200, content_type=f"{kind}; charset=utf-8", body=body)

        await page.route("**/*", serve)
        watch = PageWatch(page).attach()
        await page.goto(start)
        ctx = StepContext(
            page=page,
            watch=watch,
            targets=Targets({"p": TOP}),
            values=values or Values(data or {}, {}, {}),
            secret=_no_secret,
            timeout_ms=timeout_ms,
        )
        yield StepRunner(ctx)
    finally:
        await chromium.stop()


def op(kind: str, args: dict[str, Any], *scopes: dict[str, str]) -> Op:
    """One planned step, as a flow line `- kind: args` inside `within:` scopes."""
    parsed = STEP_ARGS[kind].model_validate(args)
    step = Step(kind=kind, args=parsed, source=f"test:{kind}")
    return Op(0, step, tuple(WithinArgs.model_validate(s) for s in scopes), (), -1)


def html(body: str, script: str = "") -> str:
    """A page; `script` builds markup the HTML parser would not (a <div> inside a <p>)."""
    return (
        f"<!doctype html><html lang=vi><head><meta charset=utf-8></head><body>{body}"
        f"<script>{script}</script></body></html>"
    )
