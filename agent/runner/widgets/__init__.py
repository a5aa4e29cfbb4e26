"""Widget adapters, one module per kind, chosen at run time from the control a step located:
a verb asks which kind it is and lets the adapter set and read it, so a new portal widget is a
new adapter, never a new verb. Kinds the legacy path already handles (a plain text box, an ARIA
combobox input) are left to the verbs, unchanged."""

from __future__ import annotations

from playwright.async_api import Locator

from agent.runner.widgets.base import Widget, js
from agent.runner.widgets.choice import choose_option
from agent.runner.widgets.date_boxes import DateBoxes
from agent.runner.widgets.dropdown import Dropdown
from agent.runner.widgets.locked import Locked
from agent.runner.widgets.native_select import NativeSelect
from agent.runner.widgets.text_box import TextBox
from agent.runner.widgets.time_boxes import TimeBoxes

__all__ = [
    "DateBoxes",
    "Dropdown",
    "Locked",
    "NativeSelect",
    "TextBox",
    "TimeBoxes",
    "Widget",
    "choose_option",
    "for_choose",
    "for_fill",
]

_FILL: tuple[type[Widget], ...] = (Locked, DateBoxes, TimeBoxes)
_CHOOSE: tuple[type[Widget], ...] = (NativeSelect, Locked, Dropdown)


async def _first(kinds: tuple[type[Widget], ...], control: Locator, timeout_ms: float) -> Widget | None:
    """The first of `kinds` the control is, asked in one call to the page."""
    script = "el => [" + ", ".join(k.detect_js for k in kinds) + "].findIndex((detect) => !!detect(el))"
    index = await js(control, script)
    return kinds[index](control, timeout_ms) if isinstance(index, int) and index >= 0 else None


async def for_fill(control: Locator, timeout_ms: float) -> Widget | None:
    """The adapter for a `fill` target other than a plain text box, if it is one."""
    return await _first(_FILL, control, timeout_ms)


async def for_choose(control: Locator, timeout_ms: float) -> Widget | None:
    """The adapter for a `choose` target other than an ARIA combobox input (typed, then its
    option clicked: the verb does that)."""
    return await _first(_CHOOSE, control, timeout_ms)
