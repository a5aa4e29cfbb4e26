"""Signing in through VNeID by hand in a browser: password on the sign-in page, then its three
modal dialogs (OTP, consent, passcode), each found by its title as a person reads it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .helpers import CITIZEN_A


def vneid_sign_in(page: Page, portal, who: dict = CITIZEN_A) -> None:
    """On the VNeID sign-in page: password, OTP from the SMS inbox, consent, passcode."""
    page.get_by_label("Số định danh cá nhân").fill(who["personal_id"])
    page.get_by_label("Mật khẩu").fill(who["password"])
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    otp = page.get_by_role("dialog", name="Nhập mã xác nhận")
    expect(otp).to_be_visible()  # the dialog comes with the server's answer, after the SMS is sent
    otp.get_by_label("Mã xác nhận (OTP)").fill(portal.latest_otp(who["phone"]))
    otp.get_by_role("button", name="Xác nhận", exact=True).click()
    consent = page.get_by_role("dialog", name="Xác nhận chia sẻ thông tin")
    consent.get_by_label("Tôi đã đọc và hiểu rõ nội dung mục đích", exact=False).check()
    consent.get_by_role("button", name="Xác nhận chia sẻ").click()
    passcode = page.get_by_role("dialog", name="Nhập passcode")
    passcode.get_by_label("Passcode").fill(who["passcode"])
    passcode.get_by_role("button", name="Xác nhận", exact=True).click()
