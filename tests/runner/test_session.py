"""A session's page against a real HTTP server: Chromium refuses what no filing needs (pictures,
web fonts) and still fetches what a person must read (a captcha) and the page's own code."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from agent.runner.browser import Chromium
from agent.runner.session import open_session
from agent.secrets.credentials import Account

pytestmark = pytest.mark.browser

PAGE = b"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<style>@font-face { font-family: Portal; src: url(/fonts/portal.woff2) format('woff2'); }
body { font-family: Portal, sans-serif; }</style></head>
<body><h1>Dang nhap</h1><img src="/img/banner.png" alt="banner">
<img src="/captcha/7.svg" alt="Ma kiem tra"><script src="/app.js"></script></body></html>"""
BODIES = {
    "/": (b"text/html; charset=utf-8", PAGE),
    "/app.js": (b"text/javascript", b"document.title = 'ready';"),
    "/captcha/7.svg": (b"image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>'),
}


@pytest.fixture
def portal() -> Iterator[tuple[str, list[str]]]:
    """A server that answers every path (a picture, a font: bytes of the right type) and
    records what was asked of it."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            kind, body = BODIES.get(self.path, (b"application/octet-stream", b"\0" * 64))
            self.send_response(200)
            self.send_header("Content-Type", kind.decode())
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


def test_a_session_page_never_fetches_pictures_or_fonts_but_fetches_the_captcha(portal, tmp_path, run_async):
    url, asked = portal

    async def go() -> None:
        chromium = await Chromium.start()
        try:
            account = Account(name="citizen", method="dvc", username="001090012345", password="MatKhau@123")
            session = await open_session(chromium.browser, account, tmp_path, 5000)
            await session.page.goto(url + "/", wait_until="load")
            await session.page.evaluate("document.fonts.ready")
            assert await session.page.title() == "ready"  # the page's own code ran
        finally:
            await chromium.stop()

    run_async(go())
    assert "/captcha/7.svg" in asked
    assert "/img/banner.png" not in asked
    assert "/fonts/portal.woff2" not in asked
