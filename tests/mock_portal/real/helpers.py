"""Driving the real-markup national path by hand with plain Playwright (never the agent).

The e-form lives in a cross-origin iframe, so its widgets are reached through a FrameLocator;
they have no bound labels, so slots are found by their live `name`/id conventions.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Frame, FrameLocator, Page, expect

from ..national.vneid_by_hand import vneid_sign_in

CITIZEN_A = {
    "personal_id": "001090012345",
    "password": "MatKhau@123",
    "phone": "0912345678",
    "passcode": "123456",
    "full_name": "Nguyễn Văn An",
}
TTHN_UUID = "019d2bfd-6eb3-7019-bf3f-fc58c9ee44b9"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def vneid_by_hand(page: Page, portal, who: dict = CITIZEN_A) -> None:
    """On the VNeID login page: password, OTP from the SMS inbox, consent, passcode."""
    vneid_sign_in(page, portal, who)


def moj_consent_by_hand(page: Page, who: dict = CITIZEN_A) -> None:
    """Entering the Ministry's system: VNeID asks consent and the passcode once more."""
    consent = page.get_by_role("dialog", name="Xác nhận chia sẻ thông tin")
    expect(consent).to_contain_text("Hệ thống giải quyết thủ tục hành chính Bộ Tư pháp")
    consent.get_by_label("Tôi đã đọc và hiểu rõ nội dung mục đích", exact=False).check()
    consent.get_by_role("button", name="Xác nhận chia sẻ").click()
    passcode = page.get_by_role("dialog", name="Nhập passcode")
    passcode.locator("input[type=number][inputmode=numeric][autocomplete=off]").fill(who["passcode"])
    passcode.get_by_role("button", name="Xác nhận").click()


def pick_agency(page: Page, placeholder: str, text: str) -> None:
    """DVCQG agency combo: open the button, choose the bare list item (mousedown commits)."""
    page.get_by_role("button", name=placeholder).click()
    page.get_by_role("listbox").locator("li").get_by_text(text, exact=True).click()
    expect(page.locator("input.picker-value").last).to_have_value(text)


def open_wizard(page: Page, portal, uuid: str = TTHN_UUID) -> None:
    """dvcqg procedure page → Hà Nội / Ba Đình → "Đồng ý" → "Nộp trực tuyến" → VNeID → wizard."""
    page.goto(portal.url("dvcqg", f"/thu-tuc-hanh-chinh/{uuid}"))
    pick_agency(page, "-- Chọn Tỉnh/ Thành phố --", "Thành phố Hà Nội")
    pick_agency(page, "-- Chọn Phường/ Xã --", "Phường Ba Đình")
    page.get_by_role("button", name="Đồng ý").click()
    cards = page.locator(".agency-card")
    expect(cards).to_have_count(2)  # cards arrive one by one: wait for all
    cards.filter(has_text="Ủy ban nhân dân Phường Ba Đình").get_by_role(
        "button", name="Nộp trực tuyến"
    ).click()
    vneid_by_hand(page, portal)
    moj_consent_by_hand(page)
    expect(page.get_by_role("dialog", name="Thông tin chung")).to_be_visible()


def confirm_general(page: Page, who: str = "Làm thủ tục cho bản thân") -> None:
    dialog = page.get_by_role("dialog", name="Thông tin chung")
    dialog.get_by_role("combobox").click()
    dialog.get_by_role("option", name=who).click()
    dialog.locator('[data-e2e="confirm-button-information"]').click()
    expect(dialog).to_be_hidden()


def owner_step(
    page: Page,
    issue_date: str = "10052021",
    issuer: str = "Cục cảnh sát quản lý hành chính về trật tự xã hội",
) -> None:
    """Step 1: the masked date takes key presses only; "Nơi cấp" opens from its indicator."""
    page.locator("input[name=ngayCap]").press_sequentially(issue_date)
    page.locator("[class*=indicatorContainer]").dispatch_event("mousedown")
    page.locator("[id^=react-select-][id*=-option-]", has_text=issuer).dispatch_event("mousedown")
    expect(page.locator("[class*=singleValue]")).to_have_text(issuer)
    page.locator("input[name=diaChiThuongTru]").fill("Số 12 phố Đội Cấn")
    page.locator("#kt_buoc-tiep-theo-cho-ban-than").click()
    page.get_by_role("dialog", name="Lưu dữ liệu vào hồ sơ cá nhân").get_by_role(
        "button", name="Đồng ý"
    ).click()
    expect(page.get_by_role("heading", name="Kê khai thông tin")).to_be_visible()


def eform(page: Page) -> FrameLocator:
    return page.frame_locator("iframe.eform-frame")


