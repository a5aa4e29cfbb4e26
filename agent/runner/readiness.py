"""When a page without a readiness flag is ready: loaded, nothing in flight, no spinner shown, and
its DOM (and every frame's) quiet for a short window; spinners and the window are set per portal
in flows/portals.yaml.

The legacy portal marks readiness (`main[aria-busy=false]`): that fast path is kept. Live portals
mark nothing, show spinners and render late (cards one by one, blocks rebuilt ~0.3 s after a
choice), so quiet is measured in the page by a MutationObserver: an event-driven wait, not a
polling loop here. What the page has scheduled says how long to wait: with no request in flight
and no short timer pending (`track_timers`), a DOM quiet for `SHORT_QUIET_MS` is ready; while
a timer is pending, ready waits for it (a rebuild 0.7 s after a choice outlasts any fixed quiet
window); a page that always has one (a loop) is ready after `quiet_ms` + `LONG_TIMER_MS` of
quiet, and a document the tracking missed after `quiet_ms`.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from playwright.async_api import BrowserContext, Frame, Page
from playwright.async_api import Error as PlaywrightError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.config import Targets
from agent.flow.errors import FlowError
from agent.runner.faults import TransientFault
from agent.runner.watch import PageWatch

#: Used when no flows/portals.yaml says otherwise: common loading indicators of the frameworks
#: the portals use (Ant Design, SurveyJS, Angular Material, generic).
SPINNERS = (
    '[role="progressbar"]',
    ".spinner",
    ".loading",
    ".loading-spinner",
    ".ant-spin-spinning",
    ".sv-loading",
    "mat-spinner",
    "mat-progress-spinner",
    '[aria-busy="true"]',
)
#: Longer than the live portals' re-render after a choice (~0.3 s) and between cards.
QUIET_MS = 500
PORTALS_FILE = "portals.yaml"


@dataclass(frozen=True)
class Profile:
    """What "ready" means on one portal: how long its DOM must be quiet, which spinners count."""

    quiet_ms: int = QUIET_MS
    spinners: tuple[str, ...] = SPINNERS


@dataclass(frozen=True)
class Readiness:
    """Readiness profiles by portal base URL; a frame gets the profile of the portal it is on."""

    default: Profile = Profile()
    by_base_url: dict[str, Profile] = field(default_factory=dict)

    def for_url(self, url: str) -> Profile:
        for base, profile in self.by_base_url.items():
            if url == base or url.startswith(base.rstrip("/") + "/"):
                return profile
        return self.default


class _ProfileFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    quiet_ms: int | None = Field(default=None, ge=50, le=5000)
    spinners: list[str] = []


class _PortalsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    default: _ProfileFile = _ProfileFile()
    portals: dict[str, _ProfileFile] = {}


def load_readiness(flows_dir: Path, targets: Targets) -> Readiness:
    """The profiles of flows/portals.yaml, keyed by each named portal's base URL in `targets`."""
    path = flows_dir / PORTALS_FILE
    if not path.is_file():
        return Readiness()
    try:
        parsed = _PortalsFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise FlowError(f"{PORTALS_FILE}: {problems}") from None
    default = Profile(parsed.default.quiet_ms or QUIET_MS, tuple(parsed.default.spinners) or SPINNERS)
    by_url = {
        targets.urls[name]: Profile(
            one.quiet_ms or default.quiet_ms, tuple(dict.fromkeys(default.spinners + tuple(one.spinners)))
        )
        for name, one in parsed.portals.items()
        if name in targets.urls
    }
    return Readiness(default, by_url)


#: Installed in every document before its own scripts (`track_timers`): counts the page's
#: pending short timers, the work a page schedules for a moment later (a block rebuilt ~0.3 s
#: after a choice, a widget drawn late). Timers longer than `LONG_TIMER_MS` (a toast that hides
#: itself, a keep-alive) are not waited for. Our own waits use the originals, so they count none.
LONG_TIMER_MS = 1000
TIMERS_JS = """(() => {
  if (window.__dvcTimers) return;
  const setT = window.setTimeout.bind(window), clearT = window.clearTimeout.bind(window);
  const pending = new Set(), LONG_MS = __LONG__;
  window.setTimeout = function (fn, ms, ...args) {
    const delay = Number(ms) || 0;
    if (typeof fn !== 'function' || delay > LONG_MS) return setT(fn, ms, ...args);
    const id = setT(function () { pending.delete(id); return fn.apply(this, arguments); }, ms, ...args);
    pending.add(id);
    return id;
  };
  window.clearTimeout = function (id) { pending.delete(id); return clearT(id); };
  Object.defineProperty(window, '__dvcTimers', { value: {
    pending: () => pending.size, setTimeout: setT, clearTimeout: clearT } });
})();""".replace("__LONG__", str(LONG_TIMER_MS))

