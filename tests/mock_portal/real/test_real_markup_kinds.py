"""The widget kinds really are what real-markup.md says the live portals use: a cross-origin
e-form with unbound numbered labels and sections by heading only, three-box dates, exclusive
checkboxes, div dropdowns whose options exist only while open and carry no role, a masked date
that keeps key presses only, no `aria-busy` readiness flag, and refusals from the legacy rules."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Page, expect

from .helpers import (
    CITIZEN_A,
    confirm_general,
    eform,
    eform_frame,
    open_wizard,
    owner_step,
    pick_agency,
    slot_date,
    slot_pick,
    slot_text,
    slot_tick,
    vneid_by_hand,
)

pytestmark = pytest.mark.browser
KET_HON_UUID = "019d2bfd-3fac-7489-b53b-a15eb239a6fe"
DKL_KS_UUID = "019d2bfd-6eac-7598-b88b-15f8a61b366a"


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def at_eform(page: Page, portal, uuid: str | None = None) -> None:
    open_wizard(page, portal, **({"uuid": uuid} if uuid else {}))
    confirm_general(page)
    owner_step(page)


def test_signed_out_filing_goes_to_vneid_then_to_the_ministry_wizard(page: Page, mock_portal):
    page.goto(mock_portal.url("dvcqg", "/thu-tuc-hanh-chinh/" + KET_HON_UUID))
    expect(page.get_by_role("button", name="Đồng ý")).to_be_disabled()  # no agency yet
    with page.expect_request(re.compile(re.escape(mock_portal.url("vneid", "/auth?")))):
        open_wizard(page, mock_portal, uuid=KET_HON_UUID)
    assert origin(page.url) == mock_portal.urls["moj"]
    assert re.fullmatch(r"/nop-ho-so/\d+", urlsplit(page.url).path)
    page.goto(mock_portal.url("dvcqg", "/thu-tuc-hanh-chinh/" + KET_HON_UUID))
    expect(page.get_by_role("button", name="Nộp hồ sơ")).to_be_visible()  # signed in now


def test_entering_the_ministry_system_asks_consent_and_passcode_again(page: Page, mock_portal):
    page.goto(mock_portal.url("dvcqg", "/thu-tuc-hanh-chinh/" + KET_HON_UUID))
    pick_agency(page, "-- Chọn Tỉnh/ Thành phố --", "Thành phố Hà Nội")
    pick_agency(page, "-- Chọn Phường/ Xã --", "Phường Ba Đình")
    page.get_by_role("button", name="Đồng ý").click()
    page.locator(".agency-card", has_text="Phường Ba Đình").get_by_role(
        "button", name="Nộp trực tuyến"
    ).click()
    vneid_by_hand(page, mock_portal)
    consent = page.get_by_role("dialog", name="Xác nhận chia sẻ thông tin")
    expect(consent).to_contain_text("Hệ thống giải quyết thủ tục hành chính Bộ Tư pháp")
    assert origin(page.url) == mock_portal.urls["vneid"]
    page.goto(mock_portal.url("vneid", "/xac-nhan-he-thong/passcode"))  # no skipping ahead
    expect(consent).to_be_visible()
    consent.get_by_role("button", name="Xác nhận chia sẻ").click()  # not ticked: refused
    expect(consent).to_contain_text("Bạn cần đồng ý chia sẻ thông tin trước khi xác nhận.")
    consent.get_by_label("Tôi đã đọc và hiểu rõ nội dung mục đích", exact=False).check()
    consent.get_by_role("button", name="Xác nhận chia sẻ").click()
    passcode = page.get_by_role("dialog", name="Nhập passcode")
    passcode.locator("input[inputmode=numeric]").fill("000000")
    passcode.get_by_role("button", name="Xác nhận").click()
    expect(passcode).to_contain_text("Passcode không đúng. Bạn còn 4 lần thử.")
    moj_passcode = CITIZEN_A["passcode"]
    passcode.locator("input[inputmode=numeric]").fill(moj_passcode)
    passcode.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("dialog", name="Thông tin chung")).to_be_visible()
    assert origin(page.url) == mock_portal.urls["moj"]


def test_eform_is_cross_origin_with_unbound_numbered_labels_and_heading_sections(page: Page, mock_portal):
    at_eform(page, mock_portal)
    form = eform(page)
    expect(form.locator('input[name="HoVaTenC"]')).to_be_visible()
    frame = eform_frame(page)
    assert origin(frame.url) == mock_portal.urls["eform"] != origin(page.url) == mock_portal.urls["moj"]
    assert page.evaluate("""() => {
        try { return document.querySelector('iframe.eform-frame').contentDocument === null; }
        catch (e) { return true; } }""")  # the wizard cannot reach in
    expect(form.get_by_text("(1) Họ, chữ đệm, tên:")).to_be_visible()
    expect(form.get_by_text("I. THÔNG TIN NGƯỜI YÊU CẦU", exact=True)).to_be_visible()
    assert frame.locator("fieldset, legend, [role=group]").count() == 0
    typed = frame.evaluate("""() => [...document.querySelectorAll('input[type=text]')]
        .map(i => i.labels.length)""")
    assert typed and all(n == 0 for n in typed), "an e-form text input has a bound label"
    assert form.get_by_label("Họ, chữ đệm, tên").count() == 0


def test_eform_dates_are_three_boxes_feeding_a_hidden_input(page: Page, mock_portal):
    at_eform(page, mock_portal)
    form = eform(page)
    boxes = [form.locator(f"#NgaySinhC-{part}") for part in ("day", "month", "year")]
    hidden = form.locator("#NgaySinhC-name-date-input")
    for box, prefilled in zip(boxes, ("15", "03", "1990"), strict=True):  # VNeID prefill
        expect(box).to_have_value(prefilled)
    expect(hidden).to_have_attribute("type", "hidden")
    expect(hidden).to_have_value("1990-03-15")
    slot_date(form, "NgayCapDDC", "1/5/2021")
    expect(form.locator("#NgayCapDDC-name-date-input")).to_have_value("2021-05-01")
    form.locator("#NgayCapDDC-month").fill("")
    expect(form.locator("#NgayCapDDC-name-date-input")).to_have_value("")


def test_eform_radios_are_exclusive_checkboxes(page: Page, mock_portal):
    at_eform(page, mock_portal)
    form = eform(page)
    inside = form.locator("#nycNoiCuTru-1")
    expect(inside).to_have_attribute("type", "checkbox")
    slot_tick(form, "nycNoiCuTru", "1")
    expect(form.locator("#custom-select-TT_TinhThanhC")).to_be_visible()  # its block opens
    slot_tick(form, "nycNoiCuTru", "2")
    expect(inside).not_to_be_checked()
    expect(form.locator("#custom-select-TT_TinhThanhC")).to_have_count(0)  # and is torn down


def test_div_dropdown_options_exist_only_while_open_and_have_no_role(page: Page, mock_portal):
    at_eform(page, mock_portal)
    form = eform(page)
    root = form.locator("#custom-select-DanTocC1")
    options = root.locator(".input-field-select-options > div")
    expect(root.locator(".input-field-select")).to_have_text("-- Chọn --")
    assert options.count() == 0
    root.locator(".input-field-select").click()
    expect(options.first).to_be_visible()
    assert options.count() == 56
    assert root.locator("[role]").count() == 0
    assert form.get_by_role("option").count() == 0 and form.get_by_role("listbox").count() == 0
    root.get_by_placeholder("Tìm kiếm...").fill("khong co dan toc nay")
    expect(root.get_by_text("Không tìm thấy")).to_be_visible()
    root.get_by_placeholder("Tìm kiếm...").fill("Tày")
    options.get_by_text("Tày", exact=True).dispatch_event("mousedown")  # mousedown commits
    expect(root.locator(".input-field-select")).to_have_text("Tày")
    expect(options).to_have_count(0)
    expect(root.locator('input[type=hidden][name="DanTocC1"]')).to_have_value("02")


def test_late_year_only_dates_and_preselected_default_selects(page: Page, mock_portal):
    at_eform(page, mock_portal, uuid=DKL_KS_UUID)
    form = eform(page)
    default = form.locator("#custom-select-default-nksLoaiKhaiSinh")
    expect(default.locator(".input-field-select")).to_have_text("Đã xác định được cả cha lẫn mẹ")
    expect(default.locator('input[type=hidden][name="nksLoaiKhaiSinh"]')).to_have_value("1")
    default.locator(".input-field-select").click()
    expect(default.locator(".input-field-select-options > div[tabindex]")).to_have_count(4)
    assert default.locator("[role]").count() == 0
    default.locator(".input-field-select-options > div").get_by_text("Chưa xác định được cha").dispatch_event(
        "mousedown"
    )
    expect(default.locator('input[type=hidden][name="nksLoaiKhaiSinh"]')).to_have_value("2")
    form.locator("#NamSinhChaKS-year").fill("1960")  # rendered late: the locator waits for it
    expect(form.locator("#NamSinhChaKS-name-date-input")).to_have_value("1960")
    expect(form.locator('input[name="NgaySinhChon"]')).to_be_visible()  # one plain text box


def test_hydration_fault_slows_the_eform_behind_a_spinner(page: Page, mock_portal):
    mock_portal.set_faults("hydration=3000")
    open_wizard(page, mock_portal)
    form = eform(page)
    expect(form.locator(".loading-spinner")).to_be_attached()  # no readiness flag, just a spinner
    assert eform_frame(page).locator("[aria-busy]").count() == 0
    expect(form.locator('input[name="HoVaTenC"]')).to_be_attached(timeout=10000)
    expect(form.locator(".loading-spinner")).to_have_count(0)
    assert mock_portal.faults()["fired"]["hydration"] >= 1


def test_filing_on_authorisation_asks_for_the_authoriser(page: Page, mock_portal):
    open_wizard(page, mock_portal)
    confirm_general(page, "Người khác ủy quyền")
    block = page.locator(".authorisation")
    expect(block.get_by_role("heading", name="Thông tin ủy quyền cá nhân")).to_be_visible()
    for name in ("hoTen", "relationship", "number"):
        expect(block.locator(f"input[name={name}]")).to_have_attribute("data-e2e", f"other-{name}-field")
    page.locator("input[name=ngayCap]").press_sequentially("10052021")
    page.locator("[class*=indicatorContainer]").dispatch_event("mousedown")
    page.locator("[id^=react-select-][id*=-option-]", has_text="Bộ công an").dispatch_event("mousedown")
    page.locator("input[name=diaChiThuongTru]").fill("Số 12 phố Đội Cấn")
    page.locator("#kt_buoc-tiep-theo-cho-ban-than").click()
    expect(page.locator(".Toastify__toast").first).to_have_text("Họ tên người ủy quyền: Không được để trống")
    page.get_by_label("Họ tên người ủy quyền").fill("Trần Thị Bình")
    page.get_by_label("Ngày tháng năm sinh").fill("20/08/1995")
    page.get_by_label("Quan hệ với người được ủy quyền").fill("Vợ")
    page.get_by_label("Số giấy tờ").fill("001195054321")
    page.locator("#kt_buoc-tiep-theo-cho-ban-than").click()
    expect(page.get_by_role("dialog", name="Lưu dữ liệu vào hồ sơ cá nhân")).to_be_visible()


def test_masked_issue_date_keeps_key_presses_only(page: Page, mock_portal):
    open_wizard(page, mock_portal)
    confirm_general(page)
    date = page.locator("input[name=ngayCap]")
    date.fill("10/05/2021")  # a programmatic value does not stick
    expect(date).to_have_value("")
    date.press_sequentially("10052021")
    expect(date).to_have_value("10/05/2021")


def test_no_readiness_flag_and_every_step_button_is_btn_next(page: Page, mock_portal):
    page.goto(mock_portal.url("dvcqg", "/thu-tuc-hanh-chinh?keyword=ket+hon"))
    assert page.locator("[aria-busy]").count() == 0
    open_wizard(page, mock_portal)
    assert page.locator("[aria-busy]").count() == 0
    confirm_general(page)
    expect(page.locator("#kt_buoc-tiep-theo-cho-ban-than")).to_have_attribute("data-e2e", "btn-next")
    owner_step(page)
    expect(eform(page).locator('input[name="HoVaTenC"]')).to_be_visible()
    assert eform_frame(page).locator("[aria-busy]").count() == 0
    for button in page.locator(".wizard-footer button[id^=kt_]").all():
        expect(button).to_have_attribute("data-e2e", "btn-next")
    expect(page.locator("#kt_buoc-tiep-theo")).to_have_attribute("data-e2e", "btn-next")
    assert page.locator("[aria-busy]").count() == 0


def test_eform_refusals_follow_the_legacy_rules(page: Page, mock_portal):
    at_eform(page, mock_portal, uuid=KET_HON_UUID)
    form = eform(page)
    slot_text(form, "HoTenBenNu", "Trần Thị Bình")
    slot_date(form, "NgaySinhBenNu", "20/08/2015")
    slot_text(form, "SoDinhDanh_BenNu", "00119505432")
    slot_pick(form, "LoaiGiayToDinhDanh_BenNu", "Hộ chiếu")
    slot_text(form, "SoGiayToDinhDanh_BenNu", "123")
    page.locator("#kt_buoc-tiep-theo").click()
    expect(page.locator(".Toastify__toast").first).to_contain_text("Tờ khai chưa hợp lệ")
    expect(form.get_by_text("Bên nữ chưa đủ 18 tuổi, chưa đủ điều kiện đăng ký kết hôn")).to_be_visible()
    expect(form.get_by_text("Số định danh cá nhân phải gồm đúng 12 chữ số")).to_be_visible()
    expect(
        form.get_by_text("Số hộ chiếu không hợp lệ (một chữ cái và 7 chữ số, ví dụ C1234567)")
    ).to_be_visible()
    expect(form.get_by_text("Không được để trống").first).to_be_visible()
    expect(page.get_by_role("heading", name="Kê khai thông tin")).to_be_visible()  # still on step 2
    expect(page.locator(".Toastify__toast")).to_have_count(0, timeout=8000)  # toasts go away


def test_eform_api_answers_browsers_only(mock_portal):
    url = mock_portal.url("eform", "/api/eform-service/eform/find-by-id/6b1f2089-0c4e-4a4e-9d7e-2089c0a80001")
    assert httpx.get(url, headers={"user-agent": "python-httpx"}).status_code == 500
    form = httpx.get(url, headers={"user-agent": "Mozilla/5.0"}).json()
    assert 'type="x-date" name="NgaySinhC"' in form["html"] and "<label" not in form["html"]