def slot_text(frame: FrameLocator, name: str, value: str) -> None:
    frame.locator(f'input[name="{name}"]').fill(value)


def slot_date(frame: FrameLocator, name: str, ddmmyyyy: str) -> None:
    day, month, year = ddmmyyyy.split("/")
    frame.locator(f"#{name}-day").fill(day)
    frame.locator(f"#{name}-month").fill(month)
    frame.locator(f"#{name}-year").fill(year)


def slot_tick(frame: FrameLocator, name: str, code: str) -> None:
    frame.locator(f"#{name}-{code}").check()


def slot_pick(frame: FrameLocator, name: str, text: str) -> None:
    """Div dropdown: open the header, wait for the option (lists may load late), pick it."""
    root = frame.locator(f"#custom-select-{name}")
    root.locator(".input-field-select").click()
    root.locator(".input-field-select-options").get_by_text(text, exact=True).click()
    expect(root.locator(".input-field-select")).to_have_text(text)


def eform_frame(page: Page) -> Frame:
    found = next((f for f in page.frames if "/e-form/" in f.url), None)
    assert found is not None, "no e-form frame on the page"
    return found


def slot_pick_parent(page: Page, name: str, text: str, dependant: str) -> None:
    """Pick a province, then wait until its ward list has been rebuilt (a new widget replaces
    the old one a moment later) before anyone touches the ward."""
    old = eform_frame(page).locator(f"#custom-select-{dependant}").element_handle()
    slot_pick(eform(page), name, text)
    eform_frame(page).wait_for_function("el => !el.isConnected", arg=old)


def fill_tthn(page: Page) -> None:
    form = eform(page)
    expect(form.locator('input[name="HoVaTenC"]')).to_have_value("Nguyễn Văn An")  # from VNeID
    slot_pick(form, "LoaiGiayToDinhDanhC", "Căn cước công dân")
    slot_text(form, "SoGiayToTuyThanC", "001090012345")
    slot_date(form, "NgayCapDDC", "10/05/2021")
    slot_text(form, "NoiCapDDC", "Cục Cảnh sát quản lý hành chính về trật tự xã hội")
    slot_pick(form, "nycLoaiCuTru", "Thường trú")
    slot_tick(form, "nycNoiCuTru", "1")
    slot_pick_parent(page, "TT_TinhThanhC", "Thành phố Hà Nội", "TT_PhuongXaC")
    slot_pick(form, "TT_PhuongXaC", "Phường Ba Đình")
    slot_text(form, "DiaChiC", "Số 12 phố Đội Cấn")
    slot_tick(form, "quanhevoinguoiduocxacminh", "1")
    slot_text(form, "HoVaTenC1", "Nguyễn Văn An")
    slot_date(form, "NgaySinhC1", "15/03/1990")
    slot_text(form, "SoDinhDanhC1", "001090012345")
    slot_pick(form, "LoaiGiayToDinhDanhC1", "Căn cước công dân")
    slot_text(form, "SoGiayToTuyThanC1", "001090012345")
    slot_date(form, "NgayCapDDC1", "10/05/2021")
    slot_text(form, "NoiCapDDC1", "Cục Cảnh sát quản lý hành chính về trật tự xã hội")
    slot_pick(form, "GioiTinhC1", "Nam")
    slot_pick(form, "DanTocC1", "Kinh")
    slot_pick(form, "QuocTichC1", "Việt Nam")
    slot_tick(form, "nxnNoiCuTru", "1")
    slot_pick_parent(page, "QQ_TinhThanhC1", "Thành phố Hà Nội", "QQ_PhuongXaC1")
    slot_pick(form, "QQ_PhuongXaC1", "Phường Ba Đình")
    slot_text(form, "QQ_SoNhaToDanPhoC1", "Số 12 phố Đội Cấn")
    slot_tick(form, "TinhTrangHonNhanC1", "1")
    slot_tick(form, "mucdich", "3")
    slot_text(form, "nhapmucdichkhac", "Bổ sung giấy tờ mua bán đất")


def attach(page: Page, row_text: str, filename: str) -> None:
    """Wallet dialog: "Chọn tệp đính kèm" → "Tải lên từ thiết bị" → file → "Thêm vào ví & Chọn";
    attached only once the file name shows in the row."""
    row = page.locator("tbody tr", has=page.locator("p.text-justify", has_text=row_text))
    row.get_by_role("button", name="Chọn tệp đính kèm").click()
    wallet = page.get_by_role("dialog", name="Danh sách tài liệu điện tử")
    wallet.get_by_role("button", name="Tải lên từ thiết bị").click()
    wallet.locator("#upload-container input[type=file]").set_input_files(
        {"name": filename, "mimeType": "application/pdf", "buffer": PDF}
    )
    wallet.get_by_role("button", name="Thêm vào ví & Chọn").click()
    expect(row.locator("td").nth(2)).to_contain_text(filename)


