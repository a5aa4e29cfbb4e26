"""How a step can go wrong, sorted by what the runner does about it.

Transient (retry from the last page checkpoint, with backoff): 5xx, dropped connections, timeouts,
maintenance. SessionExpired is transient too, after signing in again. PortalRefused (the portal's
own validation summary) and StepFailed (the flow does not fit the page) are never retried.
"""
from __future__ import annotations

import re

from agent.errors import DvcAgentError, InfrastructureFailure, PortalRefused  # noqa: F401

#: Headings of the portals' fault pages (docs/interfaces.md §3 "Messages").
SESSION_EXPIRED = "Phiên đăng nhập đã hết hạn"
#: A page that asks to sign in where a signed-in page was expected means the session is gone too
#: (the liên thông SPA says so when its session check fails on reload).
SIGNED_OUT = ("Vui lòng đăng nhập",)
FAULT_HEADINGS = ("Lỗi hệ thống", "Hệ thống đang bảo trì", SESSION_EXPIRED, *SIGNED_OUT)
FAULT_HEADING_RE = re.compile("|".join(re.escape(h) for h in FAULT_HEADINGS))
REFUSAL_SELECTOR = '[role="alert"][aria-label="Lỗi"]'


class TransientFault(InfrastructureFailure):
    """Worth another try after backing off."""


class SessionExpired(TransientFault):
    """The portal signed us out; sign in again and resume."""


class StepFailed(InfrastructureFailure):
    """The page does not match what the flow expects (or a value would not stick)."""


class ReviewMismatch(PortalRefused):
    """The review page shows something else than the dossier says: never submit that."""
