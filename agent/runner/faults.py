"""How a step can go wrong, sorted by what the runner does about it (policy: `retry.py`).

Transient (retry from the last page checkpoint, with backoff): 5xx, dropped connections, timeouts,
maintenance. SessionExpired: sign in again and resume at once. Never retried: PortalRefused (the
portal's own validation summary) and the flow mismatches (StepFailed, FlowStepMismatch), which a
person must fix in the flow.
"""

from __future__ import annotations

import re
from pathlib import Path

from agent.errors import DvcAgentError, FlowMismatch, InfrastructureFailure, PortalRefused

__all__ = [
    "DvcAgentError",
    "FlowMismatch",
    "FlowStepMismatch",
    "InfrastructureFailure",
    "LockedDisagrees",
    "NotKept",
    "PortalRefused",
    "ReviewMismatch",
    "SessionExpired",
    "StepFailed",
    "TransientFault",
]

#: Headings of the portals' fault pages (docs/interfaces.md §3 "Messages").
SESSION_EXPIRED = "Phiên đăng nhập đã hết hạn"
#: A page that asks to sign in where a signed-in page was expected means the session is gone too
#: (the liên thông SPA says so when its session check fails on reload).
SIGNED_OUT = ("Vui lòng đăng nhập",)
#: What a toast or a dialog says when the session ended under it (the wizard's wallet answers a
#: call made after expiry with a toast, not a page).
SESSION_GONE = (SESSION_EXPIRED, "Phiên làm việc đã kết thúc", "đăng nhập lại")


def says_session_gone(text: str) -> bool:
    folded = text.casefold()
    return any(words.casefold() in folded for words in SESSION_GONE)


#: A toast asking to wait (the wizard's e-form still loading) or to reload the page (a form token
#: that expired with the session) is no refusal: go back to the checkpoint and try again.
TRY_LATER = ("vui lòng chờ", "đang được tải", "đang tải", "tải lại trang")


def says_try_later(text: str) -> bool:
    folded = text.casefold()
    return any(words in folded for words in TRY_LATER)


FAULT_HEADINGS = ("Lỗi hệ thống", "Hệ thống đang bảo trì", SESSION_EXPIRED, *SIGNED_OUT)
FAULT_HEADING_RE = re.compile("|".join(re.escape(h) for h in FAULT_HEADINGS))
REFUSAL_SELECTOR = '[role="alert"][aria-label="Lỗi"]'
#: Error toasts of the frameworks the live portals use (react-toastify, Ant Design, Angular
#: Material). A toast alone does not say whether the portal refused or failed: callers decide.
TOAST_ERRORS = (
    ".Toastify__toast--error, .ant-message-error, .ant-notification-notice-error,"
    " .mat-mdc-snack-bar-container.error, .toast-error"
)


class TransientFault(InfrastructureFailure):
    """Worth another try after backing off."""


class SessionExpired(TransientFault):
    """The portal signed us out; sign in again and resume."""


class StepFailed(FlowMismatch):
    """A verb could not do its job: its element is not on the page, or a value would not stick.

    Raised by the verbs, which cannot tell a changed portal from a page still loading; the engine
    checks the page is ready and no fault page before reporting it (`mismatch.run_checked`)."""


class NotKept(StepFailed):
    """A value was set but the page does not show it right after: a re-render (a dependent list
    rebuilt, a section drawn again) may have wiped it. The verb settles and sets it once more."""


class FlowStepMismatch(FlowMismatch):
    """A step failed on a ready page that is no fault page: the flow no longer fits the portal.
    Carries the step's file:line and the screenshot taken there, so the fix starts at once."""

    def __init__(self, detail: str, *, source: str, screenshot: Path | None) -> None:
        shot = f"\n  screenshot: {screenshot}" if screenshot is not None else ""
        super().__init__(f"{source}: the flow no longer matches the portal: {detail}{shot}")
        self.detail = detail
        self.source = source
        self.screenshot = screenshot


class LockedDisagrees(PortalRefused):
    """A field the portal filled and locked (from VNeID or the population database) shows
    something else than the dossier: the portal's records disagree with it, so nothing is
    submitted and a person must check which is right."""


class ReviewMismatch(PortalRefused):
    """The review page shows something else than the dossier says: never submit that."""