def look_up(page: Page, portal, code: str, captcha: str | None = None) -> None:
    """Public look-up form: "Mã hồ sơ" + "Mã bảo mật" read off the image (admin API), "Tra cứu"."""
    page.get_by_label("Mã hồ sơ").fill(code)
    captcha_id = page.get_by_role("img", name="Mã bảo mật").get_attribute("data-captcha-id")
    page.get_by_label("Mã bảo mật").fill(
        captcha if captcha is not None else portal.captcha_answer(captcha_id)
    )
    page.get_by_role("button", name="Tra cứu").click()


def death_values(**changes: str) -> dict[str, str]:
    """A complete, valid death declaration (codes as the page sends them), with `changes`."""
    base = {
        "citizenmoiquanhe": "Con",
        "citizenNDK_HoVaTen": "Nguyễn Văn Bảo",
        "citizenNDK_SoDinhDanh": "001038001234",
        "citizenNDK_NgaySinh": "1938",
        "citizenGioitinh_NgdcKT": "1",
        "citizenDantoc_NgdcKT": "01",
        "citizenQuoctich_NgdcKT": "VN",
        "citizenNDKLoaicutru": "1",
        "citizenNDKnoicutru": "1",
        "citizenNDKTinh_Thtru": "01",
        "citizenNDKXa_Thtru": "00187",
        "citizenNDKDiaChi_Thtru": "Số 5",
        "citizenField56": "20/11/2026",
        "citizenGiomat": "8",
        "citizenPhutmat": "30",
        "citizenNoichet": "1",
        "citizenNoichet_Tinh": "01",
        "citizenNoichet_Xa": "00096",
        "citizenNoichet_TrongNuoc": "Bệnh viện",
        "citizenNguyennhanchet_NgdcKT": "Bệnh già",
        "citizenNDKLoaidangky": "1",
        "citizenLoaigiaybaotu": "1",
        "citizenSogiaybaotu_NgdcKT": "01/GBT",
        "citizenNgaythangnamcapgiaybaotu": "21/11/2026",
        "citizenCoquancapgiaybaotucochuthichneukhongcothidetrong": "Bệnh viện Bạch Mai",
        "citizenSoluongbansaonguoiyeucaudenghi": "0",
    }
    return {**base, **changes}


# --- The other three procedures of flow A (ĐKL KS, kết hôn, ĐKL kết hôn), by hand ---------------

DKL_KS_UUID = "019d2bfd-6eac-7598-b88b-15f8a61b366a"
KET_HON_UUID = "019d2bfd-3fac-7489-b53b-a15eb239a6fe"
KET_HON_LAI_UUID = "019d2bfd-6711-733d-b674-f82cb6606242"
#: Bound labels on e-form inputs other than the exclusive checkboxes' own `label[for]` (§7: the
#: checkbox options carry one; every other slot is labelled by the text before it, bound to nothing).
BOUND_INPUTS_JS = """() => {
    const typed = [...document.querySelectorAll('input')].filter(i => i.type !== 'hidden' && i.type !== 'checkbox');
    return {typed: typed.length, bound: typed.filter(i => i.labels.length).map(i => i.name || i.id)};
}"""


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def assert_real_page_kinds(page: Page, portal, date_slot: str, select_slot: str) -> None:
    """On the wizard's step 2, the kinds real-markup.md describes: the e-form in a frame of
    another origin, no e-form input bound to a label, `date_slot` three boxes feeding a hidden
    input, `select_slot` a div dropdown whose options exist only while open and carry no role,
    and no readiness flag on either document."""
    frame = eform_frame(page)
    assert origin(frame.url) == portal.urls["eform"] != origin(page.url) == portal.urls["moj"]
    numbered = frame.locator("p[data-slot]").first
    expect(numbered).to_have_text(re.compile(r"^\(1\) .+:"))  # the label is plain text
    inputs = frame.evaluate(BOUND_INPUTS_JS)
    assert inputs["typed"] >= 10 and inputs["bound"] == [], inputs
    assert frame.locator("label:not([for])").count() == 0  # no wrapping labels either
    form = eform(page)
    boxes = form.locator(f"#{date_slot}-day, #{date_slot}-month, #{date_slot}-year")
    expect(boxes).to_have_count(3)
    expect(form.locator(f"#{date_slot}-name-date-input")).to_have_attribute("type", "hidden")
    root = form.locator(f"#custom-select-{select_slot}")
    options = root.locator(".input-field-select-options > div")
    assert options.count() == 0
    root.locator(".input-field-select").click()
    expect(options.first).to_be_visible()
    assert root.locator("[role]").count() == 0
    assert form.get_by_role("option").count() == 0 and form.get_by_role("listbox").count() == 0
    root.locator(".input-field-select").click()  # closed again: the options are gone
    expect(options).to_have_count(0)
    assert page.locator("[aria-busy]").count() == 0
    assert frame.locator("[aria-busy]").count() == 0


