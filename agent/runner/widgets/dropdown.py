"""Custom dropdowns without a native list: a div header opening a list of bare divs (the MoJ
e-form's `x-select`, `x-select-default`), SurveyJS `.sd-dropdown`, `.cc-select`, a button that
opens a (portaled) listbox (the DVCQG agency picker, Radix selects), React Select, and the
Angular ones of the liên thông SPA: `ng-select` (opens on mousedown, a search box in the box,
bare `.ng-option`s loaded late; a taggable one takes a typed text as a new option) and
`mat-select` (options in the CDK overlay).

A person opens it (click; some open only on mousedown), waits for the option to appear (lists
load late, or are rebuilt after a parent changed), picks it and looks at what the box shows."""

from __future__ import annotations

import asyncio
import re
from typing import Any, ClassVar

from playwright.async_api import ElementHandle, Frame, Locator
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from agent.runner.faults import NotKept, StepFailed
from agent.runner.locate import any_of_names
from agent.runner.widgets.base import Widget, norm

#: Where portaled lists are drawn (end of <body>).
PORTALS = (
    "[role=listbox], .picker-panel, .sv-popup, .cc-select-dropdown, [class*=menu-portal],"
    " [class*=MenuList], .cdk-overlay-container, .ng-dropdown-panel"
)
#: The widget root around the control, where its own list is drawn.
_ROOT_JS = """el => el.closest('ng-select, mat-select, [id^=custom-select-], .sd-question, .sd-dropdown,'
  + ' .cc-select-wrapper, [class*=container]:has([class*=indicatorContainer])') || el.parentElement || el"""
_DETECT_JS = """el => el.matches('.input-field-select, .sd-dropdown, .cc-select-selector,'
  + ' div[tabindex], span[tabindex], button[aria-haspopup=listbox], button[role=combobox]')
  || (el.matches('input[role=combobox]') && !!el.closest('[class*=control]')
      && !!el.closest('[class*=control]').querySelector('[class*=indicatorContainer]'))
  || !!el.closest('.sd-dropdown, .cc-select-selector, ng-select, mat-select')"""
_SHOWN_JS = """(root) => {
  const pick = root.querySelector('.ng-value-label, .mat-select-value-text, .input-field-select,'
    + ' .sd-dropdown__value, .cc-select-selected-label, [class*=singleValue], input.picker-value,'
    + ' button[role=combobox]');
  if (pick) return pick.matches('input') ? pick.value : pick.innerText;
  const box = root.querySelector('input:not([type=hidden])');
  return box ? box.value : root.innerText;
}"""
#: Elements showing the option's text, outside any control, label or heading (another picker
#: showing the same value, or a heading "GIẤY BÁO TỬ", is no option), innermost first.
_CANDIDATES_JS = r"""(doc, source, flags) => {
  const re = new RegExp(source, flags);
  const NOT = 'input, select, textarea, label, button, [role=combobox], [tabindex], h1, h2, h3, h4, h5,'
    + ' h6, legend, caption, th';
  const text = (el) => (el.textContent || '').normalize('NFC').replace(/\s+/g, ' ').trim();
  return [...doc.body.querySelectorAll('*')].filter((el) => !el.closest(NOT) && re.test(text(el))
    && el.getClientRects().length > 0 && ![...el.children].some((c) => re.test(text(c))));
}"""
#: How much of the widget is drawn: its own elements and any portaled list shown. A list that
#: opened (even one still loading) has grown; one a click shut has shrunk.
_DRAWN_JS = """(el, portals) => (__ROOT__)(el).querySelectorAll('*').length
  + [...el.ownerDocument.querySelectorAll(portals)].filter((p) => p.getClientRects().length > 0)
    .length""".replace("__ROOT__", _ROOT_JS)
#: Everything `set` needs to know before it opens the list, in one call: what the box shows, how
#: much is drawn, how it opens (typing into a React Select, a search box in an ng-select), and
#: which elements already show the option's text (kept in the page by control: a list of another
#: make shows its option as an element that was not there before, wherever its script draws it).
_PREPARE_JS = (
    """(el, [source, flags, portals]) => {
  const seen = (window.__dvcSeenBefore = window.__dvcSeenBefore || new WeakMap());
  seen.set(el, new Set((__CANDIDATES__)(el.ownerDocument, source, flags)));
  const select = el.closest('ng-select');
  return { shown: (__SHOWN__)((__ROOT__)(el)), drawn: (__DRAWN__)(el, portals),
           typed: el.matches('input[role=combobox]'),
           search: !!(select && select.querySelector('.ng-input input')) };
}""".replace("__CANDIDATES__", _CANDIDATES_JS)
    .replace("__SHOWN__", _SHOWN_JS)
    .replace("__ROOT__", _ROOT_JS)
    .replace("__DRAWN__", _DRAWN_JS)
)
#: The element showing the option that appeared since the list was opened, or `true` once the
#: control itself has left the page (the page rebuilt the widget): one poll for both.
_APPEARED_OR_REBUILT_JS = (
    "([control, source, flags]) => { if (!control.isConnected) return true;"
    " const seen = window.__dvcSeenBefore.get(control) || new Set();"
    " return (" + _CANDIDATES_JS + ")(document, source, flags).find((el) => !seen.has(el)) || null; }"
)
#: What the box shows, for a control of this kind (run in the page).
READ_JS = "(el) => (" + _SHOWN_JS + ")((" + _ROOT_JS + ")(el))"
#: How long a click is given to open the list before a mousedown is tried (React Select).
OPEN_BY_CLICK_MS = 1500
#: How long the option just seen may take to be found again, to be clicked: gone by then, its
#: list was closed or rebuilt (a dependent section drawn again), and it is opened once more.
PIN_MS = 1000


