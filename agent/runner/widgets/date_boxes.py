"""A date typed in three boxes (day / month / year) that feed one hidden `yyyy-mm-dd` input
(the MoJ e-form's `x-date`: `<N>-day`, `<N>-month`, `<N>-year`, `<N>-name-date-input`). The
dossier's text is dd/mm/yyyy; a lone year (`x-date-text`) fills the year box only."""

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
  return !!m && !!doc.getElementById(m[1] + '-month') && !!doc.getElementById(m[1] + '-year');
}"""


class DateBoxes(Widget):
    kind: ClassVar[str] = "three-box date"

    @classmethod
    async def detect(cls, control: Locator) -> bool:
        return bool(await js(control, _DETECT_JS))

    async def _box(self, part: str) -> Locator:
        stem = (await self.control.get_attribute("id") or "").removesuffix("-day")
        return self.document().locator(f'[id="{stem}-{part}"]')

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
        stem = (await self.control.get_attribute("id") or "").removesuffix("-day")
        hidden = self.document().locator(f'[id="{stem}-name-date-input"]')
        if whole and await hidden.count():
            want = f"{parts[2]}-{parts[1].zfill(2)}-{parts[0].zfill(2)}"
            if await hidden.input_value() != want:
                raise StepFailed(f"the date's hidden value is {await hidden.input_value()!r}, not {want!r}")