#: How long a DOM must be quiet once nothing is pending (no request, no short timer, no spinner):
#: long enough for a render that follows an answer in a microtask or an animation frame.
SHORT_QUIET_MS = 50


async def track_timers(target: BrowserContext | Page) -> None:
    """Count every document's pending short timers from now on, so readiness can end as soon
    as the page has nothing left to do rather than after a fixed quiet window."""
    await target.add_init_script(TIMERS_JS)


_SETTLE_JS = """async ({quietMs, shortMs, longMs, timeoutMs, spinners}) => {
  const timers = window.__dvcTimers;  // absent: a document started before tracking; quietMs rules
  const setLater = timers ? timers.setTimeout : setTimeout;
  const cancel = timers ? timers.clearTimeout : clearTimeout;
  const spinning = () => [...document.querySelectorAll(spinners)].some((el) =>
    el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden');
  if (document.readyState !== 'complete') {
    await new Promise((r) => window.addEventListener('load', r, { once: true }));
  }
  return await new Promise((resolve) => {
    let quiet = null, short = null, done = false;
    // once done, nothing of this wait may run again: a poll left behind would run for the life
    // of the document (a one-page form), one more with every wait
    const later = (fn, ms) => setLater(() => { if (!done) fn(); }, ms);
    const finish = (ok, why) => {
      done = true; observer.disconnect(); cancel(quiet); cancel(short); cancel(limit); resolve({ ok, why });
    };
    // Quiet for shortMs with no short timer pending; without tracking, quiet for quietMs; a page
    // that always has a timer pending (a loop), quiet for quietMs + the longest timer counted.
    const idle = () => { if (timers && timers.pending() === 0 && !spinning()) finish(true, ''); };
    const arm = () => {
      cancel(quiet); cancel(short);
      quiet = later(() => {
        if (!timers && !spinning()) finish(true, '');
        quiet = later(() => { if (!spinning()) finish(true, ''); }, longMs);
      }, quietMs);
      const check = () => { idle(); short = later(check, shortMs); };
      short = later(check, shortMs);
    };
    const observer = new MutationObserver(arm);
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    const limit = later(() => finish(false, spinning() ? 'a spinner is still shown'
                                                       : 'the page kept changing'), timeoutMs);
    arm();
  });
}"""


DEFAULT_READINESS = Readiness()


async def _frame_settled(frame: Frame, profile: Profile, timeout_ms: float) -> dict[str, Any]:
    try:
        result: dict[str, Any] = await frame.evaluate(
            _SETTLE_JS,
            {
                "quietMs": profile.quiet_ms,
                "shortMs": min(SHORT_QUIET_MS, profile.quiet_ms),
                "longMs": LONG_TIMER_MS,
                "timeoutMs": timeout_ms,
                "spinners": ", ".join(profile.spinners),
            },
        )
        return result
    except PlaywrightError as exc:  # the frame navigated or went away: not settled yet
        return {"ok": False, "why": str(exc).splitlines()[0], "gone": True}


async def settle(
    page: Page, watch: PageWatch, timeout_ms: float, readiness: Readiness = DEFAULT_READINESS
) -> None:
    """Network quiet, then every frame's DOM quiet with no spinner (by the profile of the portal
    the frame is on), until both hold at once."""
    deadline = time.monotonic() + timeout_ms / 1000
    why = "requests still in flight"
    while (left := deadline - time.monotonic()) > 0:
        try:
            await asyncio.wait_for(watch.wait_quiet(), left)
        except TimeoutError:
            break
        left_ms = max(1.0, (deadline - time.monotonic()) * 1000)
        results = await asyncio.gather(
            *(
                _frame_settled(f, readiness.for_url(f.url), left_ms)
                for f in page.frames
                if not f.is_detached()
            )
        )
        bad = [r for r in results if not r["ok"]]
        if not bad and not watch.inflight:
            return
        if bad and not any(r.get("gone") for r in bad):
            why = bad[0]["why"]
            break
        why = bad[0]["why"] if bad else "requests still in flight"
        if bad:  # a frame was replaced mid-way: wait for the new document before measuring again
            await page.wait_for_load_state("load", timeout=max(1.0, (deadline - time.monotonic()) * 1000))
    raise TransientFault(f"the page did not settle in {timeout_ms / 1000:.0f}s: {why}")
