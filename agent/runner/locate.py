"""Turn flow targets into Playwright locators and find the first that is on the page.

One matcher (`name_pattern`) for every way a flow names an element, so a name is never read one
way for a button and another for a placeholder: whole name, ignoring case, spacing and the
required-field star (“Ngày cấp *”); a name ending in “…” matches names that start with it.
Ordered fallbacks are raced in one wait (`primary.or_(fallback…)`), together with the portal's
fault signals, so a missing primary costs nothing extra and a fault page is noticed at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import FrameLocator, Locator, Page
from playwright.async_api import TimeoutError as PlaywrightTimeout

from agent.flow.schema import Target, WithinArgs
from agent.runner.faults import (
    FAULT_HEADING_RE,
    REFUSAL_SELECTOR,
    SESSION_EXPIRED,
    SIGNED_OUT,
    TOAST_ERRORS,
    PortalRefused,
    SessionExpired,
    StepFailed,
    TransientFault,
    says_session_gone,
    says_try_later,
)
from agent.runner.reading import DESCRIBE_JS, field_selector, section_selector
from agent.runner.watch import PageWatch

#: Where a locator is resolved: the page, an element (fieldset, row, section…) or a frame.
Root = Page | Locator | FrameLocator

#: What may follow a name given as a prefix: a space, punctuation or the end (“Giấy tờ…” never
#: matches “Giấy tờx”). Spelled out rather than \W, which JavaScript reads as ASCII only.
_PREFIX_END = r"(?=[\s.,;:!?…()\[\]/\-–]|$)"


def _words(text: str) -> tuple[str, bool]:
    """(regex of the words with any spacing between them, written as a prefix?)."""
    text = unicodedata.normalize("NFC", text).strip()
    prefix = text.endswith(("…", "..."))
    if prefix:
        text = text.rstrip(" .…")
    # "/" escaped too: Playwright writes the pattern into a selector as /…/ (a name like
    # "-- Chọn Tỉnh/ Thành phố --" would end it early)
    return r"\s+".join(re.escape(w).replace("/", r"\/") for w in text.split()), prefix


def name_pattern(text: str) -> re.Pattern[str]:
    """Whole-name match that tolerates case, spacing and a trailing required star. A name
    ending in “…” matches names that start with it (a tile whose link also holds a subtitle)."""
    words, prefix = _words(text)
    return re.compile(rf"^\s*{words}" + (_PREFIX_END if prefix else r"\s*\*?\s*$"), re.IGNORECASE)


def any_of_names(texts: tuple[str, ...]) -> re.Pattern[str]:
    """`name_pattern` of several wordings of one name, as one pattern (first one listed first)."""
    return re.compile("|".join(f"(?:{name_pattern(t).pattern})" for t in texts), re.IGNORECASE)


def names_match(written: str, shown: str) -> bool:
    """Whether a name written in a flow names what a page shows (review labels and captions,
    stored fields): the same rule as for finding elements."""
    return name_pattern(written).match(unicodedata.normalize("NFC", shown)) is not None


def contained_pattern(text: str) -> re.Pattern[str]:
    """A table row is found by the document name it contains (the row also holds badges such as
    “Bắt buộc” and the file input): same spacing and case rule, a trailing “…” dropped."""
    words, _ = _words(text)
    return re.compile(words, re.IGNORECASE)


def by_target(root: Root, target: Target) -> Locator:
    if target.button is not None:
        return root.get_by_role("button", name=name_pattern(target.button))
    if target.link is not None:
        return root.get_by_role("link", name=name_pattern(target.link))
    if target.heading is not None:
        return root.get_by_role("heading", name=name_pattern(target.heading))
    if target.tab is not None:
        return root.get_by_role("tab", name=name_pattern(target.tab))
    if target.label is not None:
        return root.get_by_label(name_pattern(target.label))
    if target.field is not None:
        return root.locator(field_selector(name_pattern(target.field)))
    if target.placeholder is not None:
        return root.get_by_placeholder(name_pattern(target.placeholder))
    if target.text is not None:
        return root.get_by_text(name_pattern(target.text))
    if target.css is not None:
        return root.locator(target.css)
    if target.role is None:  # the model lets no target through without a way to find it
        raise ValueError(f"no way to find {target!r}")
    name = name_pattern(target.name) if target.name else None
    return root.get_by_role(target.role, name=name)  # type: ignore[arg-type]  # Playwright checks the role


def scoped(page: Root, scopes: tuple[WithinArgs, ...]) -> Root:
    """Narrow the page to the fieldset / table row / dialog / section / frame the flow is
    `within`. A section is every element from its heading to the next heading of its kind, so it
    is not narrowed to one (`.first`): the elements together are the region."""
    root: Root = page
    for scope in scopes:
        if scope.group is not None:
            root = root.get_by_role("group", name=name_pattern(scope.group)).first
        elif scope.row is not None:
            root = root.get_by_role("row").filter(has_text=contained_pattern(scope.row)).first
        elif scope.dialog is not None:
            root = root.get_by_role("dialog", name=name_pattern(scope.dialog)).first
        elif scope.section is not None:
            root = root.locator(section_selector(name_pattern(scope.section)))
        elif scope.frame is not None:
            frames = root.locator("iframe, frame").and_(root.get_by_title(name_pattern(scope.frame)))
            root = frames.first.content_frame
        elif scope.frame_url is not None:
            root = root.locator(f'iframe[src*="{_css_string(scope.frame_url)}"]').first.content_frame
        elif scope.css is not None:
            root = root.locator(scope.css).first
    return root


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


#: How many child frames the automatic search looks into (a form page has one or two).
MAX_CHILD_FRAMES = 4


async def child_frames(page: Page, scopes: tuple[WithinArgs, ...]) -> list[Root]:
    """The page's frames, each narrowed by `scopes`, for a locator the top document does not
    have: a person sees the e-form inside the wizard as one page (its sections included). None
    when the flow already names a frame."""
    if any(s.frame is not None or s.frame_url is not None for s in scopes):
        return []
    if not page.main_frame.child_frames:  # Playwright tracks frames from events: no call needed
        return []
    frames = page.locator("iframe, frame")
    count = min(await frames.count(), MAX_CHILD_FRAMES)
    return [scoped(frames.nth(i).content_frame, scopes) for i in range(count)]


def fault_locator(page: Page) -> Locator:
    """What ends a wait early: a fault page's heading, the portal's error summary, or an error
    toast (live portals answer a refused step with one, and it is gone in a few seconds)."""
    return (
        page.get_by_role("heading", name=FAULT_HEADING_RE)
        .or_(page.locator(REFUSAL_SELECTOR))
        .or_(page.locator(TOAST_ERRORS))
    )


async def raise_if_fault_page(
    page: Page, watch: PageWatch | None = None, *, shown: int | None = None
) -> None:
    """Turn what the page shows (or the network saw) into the right exception, if anything.
    `shown=0`: the caller has just seen no fault signal on the page (`page_state.look`)."""
    if page.url.startswith("chrome-error://"):
        raise TransientFault(f"connection failed ({watch.fault if watch and watch.fault else page.url})")
    if shown is None:
        shown = await fault_locator(page).count()  # the usual answer, in one call: none of them
    heading = page.get_by_role("heading", name=FAULT_HEADING_RE)
    if shown and await heading.count():
        first = heading.first
        # its text, or the name it has without one (an icon inside, `aria-label` saying it)
        text = (await first.inner_text()).strip() or (await first.get_attribute("aria-label") or "").strip()
        if SESSION_EXPIRED in text or any(t in text for t in SIGNED_OUT):
            raise SessionExpired(text)
        raise TransientFault(text)
    if watch is not None and watch.signed_out:  # redirected to sign in = session gone
        raise SessionExpired(watch.fault or "signed out")
    if watch is not None and watch.fault:  # an error box drawn after a 5xx/drop is not a refusal
        raise TransientFault(watch.fault)
    if not shown:
        return
    refusal = page.locator(REFUSAL_SELECTOR)
    if await refusal.count() and await refusal.first.is_visible():
        raise PortalRefused((await refusal.first.inner_text()).strip())
    toast = page.locator(TOAST_ERRORS).locator("visible=true")
    if await toast.count():
        said = " ".join((await toast.last.inner_text()).split())
        if says_session_gone(said):
            raise SessionExpired(said)
        if says_try_later(said):
            raise TransientFault(said)
        raise PortalRefused(said)


#: What `find` waits for an element to be (Playwright's `wait_for` states).
ElementState = Literal["attached", "detached", "hidden", "visible"]


@dataclass
class Found:
    locator: Locator
    used: Target
    fallback: bool
    #: Where it was found (the page narrowed by the step's scopes, or one of its frames): the
    #: same target is looked for there again after a re-render.
    root: Root | None = None
    #: What `find(probe=…)` learnt of the control in the same call (None: ask it separately).
    probed: Any = None
    #: The control's key in the page's registry of probed controls (`PROBED_VALUES_JS`), if probed.
    key: int | None = None

    def again(self) -> Locator:
        """The same target, looked up afresh where it was found."""
        return by_target(self.root, self.used).first if self.root is not None else self.locator


async def find(
    page: Page,
    watch: PageWatch,
    scopes: tuple[WithinArgs, ...],
    targets: list[Target],
    *,
    timeout_ms: float,
    state: ElementState = "visible",
    probe: str | None = None,
) -> Found:
    """Wait until one of `targets` (in order of preference) is on the page, or in one of its
    frames when the page itself has none; or a fault shows. With `probe` (`el => fact`), a
    control already shown is found and asked in one call (`Found.probed`)."""
    here = scoped(page, scopes)
    primary = by_target(here, targets[0])
    many = targets[0].field is not None
    if probe is not None and state == "visible":
        probed = await _probed(primary, probe, ambiguous_if_many=many)
        if probed is not None:
            return Found(primary.first, targets[0], False, here, *probed)
    elif await is_there(primary, state, ambiguous_if_many=many):
        return Found(primary.first, targets[0], False, here)
    # Right after a click that loads a page, the new document is still being parsed: its own
    # event says when it is there (no round trip once it fired), then it is looked at again.
    with contextlib.suppress(PlaywrightError):
        await page.wait_for_load_state("domcontentloaded", timeout=timeout_ms)
        if await is_there(primary, state, ambiguous_if_many=many):
            return Found(primary.first, targets[0], False, here)
    roots: list[Root] = [scoped(page, scopes), *await child_frames(page, scopes)]
    sets = [[by_target(root, t) for t in targets] for root in roots]
    # One wait per root; the page's also ends on a fault page or a refusal, so a step costs one
    # polling wait in the page (a cancelled wait keeps polling there until its timeout).
    page_wait = _any_of(sets[0]).or_(fault_locator(page).filter(visible=True)).first
    element_waits = [asyncio.ensure_future(page_wait.wait_for(state=state, timeout=timeout_ms))] + [
        asyncio.ensure_future(_any_of(c).first.wait_for(state=state, timeout=timeout_ms)) for c in sets[1:]
    ]
    net_wait = asyncio.ensure_future(watch.wait_fault())
    everything = {*element_waits, net_wait}
    found_one = False
    try:
        pending = set(everything)
        while pending and not found_one:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            if net_wait in done and net_wait.exception() is None:
                break
            found_one = any(t in done and t.exception() is None for t in element_waits)
            if all(t.done() for t in element_waits):
                break
    finally:
        for task in everything:
            if not task.done():
                task.cancel()
        await asyncio.gather(*everything, return_exceptions=True)
    if found_one:
        for root, candidates in zip(roots, sets, strict=True):  # the page first, then its frames
            for target, candidate in zip(targets, candidates, strict=True):
                count = await candidate.count()
                if count > 1 and target.field is not None:
                    raise StepFailed(await _ambiguous(target, candidate))
                if count:
                    return Found(candidate.first, target, target is not targets[0], root)
    await raise_if_fault_page(page, watch)
    top = element_waits[0]
    if top.done() and not top.cancelled() and isinstance(top.exception(), PlaywrightTimeout):
        where = " within " + " / ".join(s.describe() for s in scopes) if scopes else ""
        raise StepFailed(
            f"not found after {timeout_ms / 1000:.0f}s: "
            f"{' or '.join(t.describe() for t in targets)}{where} (page {page.url})"
        )
    raise StepFailed(f"could not find {targets[0].describe()} on {page.url}")


async def is_there(primary: Locator, state: ElementState, *, ambiguous_if_many: bool = False) -> bool:
    """The usual case, answered at once: the preferred target is on the page as `state` asks (a
    step on a page already drawn). Anything else (absent, hidden, two controls for one
    `field:`) takes the waiting path, which also reports it. Asked through Playwright's
    utility world, as its actions are: each world a page's scripts are asked in costs one
    injection per document (~15 ms)."""
    if state not in ("visible", "attached"):
        return False
    try:
        if state == "attached" or ambiguous_if_many:
            count = await primary.count()
            if count == 0 or (count > 1 and ambiguous_if_many):
                return False
            if state == "attached":
                return True
        return await primary.first.is_visible()
    except PlaywrightError:  # navigating, or a frame not there yet: wait for it below
        return False


#: `el => shown?` as Playwright means it: a box with a width and a height, not `visibility: hidden`.
SHOWN_JS = """(el) => { const box = el.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden'; }"""
#: [count, first shown, probe(first) when it is the control found: shown, and the only one when
#: `strict` (two for one `field:` is an error, not a find)]. The control found is also kept by `key`
#: in the page's registry, so that what it shows later is read for many controls in one call
#: (`PROBED_VALUES_JS`).
_PROBE_JS = """(els, [key, strict]) => {
  const el = els[0], shown = !!el && (__SHOWN__)(el), taken = shown && !(strict && els.length > 1);
  if (taken) (window.__dvcProbed = window.__dvcProbed || new Map()).set(key, new WeakRef(el));
  return [els.length, shown, taken ? (__PROBE__)(el) : null];
}"""
_keys = itertools.count(1)


async def _probed(primary: Locator, probe: str, *, ambiguous_if_many: bool) -> tuple[Any, int] | None:
    """(probe's answer, registry key) when the preferred target is shown now (one of it, for a
    `field:`), else None. In the page's main world, where the probe runs anyway. The probe runs
    only on the control that will be found, so a probe may prepare it (`widgets.FILL_FIND_PROBE`)."""
    key = next(_keys)
    try:
        script = _PROBE_JS.replace("__SHOWN__", SHOWN_JS).replace("__PROBE__", probe)
        count, shown, fact = await primary.evaluate_all(script, [key, ambiguous_if_many])
    except PlaywrightError:  # navigating: the waiting path takes over
        return None
    if not shown or (count > 1 and ambiguous_if_many):
        return None
    return fact, key


#: The values of probed controls by key; None for one that has left the page (a re-render
#: replaced it) or lives in another frame's registry (`page_state.look` reads them). Keys are
#: never reused, so what was probed before is either read now or never will be; the registry
#: goes with its document.
PROBED_VALUES_JS = """(keys) => {
  const kept = window.__dvcProbed || new Map();
  return keys.map((key) => {
    const ref = kept.get(key), el = ref && ref.deref();
    return el && el.isConnected && typeof el.value === 'string' ? el.value : null;
  });
}"""


def probed_values(keys: list[int], values: list[str | None]) -> dict[int, str]:
    """The page's answer for `keys`, without the controls it no longer has."""
    return {key: value for key, value in zip(keys, values, strict=True) if value is not None}


def _any_of(candidates: list[Locator]) -> Locator:
    combined = candidates[0]
    for c in candidates[1:]:
        combined = combined.or_(c)
    return combined


async def _ambiguous(target: Target, candidate: Locator) -> str:
    """Two texts name a control each: the flow must say which (`within: {section: …}`)."""
    shown = await candidate.evaluate_all(DESCRIBE_JS)
    return (
        f"{target.describe()} names {len(shown)} controls equally: "
        + " and ".join(repr(s) for s in shown)
        + "; put the step `within:` the section or group it belongs to"
    )
