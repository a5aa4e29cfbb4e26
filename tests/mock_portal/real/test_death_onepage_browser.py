"""Đăng ký khai tử by hand on the one-page dvcqg form (flow B) in a real Chromium: the deceased's
name + ID + birth date look the person up and lock what the database knows, hour and minute are
separate, per-row "Tải lên file" buttons share one file input (2 MB toast), the `.cc-select`
result picker, refusals as toasts that go away, then "Dịch vụ công của tôi" lists the dossier."""

from __future__ import annotations

import hashlib
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .helpers import PDF, pick_agency, vneid_by_hand

pytestmark = pytest.mark.browser
DEATH_UUID = "019d2bfd-3fac-7489-b53b-9c6c958f2da4"


def question(page: Page, name: str) -> Locator:
    """SurveyJS questions are found by their live name; the `__<n>` suffix varies."""
    return page.locator(f'.sd-root-modern:not([hidden]) .sd-question[data-name^="{name}__"]')


def text(page: Page, name: str, value: str) -> None:
    question(page, name).locator("input").fill(value)


def dropdown(page: Page, name: str, option: str) -> None:
    """Open, wait until the real list replaced the dummy `item1`, then pick."""
    box = question(page, name)
    box.locator(".sd-dropdown").click()
    box.locator(".sv-list__item").get_by_text(option, exact=True).click()
    expect(box.locator(".sd-dropdown__value .sv-string-viewer")).to_have_text(option)


def upload(page: Page, row: str, name: str, data: bytes) -> None:
    with page.expect_file_chooser() as chooser:
        page.locator(f'tr:has-text("{row}") button[title="Tải lên file"]').click()
    chooser.value.set_files({"name": name, "mimeType": "application/pdf", "buffer": data})


def open_form(page: Page, portal) -> None:
    page.goto(portal.url("dvcqg", f"/thu-tuc-hanh-chinh/{DEATH_UUID}"))
    pick_agency(page, "-- Chọn Tỉnh/ Thành phố --", "Thành phố Hà Nội")
    pick_agency(page, "-- Chọn Phường/ Xã --", "Phường Ba Đình")
    page.get_by_role("button", name="Đồng ý").click()
    page.locator(".agency-card", has_text="Phường Ba Đình").get_by_role(
        "button", name="Nộp trực tuyến"
    ).click()
    vneid_by_hand(page, portal)
    expect(page).to_have_url(re.compile(r"/nop-ho-so\?formalityId=" + DEATH_UUID))


def fill_everything(page: Page, registration_type: str) -> None:
    text(page, "citizenmoiquanhe", "Con")
    text(page, "citizenNDK_HoVaTen", "Nguyễn Văn Bảo")
    expect(question(page, "citizenNDK_HoVaTen").locator("input")).to_have_value("NGUYỄN VĂN BẢO")
    text(page, "citizenNDK_SoDinhDanh", "001038001234")
    text(page, "citizenNDK_NgaySinh", "1938")
    question(page, "citizenNDK_NgaySinh").locator("input").press("Tab")  # change → lookup
    sex = question(page, "citizenGioitinh_NgdcKT")
    expect(sex.locator(".sd-dropdown__value")).to_have_text("Nam")  # filled by the database…
    expect(sex.locator(".sd-dropdown")).to_have_class(re.compile("sd-input--readonly"))  # …and locked
    sex.locator(".sd-dropdown").click()
    expect(sex.locator(".sv-list__item")).to_have_count(0)
    expect(question(page, "citizenNDKXa_Thtru").locator(".sd-dropdown__value")).to_have_text("Phường Đống Đa")

    text(page, "citizenField56", "10/11/2026")
    text(page, "citizenGiomat", "8")
    text(page, "citizenPhutmat", "30")
    question(page, "citizenNoichet").get_by_text("Trong nước").click()
    old_ward = question(page, "citizenNoichet_Xa").locator(".sd-dropdown").element_handle()
    dropdown(page, "citizenNoichet_Tinh", "Thành phố Hà Nội")
    page.wait_for_function("el => !el.isConnected", arg=old_ward)  # the ward list is rebuilt
    dropdown(page, "citizenNoichet_Xa", "Phường Kim Liên")
    text(page, "citizenNoichet_TrongNuoc", "Bệnh viện Bạch Mai, 78 Giải Phóng")
    text(page, "citizenNguyennhanchet_NgdcKT", "Bệnh già")
    dropdown(page, "citizenNDKLoaidangky", registration_type)
    dropdown(page, "citizenLoaigiaybaotu", "Giấy báo tử")
    text(page, "citizenSogiaybaotu_NgdcKT", "01/UBND-GBT")
    text(page, "citizenNgaythangnamcapgiaybaotu", "11/11/2026")
    text(page, "citizenCoquancapgiaybaotucochuthichneukhongcothidetrong", "Bệnh viện Bạch Mai")
    text(page, "citizenSoluongbansaonguoiyeucaudenghi", "2")


