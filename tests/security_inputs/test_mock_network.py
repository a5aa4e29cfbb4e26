"""The mock portal is not open to the network by accident: Host is checked (DNS rebinding),
/__admin/ takes a token when one is set, admin actions refuse cross-site form posts, and a body
over the limit is refused while it streams in, before the rest is read."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
from urllib.parse import urlsplit

import httpx
import pytest

from fixtures.mock_portal.config import ORIGINS
from fixtures.mock_portal.uploads import request_limit_bytes

UPLOAD = "/api/ho-so-nhap/2.000986/khong-co/tep/giay_chung_sinh"  # unauthenticated on purpose


def test_a_foreign_host_header_is_misdirected(mock_portal) -> None:
    url = mock_portal.url("hanoi", "/")
    port = urlsplit(url).port
    refused = httpx.get(url, headers={"Host": f"attacker.example:{port}"})
    assert refused.status_code == 421
    assert (
        httpx.get(url, headers={"Host": f"127.0.0.1:{port + 1 if port < 65535 else port - 1}"}).status_code
        == 421
    )
    assert httpx.get(url.replace("127.0.0.1", "localhost")).status_code == 200
    assert httpx.get(url).status_code == 200


def test_admin_actions_refuse_cross_site_forms_but_take_json(mock_portal) -> None:
    reset = mock_portal.url("hanoi", "/__admin/reset")
    port = urlsplit(reset).port
    text_plain = httpx.post(reset, content=b"{}", headers={"Content-Type": "text/plain"})
    assert text_plain.status_code == 415
    form = httpx.post(reset, data={"a": "b"})
    assert form.status_code == 415
    other_site = httpx.post(reset, json={}, headers={"Origin": "http://attacker.example"})
    assert other_site.status_code == 403
    fetch_metadata = httpx.post(reset, headers={"Sec-Fetch-Site": "cross-site"})
    assert fetch_metadata.status_code == 403
    assert httpx.post(reset, json={}, headers={"Origin": f"http://127.0.0.1:{port}"}).status_code == 200
    assert httpx.post(reset).status_code == 200  # curl -X POST …/reset, scripts and fixtures
    assert httpx.put(mock_portal.url("hanoi", "/__admin/faults"), json={"plan": ""}).status_code == 200


def test_admin_needs_the_token_once_one_is_set(mock_portal_factory) -> None:
    portal = mock_portal_factory(admin_token="mã-bí-mật".encode().hex())
    sms = portal.url("vneid", "/__admin/sms")
    assert httpx.get(sms).status_code == 401
    assert httpx.get(sms, headers={"X-Admin-Token": "wrong"}).status_code == 401
    token = portal.server.cfg.admin_token
    assert httpx.get(sms, headers={"X-Admin-Token": token}).status_code == 200
    assert httpx.get(sms, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert httpx.get(portal.url("vneid", "/__admin/health")).status_code == 200  # liveness only


def _request_head(url: str, path: str, *extra: str) -> tuple[socket.socket, bytes]:
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {parts.hostname}:{parts.port}",
        "Content-Type: multipart/form-data; boundary=XyZ",
        *extra,
    ]
    return sock, ("\r\n".join(lines) + "\r\n\r\n").encode()


def _status(sock: socket.socket) -> int:
    head = b""
    while b"\r\n" not in head:
        chunk = sock.recv(4096)
        assert chunk, "the server closed without answering"
        head += chunk
    return int(head.split(b" ", 2)[1])


@pytest.fixture
def small_limit(mock_portal_factory):
    """A mock whose uploads stop at 10 KB (so the request limit is about 1 MB)."""
    portal = mock_portal_factory(upload_limit_mb=0.01)
    return portal, request_limit_bytes(portal.server.cfg.upload_limit_bytes)


def test_a_declared_oversized_body_is_refused_before_any_of_it_is_sent(small_limit) -> None:
    portal, _ = small_limit
    sock, head = _request_head(portal.url("lienthong"), UPLOAD, f"Content-Length: {1024**3}")
    with sock:
        sock.sendall(head)  # and not one byte of the gigabyte it announces
        assert _status(sock) == 413


def test_a_streamed_oversized_body_is_refused_once_past_the_limit(small_limit) -> None:
    portal, limit = small_limit
    sock, head = _request_head(portal.url("lienthong"), UPLOAD, "Transfer-Encoding: chunked")
    piece = b"0" * 65536
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    intended, sent = 64 * 1024 * 1024, 0
    part = b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4\n'
    with sock:
        sock.sendall(head + f"{len(part):x}\r\n".encode() + part + b"\r\n")
        while sent < intended and not select.select([sock], [], [], 0)[0]:
            try:
                sock.sendall(chunk)
            except OSError:  # the server answered and closed while we were still sending
                break
            sent += len(piece)
        assert _status(sock) == 413
    assert limit < sent < intended // 2, f"sent {sent} bytes for a {limit}-byte limit"


def _serve(*args: str) -> tuple[subprocess.Popen[str], dict[str, str]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "agent", "portal", "serve", "--port", "0", "--quiet", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "DVC_MOCK_ADMIN_TOKEN"},
    )
    assert proc.stdout is not None
    lines = [proc.stdout.readline().rstrip("\n") for _ in ORIGINS]
    return proc, dict(line.split("=", 1) for line in lines)


def _stop(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)
    assert proc.stderr is not None
    return proc.stderr.read()


def test_serve_on_all_interfaces_says_so_warns_and_locks_the_admin_api() -> None:
    proc, urls = _serve("--host", "0.0.0.0")
    try:
        assert all(url.startswith("http://0.0.0.0:") for url in urls.values()), urls
        local = urls["hanoi"].replace("0.0.0.0", "127.0.0.1")
        assert httpx.get(local + "/__admin/sms").status_code == 401
        assert httpx.get(local + "/").status_code == 200
    finally:
        log = _stop(proc)
    assert "WARNING" in log and "not loopback" in log
    token = log.rsplit("X-Admin-Token): ", 1)[1].split()[0]
    assert len(token) >= 24


def test_serve_on_loopback_is_quiet_and_open_to_local_tools() -> None:
    proc, urls = _serve()
    try:
        assert all(url.startswith("http://127.0.0.1:") for url in urls.values()), urls
        assert httpx.get(urls["hanoi"] + "/__admin/sms").status_code == 200
    finally:
        log = _stop(proc)
    assert "WARNING" not in log


def test_serve_takes_the_admin_token_from_the_environment() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "agent", "portal", "serve", "--port", "0", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DVC_MOCK_ADMIN_TOKEN": "token-from-env"},
    )
    assert proc.stdout is not None
    urls = dict(proc.stdout.readline().rstrip("\n").split("=", 1) for _ in ORIGINS)
    try:
        sms = urls["hanoi"] + "/__admin/sms"
        assert httpx.get(sms).status_code == 401
        assert httpx.get(sms, headers={"X-Admin-Token": "token-from-env"}).status_code == 200
    finally:
        log = _stop(proc)
    assert "token-from-env" not in log
