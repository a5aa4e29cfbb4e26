"""One option of a group: real radios, or the e-form's exclusive checkboxes (`x-radio`: ticking
one clears the others; the input may be hidden under a custom skin, then its label is clicked).
The choice is read back as the labels of what is ticked: exactly the chosen one."""

from __future__ import annotations

from playwright.async_api import Locator

from agent.runner.faults import StepFailed
from agent.runner.locate import any_of_names

_TICKED_JS = """els => els.filter((el) => el.checked).map((el) => {
  const next = el.nextElementSibling;
  const beside = next && next.tagName === 'LABEL' ? next : null;
  const label = (el.labels && el.labels[0]) || beside;
  return (label ? label.innerText : el.value).trim();
})"""
#: The box an unbound label names: inside it, or the box right before (or after) it.
_BESIDE = (
    "xpath=(.//input[@type='checkbox' or @type='radio'] | preceding-sibling::input[1]"
    "[@type='checkbox' or @type='radio'] | following-sibling::input[1][@type='checkbox' or @type='radio'])"
)


async def choose_option(
    region: Locator, option: str, timeout_ms: float, wordings: tuple[str, ...] = ()
) -> None:
    """Tick `option` (or the first of its other `wordings` the group shows) in the group shown in
    `region` and check it is the only one ticked. A label bound to nothing (`<input><label>` with
    no `for`) still names the box beside it, as a person reads it."""
    pattern = any_of_names((option, *wordings))
    caption = region.locator("label").filter(has_text=pattern).first
    bound = region.get_by_label(pattern).first
    await bound.or_(caption).first.wait_for(state="attached", timeout=timeout_ms)
    box = bound if await bound.count() else caption.locator(_BESIDE).first
    if not await box.count():
        raise StepFailed(f"the option {option!r} has no box to tick")
    if await box.is_visible():
        await box.check()
    elif not await box.is_checked():
        await caption.click()
    ticked = await region.locator("input[type=radio], input[type=checkbox]").evaluate_all(_TICKED_JS)
    if not await box.is_checked() or len(ticked) != 1:
        raise StepFailed(f"choosing {option!r} left {ticked or 'nothing'} ticked")
