"""A text box: type, read back. A masked box (“Ngày cấp” dd/MM/yyyy on the MoJ wizard) keeps
only key presses, so when a typed value does not stick it is typed key by key once."""

from __future__ import annotations

from typing import ClassVar

from agent.runner.widgets.base import Widget, same_text

#: `el => true` once a plain text box is ready for typing as Playwright's `fill` makes it: it
#: passes the checks `fill` waits for (shown as Playwright means it, enabled, editable, not inert)
#: and is focused with its text selected, so the typing that follows replaces it. Any other
#: control, one failing a check, or one that did not keep the focus (the page refused it or moved
#: it: typing would land elsewhere) answers false: its fill goes through Playwright's own, which
#: waits for it or says why. Only text-like inputs and textareas (Playwright sets the others'
#: values by script, and checks a number first).
READY_FOR_TYPING_JS = r"""(el) => {
  const input = el.localName === 'input', area = el.localName === 'textarea';
  const typed = ['text', 'search', 'tel', 'url', 'email', 'password'];
  if (!(area || (input && typed.includes(el.type)))) return false;
  const style = getComputedStyle(el), box = el.getBoundingClientRect();
  if (!el.checkVisibility() || style.visibility !== 'visible' || !box.width || !box.height) return false;
  if (el.matches(':disabled') || el.hasAttribute('readonly') || el.closest('[inert]')) return false;
  for (let up = el; up; up = up.parentElement) {
    const said = (up.getAttribute('aria-disabled') || '').toLowerCase();
    if (said === 'true') return false;
    if (said === 'false') break;
  }
  if (input) { el.select(); el.focus(); }
  else { el.selectionStart = 0; el.selectionEnd = el.value.length; el.focus(); }
  return el.getRootNode().activeElement === el;
}"""


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
