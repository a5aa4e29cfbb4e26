"""File "Cấp Giấy xác nhận tình trạng hôn nhân" by hand through today's national path in a real
Chromium: dvcqg search → procedure page → agency → "Nộp trực tuyến" → VNeID → MoJ wizard with
the cross-origin e-form → wallet attachments → "Gửi hồ sơ"; then read the dossier back."""

from __future__ import annotations

import hashlib
import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import (
    PDF,
    TTHN_UUID,
    attach,
    confirm_general,
    fill_tthn,
    look_up,
    open_wizard,
    owner_step,
)

pytestmark = pytest.mark.browser


def test_marital_status_filed_by_hand_through_the_national_path(page: Page, mock_portal):
    page.goto(mock_portal.url("dvcqg", "/thu-tuc-hanh-chinh"))
    page.locator("#_r_1_").fill("xac nhan tinh trang hon nhan")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.locator("li.transition").get_by_role("link", name="Cấp Giấy xác nhận tình trạng hôn nhân").click()
    expect(page).to_have_url(re.compile(TTHN_UUID))

    open_wizard(page, mock_portal)
    wizard_url = page.url
    confirm_general(page)
    owner_step(page)
    fill_tthn(page)
    page.locator("#xem-truoc-to-khai").click()
    preview = page.get_by_role("dialog", name="Xem tờ khai điện tử")
    expect(preview).to_contain_text("Bổ sung giấy tờ mua bán đất")
    preview.get_by_role("button", name="Xác nhận").click()
    page.locator("#kt_buoc-tiep-theo").click()
    expect(page.get_by_role("heading", name="Thành phần hồ sơ")).to_be_visible()
    expect(page.locator('tr[data-row="to_khai"]')).to_contain_text("Tờ khai.pdf")
    attach(page, "Bản sao giấy tờ tùy thân", "cccd.pdf")
    page.locator("#kt_buoc-tiep-theo").click()
    expect(page.get_by_role("heading", name="Thông tin nhận kết quả")).to_be_visible()
    page.get_by_label("Số lượng bản sao trích lục").fill("1")
    page.locator("#kt_gui-ho-so").click()
    expect(page.get_by_role("heading", name="Gửi hồ sơ thành công")).to_be_visible()
    assert page.url == wizard_url  # four steps, one URL
    code = page.locator(".dossier-code").inner_text()
    assert re.fullmatch(r"H26\.BTP-\d{6}-\d{4}", code)

    dossier = mock_portal.dossier(code)
    assert dossier["procedure"] == "xac-nhan-tinh-trang-hon-nhan"
    assert dossier["procedure_code"] == "1.004873"
    assert dossier["path"] == "national"
    assert dossier["origins"] == ["dvcqg", "vneid", "moj", "eform"]
    assert dossier["account"] == "001090012345"
    values = {(f["section"], f["label"]): f for f in dossier["fields"]}
    assert values[("Thông tin chủ hồ sơ", "Ngày cấp")]["value"] == "10/05/2021"
    assert (
        values[("Thông tin chủ hồ sơ", "Nơi cấp")]["value"]
        == "Cục cảnh sát quản lý hành chính về trật tự xã hội"
    )
    province = values[("I. THÔNG TIN NGƯỜI YÊU CẦU", "Tỉnh/Thành phố")]
    assert (province["value"], province["code"]) == ("Thành phố Hà Nội", "01")
    ward = values[("I. THÔNG TIN NGƯỜI YÊU CẦU", "Phường/Xã")]
    assert (ward["value"], ward["code"]) == ("Phường Ba Đình", "00324")
    born = values[("II. THÔNG TIN NGƯỜI ĐƯỢC CẤP GIẤY XÁC NHẬN", "Ngày, tháng, năm sinh")]
    assert (born["value"], born["raw"]) == ("15/03/1990", "1990-03-15")
    status = values[("III. TÌNH TRẠNG HÔN NHÂN", "Tình trạng hôn nhân")]
    assert (status["value"], status["code"]) == ("Hiện tại chưa đăng ký kết hôn với ai", "1")
    assert ("III. TÌNH TRẠNG HÔN NHÂN", "Họ, chữ đệm, tên vợ/chồng") not in values  # hidden block
    rows = {a["row"]: a for a in dossier["attachments"]}
    uploaded = rows["Bản sao giấy tờ tùy thân (Căn cước công dân/Thẻ căn cước/Hộ chiếu)"]
    assert uploaded["filename"] == "cccd.pdf"
    assert uploaded["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert rows["Mẫu hộ tịch điện tử tương tác (Tờ khai)"]["filename"] == "Tờ khai.pdf"
    assert dossier["delivery"]["copies"] == 1
    status_page = page.context.new_page()  # the Ministry's own lookup
    status_page.goto(mock_portal.url("moj", "/tra-cuu-tinh-trang-ho-so"))
    look_up(status_page, mock_portal, code)
    expect(status_page.locator("dl.result")).to_contain_text("Mới đăng ký")
    status_page.close()
    page.get_by_role("link", name="Hồ sơ của tôi").click()  # back on dvcqg, still signed in
    expect(page.get_by_role("heading", name="Dịch vụ công của tôi")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(re.escape(code)))).to_contain_text(
        "Cấp Giấy xác nhận tình trạng hôn nhân"
    )
