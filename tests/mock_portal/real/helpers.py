"""Driving the real-markup national path by hand with plain Playwright (never the agent).

The e-form lives in a cross-origin iframe, so its widgets are reached through a FrameLocator;
they have no bound labels, so slots are found by their live `name`/id conventions.
"""

from __future__ import annotations

from playwright.sync_api import Frame, FrameLocator, Page, expect

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
    page.get_by_label("Số định danh cá nhân").fill(who["personal_id"])
    page.get_by_label("Mật khẩu").fill(who["password"])
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Mã xác nhận (OTP)").fill(portal.latest_otp(who["phone"]))
    page.get_by_role("button", name="Xác nhận", exact=True).click()
    page.get_by_label("Tôi đồng ý chia sẻ").check()
    page.get_by_role("button", name="Xác nhận chia sẻ").click()
    page.get_by_label("Passcode").fill(who["passcode"])
    page.get_by_role("button", name="Xác nhận", exact=True).click()


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