def test_death_registered_by_hand_on_the_one_page_form(page: Page, mock_portal):
    open_form(page, mock_portal)
    expect(question(page, "citizenName").locator("input")).to_have_value("NGUYỄN VĂN AN")
    expect(question(page, "citizenName").locator("input")).to_have_attribute("readonly", "")
    expect(question(page, "citizenField27").locator("input")).to_have_value("Ủy ban nhân dân Phường Ba Đình")
    assert (
        page.locator(".sd-question").count()
        > page.locator(".sd-root-modern:not([hidden]) .sd-question").count()
    )
    assert page.locator("label[for]").count() == 0 and page.locator("[aria-busy]").count() == 0

    fill_everything(page, "Đăng ký quá hạn")

    page.get_by_role("button", name="Lưu và nộp hồ sơ").click()  # no death notice yet
    toast = page.locator(".Toastify__toast", has_text="Vui lòng đính kèm tệp")
    expect(toast).to_be_visible()
    expect(toast).to_have_count(0, timeout=8000)  # toasts dismiss themselves

    upload(page, "Giấy báo tử hoặc giấy tờ thay Giấy báo tử", "big.pdf", PDF + b"0" * (2 * 1024 * 1024))
    expect(page.locator(".Toastify__toast", has_text="Vui lòng chọn tệp nhỏ hơn 2MB!")).to_be_visible()
    assert page.locator("input[type=file]").count() == 1
    upload(page, "Giấy báo tử hoặc giấy tờ thay Giấy báo tử", "giay-bao-tu.pdf", PDF)
    expect(page.locator('tr[data-row="giay_bao_tu"] td.files')).to_have_text("giay-bao-tu.pdf")

    expect(page.locator(".result-method .cc-select-selected-label")).to_have_attribute(
        "title", "Trả kết quả tại bộ phận tiếp nhận và trả kết quả"
    )
    page.locator(".result-method .cc-select-selector").click()
    page.locator(".cc-select-item", has_text="Trả kết quả qua đường bưu điện").click()
    expect(page.get_by_text("THÔNG TIN NHẬN KẾT QUẢ")).to_be_visible()
    page.locator(".result-method .cc-select-selector").click()
    page.locator(".cc-select-item", has_text="Trả kết quả tại bộ phận tiếp nhận và trả kết quả").click()

    page.get_by_role("button", name="Lưu và nộp hồ sơ").click()
    expect(page.get_by_role("heading", name="Nộp hồ sơ thành công")).to_be_visible()
    code = page.locator(".dossier-code").inner_text()
    dossier = mock_portal.dossier(code)
    assert (dossier["procedure"], dossier["path"], dossier["origins"]) == (
        "dang-ky-khai-tu",
        "national",
        ["dvcqg", "vneid"],
    )
    values = {f["name"]: f for f in dossier["fields"]}
    assert (values["citizenGioitinh_NgdcKT"]["value"], values["citizenGioitinh_NgdcKT"]["code"]) == (
        "Nam",
        "1",
    )
    assert values["citizenNDKTinh_Thtru"]["value"] == "Thành phố Hà Nội"
    assert (values["citizenGiomat"]["value"], values["citizenPhutmat"]["value"]) == ("8", "30")
    assert values["citizenNDK_HoVaTen"]["value"] == "NGUYỄN VĂN BẢO"
    assert dossier["attachments"][0]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert dossier["delivery"]["copies"] == 2

    page.get_by_role("link", name="Dịch vụ công của tôi").click()
    expect(page.get_by_role("cell", name=code)).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(re.escape(code)))).to_contain_text("Đăng ký khai tử")


def test_on_time_type_is_refused_for_a_late_registration(page: Page, mock_portal):
    """The Hanoi rule (≤ 15 days after death for "Đăng ký đúng hạn") refuses here too, as a toast."""
    open_form(page, mock_portal)
    fill_everything(page, "Đăng ký đúng hạn")
    upload(page, "Giấy báo tử hoặc giấy tờ thay Giấy báo tử", "giay-bao-tu.pdf", PDF)
    expect(page.locator('tr[data-row="giay_bao_tu"] td.files')).to_have_text("giay-bao-tu.pdf")
    page.get_by_role("button", name="Lưu và nộp hồ sơ").click()
    expect(page.locator(".Toastify__toast")).to_have_text(
        "Loại đăng ký: Đã quá thời hạn 15 ngày kể từ ngày chết, không thể chọn Đăng ký đúng hạn"
    )
    assert mock_portal.dossiers(procedure="dang-ky-khai-tu") == []
