"""A date the page takes in pieces.

- Three boxes (day / month / year) that feed one hidden input: the MoJ e-form's `x-date`
  (`<N>-day`, `<N>-month`, `<N>-year`, `<N>-name-date-input`), or any three short boxes side by
  side that say what they hold (maxlength 2/2/4, or placeholders dd/mm/yyyy, ngày/tháng/năm).
  The dossier's text is dd/mm/yyyy; a lone year (`x-date-text`) fills the year box only. A
  hidden input beside the boxes must then hold the same date (yyyy-mm-dd or dd/mm/yyyy).
- One box after a format dropdown (the liên thông SPA's dates of birth and death: “Ngày/Tháng/
  Năm”, “Tháng/Năm”, “Năm”, “Ngày/Tháng/Năm giờ:phút”): the format is chosen from the shape of
  the dossier's date, then the box is typed. Found from either: the box, or the dropdown."""

from __future__ import annotations

import re
from typing import ClassVar

from playwright.async_api import Locator

from agent.runner.faults import StepFailed
from agent.runner.widgets.base import Widget, js
from agent.runner.widgets.dropdown import Dropdown

_DETECT_JS = """el => {
  if (!el.matches('input')) return false;
  const m = (el.id || '').match(/^(.*)-day$/);
  const doc = el.ownerDocument;
  if (m && doc.getElementById(m[1] + '-month') && doc.getElementById(m[1] + '-year')) return 'ids';
  const boxes = [...el.parentElement.querySelectorAll('input:not([type=hidden])')];
  if (boxes.length !== 3 || boxes[0] !== el) return false;
  const says = (b, size, words) => Number(b.getAttribute('maxlength') || 0) === size
    || words.test((b.getAttribute('placeholder') || b.getAttribute('aria-label') || '').trim());
  return says(boxes[0], 2, /^(dd|ngày)$/i) && says(boxes[1], 2, /^(mm|tháng)$/i)
    && says(boxes[2], 4, /^(yyyy|năm)$/i) ? 'siblings' : false;
}"""
#: 'box' (a text box after a date-format dropdown), 'format' (that dropdown), or ''.
_FORMAT_JS = r"""el => {
  const FORMAT = /^(Ngày\/)?(Tháng\/)?Năm( giờ:phút)?$/i;
  const PICK = 'mat-select, ng-select, [role=combobox]:not(input)';
  const shows = (pick) => FORMAT.test(((pick.querySelector('.mat-select-value-text, .ng-value-label')
    || pick).innerText || '').trim());
  if (el.matches(PICK) && shows(el)) return 'format';
  if (!el.matches('input:not([type=hidden]):not([type=checkbox]):not([type=radio])')) return '';
  // the control just before the box, in reading order: a box after a format dropdown
  const CONTROLS = 'input:not([type=hidden]), select, textarea, [role=combobox], ' + PICK;
  const walker = el.ownerDocument.createTreeWalker(el.ownerDocument.body, NodeFilter.SHOW_ELEMENT);
  walker.currentNode = el;
  for (let steps = 0; walker.previousNode() && steps < 80; steps++) {
    const node = walker.currentNode;
    const control = node.contains(el) ? null : node.closest(CONTROLS);
    if (!control || control.contains(el)) continue;
    const pick = control.closest('mat-select, ng-select') || (control.matches(PICK) ? control : null);
    return pick && shows(pick) ? 'box' : '';
  }
  return '';
}"""
_PICK_XPATH = "self::mat-select or self::ng-select or (@role='combobox' and not(self::input))"
#: The format each shape of date needs, most specific first.
FORMATS = (
    (re.compile(r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}"), "Ngày/Tháng/Năm giờ:phút"),
    (re.compile(r"\d{1,2}/\d{1,2}/\d{4}"), "Ngày/Tháng/Năm"),
    (re.compile(r"\d{1,2}/\d{4}"), "Tháng/Năm"),
    (re.compile(r"\d{4}"), "Năm"),
)


class DateBoxes(Widget):
    kind: ClassVar[str] = "three-box date"

    detect_js: ClassVar[str] = f"el => ({_DETECT_JS})(el) || ({_FORMAT_JS})(el)"

    async def _formatted(self) -> tuple[Locator, Locator] | None:
        """(format dropdown, date box) when this is a date after a format dropdown."""
        found = await js(self.control, _FORMAT_JS)
        if found == "format":
            return self.control, self.control.locator("xpath=following::input[not(@type='hidden')][1]")
        if found == "box":
            return self.control.locator(f"xpath=preceding::*[{_PICK_XPATH}][1]"), self.control
        return None

    async def _by_ids(self) -> bool:
        return await js(self.control, _DETECT_JS) == "ids"

    async def _box(self, part: str) -> Locator:
        if not await self._by_ids():
            index = ("day", "month", "year").index(part)
            return self.control.locator("xpath=..").locator("input:not([type=hidden])").nth(index)
        stem = (await self.control.get_attribute("id") or "").removesuffix("-day")
        return self.document().locator(f'[id="{stem}-{part}"]')

    async def _hidden(self) -> Locator:
        if not await self._by_ids():
            return self.control.locator("xpath=..").locator("input[type=hidden]")
        stem = (await self.control.get_attribute("id") or "").removesuffix("-day")
        return self.document().locator(f'[id="{stem}-name-date-input"]')

    async def read(self) -> str:
        formatted = await self._formatted()
        if formatted is not None:
            return await formatted[1].input_value()
        day, month, year = [await (await self._box(p)).input_value() for p in ("day", "month", "year")]
        if not (day or month):
            return year
        return f"{day.zfill(2)}/{month.zfill(2)}/{year}"

    async def set(self, text: str) -> None:
        formatted = await self._formatted()
        if formatted is not None:
            await self._set_formatted(*formatted, text.strip())
            return
        whole = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
        parts = whole.groups() if whole else ("", "", text.strip())
        if not whole and not re.fullmatch(r"\d{4}", text.strip()):
            raise StepFailed(f"{text!r} is not a date dd/mm/yyyy or a year for a {self.kind}")
        for part, value in zip(("day", "month", "year"), parts, strict=True):
            await (await self._box(part)).fill(value)
        await self.verify(text if not whole else f"{parts[0].zfill(2)}/{parts[1].zfill(2)}/{parts[2]}")
        hidden = (await self._hidden()).first
        if whole and await hidden.count():
            day, month, year = parts[0].zfill(2), parts[1].zfill(2), parts[2]
            held = await hidden.input_value()
            if held not in (f"{year}-{month}-{day}", f"{day}/{month}/{year}"):
                raise StepFailed(f"the date's hidden value is {held!r}, not {year}-{month}-{day}")

    async def _set_formatted(self, dropdown: Locator, box: Locator, text: str) -> None:
        """Choose the format the date's shape needs (a change empties the box), then type it."""
        wanted = next((name for shape, name in FORMATS if shape.fullmatch(text)), None)
        if wanted is None:
            raise StepFailed(f"{text!r} is not a date dd/mm/yyyy, mm/yyyy or yyyy (date-format dropdown)")
        await Dropdown(dropdown, self.timeout_ms).set(wanted)
        await box.fill(text)
        shown = await box.input_value()
        if shown != text:
            raise StepFailed(f"the date box shows {shown!r} after typing {text!r} (format {wanted!r})")
