"""Watch a page's network so the runner reacts to faults at once and knows when it is quiet.

`PageWatch` counts in-flight requests (readiness = main[aria-busy=false] + none in flight) and
raises a flag the moment a page load or API call answers 5xx or its connection drops, so a step
waiting for an element stops waiting and the fault is handled, instead of timing out.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from playwright.async_api import Frame, Page, Request, Response

_IGNORED_FAILURES = ("net::ERR_ABORTED",)
_WATCHED_TYPES = ("document", "xhr", "fetch")


@dataclass
class PageWatch:
    page: Page
    inflight: set[Request] = field(default_factory=set)
    fault: str | None = None
    signed_out: bool = False  # the portal sent a page load to its sign-in page
    answer_lost: bool = False  # the final submit went out and no answer came back
    #: Document/XHR/fetch requests started so far: the same count and none in flight means
    #: nothing on the network changed the page in between.
    started: int = 0
    #: Documents the page has loaded (main-frame navigations, same-document ones included).
    documents: int = 0
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def attach(self) -> PageWatch:
        self.page.on("request", self._on_request)
        self.page.on("requestfinished", self._on_done)
        self.page.on("requestfailed", self._on_failed)
        self.page.on("response", self._on_response)
        self.page.on("framenavigated", self._on_navigated)
        return self

    def _on_navigated(self, frame: Frame) -> None:
        if frame.parent_frame is None:
            self.documents += 1

    def reset(self) -> None:
        self.fault = None
        self.signed_out = False
        self.answer_lost = False

    def _on_request(self, request: Request) -> None:
        if request.resource_type in _WATCHED_TYPES:
            self.started += 1
            self.inflight.add(request)
            self._changed.set()

    def _on_done(self, request: Request) -> None:
        self.inflight.discard(request)
        self._changed.set()

    def _on_failed(self, request: Request) -> None:
        self.inflight.discard(request)
        failure = request.failure or "failed"
        if request.resource_type in _WATCHED_TYPES and not failure.startswith(_IGNORED_FAILURES):
            self.fault = f"{request.method} {_path(request.url)}: {failure}"
        self._changed.set()

    def _on_response(self, response: Response) -> None:
        if (
            response.status >= 500
            and response.request.resource_type in _WATCHED_TYPES
            and "/__admin/" not in response.url
        ):
            self.fault = f"{response.request.method} {_path(response.url)}: HTTP {response.status}"
            self._changed.set()
        elif (
            response.request.resource_type == "document"
            and 300 <= response.status < 400
            and _is_sign_in_redirect(response.headers.get("location", ""), response.url)
        ):
            # a session lost without the "expired" page (e.g. it ended on a background API
            # call) shows as a redirect to sign in with `next=` back here: sign in again, resume.
            self.signed_out = True
            self.fault = f"{response.request.method} {_path(response.url)}: redirected to sign in"
            self._changed.set()

    async def wait_fault(self) -> str:
        """Return as soon as a fault is flagged."""
        while self.fault is None:
            self._changed.clear()
            await self._changed.wait()
        return self.fault

    async def wait_quiet(self) -> None:
        """Return once no document/XHR/fetch request is in flight."""
        while self.inflight:
            self._changed.clear()
            if not self.inflight:
                break
            await self._changed.wait()


#: Words in the path of a page that starts signing in (its redirect to VNeID is asked for).
_SIGN_IN_PAGES = ("dang-nhap", "login", "sign-in", "signin", "sso", "auth")


def _is_sign_in_redirect(location: str, from_url: str = "") -> bool:
    """Portals send a signed-out visitor to their sign-in page with `?next=<where they were>`,
    or straight to the identity provider's authorisation (OAuth `response_type` + `redirect_uri`:
    the national portal sends a signed-out visitor of its death form to VNeID) from a page that
    is not itself a sign-in page. A hand-off that carries a one-time `code`/`ticket` (VNeID → the
    Ministry's `/sso?code=…&next=…`) is signing in, not a lost session."""
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(location).query)
    if {"code", "ticket"} & query.keys():
        return False
    if "next" in query:
        return True
    asked_to_sign_in = any(word in urlsplit(from_url).path.lower() for word in _SIGN_IN_PAGES)
    return {"response_type", "redirect_uri"} <= query.keys() and not asked_to_sign_in


def _path(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path or "/"
