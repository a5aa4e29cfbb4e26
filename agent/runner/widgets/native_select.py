"""A native `<select>`: the option is picked by the words it lists (the dossier's own, or another
wording of them from the route's vocabulary), and read back as the option shown."""

from __future__ import annotations

from typing import ClassVar

from agent.runner.widgets.base import Widget, js, norm


class NativeSelect(Widget):
    kind: ClassVar[str] = "select"
    detect_js: ClassVar[str] = "el => el.tagName === 'SELECT'"
    #: Other wordings of the value the list may use (the route's vocabulary), in order.
    wordings: tuple[str, ...] = ()

    read_js: ClassVar[str | None] = "s => (s.selectedOptions[0] || {}).label || ''"

    async def set(self, text: str) -> None:
        await self.control.select_option(label=await self._listed(text))

    async def _listed(self, text: str) -> str:
        """The wording of `text` the select lists (`text` itself when it lists none of them)."""
        if not self.wordings:
            return text
        listed = {norm(str(t)) for t in await js(self.control, "s => Array.from(s.options, o => o.label)")}
        return next((w for w in (text, *self.wordings) if norm(w) in listed), text)
