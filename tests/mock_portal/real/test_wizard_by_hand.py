"""The other three procedures of flow A filed BY HAND in a real Chromium with plain Playwright
(never the agent) through today's national path: dvcqg procedure page → "Nộp trực tuyến" →
VNeID → the Ministry of Justice's wizard with the cross-origin e-form → wallet → "Gửi hồ sơ".
On each e-form the page kinds are those real-markup.md describes; the dossier then shows under
"Dịch vụ công của tôi" and the mock's record holds what was typed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .helpers import (
    DKL_KS_UUID,
    KET_HON_LAI_UUID,
    KET_HON_UUID,
    SPOUSES,
    assert_real_page_kinds,
    attach,
    confirm_general,
    deliver_and_send,
    eform,
    fill_dkl_ks,
    fill_ket_hon_lai_extra,
    fill_spouse,
    listed_in_my_services,
    open_wizard,
    owner_step,
    preview_and_continue,
)

pytestmark = pytest.mark.browser


def to_step_2(page: Page, portal, uuid: str) -> str:
    """From the procedure page to the e-form; returns the wizard's one URL."""
    open_wizard(page, portal, uuid=uuid)
    url = page.url
    confirm_general(page)
    owner_step(page)
    return url


def record(portal, code: str) -> tuple[dict, dict[tuple[str, str], dict], dict[str, dict]]:
    filed = portal.dossier(code)
    fields = {(f["section"], f["label"]): f for f in filed["fields"]}
    return filed, fields, {a["row"]: a for a in filed["attachments"]}


def test_birth_re_registration_by_hand(page: Page, mock_portal):
    wizard_url = to_step_2(page, mock_portal, DKL_KS_UUID)
    assert_real_page_kinds(page, mock_portal, date_slot="ngayDKTruocDay", select_slot="DanTocMeKS")
    form = eform(page)
    expect(form.locator('input[name="NgaySinhChon"]')).to_have_attribute("type", "text")  # one box here
    expect(form.locator("#NamSinhMeKS-year")).to_be_visible()  # x-date-text: three boxes, drawn late
    fill_dkl_ks(page)
    preview_and_continue(page, "Nguyễn Minh Khôi")
    attach(page, "Bản sao Giấy khai sinh cũ", "giay-khai-sinh-cu.pdf")
    code = deliver_and_send(page, "Nhận qua dịch vụ bưu chính công ích", "2")
    assert page.url == wizard_url  # four steps, one URL

    filed, fields, rows = record(mock_portal, code)
    assert (filed["procedure"], filed["path"]) == ("dang-ky-lai-khai-sinh", "national")
    assert filed["origins"] == ["dvcqg", "vneid", "moj", "eform"]
    section = "II. QUAN HỆ VỚI NGƯỜI ĐƯỢC KHAI SINH"
    assert fields[(section, "Quan hệ với người được khai sinh")]["code"] == "ChaDe"
    assert fields[(section, "Phường/Xã")]["value"] == "Phường Hai Bà Trưng"
    assert fields[(section, "Trường hợp khai sinh")]["code"] == "2"
    born = fields[("III. THÔNG TIN NGƯỜI MẸ", "Ngày, tháng, năm sinh")]
    assert (born["value"], born["raw"]) == ("02/09/1992", "1992-09-02")
    assert not any(s == "IV. THÔNG TIN NGƯỜI CHA" for s, _ in fields)  # left empty: nothing stored
    assert rows["Bản sao Giấy khai sinh cũ hoặc giấy tờ có thông tin khai sinh"]["filename"] == (
        "giay-khai-sinh-cu.pdf"
    )
    assert filed["delivery"]["method_code"] == "3"
    listed_in_my_services(page, code, "Đăng ký lại khai sinh")


def test_marriage_registration_by_hand(page: Page, mock_portal):
    to_step_2(page, mock_portal, KET_HON_UUID)
    assert_real_page_kinds(page, mock_portal, date_slot="NgaySinhBenNu", select_slot="QuocTichBenNam")
    fill_spouse(page, "Nu")
    fill_spouse(page, "Nam")
    preview_and_continue(page, SPOUSES["Nu"]["name"])
    attach(page, "Giấy tờ tùy thân của bên nữ", "cccd-le-minh-chau.pdf")
    attach(page, "Giấy tờ tùy thân của bên nam", "cccd-nguyen-van-an.pdf")
    code = deliver_and_send(page, "Nhận bản giấy có đóng dấu tại cơ quan giải quyết", "2")

    filed, fields, rows = record(mock_portal, code)
    assert (filed["procedure"], filed["procedure_code"]) == ("dang-ky-ket-hon", "1.000894")
    bride = fields[("I. THÔNG TIN BÊN NỮ", "Ngày, tháng, năm sinh")]
    assert (bride["value"], bride["raw"]) == ("07/07/1994", "1994-07-07")
    ward = fields[("I. THÔNG TIN BÊN NỮ", "Phường/Xã")]
    assert (ward["value"], ward["code"]) == ("Phường Cầu Giấy", "00233")
    assert fields[("II. THÔNG TIN BÊN NAM", "Họ, chữ đệm, tên")]["value"] == "Nguyễn Văn An"
    assert rows["Giấy tờ tùy thân của bên nữ"]["filename"] == "cccd-le-minh-chau.pdf"
    assert filed["delivery"] == {
        "method": "Nhận bản giấy có đóng dấu tại cơ quan giải quyết",
        "method_code": "1",
        "copies": 2,
    }
    listed_in_my_services(page, code, "Đăng ký kết hôn")


def test_marriage_re_registration_by_hand(page: Page, mock_portal):
    to_step_2(page, mock_portal, KET_HON_LAI_UUID)
    assert_real_page_kinds(
        page, mock_portal, date_slot="ngayDangKyTruocDay", select_slot="noiDangKyTruocDay_filter"
    )
    fill_spouse(page, "Nu")
    fill_spouse(page, "Nam")
    fill_ket_hon_lai_extra(page)
    preview_and_continue(page, "Ủy ban nhân dân phường Hàng Trống")
    attach(page, "Bản sao Giấy chứng nhận kết hôn cũ", "giay-chung-nhan-ket-hon-cu.pdf")
    attach(page, "Giấy tờ tùy thân của bên nữ", "cccd-le-minh-chau.pdf")
    attach(page, "Giấy tờ tùy thân của bên nam", "cccd-nguyen-van-an.pdf")
    code = deliver_and_send(page, "Nhận kết quả trực tuyến", "0")

    filed, fields, rows = record(mock_portal, code)
    assert (filed["procedure"], filed["procedure_code"]) == ("dang-ky-lai-ket-hon", "1.004746")
    earlier = "III. THÔNG TIN ĐĂNG KÝ KẾT HÔN TRƯỚC ĐÂY"
    assert fields[(earlier, "Tỉnh/Thành phố nơi đăng ký trước đây")]["code"] == "01"
    registered = fields[(earlier, "Ngày đăng ký")]
    assert (registered["value"], registered["raw"]) == ("18/06/2017", "2017-06-18")
    assert rows["Bản sao Giấy chứng nhận kết hôn cũ"]["filename"] == "giay-chung-nhan-ket-hon-cu.pdf"
    assert filed["delivery"]["method"] == "Nhận kết quả trực tuyến"
    listed_in_my_services(page, code, "Đăng ký lại kết hôn")
