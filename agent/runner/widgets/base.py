"""What every widget adapter does: recognise its kind from the located control, set a value the
way a person would, and read back what the page shows (the text a person sees)."""

from __future__ import annotations

import unicodedata
from typing import Any, ClassVar

from playwright.async_api import Locator

from agent.runner.faults import StepFailed


def norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def same_text(shown: str | None, *wanted: str | None) -> bool:
    """Whether a page shows one of `wanted`, as a person would judge it: spacing, Unicode form
    and letter case aside (name boxes capitalise as one types: “NGUYỄN VĂN AN”)."""
    seen = norm(shown).casefold()
    return any(seen == norm(w).casefold() for w in wanted if w is not None)


class Widget:
    """One kind of control. `detect_js` recognises the control the locator found; `set` must leave
    the page showing `text` (`read`), or raise StepFailed saying what it shows instead."""

    kind: ClassVar[str] = "widget"
    #: `el => truthy` when the control is of this kind, run in the page (see `widgets.for_fill`:
    #: every kind a verb may meet is asked in one call).
    detect_js: ClassVar[str] = "el => false"

    def __init__(self, control: Locator, timeout_ms: float) -> None:
        self.control = control
        self.timeout_ms = timeout_ms
        #: What the control showed (`read_js`) when the step found it, in the same call: an
        #: adapter that only compares (a locked field) needs no read of its own.
        self.shown_when_found: str | None = None

    async def set(self, text: str) -> None:
        raise NotImplementedError

    #: `el => the text shown`, when one script on the control reads it (else `read` is written out).
    read_js: ClassVar[str | None] = None

    async def read(self) -> str:
        if self.read_js is None:
            raise NotImplementedError
        return str(await js(self.control, self.read_js) or "")

    async def read_if_there(self) -> str | None:
        """What the control shows now, or None when it has left the page (no waiting for it):
        one call for a widget read by one script."""
        if self.read_js is None:
            return await self.read() if await self.control.count() else None
        found = await js_if_there(self.control, self.read_js)
        return None if found is None else str(found[0] or "")

    def document(self) -> Locator:
        """The control's whole document (lists are often portaled to the end of <body>), in
        the control's own frame."""
        return self.control.locator("xpath=ancestor::body[1]")

    async def verify(self, text: str) -> None:
        shown = await self.read()
        if not same_text(shown, text):
            raise StepFailed(f"the {self.kind} shows {shown!r} after setting {text!r}")


async def js_if_there(control: Locator, script: str) -> list[Any] | None:
    """`[script(control)]` in one driver call, or None at once when the control is not there."""
    found: list[Any] | None = await control.evaluate_all(f"(els) => els.length ? [({script})(els[0])] : null")
    return found


async def js(control: Locator, script: str) -> Any:
    """A yes/no or small fact about the control, computed in its page: one driver call when the
    control is there (`Locator.evaluate` takes three: resolve a handle, evaluate, release it),
    and Playwright's waiting `evaluate` when it is not (a re-render is replacing it)."""
    found = await js_if_there(control, script)
    if found is None:
        return await control.evaluate(script)
    return found[0]
