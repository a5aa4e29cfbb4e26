"""In Chromium: sign in through the DVCQG page, then the province → commune combobox by label."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect


@pytest.mark.browser
def test_login_and_combobox_in_chromium(mock_portal, page, tmp_path):
    page.goto(mock_portal.url("hanoi", "/"))
    page.get_by_role("link", name="Đăng nhập").first.click()
    page.get_by_role("link", name="Chọn công dân đăng nhập").click()
    page.get_by_role("link", name="Đăng nhập bằng tài khoản Cổng Dịch vụ công quốc gia").click()
    page.get_by_label("Tên đăng nhập").fill("001090012345")
    page.get_by_label("Mật khẩu").fill("MatKhau@123")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()

    page.goto(mock_portal.url("hanoi", "/nop-ho-so/dang-ky-khai-tu"))
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.locator('main[aria-busy="false"]')).to_be_attached()
    owner = page.get_by_role("group", name="Thông tin chủ hồ sơ")
    expect(owner.get_by_label("Họ, chữ đệm, tên")).to_have_value("Nguyễn Văn An")
    province = owner.get_by_label("Tỉnh/Thành phố")
    province.fill("")
    province.type("Hà N")
    page.get_by_role("option", name="Hà Nội", exact=True).click()
    commune = owner.get_by_label("Phường/Xã")
    commune.type("Bạch M")
    page.get_by_role("option", name="Bạch Mai").click()
    expect(commune).to_have_value("Bạch Mai")
    page.screenshot(path=str(tmp_path / "wizard.png"), full_page=True)
