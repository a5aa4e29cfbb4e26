"""A time typed in two boxes, hour and minute (“Giờ chết: [08] : [30]”, or “[08] giờ [30] phút”);
the dossier's text is hh:mm. One box for the whole time is a plain text box."""

from __future__ import annotations

import re
from typing import ClassVar

from playwright.async_api import Locator

from agent.runner.faults import StepFailed
from agent.runner.widgets.base import Widget

#: The control and the next box are the only two short boxes of their parent, with ":" between
#: them or words (or placeholders) naming hours and minutes.
_DETECT_JS = """el => {
  if (!el.matches('input')) return false;
  const boxes = [...el.parentElement.querySelectorAll('input:not([type=hidden])')];
  const short = (b) => Number(b.getAttribute('maxlength') || 99) <= 2;
  const words = el.parentElement.textContent + ' '
    + boxes.map((b) => b.getAttribute('placeholder') || '').join(' ');
  return boxes.length === 2 && boxes[0] === el && boxes.every(short)
    && (/:/.test(el.parentElement.textContent) || (/giờ|hh/i.test(words) && /phút|mm/i.test(words)));
}"""


class TimeBoxes(Widget):
    kind: ClassVar[str] = "hour and minute boxes"

    detect_js: ClassVar[str] = _DETECT_JS

    def _minute(self) -> Locator:
        return self.control.locator("xpath=..").locator("input:not([type=hidden])").nth(1)

    async def read(self) -> str:
        hour, minute = await self.control.input_value(), await self._minute().input_value()
        return f"{hour.zfill(2)}:{minute.zfill(2)}" if hour or minute else ""

    async def set(self, text: str) -> None:
        whole = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
        if not whole:
            raise StepFailed(f"{text!r} is not a time hh:mm for {self.kind}")
        await self.control.fill(whole[1])
        await self._minute().fill(whole[2])
        await self.verify(f"{whole[1].zfill(2)}:{whole[2]}")