class Dropdown(Widget):
    kind: ClassVar[str] = "dropdown"
    #: Other wordings of the value the list may use (the route's vocabulary), in order.
    wordings: tuple[str, ...] = ()

    detect_js: ClassVar[str] = _DETECT_JS
    read_js: ClassVar[str | None] = READ_JS

    def _option(self, text: str) -> Locator:
        pattern = any_of_names((text, *self.wordings))
        doc = self.document()
        own = self.control.locator(
            "xpath=ancestor-or-self::*[starts-with(@id,'custom-select-') or contains(@class,'sd-question')"
            " or contains(@class,'cc-select-wrapper')][1]"
        )
        return (
            own.get_by_text(pattern)
            .or_(doc.locator(PORTALS).get_by_text(pattern))
            .or_(doc.locator("[id^=react-select-][id*=-option-]").filter(has_text=pattern))
        )

    async def set(self, text: str) -> None:
        handle = await self.control.element_handle()  # this one: a rebuild after the click replaces it
        pattern = any_of_names((text, *self.wordings))
        spec = [pattern.pattern, "i" if pattern.flags & re.IGNORECASE else ""]
        before = await handle.evaluate(_PREPARE_JS, [*spec, PORTALS])
        if self.shows(before["shown"], text):
            return
        option = self._option(text).first
        if before["typed"]:
            await self.control.fill(text)  # React Select opens and filters as one types
        else:
            await self.control.click()
            if before["search"]:  # ng-select filters as one types (and offers a new text)
                select = self.control.locator("xpath=ancestor-or-self::ng-select[1]")
                await select.locator(".ng-input input").first.fill(text)
        frame = await handle.owner_frame()
        waiting = [handle, *spec]
        found = await _shown_option(option, frame, waiting, min(OPEN_BY_CLICK_MS, self.timeout_ms))
        if found is None:
            drawn = await handle.evaluate(_DRAWN_JS, PORTALS)
            if drawn < before["drawn"]:  # the list was already open (a click landed on it as it
                await self.control.click()  # was rebuilt) and this click shut it: open it again
            elif drawn == before["drawn"]:  # the click opened nothing: a mousedown list
                await self._mousedown_open()
            found = await _shown_option(option, frame, waiting, self.timeout_ms)
        if found is None:
            raise StepFailed(f"no option {text!r} in the list")
        try:
            await found.click()
        except PlaywrightError as exc:
            if "not attached" not in str(exc):
                raise
            raise NotKept("the list was rebuilt as its option was clicked") from None
        shown = str(await handle.evaluate(READ_JS) or "")  # the box that was clicked, even if replaced
        if not self.shows(shown, text):
            raise NotKept(f"the {self.kind} shows {shown!r} after choosing {text!r}")

    def shows(self, shown: str, text: str) -> bool:
        """Whether the box shows the value, in its own words or one of the `wordings`."""
        return any(norm(shown).casefold() == norm(w).casefold() for w in (text, *self.wordings))

    async def _mousedown_open(self) -> None:
        """Some lists open only on mousedown (React Select's indicator, ng-select)."""
        indicator = self.control.locator(
            "xpath=ancestor::*[.//*[contains(@class,'indicatorContainer')]][1]"
        ).locator("[class*=indicatorContainer]")
        target = indicator.first if await indicator.count() else self.control
        await target.dispatch_event("mousedown")


async def _shown_option(
    known: Locator, frame: Frame | None, appeared: list[Any], timeout_ms: float
) -> ElementHandle | None:
    """The option once shown, as the element seen: in a list of a kind we know (`known`), or any
    element with its text that appeared since the list was opened (`appeared`: the control, then
    the option's pattern); None after `timeout_ms`. NotKept when the page rebuilds the widget
    meanwhile, or closes the list before the option can be held (its list went with it: open
    the new one). The page is polled on animation frames, not timers: readiness counts the
    page's pending timers as work still to come, and a poll the winner left behind would hold
    the next wait."""
    waits: dict[asyncio.Task[Any], str] = {
        asyncio.ensure_future(known.wait_for(state="visible", timeout=timeout_ms)): "known"
    }
    if frame is not None:
        poll = frame.wait_for_function(
            _APPEARED_OR_REBUILT_JS, arg=appeared, timeout=timeout_ms, polling="raf"
        )
        waits[asyncio.ensure_future(poll)] = "new"
    try:
        pending = set(waits)
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                if task.exception() is not None:
                    continue
                if waits[task] == "known":  # this very option is clicked, not a later match
                    try:
                        return await known.element_handle(timeout=PIN_MS)
                    except PlaywrightTimeout:
                        raise NotKept("the list closed as its option was about to be clicked") from None
                element = task.result().as_element()
                if element is None:  # `true`: the control is gone
                    raise NotKept("the list was rebuilt while it was open")
                return element
        return None
    finally:
        for task in waits:
            if not task.done():
                task.cancel()
        await asyncio.gather(*waits, return_exceptions=True)
