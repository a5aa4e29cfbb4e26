"""The real-markup faults in a real Chromium: a section that re-renders after a change and wipes
what was typed, an e-form frame that loads late behind a spinner, a wallet upload that fails
once, and drift that swaps widget implementations without changing a visible word."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Route, expect

from .helpers import (
    TTHN_UUID,
    attach,
    confirm_general,
    eform,
    fill_tthn,
    open_wizard,
    owner_step,
    pick_agency,
    slot_pick,
    slot_pick_parent,
    slot_tick,
)
from .test_death_onepage_browser import open_form, question, text

pytestmark = pytest.mark.browser
DKL_KS_UUID = "019d2bfd-6eac-7598-b88b-15f8a61b366a"


def test_rerender_wipes_a_dependent_section_until_it_is_filled_again(page: Page, mock_portal):
    open_wizard(page, mock_portal)
    mock_portal.set_faults("rerender=4000")  # from here on: the agency picker has its own test
    page.reload()
    confirm_general(page)
    owner_step(page)
    form = eform(page)
    address = form.locator('input[name="DiaChiC"]')
    slot_tick(form, "nycNoiCuTru", "1")  # shows the area block ...
    address.fill("Số 12 phố Đội Cấn")
    expect(address).to_have_value("", timeout=12000)  # ... which re-renders once, wiped
    address.fill("Số 12 phố Đội Cấn")  # typed again after the re-render: it stays
    slot_pick_parent(page, "TT_TinhThanhC", "Thành phố Hà Nội", "TT_PhuongXaC")
    slot_pick(form, "TT_PhuongXaC", "Phường Ba Đình")
    ward = form.locator("#custom-select-TT_PhuongXaC .input-field-select")
    expect(ward).to_have_text("-- Chọn --", timeout=12000)  # the ward list re-rendered: choice gone
    slot_pick(form, "TT_PhuongXaC", "Phường Ba Đình")  # chosen again: it stays
    expect(address).to_have_value("Số 12 phố Đội Cấn")
    assert mock_portal.faults()["fired"]["rerender"] >= 1


def test_late_eform_frame_shows_a_spinner_and_the_wizard_waits_for_it(page: Page, mock_portal):
    mock_portal.set_faults("iframe_slow=1000")
    held: list[Route] = []
    page.route(re.compile(r".*/e-form/.*"), lambda route: held.append(route))  # hold until step 2
    open_wizard(page, mock_portal)
    confirm_general(page)
    owner_step(page)
    step = page.locator('.step[data-step="2"]')
    expect(step.locator(".loading-spinner")).to_be_visible()  # a spinner, never a readiness flag
    assert page.locator("[aria-busy]").count() == 0
    page.locator("#xem-truoc-to-khai").click()
    expect(page.locator(".Toastify__toast")).to_contain_text("Tờ khai đang được tải")
    assert held, "the frame was never requested"
    with page.expect_response(re.compile(r".*/e-form/.*")) as late:
        held[0].continue_()
    timing = late.value.request.timing
    assert timing["responseStart"] - timing["requestStart"] >= 1000  # the fault's delay
    expect(eform(page).locator('input[name="HoVaTenC"]')).to_be_visible()
    expect(step.locator(".loading-spinner")).to_have_count(0)
    assert mock_portal.faults()["fired"]["iframe_slow"] == 1


def test_wallet_upload_fails_once_and_the_dialog_closes(page: Page, mock_portal):
    mock_portal.set_faults("wallet_flaky")
    open_wizard(page, mock_portal)
    confirm_general(page)
    owner_step(page)
    fill_tthn(page)
    page.locator("#kt_buoc-tiep-theo").click()
    expect(page.get_by_role("heading", name="Thành phần hồ sơ")).to_be_visible()
    row = page.locator("tbody tr", has=page.locator("p.text-justify", has_text="Bản sao giấy tờ tùy thân"))
    row.get_by_role("button", name="Chọn tệp đính kèm").click()
    wallet = page.get_by_role("dialog", name="Danh sách tài liệu điện tử")
    wallet.get_by_role("button", name="Tải lên từ thiết bị").click()
    wallet.locator("#upload-container input[type=file]").set_input_files(
        {"name": "cccd.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
    )
    expect(page.locator(".Toastify__toast")).to_contain_text("Upload thất bại (File Service)")
    expect(wallet).to_be_hidden()  # the live modal closes on a failed upload
    expect(row.locator("td").nth(2)).to_be_empty()
    attach(page, "Bản sao giấy tờ tùy thân", "cccd.pdf")  # the second try works
    assert mock_portal.faults()["fired"]["wallet_flaky"] == 1

    page.get_by_role("button", name="Thêm thành phần hồ sơ").click()  # a row of the citizen's own
    extra = page.locator("tbody tr").last
    extra.locator('input[maxlength="1000"]').fill("Giấy xác nhận cư trú")
    extra.get_by_role("button", name="Chọn tệp đính kèm").click()
    wallet.get_by_role("button", name="Tải lên từ thiết bị").click()
    wallet.locator("#upload-container input[type=file]").set_input_files(
        {"name": "cu-tru.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
    )
    wallet.get_by_role("button", name="Thêm vào ví & Chọn").click()
    expect(extra.locator("td").nth(2)).to_contain_text("cu-tru.pdf")
    page.locator("#kt_buoc-tiep-theo").click()
    page.locator("#kt_gui-ho-so").click()
    expect(page.get_by_role("heading", name="Gửi hồ sơ thành công")).to_be_visible()
    dossier = mock_portal.dossier(page.locator(".dossier-code").inner_text())
    rows = {a["row"]: a["filename"] for a in dossier["attachments"]}
    assert rows["Giấy xác nhận cư trú"] == "cu-tru.pdf"


def test_drift_swaps_widgets_but_keeps_every_visible_word(page: Page, mock_portal):
    def words() -> list[str]:  # the date boxes' "/" separators aside
        return sorted(w for w in page.locator(".wizard-page").inner_text().split() if w.strip("/"))

    open_wizard(page, mock_portal)
    confirm_general(page, "Người khác ủy quyền")
    plain = words()
    mock_portal.set_faults("drift=on", seed=3)
    page.reload()
    confirm_general(page, "Người khác ủy quyền")
    assert words() == plain
    expect(page.locator("input[name=soDienThoai]")).to_be_visible()
    assert page.get_by_label("Số điện thoại").count() == 0  # the label lost its `for`
    block = page.locator(".authorisation")
    assert block.locator("input[name=ngaySinh][type=text]").count() == 0  # three boxes instead
    block.locator("#ngaySinh-day").fill("2")
    block.locator("#ngaySinh-month").fill("9")
    block.locator("#ngaySinh-year").fill("1965")
    expect(block.locator("#ngaySinh-name-date-input")).to_have_value("1965-09-02")
    step4 = page.locator('.step[data-step="4"]')
    assert step4.locator("fieldset, legend").count() == 0  # the fieldset became a heading
    expect(step4.locator("h3")).to_have_text("Hình thức nhận kết quả")
    expect(step4.locator("input[value='1']")).to_be_checked()  # default kept whatever the order
    block.locator("input[name=hoTen]").fill("Nguyễn Thị Hoa")
    block.locator("input[name=relationship]").fill("Mẹ")
    block.locator("input[name=number]").fill("001165004321")
    owner_step(page)  # the server takes the three boxes' date as dd/mm/yyyy
    form = eform(page)
    expect(form.locator("#nycNoiCuTru-1")).to_be_attached()
    expect(form.locator("label[for]")).to_have_count(0)  # the e-form's checkbox labels too
    form.locator("#nycNoiCuTru-1 + label").click()  # still ticks its box
    expect(form.locator("#nycNoiCuTru-1")).to_be_checked()
    assert mock_portal.faults()["fired"]["drift"] >= 1


def test_rerender_on_the_one_page_death_form_wipes_the_shown_block_once(page: Page, mock_portal):
    open_form(page, mock_portal)
    mock_portal.set_faults("rerender=4000")
    page.reload()
    place = question(page, "citizenNoichet_TrongNuoc").locator("input")
    question(page, "citizenNoichet").get_by_text("Trong nước").click()  # shows the place block ...
    text(page, "citizenNoichet_TrongNuoc", "Bệnh viện Bạch Mai")
    expect(place).to_have_value("", timeout=12000)  # ... which re-renders once, wiped
    text(page, "citizenNoichet_TrongNuoc", "Bệnh viện Bạch Mai")
    expect(place).to_have_value("Bệnh viện Bạch Mai")
    assert mock_portal.faults()["fired"]["rerender"] >= 1


def test_rerender_on_the_agency_picker_drops_the_ward_once(page: Page, mock_portal):
    mock_portal.set_faults("rerender=4000")
    page.goto(mock_portal.url("dvcqg", f"/thu-tuc-hanh-chinh/{TTHN_UUID}"))
    pick_agency(page, "-- Chọn Tỉnh/ Thành phố --", "Thành phố Hà Nội")
    pick_agency(page, "-- Chọn Phường/ Xã --", "Phường Ba Đình")
    expect(page.get_by_role("button", name="-- Chọn Phường/ Xã --")).to_be_visible(timeout=12000)  # dropped
    expect(page.get_by_role("button", name="Đồng ý")).to_be_disabled()
    pick_agency(page, "-- Chọn Phường/ Xã --", "Phường Ba Đình")  # chosen again: it stays
    page.get_by_role("button", name="Đồng ý").click()
    expect(page.locator(".agency-card")).to_have_count(2)
    assert mock_portal.faults()["fired"]["rerender"] == 1


def test_drift_turns_a_one_box_eform_date_into_three_boxes(page: Page, mock_portal):
    open_wizard(page, mock_portal, uuid=DKL_KS_UUID)
    mock_portal.set_faults("drift=on", seed=5)
    page.reload()
    confirm_general(page)
    owner_step(page)
    form = eform(page)
    expect(form.locator("#NgaySinhChon-day")).to_be_visible()
    assert form.locator('input[type=text][name="NgaySinhChon"]').count() == 0
    form.locator("#NgaySinhChon-day").fill("2")
    form.locator("#NgaySinhChon-month").fill("9")
    form.locator("#NgaySinhChon-year").fill("2020")
    expect(form.locator('input[type=hidden][name="NgaySinhChon"]')).to_have_value("02/09/2020")  # same format
    slot = form.locator('p[data-slot="NgaySinhChon"]')
    expect(slot).to_contain_text("Ngày, tháng, năm sinh:")  # the label text unchanged
