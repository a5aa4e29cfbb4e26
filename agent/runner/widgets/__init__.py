"""Widget adapters, one module per kind, chosen at run time from the control a step located:
a verb asks which kind it is and lets the adapter set and read it, so a new portal widget is a
new adapter, never a new verb. Kinds the legacy path already handles (a plain text box, a native
select, an ARIA combobox input) are left to the verbs, unchanged."""

from __future__ import annotations

from playwright.async_api import Locator

from agent.runner.widgets.base import Widget
from agent.runner.widgets.choice import choose_option
from agent.runner.widgets.date_boxes import DateBoxes
from agent.runner.widgets.dropdown import Dropdown
from agent.runner.widgets.locked import Locked
from agent.runner.widgets.text_box import TextBox
from agent.runner.widgets.time_boxes import TimeBoxes

__all__ = [
    "DateBoxes",
    "Dropdown",
    "Locked",
    "TextBox",
    "TimeBoxes",
    "Widget",
    "choose_option",
    "for_choose",
    "for_fill",
]

_FILL: tuple[type[Widget], ...] = (Locked, DateBoxes, TimeBoxes)
_CHOOSE: tuple[type[Widget], ...] = (Locked, Dropdown)


async def _first(kinds: tuple[type[Widget], ...], control: Locator, timeout_ms: float) -> Widget | None:
    for kind in kinds:
        if await kind.detect(control):
            return kind(control, timeout_ms)
    return None


async def for_fill(control: Locator, timeout_ms: float) -> Widget | None:
    """The adapter for a `fill` target other than a plain text box, if it is one."""
    return await _first(_FILL, control, timeout_ms)


async def for_choose(control: Locator, timeout_ms: float) -> Widget | None:
    """The adapter for a `choose` target other than a native select or ARIA combobox input."""
    return await _first(_CHOOSE, control, timeout_ms)
