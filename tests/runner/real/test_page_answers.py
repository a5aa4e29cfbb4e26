"""How the engine reads the page's own answers: a modal dialog that covers a saved step (a
reloaded wizard), and the error toasts that come instead of the next step (a refusal in the
portal's words, a please-wait, a session that is over)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.runner.faults import PortalRefused, SessionExpired, TransientFault
from agent.runner.values import Values

from .harness import TOP, html, op, runner_on

pytestmark = pytest.mark.browser

BEHIND_A_MODAL = html(
    """<h2>Thông tin chủ hồ sơ</h2>
    <div role="dialog" aria-modal="true" aria-labelledby="t"><h2 id="t">Thông tin chung</h2>
    <button>Xác nhận</button></div>"""
)


def test_a_step_behind_an_open_modal_dialog_is_not_what_the_page_shows(run_async):
    async def go() -> None:
        async with runner_on({TOP + "/": BEHIND_A_MODAL}) as r:
            assert not await r.shows(op("expect", {"heading": "Thông tin chủ hồ sơ"}))
            assert await r.shows(op("expect", {"heading": "Thông tin chung"}))
            await r.ctx.page.evaluate("document.querySelector('[role=dialog]').remove()")
            assert await r.shows(op("expect", {"heading": "Thông tin chủ hồ sơ"}))

    run_async(go())


#: A row whose upload button answers with the wallet's toast once the session is gone.
EXPIRED_UPLOAD = html(
    """<table><tr><td>Giấy tờ tùy thân</td><td><button id=up>Chọn tệp</button>
    <input type=file id=file hidden></td></tr></table>""",
    """
    const file = document.getElementById('file');
    document.getElementById('up').addEventListener('click', () => file.click());
    file.addEventListener('change', () => {
      const toast = document.createElement('div');
      toast.className = 'Toastify__toast Toastify__toast--error';
      toast.textContent = 'Phiên làm việc đã kết thúc, vui lòng đăng nhập lại.';
      document.body.appendChild(toast);
    });
    """,
)


def test_a_toast_saying_the_session_ended_is_an_expired_session_not_a_refusal(run_async, tmp_path: Path):
    paper = tmp_path / "cccd.pdf"
    paper.write_bytes(b"%PDF-1.4\n%%EOF\n")

    async def go() -> None:
        values = Values({}, {"id_card": paper}, {})
        async with runner_on({TOP + "/": EXPIRED_UPLOAD}, values=values) as r:
            step = op(
                "upload", {"row": "Giấy tờ tùy thân", "button": "Chọn tệp", "file": "attachments.id_card"}
            )
            with pytest.raises(SessionExpired, match="Phiên làm việc đã kết thúc"):
                await r.run(step)

    run_async(go())


def _toasting(message: str) -> str:
    """A step whose "next" button answers with an auto-dismissing error toast (the live wizard)."""
    return html(
        "<h2>Bước 1</h2><button id=next>Bước tiếp theo</button>",
        f"""
        document.getElementById('next').addEventListener('click', () => {{
          const toast = document.createElement('div');
          toast.className = 'Toastify__toast Toastify__toast--error';
          toast.textContent = {message!r};
          document.body.appendChild(toast);
          setTimeout(() => toast.remove(), 3000);
        }});
        """,
    )


@pytest.mark.parametrize(
    ("message", "outcome"),
    [
        ("Số điện thoại: Số điện thoại không hợp lệ", PortalRefused),
        ("Tờ khai đang được tải, vui lòng chờ trong giây lát", TransientFault),
        ("Phiên làm việc đã kết thúc, vui lòng đăng nhập lại.", SessionExpired),
    ],
)
def test_an_error_toast_instead_of_the_next_step_is_read_for_what_it_says(run_async, message, outcome):
    async def go() -> None:
        async with runner_on({TOP + "/": _toasting(message)}) as r:
            await r.run(op("click", {"button": "Bước tiếp theo"}))
            with pytest.raises(outcome) as raised:
                await r.run(op("expect", {"heading": "Bước 2"}))
            assert message in str(raised.value)  # the portal's own words, not a timeout

    run_async(go())
