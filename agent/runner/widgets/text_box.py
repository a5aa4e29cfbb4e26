"""A text box: type, read back. A masked box (“Ngày cấp” dd/MM/yyyy on the MoJ wizard) keeps
only key presses, so when a typed value does not stick it is typed key by key once."""

from __future__ import annotations

from typing import ClassVar

from agent.runner.widgets.base import Widget, same_text


class TextBox(Widget):
    kind: ClassVar[str] = "text box"

    detect_js: ClassVar[str] = "el => el.matches('input, textarea, [contenteditable]')"

    async def read(self) -> str:
        return await self.control.input_value()

    async def set(self, text: str) -> None:
        await self.control.fill(text)
        if same_text(await self.read(), text):
            return
        await self.control.fill("")
        await self.control.press_sequentially(text)
        await self.verify(text)
