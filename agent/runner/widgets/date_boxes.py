"""A date typed in three boxes (day / month / year) that feed one hidden input: the MoJ e-form's
`x-date` (`<N>-day`, `<N>-month`, `<N>-year`, `<N>-name-date-input`), or any three short boxes
side by side that say what they hold (maxlength 2/2/4, or placeholders dd/mm/yyyy, ngày/tháng/năm).
The dossier's text is dd/mm/yyyy; a lone year (`x-date-text`) fills the year box only. A hidden
input beside the boxes must hold the same date (yyyy-mm-dd or dd/mm/yyyy) once all are typed."""

from __future__ import annotations

import re
from typing import ClassVar

from playwright.async_api import Locator

from agent.runner.faults import StepFailed
from agent.runner.widgets.base import Widget, js

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


class DateBoxes(Widget):
    kind: ClassVar[str] = "three-box date"

    @classmethod
    async def detect(cls, control: Locator) -> bool:
        return bool(await js(control, _DETECT_JS))

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
        day, month, year = [await (await self._box(p)).input_value() for p in ("day", "month", "year")]
        if not (day or month):
            return year
        return f"{day.zfill(2)}/{month.zfill(2)}/{year}"

    async def set(self, text: str) -> None:
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
