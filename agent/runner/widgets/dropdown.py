"""Custom dropdowns without a native list: a div header opening a list of bare divs (the MoJ
e-form's `x-select`, `x-select-default`), SurveyJS `.sd-dropdown`, `.cc-select`, a button that
opens a (portaled) listbox (the DVCQG agency picker, Radix selects) and React Select.

A person opens it (click; some open only on mousedown), waits for the option to appear (lists
load late, or are rebuilt after a parent changed), picks it and looks at what the box shows."""

from __future__ import annotations

from typing import ClassVar

from playwright.async_api import JSHandle, Locator
from playwright.async_api import TimeoutError as PlaywrightTimeout

from agent.runner.faults import StepFailed
from agent.runner.locate import any_of_names
from agent.runner.widgets.base import Widget, js, norm

#: Where portaled lists are drawn (end of <body>).
PORTALS = (
    "[role=listbox], .picker-panel, .sv-popup, .cc-select-dropdown, [class*=menu-portal],"
    " [class*=MenuList], .cdk-overlay-container, .ng-dropdown-panel"
)
#: The widget root around the control, where its own list is drawn.
_ROOT_JS = """el => el.closest('[id^=custom-select-], .sd-question, .sd-dropdown, .cc-select-wrapper,'
  + ' [class*=container]:has([class*=indicatorContainer])') || el.parentElement"""
_DETECT_JS = """el => el.matches('.input-field-select, .sd-dropdown, .cc-select-selector,'
  + ' div[tabindex], span[tabindex], button[aria-haspopup=listbox], button[role=combobox]')
  || (el.matches('input[role=combobox]') && !!el.closest('[class*=control]')
      && !!el.closest('[class*=control]').querySelector('[class*=indicatorContainer]'))
  || !!el.closest('.sd-dropdown, .cc-select-selector')"""
_SHOWN_JS = """(root) => {
  const pick = root.querySelector('.input-field-select, .sd-dropdown__value, .cc-select-selected-label,'
    + ' [class*=singleValue], input.picker-value, button[role=combobox]');
  if (pick) return pick.matches('input') ? pick.value : pick.innerText;
  const box = root.querySelector('input:not([type=hidden])');
  return box ? box.value : root.innerText;
}"""
_NOT_A_CONTROL = (
    ":not([tabindex], input, select, textarea, label, button, [role=combobox])"
    ":not([tabindex] *, label *, button *, [role=combobox] *)"
)
#: How long a click is given to open the list before a mousedown is tried (React Select).
OPEN_BY_CLICK_MS = 1500


class Dropdown(Widget):
    kind: ClassVar[str] = "dropdown"
    root: JSHandle | None = None
    #: Other wordings of the value the list may use (`choose: {shown_as: …}`), in order.
    wordings: tuple[str, ...] = ()

    @classmethod
    async def detect(cls, control: Locator) -> bool:
        return bool(await js(control, _DETECT_JS))

    async def read(self) -> str:
        if self.root is None:
            self.root = await self.control.evaluate_handle(_ROOT_JS)
        return str(await self.root.evaluate(_SHOWN_JS) or "")

    def _option(self, text: str) -> Locator:
        pattern = any_of_names((text, *self.wordings))
        doc = self.document()
        own = self.control.locator(
            "xpath=ancestor-or-self::*[starts-with(@id,'custom-select-') or contains(@class,'sd-question')"
            " or contains(@class,'cc-select-wrapper')][1]"
        )
        # A list of another make, drawn anywhere once opened: the text itself, outside any
        # control (another picker showing the same value is not an option of this one).
        anywhere = doc.get_by_text(pattern).and_(doc.locator(_NOT_A_CONTROL))
        return (
            own.get_by_text(pattern)
            .or_(doc.locator(PORTALS).get_by_text(pattern))
            .or_(doc.locator("[id^=react-select-][id*=-option-]").filter(has_text=pattern))
            .or_(anywhere)
        )

    async def set(self, text: str) -> None:
        self.root = await self.control.evaluate_handle(_ROOT_JS)
        if self.shows(await self.read(), text):
            return
        option = self._option(text).first
        if await js(self.control, "el => el.matches('input[role=combobox]')"):
            await self.control.fill(text)  # React Select opens and filters as one types
        else:
            await self.control.click()
        try:
            await option.wait_for(state="visible", timeout=min(OPEN_BY_CLICK_MS, self.timeout_ms))
        except PlaywrightTimeout:
            await self._mousedown_open()
            try:
                await option.wait_for(state="visible", timeout=self.timeout_ms)
            except PlaywrightTimeout:
                raise StepFailed(f"no option {text!r} in the list") from None
        await option.click()
        shown = await self.read()
        if not self.shows(shown, text):
            raise StepFailed(f"the {self.kind} shows {shown!r} after choosing {text!r}")

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
