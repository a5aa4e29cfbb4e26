"""Widget adapters, one module per kind, chosen at run time from the control a step located:
a verb asks which kind it is and lets the adapter set and read it, so a new portal widget is a
new adapter, never a new verb. Kinds the legacy path already handles (a plain text box, an ARIA
combobox input) are left to the verbs, unchanged."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Locator

from agent.runner.widgets import dropdown
from agent.runner.widgets.base import Widget, js
from agent.runner.widgets.choice import choose_option
from agent.runner.widgets.date_boxes import DateBoxes
from agent.runner.widgets.dropdown import Dropdown
from agent.runner.widgets.locked import Locked
from agent.runner.widgets.native_select import NativeSelect
from agent.runner.widgets.text_box import READY_FOR_TYPING_JS, TextBox
from agent.runner.widgets.time_boxes import TimeBoxes

__all__ = [
    "CHOOSE_PROBE",
    "FILL_FIND_PROBE",
    "FILL_PROBE",
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
    "look_again",
    "ready_for_typing",
    "value_and_list",
]

_FILL: tuple[type[Widget], ...] = (Locked, DateBoxes, TimeBoxes)
_CHOOSE: tuple[type[Widget], ...] = (NativeSelect, Locked, Dropdown)


def _probe(kinds: tuple[type[Widget], ...]) -> str:
    """`el => [index of the first of kinds it is (-1: none), its value, the list it controls,
    what that kind shows (its `read_js`, else null)]`: what a verb needs to know of a control,
    asked with finding it (`locate.find(probe=…)`)."""
    detectors = ", ".join(k.detect_js for k in kinds)
    readers = ", ".join(k.read_js or "null" for k in kinds)
    return (
        f"el => {{ const kind = [{detectors}].findIndex((detect) => !!detect(el)),"
        f" read = kind >= 0 ? [{readers}][kind] : null;"
        " return [kind, 'value' in el ? String(el.value) : null, el.getAttribute('aria-controls'),"
        " read ? String(read(el) || '') : null]; }"
    )


FILL_PROBE = _probe(_FILL)
#: What `fill` asks with finding its control: FILL_PROBE's answer and, fifth, whether a plain
#: text box (none of the kinds) is now ready for typing (`READY_FOR_TYPING_JS`): the fill is then
#: the typing alone, two protocol messages where Playwright's `fill` sends about eight. Run only
#: with finding (`locate.find(probe=…)` probes the control it finds, nothing else).
FILL_FIND_PROBE = (
    f"el => {{ const fact = ({FILL_PROBE})(el);"
    f" return [...fact, fact[0] < 0 && ({READY_FOR_TYPING_JS})(el)]; }}"
)
CHOOSE_PROBE = _probe(_CHOOSE)


async def _first(
    kinds: tuple[type[Widget], ...], probe: str, control: Locator, timeout_ms: float, probed: Any
) -> Widget | None:
    """The first of `kinds` the control is: from what finding it learnt, else asked in one call;
    with what it showed then (`Widget.shown_when_found`)."""
    probed = probed if probed is not None else await js(control, probe)
    index = probed[0]
    if not (isinstance(index, int) and index >= 0):
        return None
    widget = kinds[index](control, timeout_ms)
    widget.shown_when_found = probed[3]
    return widget


def ready_for_typing(probed: Any) -> bool:
    """Whether finding the control (`FILL_FIND_PROBE`) left it focused and selected for typing."""
    return isinstance(probed, list) and len(probed) > 4 and probed[4] is True


async def for_fill(control: Locator, timeout_ms: float, probed: Any = None) -> Widget | None:
    """The adapter for a `fill` target other than a plain text box, if it is one."""
    return await _first(_FILL, FILL_PROBE, control, timeout_ms, probed)


async def for_choose(control: Locator, timeout_ms: float, probed: Any = None) -> Widget | None:
    """The adapter for a `choose` target other than an ARIA combobox input (typed, then its
    option clicked: the verb does that)."""
    return await _first(_CHOOSE, CHOOSE_PROBE, control, timeout_ms, probed)


#: What `choose` asks again of a control once the page has settled after a choice, in one call:
#: [`CHOOSE_PROBE`'s answer, the text a dropdown shows], or null when the control is gone.
_LOOK_AGAIN_JS = (
    "els => els.length ? [("
    + CHOOSE_PROBE
    + ")(els[0]), String(("
    + dropdown.READ_JS
    + ")(els[0]) || '')] : null"
)


async def look_again(control: Locator, timeout_ms: float) -> tuple[Widget | None, str | None] | None:
    """After a choice and a settle: the control's adapter and, for a dropdown, what it shows
    (None: read it through the adapter); None when the control is gone."""
    looked = await control.evaluate_all(_LOOK_AGAIN_JS)
    if looked is None:
        return None
    probed, shown = looked
    widget = await _first(_CHOOSE, CHOOSE_PROBE, control, timeout_ms, probed)
    return widget, shown if isinstance(widget, Dropdown) else None


async def value_and_list(control: Locator, probed: Any = None) -> tuple[str | None, str | None]:
    """An input's value and the id of the list it controls (`aria-controls`)."""
    _, value, listbox, _ = probed if probed is not None else await js(control, CHOOSE_PROBE)
    return value, listbox
