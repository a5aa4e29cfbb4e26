"""Public dossier look-up as on the live portals: "Mã hồ sơ" plus the image "Mã bảo mật" (the
core captcha, answers from the admin API), on `moj` for the Ministry's dossiers and on `dvcqg`
("Thông tin và dịch vụ" → "Tra cứu hồ sơ") for every national one; no sign-in."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from .helpers import look_up

MOJ_PATH = "/tra-cuu-tinh-trang-ho-so"
DVCQG_PATH = "/p/home/dvc-tra-cuu-ho-so.html"


def file_dossier(portal, portal_name: str, procedure: str, code: str) -> str:
    """A stored dossier to look up (the browser tests file them through the pages)."""
    made, _ = portal.runtime.store.create_dossier(
        portal_name, procedure, code, "001090012345", [], [], {"method": "Trực tiếp"}
    )
    return made


class Lookup:
    """One browser-like client on one look-up page."""

    def __init__(self, portal, origin: str, path: str):
        self.portal, self.url = portal, portal.url(origin, path)
        self.client = httpx.Client(timeout=10)
        self.page = self.client.get(self.url)
        assert self.page.status_code == 200

    @property
    def captcha_id(self) -> str:
        return re.search(r'data-captcha-id="([0-9a-f]+)"', self.page.text).group(1)

    def ask(self, code: str, answer: str | None = None, captcha_id: str | None = None) -> httpx.Response:
        cid = captcha_id or self.captcha_id
        form = {
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', self.page.text).group(1),
            "captchaId": cid,
            "maHoSo": code,
            "maBaoMat": self.portal.captcha_answer(cid) if answer is None else answer,
        }
        self.page = self.client.post(self.url, data=form)
        return self.page


def test_moj_lookup_needs_the_security_code_and_shows_status_and_history(mock_portal):
    code = file_dossier(mock_portal, "dvcqg", "xac-nhan-tinh-trang-hon-nhan", "1.004873")
    lookup = Lookup(mock_portal, "moj", MOJ_PATH)
    assert 'alt="Mã bảo mật"' in lookup.page.text and "aria-busy" not in lookup.page.text
    first_id = lookup.captcha_id
    refused = lookup.ask(code, answer="SAI00")
    assert refused.status_code == 422 and "Mã bảo mật không đúng" in refused.text
    assert code not in re.sub(r'value="[^"]*"', "", refused.text)  # nothing revealed
    assert lookup.captcha_id != first_id  # a fresh image after every answer
    mock_portal.set_status(code, 4, "Chuyển phòng Tư pháp")
    found = lookup.ask(code)
    assert found.status_code == 200
    assert "Cấp Giấy xác nhận tình trạng hôn nhân" in found.text and "Đang xử lý" in found.text
    assert "Chuyển phòng Tư pháp" in found.text and "Nộp hồ sơ trực tuyến" in found.text  # history
    reused = lookup.ask(code, answer=mock_portal.captcha_answer(first_id), captcha_id=first_id)
    assert "Mã bảo mật không đúng" in reused.text  # single use


@pytest.mark.parametrize(
    ("portal_name", "procedure", "proc_code", "on_moj", "on_dvcqg"),
    [
        ("dvcqg", "dang-ky-ket-hon", "1.000894", True, True),
        ("dvcqg", "dang-ky-khai-tu", "1.000656", False, True),  # flow B: dvcqg only
        ("hanoi", "dang-ky-ket-hon", "1.000894", False, False),  # the legacy portal's own
    ],
)
def test_each_lookup_knows_its_own_dossiers(mock_portal, portal_name, procedure, proc_code, on_moj, on_dvcqg):
    code = file_dossier(mock_portal, portal_name, procedure, proc_code)
    for origin, path, known in (("moj", MOJ_PATH, on_moj), ("dvcqg", DVCQG_PATH, on_dvcqg)):
        answer = Lookup(mock_portal, origin, path).ask(code)
        assert ("Không tìm thấy hồ sơ" not in answer.text) is known, (origin, code)


def test_a_missing_code_is_refused(mock_portal):
    answer = Lookup(mock_portal, "dvcqg", DVCQG_PATH).ask("")
    assert answer.status_code == 422 and "Vui lòng nhập mã hồ sơ" in answer.text


@pytest.mark.browser
def test_tracking_from_the_national_portal_menu(page: Page, mock_portal):
    code = file_dossier(mock_portal, "dvcqg", "dang-ky-lai-khai-sinh", "1.004884")
    page.goto(mock_portal.url("dvcqg", "/thu-tuc-hanh-chinh"))
    page.get_by_text("Thông tin và dịch vụ").click()
    page.get_by_role("link", name="Tra cứu hồ sơ").click()
    expect(page.get_by_role("heading", name="Tra cứu hồ sơ")).to_be_visible()
    look_up(page, mock_portal, code, captcha="00000")
    expect(page.get_by_text("Mã bảo mật không đúng")).to_be_visible()
    expect(page.get_by_label("Mã hồ sơ")).to_have_value(code)  # kept for the next try
    look_up(page, mock_portal, code)
    result = page.locator("dl.result")
    expect(result).to_contain_text("Đăng ký lại khai sinh")
    expect(result).to_contain_text("Mới đăng ký")