def slot_pick_default(frame: FrameLocator, name: str, text: str) -> None:
    """`x-select-default`: a div dropdown with its first option chosen; options are `div[tabindex]`."""
    root = frame.locator(f"#custom-select-default-{name}")
    root.locator(".input-field-select").click()
    root.locator(".input-field-select-options > div[tabindex]").get_by_text(text, exact=True).click()
    expect(root.locator(".input-field-select")).to_have_text(text)


def slot_place(page: Page, radio: str, province: str, ward: str, detail: str, place: tuple[str, str]) -> None:
    """An `x-select-area`: tick "Trong Nước", the province (its ward list is rebuilt a moment
    later), the ward, the detail. `place` = (province text, ward text) as the lists word them."""
    form = eform(page)
    slot_tick(form, radio, "1")
    slot_pick_parent(page, province, place[0], ward)
    slot_pick(form, ward, place[1])
    slot_text(form, detail, "Số 12 phố Đội Cấn")


def fill_requester_c(page: Page) -> None:
    """Section I of ĐKL KS (the signed-in citizen, name/birth/ID prefilled from VNeID)."""
    form = eform(page)
    expect(form.locator('input[name="HoVaTenC"]')).to_have_value(CITIZEN_A["full_name"])
    slot_pick(form, "LoaiGiayToDinhDanhC", "Căn cước công dân")
    slot_text(form, "SoGiayToTuyThanC", CITIZEN_A["personal_id"])
    slot_date(form, "NgayCapDDC", "10/05/2021")
    slot_text(form, "NoiCapDDC", "Cục Cảnh sát quản lý hành chính về trật tự xã hội")
    slot_pick(form, "nycLoaiCuTru", "Thường trú")
    ba_dinh = ("Thành phố Hà Nội", "Phường Ba Đình")
    slot_place(
        page, "nycNoiCuTru", "nycNoiCuTru_TinhThanh", "nycNoiCuTru_PhuongXa", "nycNoiCuTru_TrongNuoc", ba_dinh
    )


def fill_dkl_ks(page: Page) -> None:
    """ĐKL KS: a father re-registers his son; the mother's block filled, the father's left empty
    (so the birth case is "Chưa xác định được cha")."""
    form = eform(page)
    fill_requester_c(page)
    slot_tick(form, "QuanHe", "ChaDe")
    slot_tick(form, "LoaiDangKy", "2")
    slot_text(form, "HoTenKS", "Nguyễn Minh Khôi")
    slot_text(form, "NgaySinhChon", "12/05/2018")
    slot_pick(form, "GioiTinhKS", "Nam")
    slot_pick(form, "DanTocKS", "Kinh")
    slot_pick(form, "QuocTichKS", "Việt Nam")
    hbt = ("Thành phố Hà Nội", "Phường Hai Bà Trưng")
    slot_place(page, "nksNoiSinh", "nksNoiSinh_Tinh", "nksNoiSinh_Xa", "nksNoiSinh_TrongNuoc", hbt)
    slot_pick(form, "nksQueQuan_TrongNuoc", "Thành phố Hà Nội")
    slot_pick_default(form, "nksLoaiKhaiSinh", "Chưa xác định được cha")
    slot_pick(form, "coQuanDKTruocDay_filter", "Thành phố Hà Nội")
    slot_text(form, "coQuanDKTruocDay", "Ủy ban nhân dân phường Hàng Trống")
    slot_text(form, "soDKTruocDay", "125")
    slot_text(form, "quyenSoDKTruocDay", "01/2018")
    slot_date(form, "ngayDKTruocDay", "20/05/2018")
    slot_text(form, "HoTenMeKS", "Lê Thị Mai")
    slot_text(form, "SoDinhDanhMe", "001192023456")
    slot_date(form, "NamSinhMeKS", "02/09/1992")  # boxes drawn late: the locators wait
    slot_pick(form, "DanTocMeKS", "Kinh")
    ba_dinh = ("Thành phố Hà Nội", "Phường Ba Đình")
    slot_place(
        page, "MeNoiCuTru", "MeNoiCuTru_TinhThanh", "MeNoiCuTru_PhuongXa", "MeNoiCuTru_TrongNuoc", ba_dinh
    )


