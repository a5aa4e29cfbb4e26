"""A text box: type, read back. A masked box (“Ngày cấp” dd/MM/yyyy on the MoJ wizard) keeps
only key presses, so when a typed value does not stick it is typed key by key once."""

from __future__ import annotations

from typing import ClassVar

from agent.runner.widgets.base import Widget, same_text

#: `el => true` when a person could type into `el`, judged as Playwright's `fill` judges it before
#: typing: an input or a textarea, shown as Playwright means it (`checkVisibility()`, `visibility:
#: visible`, a box with a width and a height), enabled (no disabled fieldset around it, no
#: `aria-disabled="true"` on the nearest ancestor that says), not read-only (by attribute or
#: `aria-readonly`) and not inert.
EDITABLE_JS = r"""(el) => {
  if (!el.matches('input, textarea')) return false;
  const style = getComputedStyle(el), box = el.getBoundingClientRect();
  if (!el.checkVisibility() || style.visibility !== 'visible' || !box.width || !box.height) return false;
  if (el.matches(':disabled') || el.readOnly || el.getAttribute('aria-readonly') === 'true'
    || el.closest('[inert]')) return false;
  for (let up = el; up; up = up.parentElement) {
    const said = (up.getAttribute('aria-disabled') || '').toLowerCase();
    if (said === 'true') return false;
    if (said === 'false') break;
  }
  return true;
}"""

#: `el => true` once a plain text box is ready for typing as Playwright's `fill` makes it: it is
#: editable (`EDITABLE_JS`) and is focused with its text selected, so the typing that follows
#: replaces it. Any other control, one failing a check, or one that did not keep the focus (the
#: page refused it or moved it: typing would land elsewhere) answers false: its fill goes through
#: Playwright's own, which waits for it or says why. Only text-like inputs and textareas
#: (Playwright sets the others' values by script, and checks a number first).
READY_FOR_TYPING_JS = r"""(el) => {
  const input = el.localName === 'input', typed = ['text', 'search', 'tel', 'url', 'email', 'password'];
  if ((input && !typed.includes(el.type)) || !(__EDITABLE__)(el)) return false;
  if (input) { el.select(); el.focus(); }
  else { el.selectionStart = 0; el.selectionEnd = el.value.length; el.focus(); }
  return el.getRootNode().activeElement === el;
}""".replace("__EDITABLE__", EDITABLE_JS)


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
