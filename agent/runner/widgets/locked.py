"""A read-only or disabled field that already shows a value (the portal filled it from VNeID or
a population-database lookup): verified against the dossier, never typed."""

from __future__ import annotations

from typing import ClassVar

from agent.runner.faults import LockedDisagrees
from agent.runner.widgets.base import Widget, same_text

_LOCKED_JS = """el => {
  const box = el.matches('input, textarea, select') ? el : el.querySelector('input, textarea, select');
  const locked = el.matches('[readonly], [disabled], [aria-readonly=true], [aria-disabled=true]')
    || !!el.closest('.sd-input--readonly, [aria-readonly=true], [aria-disabled=true], fieldset[disabled]');
  const value = box ? (box.tagName === 'SELECT' ? (box.selectedOptions[0] || {}).text : box.value)
                    : el.innerText;
  return locked && !!(value || '').trim();
}"""


class Locked(Widget):
    kind: ClassVar[str] = "locked field"
    #: Other wordings of the value the portal may show (the route's vocabulary).
    wordings: tuple[str, ...] = ()

    detect_js: ClassVar[str] = _LOCKED_JS

    read_js: ClassVar[str | None] = (
        "el => el.tagName === 'SELECT' ? (el.selectedOptions[0] || {}).text || ''"
        " : ('value' in el && el.tagName !== 'DIV' ? el.value : el.innerText)"
    )

    async def set(self, text: str) -> None:
        shown = self.shown_when_found if self.shown_when_found is not None else await self.read()
        if not same_text(shown, text, *self.wordings):
            raise LockedDisagrees(
                f"the portal filled and locked this field with {shown!r}, but the dossier says {text!r}"
            )
