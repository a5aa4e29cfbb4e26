"""One look at the page between steps, in one call: its own readiness flag, whether anything on it
may be a fault, and what the controls probed since the last click show.

Readiness, the fault check and the read-back of typed values each asked the page separately;
on a page that says when it is ready (the legacy portal's `main[aria-busy]`) the three answers
come from the same moment, so one evaluated call gives them all. The fault sign is deliberately
broad (any heading with a fault's words, any alert or error toast in the DOM, shown or not):
a sign only sends the caller to the full check (`locate.raise_if_fault_page`), which decides.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from agent.runner.faults import FAULT_HEADINGS, REFUSAL_SELECTOR, TOAST_ERRORS
from agent.runner.locate import PROBED_VALUES_JS, probed_values

_LOOK_JS = f"""(keys) => {{
  const main = document.querySelector('main[aria-busy]');
  const words = {json.dumps(FAULT_HEADINGS, ensure_ascii=False)};
  const named = (el) => `${{el.textContent || ''}} ${{el.getAttribute('aria-label') || ''}}`;
  const headings = document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]');
  const fault = document.querySelector({json.dumps(REFUSAL_SELECTOR + ", " + TOAST_ERRORS)}) !== null
    || [...headings].some((h) => words.some((w) => named(h).includes(w)));
  return {{ busy: main ? main.getAttribute('aria-busy') : null, fault,
           values: keys.length ? ({PROBED_VALUES_JS})(keys) : [] }};
}}"""


@dataclass(frozen=True)
class PageState:
    #: The page's own flag (`main[aria-busy]`: "true"/"false"), None when it has none.
    busy: str | None
    #: Something on the page may be a fault (a heading, an alert, an error toast): check fully.
    fault_sign: bool
    #: What each probed control asked about shows (those the page no longer has left out).
    values: dict[int, str] = field(default_factory=dict)
    #: False when the page could not be asked (navigating): nothing above is known.
    looked: bool = True


async def look(page: Page, keys: list[int] | None = None) -> PageState:
    """The page's state now; while it navigates, no flag and a fault sign (look fully later)."""
    keys = keys or []
    try:
        answer = await page.evaluate(_LOOK_JS, keys)
    except PlaywrightError:  # navigating: the next page decides
        return PageState(None, True, looked=False)
    return PageState(answer["busy"], bool(answer["fault"]), probed_values(keys, answer["values"]))
