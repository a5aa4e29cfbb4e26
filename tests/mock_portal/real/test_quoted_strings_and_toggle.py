"""Every string real-markup.md quotes from the live portals for these pages is on the mock's
page (as rendered in Chromium, dialogs included), and the "Phường/Xã | Sở" toggle of the agency
picker works as the reference describes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .helpers import TTHN_UUID, confirm_general, open_wizard, pick_agency
from .test_death_onepage_browser import open_form

pytestmark = pytest.mark.browser

#: real-markup.md §3, §9 (the procedure page before any choice; menus of the header).
PROCEDURE_PAGE = (
    "Chọn cơ quan thực hiện",
    "Danh sách dịch vụ công",
    "-- Chọn Tỉnh/ Thành phố --",
    "-- Chọn Phường/ Xã --",
    "Đồng ý",
    "Phường/Xã",
    "Sở",
    "Đăng nhập",
    "Thông tin và dịch vụ",
    "Tra cứu hồ sơ",
)
#: §4, §8 (the wizard with its dialogs, before the first step is sent).
WIZARD = (
    "Thông tin chung",
    "Cấp thực hiện",
    "Tỉnh thành",
    "Thủ tục hành chính",
    "Cơ quan thực hiện",
    "Đơn vị tiếp nhận",
    "Đối tượng thực hiện",
    "Thông tin chủ hồ sơ",
    "Thông tin định danh",
    "Họ và tên",
    "Số giấy tờ",
    "Ngày tháng năm sinh",
    "Giới tính",
    "Quốc tịch",
    "Loại giấy tờ",
    "Địa chỉ chi tiết",
    "Ngày cấp",
    "Nơi cấp",
    "Số điện thoại",
    "Thông tin ủy quyền cá nhân",
    "Bước tiếp theo",
    "Lưu dữ liệu vào hồ sơ cá nhân",
    "Kê khai thông tin",
    "Xem tờ khai điện tử",
    "Ký số",
    "Xác nhận",
    "Thành phần hồ sơ",
    "Bắt buộc",
    "Chọn tệp đính kèm",
    "Thêm thành phần hồ sơ",
    "Thông tin nhận kết quả",
    "Danh sách tài liệu điện tử",
    "Tải lên từ thiết bị",
    "Tạo tệp đính kèm từ nhiều hình ảnh",
    "Tên tài liệu",
    "Ký số cá nhân",
    "Thêm vào ví & Chọn",
    "Gửi hồ sơ thành công",
    "Mã hồ sơ",
    "Hồ sơ của tôi",
)
#: §4 "Đối tượng thực hiện" options: only while the list is open.
FILING_FOR = (
    "Làm thủ tục cho bản thân",
    "Người khác ủy quyền",
    "Doanh nghiệp ủy quyền",
    "Làm thủ tục cho người khác",
    "Đại diện cơ quan, tổ chức",
)
#: §4 "Nơi cấp" options: only in the open menu.
ISSUERS = (
    "Cục cảnh sát đăng ký quản lý cư trú và dữ liệu quốc gia về dân cư",
    "Cục cảnh sát quản lý hành chính về trật tự xã hội",
    "Bộ công an",
    "Cục quản lý xuất nhập cảnh",
)
#: §5, §8 (the one-page death form, result picker switched to post).
DEATH_PAGE = (
    "Hình thức nhận kết quả",
    "Lưu hồ sơ",
    "Lưu và nộp hồ sơ",
    "Gửi Phản ánh kiến nghị",
    "Trả kết quả qua đường bưu điện",
    "THÔNG TIN NHẬN KẾT QUẢ",
    "Thanh toán lệ phí",
    "Giấy báo tử hoặc giấy tờ thay Giấy báo tử",
    "Văn bản ủy quyền (được chứng thực) theo quy định",
    "Giấy tờ, tài liệu, chứng cứ do cơ quan, tổ chức có thẩm quyền",
    "Trường hợp không xác định được nơi cư trú cuối cùng",
    "Thông tin cá nhân",
    "Dịch vụ công của tôi",
    "Đăng xuất",
)
#: §9 the public look-up.
LOOKUP = ("Tra cứu hồ sơ", "Mã hồ sơ", "Mã bảo mật")


def missing(page: Page, strings: tuple[str, ...]) -> list[str]:
    content = page.evaluate(
        "() => document.documentElement.textContent + ' ' + "
        "[...document.querySelectorAll('[placeholder],[title],[alt]')]"
        ".map(e => e.getAttribute('placeholder') || e.title || e.alt).join(' ')"
    )
    return [s for s in strings if s not in content]


def test_procedure_page_and_lookup_carry_the_quoted_strings(page: Page, mock_portal):
    page.goto(mock_portal.url("dvcqg", f"/thu-tuc-hanh-chinh/{TTHN_UUID}"))
    assert missing(page, PROCEDURE_PAGE) == []
    page.goto(mock_portal.url("dvcqg", "/p/home/dvc-tra-cuu-ho-so.html"))
    assert missing(page, LOOKUP) == []


def test_wizard_carries_the_quoted_strings(page: Page, mock_portal):
    open_wizard(page, mock_portal)
    assert missing(page, WIZARD) == []
    who = page.get_by_role("dialog", name="Thông tin chung").get_by_role("combobox")
    who.click()
    assert missing(page, FILING_FOR) == []
    who.click()  # closed again
    confirm_general(page)
    page.locator("[class*=indicatorContainer]").dispatch_event("mousedown")
    assert missing(page, ISSUERS) == []


def test_death_page_carries_the_quoted_strings(page: Page, mock_portal):
    open_form(page, mock_portal)
    page.locator(".result-method .cc-select-selector").click()
    page.locator(".cc-select-item", has_text="Trả kết quả qua đường bưu điện").click()
    assert missing(page, DEATH_PAGE) == []


def test_agency_toggle_chooses_the_department_by_province_alone(page: Page, mock_portal):
    page.goto(mock_portal.url("dvcqg", f"/thu-tuc-hanh-chinh/{TTHN_UUID}"))
    page.get_by_role("button", name="Sở", exact=True).click()
    expect(page.get_by_role("button", name="-- Chọn Phường/ Xã --")).to_be_hidden()
    pick_agency(page, "-- Chọn Tỉnh/ Thành phố --", "Thành phố Hà Nội")
    page.get_by_role("button", name="Đồng ý").click()
    cards = page.locator(".agency-card")
    expect(cards).to_have_count(1)
    expect(cards).to_contain_text("Sở Tư pháp Thành phố Hà Nội")
    cards.get_by_role("button", name="Nộp trực tuyến").click()
    expect(page.locator(".Toastify__toast")).to_contain_text("không tiếp nhận")
    page.get_by_role("button", name="Phường/Xã", exact=True).click()  # back to the ward side
    expect(page.get_by_role("button", name="Đồng ý")).to_be_disabled()  # a ward is needed again
    pick_agency(page, "-- Chọn Phường/ Xã --", "Phường Ba Đình")
    page.get_by_role("button", name="Đồng ý").click()
    expect(cards).to_have_count(2)
