"""VNeID's sign-in in a real Chromium: OTP, consent and passcode are Ant Design modal dialogs on
the sign-in page itself (shared/reference/real-markup.md §2), never pages of their own; the page
has no readiness flag, and every string the reference quotes is on it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import CITIZEN_A, OTP_PURPOSE

pytestmark = pytest.mark.browser


def open_sign_in(page: Page, portal) -> None:
    page.goto(portal.url("lienthong", "/dang-nhap?next=%23%2Fho-so-cua-toi"))
    page.get_by_role("link", name="Tài khoản định danh điện tử (VNeID)").click()
    expect(page.get_by_role("heading", name="Đăng nhập tài khoản định danh điện tử")).to_be_visible()


def modal(page: Page, title: str):
    """The one open dialog: modal, Ant Design's, named by its title."""
    dialog = page.get_by_role("dialog", name=title, exact=True)
    expect(dialog).to_be_visible()
    expect(dialog).to_have_attribute("aria-modal", "true")
    expect(dialog.locator(".ant-modal-content")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(1)
    return dialog


def test_otp_consent_and_passcode_are_modals_on_the_sign_in_page(page: Page, mock_portal):
    open_sign_in(page, mock_portal)
    sign_in_url = page.url
    assert urlpath(sign_in_url) == "/dang-nhap"
    expect(
        page.get_by_role("tab", name="Quét mã QR").or_(page.get_by_role("link", name="Quét mã QR"))
    ).to_be_visible()
    assert page.locator("[aria-busy]").count() == 0  # no readiness flag on VNeID's pages
    page.evaluate("window.stayedOnThePage = true")  # gone if the browser loads another page
    page.get_by_label("Số định danh cá nhân").fill(CITIZEN_A["personal_id"])
    page.get_by_label("Mật khẩu").fill(CITIZEN_A["password"])
    page.get_by_role("button", name="Đăng nhập", exact=True).click()

    otp = modal(page, "Nhập mã xác nhận")
    expect(otp).to_contain_text("Mã xác nhận đăng nhập")
    expect(otp).to_contain_text("******5678")
    box = otp.get_by_label("Mã xác nhận (OTP)")
    expect(box).to_have_attribute("inputmode", "numeric")
    expect(box).to_have_attribute("autocomplete", "one-time-code")
    expect(page.locator("form#login")).to_be_attached()  # the sign-in form stays under the modal
    wrong = "000000" if mock_portal.latest_otp(CITIZEN_A["phone"], OTP_PURPOSE) != "000000" else "111111"
    box.fill(wrong)
    otp.get_by_role("button", name="Xác nhận", exact=True).click()
    expect(modal(page, "Nhập mã xác nhận")).to_contain_text("Mã xác nhận không đúng")
    page.get_by_role("dialog").get_by_label("Mã xác nhận (OTP)").fill(
        mock_portal.latest_otp(CITIZEN_A["phone"])
    )
    page.get_by_role("dialog").get_by_role("button", name="Xác nhận", exact=True).click()

    consent = modal(page, "Xác nhận chia sẻ thông tin")
    expect(consent).to_contain_text("Tôi đã đọc và hiểu rõ nội dung mục đích")
    expect(consent).to_contain_text("quyền, nghĩa vụ của chủ thể dữ liệu")
    expect(consent).to_contain_text(CITIZEN_A["full_name"])
    consent.get_by_role("checkbox").check()
    consent.get_by_role("button", name="Xác nhận chia sẻ").click()

    passcode = modal(page, "Nhập passcode")
    box = passcode.locator("input[type=number][inputmode=numeric][autocomplete=off]")
    expect(box).to_have_count(1)
    assert page.evaluate("window.stayedOnThePage === true") and page.url == sign_in_url
    box.fill(CITIZEN_A["passcode"])
    passcode.get_by_role("button", name="Xác nhận", exact=True).click()
    expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
    assert urlpath(page.url) == "/" and page.url.startswith(mock_portal.url("lienthong"))


def test_denied_consent_ends_in_a_dialog_leading_back_without_a_code(page: Page, mock_portal):
    open_sign_in(page, mock_portal)
    page.get_by_label("Số định danh cá nhân").fill(CITIZEN_A["personal_id"])
    page.get_by_label("Mật khẩu").fill(CITIZEN_A["password"])
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    otp = modal(page, "Nhập mã xác nhận")
    otp.get_by_label("Mã xác nhận (OTP)").fill(mock_portal.latest_otp(CITIZEN_A["phone"]))
    otp.get_by_role("button", name="Xác nhận", exact=True).click()
    modal(page, "Xác nhận chia sẻ thông tin").get_by_role("button", name="Từ chối").click()
    ended = modal(page, "Đã từ chối chia sẻ thông tin")
    back = ended.get_by_role("link", name="Quay lại trang dịch vụ")
    assert re.search(r"error=access_denied", back.get_attribute("href") or "")
    assert "code=" not in (back.get_attribute("href") or "")
    back.click()
    expect(page.get_by_role("alert", name="Lỗi")).to_contain_text("từ chối chia sẻ")


def urlpath(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url).split("?")[0].split("#")[0]