SPOUSES = {
    "Nu": {
        "name": "Lê Minh Châu",
        "dob": "07/07/1994",
        "id": "001194067890",
        "issued": "22/08/2021",
        "ward": "Phường Cầu Giấy",
    },
    "Nam": {
        "name": CITIZEN_A["full_name"],
        "dob": "15/03/1990",
        "id": CITIZEN_A["personal_id"],
        "issued": "10/05/2021",
        "ward": "Phường Ba Đình",
    },
}


def fill_spouse(page: Page, side: str) -> None:
    """Section "bên nữ" (`Nu`) or "bên nam" (`Nam`) of the marriage e-forms, from SPOUSES."""
    form, who = eform(page), SPOUSES[side]
    slot_text(form, f"HoTenBen{side}", who["name"])
    slot_date(form, f"NgaySinhBen{side}", who["dob"])
    slot_pick(form, f"DanTocBen{side}", "Kinh")
    slot_pick(form, f"QuocTichBen{side}", "Việt Nam")
    slot_text(form, f"SoDinhDanh_Ben{side}", who["id"])
    slot_pick(form, f"LoaiGiayToDinhDanh_Ben{side}", "Căn cước công dân")
    slot_text(form, f"SoGiayToDinhDanh_Ben{side}", who["id"])
    slot_date(form, f"NgayCapDD_Ben{side}", who["issued"])
    slot_text(form, f"NoiCapDD_Ben{side}", "Cục Cảnh sát quản lý hành chính về trật tự xã hội")
    slot_pick(form, f"LoaiCuTru_Ben{side}", "Thường trú")
    area = f"NoiCuTru_Ben{side}"
    slot_place(
        page, area, f"{area}_Tinh", f"{area}_Xa", f"{area}_TrongNuoc", ("Thành phố Hà Nội", who["ward"])
    )
    slot_text(form, f"SoLanKetHon_Ben{side}", "1")


def fill_ket_hon_lai_extra(page: Page) -> None:
    """Section III of ĐKL kết hôn: the registration being redone."""
    form = eform(page)
    slot_tick(form, "loaiDangKy", "2")
    slot_pick(form, "noiDangKyTruocDay_filter", "Thành phố Hà Nội")
    slot_text(form, "noiDangKyTruocDay", "Ủy ban nhân dân phường Hàng Trống")
    slot_text(form, "soDangKyTruocDay", "38")
    slot_text(form, "quyenDangKyTruocDay", "01/2017")
    slot_date(form, "ngayDangKyTruocDay", "18/06/2017")


def preview_and_continue(page: Page, shown: str) -> None:
    """Step 2's "Xem trước" (the wizard saves the frame's declaration and shows it), "Xác nhận",
    then step 3, whose first row holds the declaration's printout."""
    page.locator("#xem-truoc-to-khai").click()
    preview = page.get_by_role("dialog", name="Xem tờ khai điện tử")
    expect(preview).to_contain_text(shown)
    preview.get_by_role("button", name="Xác nhận").click()
    page.locator("#kt_buoc-tiep-theo").click()
    expect(page.get_by_role("heading", name="Thành phần hồ sơ")).to_be_visible()
    expect(page.locator('tr[data-row="to_khai"]')).to_contain_text("Tờ khai.pdf")


def deliver_and_send(page: Page, method: str, copies: str) -> str:
    """Step 4: the method (a radio in its fieldset), copies, "Gửi hồ sơ"; returns the code."""
    page.locator("#kt_buoc-tiep-theo").click()
    expect(page.get_by_role("heading", name="Thông tin nhận kết quả")).to_be_visible()
    page.get_by_role("group", name="Hình thức nhận kết quả").get_by_label(method).check()
    page.get_by_label("Số lượng bản sao trích lục").fill(copies)
    page.locator("#kt_gui-ho-so").click()
    expect(page.get_by_role("heading", name="Gửi hồ sơ thành công")).to_be_visible()
    return page.locator(".dossier-code").inner_text()


def listed_in_my_services(page: Page, code: str, title: str) -> None:
    """The receipt's "Hồ sơ của tôi" leads to dvcqg's "Dịch vụ công của tôi", listing the dossier."""
    page.get_by_role("link", name="Hồ sơ của tôi").click()
    expect(page.get_by_role("heading", name="Dịch vụ công của tôi")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(re.escape(code)))).to_contain_text(title)
