"""`dvc-agent portal serve` as a user runs it: a real process, its stdout, its log and signals."""

from __future__ import annotations

import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from tests.mock_portal.helpers import PDF, csrf, fill_to_review, login, submit

ORDER = ["hanoi", "dvcqg", "lienthong", "vneid", "vnpost"]


class Served:
    """A running `portal serve` process with its printed URLs; `.url(name, path)` like MockPortal."""

    def __init__(self, tmp_path: Path, *args: str):
        launcher = Path(sys.executable).with_name("dvc-agent")
        command = (
            [str(launcher)]
            if launcher.exists()
            else [sys.executable, "-c", "from agent.cli import main; main()"]
        )
        self.proc = subprocess.Popen(
            [*command, "portal", "serve", "--port", "0", "--data-dir", str(tmp_path), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in self.proc.stdout], daemon=True).start()
        self.lines = [lines.get(timeout=30).rstrip("\n") for _ in ORDER]
        self.urls = dict(line.split("=", 1) for line in self.lines)

    def url(self, name: str, path: str = "/") -> str:
        return self.urls[name] + path

    def stop(self, sig: int) -> tuple[int, str]:
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=20)
        return code, self.proc.stderr.read()

    def latest_otp(self, phone: str) -> str:
        return httpx.get(self.url("hanoi", "/__admin/sms"), params={"to": phone}).json()[-1]["code"]


@pytest.fixture
def served(tmp_path):
    started: list[Served] = []

    def start(*args: str) -> Served:
        started.append(Served(tmp_path / f"data-{len(started)}", *args))
        return started[-1]

    yield start
    for s in started:
        if s.proc.poll() is None:
            s.proc.kill()
            s.proc.wait(timeout=10)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_prints_one_line_per_origin_answers_and_stops_on_signal(served, sig):
    s = served()
    assert [line.split("=")[0] for line in s.lines] == ORDER
    assert all(re.fullmatch(r"[a-z]+=http://127\.0\.0\.1:\d+", line) for line in s.lines)
    assert len(set(s.urls.values())) == 5
    for name in ORDER:
        assert httpx.get(s.url(name, "/__admin/health")).json() == {"ok": True}
    assert "Cổng Dịch vụ công Thành phố Hà Nội" in httpx.get(s.url("hanoi", "/")).text
    code, log = s.stop(sig)
    assert code == 0
    assert len(re.findall(r'"GET /__admin/health HTTP/1\.1" 200', log)) == 5, log
    assert "Traceback" not in log


def test_faults_and_refusals_leave_no_traceback_in_the_log(served):
    s = served("--faults", "latency=1", "--seed", "7")
    base = s.url("hanoi", "/")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        httpx.get(base, headers={"X-Mock-Faults": "drop=1"})
    assert httpx.get(base, headers={"X-Mock-Faults": "error_5xx=1"}).status_code >= 500
    assert httpx.get(base, headers={"X-Mock-Faults": "maintenance=on"}).status_code == 503
    assert httpx.post(s.url("hanoi", "/dang-xuat"), data={"csrf_token": "forged"}).status_code == 403
    assert httpx.post(
        s.url("hanoi", "/dang-ky"),
        content=b"\xff\xfe garbage",
        headers={"content-type": "multipart/form-data; boundary=x"},
    ).status_code in (400, 403)
    assert httpx.post(s.url("hanoi", "/dang-xuat"), data={"csrf_token": "mã-giả"}).status_code == 403
    assert (
        httpx.get(s.url("hanoi", "/sso/callback"), params={"code": "x", "state": "trạng-thái"}).status_code
        == 400
    )
    assert httpx.post(s.url("hanoi", "/nop-ho-so/dang-ky-khai-tu/buoc-abc")).status_code == 404
    assert httpx.get(s.url("hanoi", "/mot-cua/"), params={"trang_thai": "abc"}).status_code == 400
    assert httpx.get(s.url("hanoi", "/ho-so/000.A0.01.H26-000000-0000")).status_code in (303, 401, 404)
    assert httpx.get(s.url("hanoi", "/thu-tuc-hanh-chinh/9.999999")).status_code == 404

    c = login(s)
    review = fill_to_review(s, c, "dang-ky-khai-tu")
    filing = review.url.path.removesuffix("/kiem-tra")  # /nop-ho-so/<slug>/<draft id>
    oversized = c.post(
        s.url("hanoi", f"{filing}/buoc-4"),
        data={"csrf_token": csrf(review.text), "action": "upload"},
        files={"file_death_evidence": ("lon.pdf", PDF + b"0" * (11 * 1024 * 1024), "application/pdf")},
    )
    assert oversized.status_code == 413
    bad_date = c.post(
        s.url("hanoi", f"{filing}/buoc-2"),
        data={"csrf_token": csrf(review.text), "action": "next", "chsNgayCap": "31/02/2020"},
    )
    assert bad_date.status_code == 422
    review = fill_to_review(s, c, "dang-ky-khai-tu")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        submit(s, c, "dang-ky-khai-tu", review, headers={"X-Mock-Faults": "commit_timeout=1"})
    assert len(httpx.get(s.url("hanoi", "/__admin/dossiers")).json()) == 1

    code, log = s.stop(signal.SIGTERM)
    assert code == 0
    assert "Traceback" not in log and "ERROR" not in log, log
    assert "MatKhau@123" not in log
    assert re.search(r'"POST /dang-xuat HTTP/1\.1" 403', log)
    assert "/sso/callback?…" in log and "code=" not in log, "auth codes stay out of the log"
