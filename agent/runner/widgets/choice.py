"""One option of a group: real radios, or the e-form's exclusive checkboxes (`x-radio`: ticking
one clears the others; the input may be hidden under a custom skin, then its label is clicked).
The choice is read back as the labels of what is ticked: exactly the chosen one."""

from __future__ import annotations

from playwright.async_api import Locator

from agent.runner.faults import StepFailed
from agent.runner.locate import any_of_names

_TICKED_JS = """els => els.filter((el) => el.checked).map((el) =>
  ((el.labels && el.labels[0]) ? el.labels[0].innerText : el.value).trim())"""


async def choose_option(
    region: Locator, option: str, timeout_ms: float, wordings: tuple[str, ...] = ()
) -> None:
    """Tick `option` (or the first of its other `wordings` the group shows) in the group shown in
    `region` and check it is the only one ticked."""
    pattern = any_of_names((option, *wordings))
    box = region.get_by_label(pattern).first
    await box.wait_for(state="attached", timeout=timeout_ms)
    if await box.is_visible():
        await box.check()
    elif not await box.is_checked():
        await region.locator("label").filter(has_text=pattern).first.click()
    ticked = await region.locator("input[type=radio], input[type=checkbox]").evaluate_all(_TICKED_JS)
    if not await box.is_checked() or len(ticked) != 1:
        raise StepFailed(f"choosing {option!r} left {ticked or 'nothing'} ticked")
