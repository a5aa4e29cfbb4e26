"""The liên thông SPA in a real Chromium, driven by hand with plain Playwright (never the agent):
the page kinds are those of shared/reference/real-markup.md §6–§8 — sections as headings, ng-selects
that open on mousedown only (options absent until opened, late, without roles, committed by
mousedown), the date-format dropdown before a date, the read-only prefilled requester, one `#next`
button that becomes “Hoàn thành”, the menu upload and its 2.6 MB toast, the result screen, and no
readiness flag (a spinner instead). Hydration really loses early input, an expired token shows the
re-login screen, and a whole birth filing can be done by hand through VNeID."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .helpers import CITIZEN_A, KS_AGENCY, KS_DECLARATION, KT_AGENCY, PDF, api_client, new_draft, sign_in
from .vneid_by_hand import vneid_sign_in

pytestmark = pytest.mark.browser
KS = "2.000986"
KT = "1.006714"
DRAFT_URL = re.compile(r"/#/ke-khai/2\.000986/[0-9a-f]{12}$")
SPINNER = "app-root > .loading-spinner"
#: The only ids the live SPA's pages carry that the reference names, plus Material's generated ones.
ALLOWED_ID = re.compile(
    r"^(next|account_name|fileDinhKem|mat-(input|autocomplete|option|select-panel|menu-panel)-\d+)$"
)


def named(text: str) -> re.Pattern[str]:
    """A label's whole text, with or without the required-field star."""
    return re.compile("^" + re.escape(text) + r"(\s*\*)?$")


def settled(page: Page) -> None:
    """No readiness flag on this SPA: it is ready once its spinner is gone."""
    expect(page.locator(SPINNER)).to_have_count(0)


def section(page: Page, title: str) -> Locator:
    """A block of the form: its `div.title` heading and the fields under it (no fieldset)."""
    return page.locator(".section").filter(
        has=page.locator(".title", has_text=re.compile(f"^{re.escape(title)}$"))
    )


def choose(scope: Locator | Page, label: str, text: str) -> None:
    """Material autocomplete: type, then click the option (as a person does)."""
    box = scope.get_by_role("combobox", name=label, exact=True)
    box.fill(text)
    page = scope if isinstance(scope, Page) else scope.page  # the list may float outside
    page.get_by_role("option", name=text, exact=True).click()
    expect(box).to_have_value(text)


def ng_select(scope: Locator | Page, label: str) -> Locator:
    """The ng-select named by the unbound label text before it."""
    page = scope if isinstance(scope, Page) else scope.page
    return (
        scope.locator("app-input")
        .filter(has=page.locator("label.ng-label", has_text=re.compile(f"^{re.escape(label)}")))
        .locator("ng-select")
    )


def ng_choose(scope: Locator | Page, label: str, text: str) -> None:
    """Open the ng-select (mousedown), wait for its late list, pick the option (mousedown)."""
    select = ng_select(scope, label)
    select.locator(".ng-select-container").click()
    select.locator(".ng-option").filter(has_text=re.compile(f"^{re.escape(text)}$")).click()
    expect(select.locator(".ng-value-label")).to_have_text(text)


def next_step(page: Page, heading: str) -> None:
    page.locator("#next").click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    settled(page)


def signed_in_page(page: Page, portal) -> Page:
    """Sign in over HTTP (the sign-in itself is tested elsewhere), hand the cookie to Chromium."""
    flow = sign_in(portal)
    page.context.add_cookies(
        [
            {"name": c.name, "value": c.value, "domain": "127.0.0.1", "path": "/"}
            for c in flow.client.cookies.jar
        ]
    )
    return page


def open_at_declaration(page: Page, portal, code: str, agency: dict) -> None:
    """A filing whose first step was sent through the API, opened in the browser at “Kê khai”."""
    api = api_client(portal)
    draft = new_draft(api, code)
    assert api.post(f"{draft}/buoc/0", json={"values": agency}).status_code == 200
    signed_in_page(page, portal)
    page.goto(portal.url("lienthong", f"/#/ke-khai/{code}/{draft.rsplit('/', 1)[1]}"))
    expect(page.get_by_role("heading", name="Kê khai", exact=True)).to_be_visible()
    settled(page)
    api.close()


def test_input_typed_before_hydration_is_lost_and_no_readiness_flag(page: Page, mock_portal):
    signed_in_page(page, mock_portal)
    mock_portal.set_faults("hydration=2500")
    page.goto(mock_portal.url("lienthong", f"/#/ke-khai/{KS}"))
    expect(page.locator(SPINNER)).to_be_visible()  # booting: a spinner, not a flag
    province = section(page, "Cơ quan thực hiện").get_by_role("combobox", name="Tỉnh/Thành phố")
    province.fill("Hà Nội")  # before hydration: looks fine…
    settled(page)  # …until the app re-renders
    expect(page).to_have_url(DRAFT_URL)  # the new filing's own draft
    expect(province).to_have_value("")
    assert page.locator("[aria-busy]").count() == 0
    assert mock_portal.faults()["fired"]["hydration"] >= 1
    choose(section(page, "Cơ quan thực hiện"), "Tỉnh/Thành phố", "Hà Nội")  # after hydration it sticks
    expect(province).to_have_value("Hà Nội")


def test_ng_select_opens_on_mousedown_only_with_late_bare_options(page: Page, mock_portal):
    signed_in_page(page, mock_portal)
    page.goto(mock_portal.url("lienthong", f"/#/ke-khai/{KS}"))
    settled(page)
    assert page.locator("fieldset").count() == 0  # sections are headings, not fieldsets
    expect(section(page, "Trường hợp khai sinh")).to_be_visible()
    select = ng_select(page, "Trường hợp khai sinh")
    expect(select.locator(".ng-value-label")).to_have_text("Đã xác định được cả cha lẫn mẹ")
    container = select.locator(".ng-select-container")
    assert page.locator(".ng-option").count() == 0  # no option exists until the list is opened
    container.dispatch_event("click")  # a click event alone opens nothing
    assert page.locator(".ng-dropdown-panel").count() == 0
    container.dispatch_event("mousedown")
    panel = select.locator(".ng-dropdown-panel")
    expect(panel.locator(".ng-option")).to_have_text(["Đang tải..."])  # the list arrives late
    expect(panel.locator(".ng-option")).to_have_count(5)
    assert panel.locator("[role]").count() == 0 and panel.get_attribute("role") is None  # no roles
    select.locator(".ng-input input").fill("bỏ rơi")  # the search box filters
    expect(panel.locator(".ng-option")).to_have_text(["Trẻ bị bỏ rơi"])
    option = panel.locator(".ng-option")
    option.dispatch_event("click")  # a click event does not commit…
    expect(select.locator(".ng-value-label")).to_have_text("Đã xác định được cả cha lẫn mẹ")
    option.dispatch_event("mousedown")  # …a mousedown does, and closes the list
    expect(select.locator(".ng-value-label")).to_have_text("Trẻ bị bỏ rơi")
    expect(panel).to_have_count(0)
    select.locator(".ng-select-container").click()
    select.locator(".ng-input input").fill("không có trong danh sách")
    expect(panel.locator(".ng-option")).to_have_text(["Không có dữ liệu"])


def test_step_one_values_go_to_the_draft_as_chosen(page: Page, mock_portal):
    signed_in_page(page, mock_portal)
    page.goto(mock_portal.url("lienthong", f"/#/ke-khai/{KS}"))
    settled(page)
    agency = section(page, "Cơ quan thực hiện")
    choose(agency, "Tỉnh/Thành phố", "Hà Nội")
    choose(agency, "Phường/Xã", "Ba Đình")
    expect(agency.get_by_label(named("Cơ quan thực hiện"))).to_have_value("UBND Phường Ba Đình, Hà Nội")
    ng_choose(page, "Loại khai sinh", "Có yếu tố nước ngoài thuộc các xã vùng biên")
    ng_choose(page, "Trường hợp khai sinh", "Chưa xác định được cha")
    next_step(page, "Kê khai")
    expect(section(page, "Thông tin người mẹ")).to_be_visible()
    expect(section(page, "Thông tin người cha")).to_be_hidden()
    draft_id = page.url.rsplit("/", 1)[1]
    api = api_client(mock_portal)
    values = api.get(f"/api/ho-so-nhap/{KS}/{draft_id}").json()["values"]
    api.close()
    assert values["IsNuocNgoai"] == "Có yếu tố nước ngoài thuộc các xã vùng biên"
    assert values["DkksTruongHop"] == "Chưa xác định được cha" and values["CqXa"] == "Ba Đình"


def test_date_format_dropdown_decides_what_the_date_box_takes(page: Page, mock_portal):
    open_at_declaration(page, mock_portal, KT, KT_AGENCY)
    deceased = section(page, "Thông tin người chết")
    date_box = deceased.get_by_label(named("Ngày sinh"))
    row = date_box.locator("xpath=ancestor::app-input[1]")
    expect(row).to_have_attribute("type", "ngaysinh")
    fmt = row.locator("mat-select")
    expect(fmt).to_have_attribute("role", "combobox")
    expect(fmt.locator(".mat-select-value-text")).to_have_text("Ngày/Tháng/Năm")  # before the date
    assert fmt.evaluate("(s, box) => !!(s.compareDocumentPosition(box) & 4)", date_box.element_handle())
    expect(date_box).to_have_attribute("placeholder", "dd/mm/yyyy")
    assert page.locator("mat-option").count() == 0  # options exist only while open
    fmt.click()
    options = page.locator(".cdk-overlay-container mat-option")
    expect(options).to_have_text(["Ngày/Tháng/Năm", "Ngày/Tháng/Năm giờ:phút", "Tháng/Năm", "Năm"])
    options.filter(has_text=re.compile("^Năm$")).click()
    expect(fmt.locator(".mat-select-value-text")).to_have_text("Năm")
    expect(page.locator("mat-option")).to_have_count(0)
    expect(date_box).to_have_attribute("placeholder", "yyyy")
    expect(date_box).to_have_attribute("maxlength", "4")
    date_box.fill("1950")
    expect(date_box).to_have_value("1950")


def test_requester_is_prefilled_read_only_and_verification_unlocks_the_rest(page: Page, mock_portal):
    open_at_declaration(page, mock_portal, KS, KS_AGENCY)
    requester = section(page, "Thông tin người yêu cầu")
    name = requester.get_by_label(named("Họ, chữ đệm, tên"))
    expect(name).to_have_value(CITIZEN_A["full_name"])
    expect(name).not_to_be_editable()
    expect(requester.get_by_label(named("Số định danh cá nhân"))).to_have_value(CITIZEN_A["personal_id"])
    expect(requester.get_by_label(named("Số định danh cá nhân"))).not_to_be_editable()
    expect(requester.get_by_label("Số điện thoại")).to_be_disabled()
    requester.get_by_role("button", name="Xác thực với CSDLQG về dân cư").click()
    expect(requester.get_by_text("Đã xác thực thông tin với CSDLQG về dân cư")).to_be_visible()
    expect(requester.get_by_label("Số điện thoại")).to_be_enabled()
    copies = section(page, "Đề nghị cấp bản sao")
    expect(copies.get_by_label("Số lượng bản sao")).to_be_hidden()
    copies.get_by_label("Đề nghị cấp bản sao trích lục").check()
    expect(copies.get_by_label("Số lượng bản sao")).to_be_visible()
    residence = section(page, "Nơi cư trú của cha")
    expect(residence.get_by_role("combobox", name="Tỉnh/Thành phố")).to_be_visible()
    residence.get_by_label("Cùng nơi cư trú với mẹ").check()
    expect(residence.get_by_role("combobox", name="Tỉnh/Thành phố")).to_be_hidden()
    expect(
        ng_select(section(page, "Thông tin người mẹ"), "Loại cư trú").locator(".ng-value-label")
    ).to_have_text("Thường trú")

    # the token dies mid-wizard: the SPA says so and offers to sign in again
    draft_url = page.url
    mock_portal.set_faults("session_expiry=1")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_role("heading", name="Phiên đăng nhập đã hết hạn")).to_be_visible()
    mock_portal.set_faults("")
    page.get_by_role("link", name="Đăng nhập lại").click()
    page.get_by_role("link", name="Tài khoản định danh điện tử (VNeID)").click()
    vneid_sign_in(page, mock_portal)
    # back on the same draft (same id in the route) at its saved step, verification kept
    expect(page.get_by_role("heading", name="Kê khai", exact=True)).to_be_visible()
    settled(page)
    assert page.url == draft_url
    expect(
        section(page, "Thông tin người yêu cầu").get_by_text("Đã xác thực thông tin với CSDLQG về dân cư")
    ).to_be_visible()


def fill_declaration(page: Page) -> None:
    v = KS_DECLARATION
    requester = section(page, "Thông tin người yêu cầu")
    requester.get_by_role("button", name="Xác thực với CSDLQG về dân cư").click()
    expect(requester.get_by_label("Số điện thoại")).to_be_enabled()
    choose(requester, "Quan hệ với người được khai sinh", v["NycQuanHe"])
    requester.get_by_label("Email").fill(v["NycEmail"])
    child = section(page, "Thông tin người được khai sinh")
    child.get_by_label(named("Họ")).fill(v["Ho"])
    child.get_by_label(named("Chữ đệm")).fill(v["ChuDem"])
    child.get_by_label(named("Tên")).fill(v["Ten"])
    child.get_by_label("Ngày tháng năm sinh").fill(v["NgaySinh"])
    ng_choose(child, "Giới tính", v["GioiTinh"])
    birthplace = section(page, "Nơi sinh")
    choose(birthplace, "Tỉnh/Thành phố", v["NsTinh"])
    choose(birthplace, "Phường/Xã", v["NsXa"])
    birthplace.get_by_label("Nơi sinh chi tiết (cơ sở y tế)").fill(v["NsDiaChi"])
    choose(section(page, "Quê quán"), "Tỉnh/Thành phố", v["QqTinh"])
    for prefix, title in (("Me", "Thông tin người mẹ"), ("Cha", "Thông tin người cha")):
        block = section(page, title)
        block.get_by_label(named("Họ")).fill(v[prefix + "Ho"])
        block.get_by_label(named("Chữ đệm")).fill(v[prefix + "ChuDem"])
        block.get_by_label(named("Tên")).fill(v[prefix + "Ten"])
        block.get_by_label(named("Ngày sinh")).fill(v[prefix + "NgaySinh"])
        block.get_by_label("Số định danh cá nhân").fill(v[prefix + "SoGiayTo"])
    mother_home = section(page, "Nơi cư trú của mẹ")
    choose(mother_home, "Tỉnh/Thành phố", v["MeCtTinh"])
    choose(mother_home, "Phường/Xã", v["MeCtXa"])
    mother_home.get_by_label("Chi tiết").fill(v["MeCtDiaChi"])
    section(page, "Nơi cư trú của cha").get_by_label("Cùng nơi cư trú với mẹ").check()
    household = section(page, "Thông tin đăng ký thường trú")
    household.get_by_label("Họ, chữ đệm, tên chủ hộ").fill(v["ChuHoHoTen"])
    household.get_by_label("Số định danh cá nhân của chủ hộ").fill(v["ChuHoSoDinhDanh"])
    choose(household, "Quan hệ với chủ hộ", v["ChuHoQuanHe"])
    place = section(page, "Nơi đề nghị đăng ký thường trú")
    choose(place, "Tỉnh/Thành phố", v["DkttTinh"])
    choose(place, "Phường/Xã", v["DkttXa"])
    place.get_by_label("Chi tiết").fill(v["DkttDiaChi"])
    section(page, "Thông tin cấp thẻ BHYT").get_by_label("Nơi khám chữa bệnh ban đầu").fill(v["BhytNoiKcb"])


def upload_by_menu(page: Page, row: Locator, path) -> None:
    """“Chọn tệp tin” opens a menu drawn in the overlay; its first item opens the file chooser."""
    row.get_by_role("button", name="Chọn tệp tin").click()
    with page.expect_file_chooser() as chooser:
        page.get_by_role("menuitem", name="Tải tệp lên từ máy tính").click()
    chooser.value.set_files(path)


def test_whole_birth_filing_by_hand_through_vneid(page: Page, mock_portal, tmp_path):
    page.goto(mock_portal.url("dvcqg", "/"))
    page.get_by_role("link", name="Dịch vụ công liên thông: Khai sinh, Khai tử").click()
    settled(page)
    page.get_by_role("link", name="Liên thông đăng ký khai sinh").click()
    page.get_by_role("link", name="Đăng nhập", exact=True).click()
    page.get_by_role("link", name="Tài khoản định danh điện tử (VNeID)").click()
    vneid_sign_in(page, mock_portal)

    expect(page.get_by_role("heading", name="Lựa chọn cơ quan thực hiện")).to_be_visible()
    settled(page)
    expect(page).to_have_url(DRAFT_URL)
    draft_url = page.url
    expect(page.locator("#account_name")).to_have_text(CITIZEN_A["full_name"])
    next_button = page.locator("#next").element_handle()  # one button for every step
    agency = section(page, "Cơ quan thực hiện")
    choose(agency, "Tỉnh/Thành phố", "Hà Nội")
    choose(agency, "Phường/Xã", "Ba Đình")
    next_step(page, "Kê khai")
    page.locator("#next").click()  # empty → refused
    expect(page.get_by_role("alert", name="Lỗi")).to_contain_text("Tên: Trường bắt buộc nhập")
    settled(page)
    fill_declaration(page)
    next_step(page, "Xem lại các tờ khai chi tiết")
    expect(page.get_by_role("list")).to_contain_text("Tờ khai tham gia BHYT (TK1-TS)")
    expect(
        page.get_by_role("table", name="Thông tin người được khai sinh").get_by_role("row", name="Tên")
    ).to_contain_text("Khang")
    next_step(page, "Đính kèm thành phần hồ sơ")
    table = page.get_by_role("table", name="Thành phần hồ sơ")
    expect(table.locator("thead th")).to_have_text(["STT", "Tên giấy tờ", "Số bản", "Tệp tin", "Mẫu đơn"])
    assert page.locator("#fileDinhKem").count() == 0  # the menu (and its input) is drawn when opened
    first = table.get_by_role("row", name=re.compile("Giấy chứng sinh"))
    trigger = first.get_by_role("button", name="Chọn tệp tin")
    expect(trigger).to_have_class(re.compile("mat-menu-trigger"))
    trigger.click()
    panel = page.locator(".cdk-overlay-container .mat-menu-panel")
    expect(panel).to_have_attribute("role", "menu")
    assert trigger.get_attribute("aria-controls") == panel.get_attribute("id")
    expect(panel.locator("#fileDinhKem")).to_be_hidden()
    big = tmp_path / "qua-lon.pdf"
    big.write_bytes(PDF + b"0" * (2_800_000 - len(PDF)))  # over 2.6 MB for one kind of paper
    with page.expect_file_chooser() as chooser:
        page.get_by_role("menuitem", name="Tải tệp lên từ máy tính").click()
    chooser.value.set_files(big)
    expect(page.locator(".Toastify__toast")).to_have_text(
        "Tổng dung lượng file của 1 loại giấy tờ không được quá 2.6MB"
    )
    expect(first).not_to_contain_text("qua-lon.pdf")
    for row_name, filename in (("Giấy chứng sinh", "giay-chung-sinh.pdf"), ("CT01", "ct01.pdf")):
        path = tmp_path / filename
        path.write_bytes(PDF)
        row = table.get_by_role("row", name=re.compile(row_name))
        upload_by_menu(page, row, path)
        expect(row).to_contain_text(filename)
    next_step(page, "Lựa chọn hình thức nhận kết quả")
    expect(page.locator("#next")).to_have_text("Hoàn thành")  # the same button, relabelled
    assert page.locator("#next").evaluate("(b, first) => b === first", next_button)
    assert page.url == draft_url  # the URL never changed between steps
    ids = page.evaluate("() => [...document.querySelectorAll('[id]')].map((e) => e.id)")
    assert [i for i in ids if not ALLOWED_ID.match(i)] == []
    assert page.locator("[data-e2e]").count() == 0
    captcha_id = page.get_by_role("img", name="Mã kiểm tra").get_attribute("data-captcha-id")
    page.get_by_label("Nhập mã kiểm tra").fill(mock_portal.captcha_answer(captcha_id))
    page.get_by_label("Tôi cam đoan").check()
    page.get_by_role("button", name="Hoàn thành").click()

    result = page.locator(".receipt")
    expect(result).to_contain_text("Vui lòng ghi nhớ các thông tin bên dưới để theo dõi tình hình xử lý")
    code = result.locator("p", has_text="Số hồ sơ:").locator("strong").inner_text()
    appointment = result.locator("p", has_text="Ngày hẹn trả dự kiến:").locator("strong").inner_text()
    assert re.fullmatch(r"G22\.99\.08-\d{6}-\d{6}", code)
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", appointment)
    assert "thành công" not in page.locator("app-root").inner_text().lower()
    dossier = mock_portal.dossier(code)
    fields = {(f["section"], f["label"]): f["value"] for f in dossier["fields"]}
    assert fields[("Thông tin người được khai sinh", "Ngày tháng năm sinh")] == KS_DECLARATION["NgaySinh"]
    assert fields[("Thông tin người được khai sinh", "Giới tính")] == "Nam"
    assert fields[("Thông tin người yêu cầu", "Quan hệ với người được khai sinh")] == "Cha"
    assert [a["filename"] for a in dossier["attachments"]] == ["giay-chung-sinh.pdf", "ct01.pdf"]
    page.get_by_role("link", name="Hồ sơ của tôi").last.click()
    expect(page.get_by_role("table", name="Hồ sơ của tôi")).to_contain_text(code)
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", name=f"Chi tiết hồ sơ {code}")).to_be_visible()
    expect(page.get_by_role("table", name="Thông tin người mẹ")).to_contain_text("Hoa")
    page.get_by_role("link", name="Tra cứu hồ sơ").click()
    settled(page)
    page.get_by_label("Mã hồ sơ").fill(code)
    captcha_id = page.get_by_role("img", name="Mã kiểm tra").get_attribute("data-captcha-id")
    page.get_by_label("Nhập mã kiểm tra").fill(mock_portal.captcha_answer(captcha_id))
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("dl")).to_contain_text("Mới đăng ký")


def test_drift_changes_generated_ids_but_not_labels(page: Page, mock_portal):
    signed_in_page(page, mock_portal)
    page.goto(mock_portal.url("lienthong", f"/#/ke-khai/{KS}"))
    settled(page)
    plain_id = page.get_by_role("combobox", name="Tỉnh/Thành phố").get_attribute("id")
    mock_portal.set_faults("drift=on")
    page.reload()
    settled(page)
    box = page.get_by_role("combobox", name="Tỉnh/Thành phố")
    assert box.get_attribute("id") != plain_id and ALLOWED_ID.match(box.get_attribute("id") or "")
    agency = section(page, "Cơ quan thực hiện")
    choose(agency, "Tỉnh/Thành phố", "Hà Nội")
    choose(agency, "Phường/Xã", "Ba Đình")
    next_step(page, "Kê khai")


def test_unknown_or_filed_draft_says_so(page: Page, mock_portal):
    signed_in_page(page, mock_portal)
    page.goto(mock_portal.url("lienthong", f"/#/ke-khai/{KS}/000000000000"))
    expect(page.get_by_role("heading", name="Không tìm thấy hồ sơ nháp")).to_be_visible()
    expect(page.get_by_role("alert", name="Lỗi")).to_contain_text("không thuộc tài khoản này")
    settled(page)


def test_a_second_tab_opens_its_own_filing_and_cancel_removes_only_it(page: Page, mock_portal):
    signed_in_page(page, mock_portal)
    page.goto(mock_portal.url("lienthong", f"/#/ke-khai/{KS}"))
    settled(page)
    draft_url = page.url
    second = page.context.new_page()
    second.goto(mock_portal.url("lienthong", f"/#/ke-khai/{KS}"))
    expect(second.get_by_role("heading", name="Lựa chọn cơ quan thực hiện", exact=True)).to_be_visible()
    settled(second)
    expect(second).to_have_url(DRAFT_URL)
    assert second.url != draft_url
    second.get_by_role("button", name="Hủy").click()
    second.get_by_role("dialog", name="Hủy hồ sơ").get_by_role("button", name="Đồng ý").click()
    expect(second.get_by_role("heading", name="Dịch vụ công liên thông: Khai sinh, Khai tử")).to_be_visible()
    second.close()
    page.reload()
    expect(page.get_by_role("heading", name="Lựa chọn cơ quan thực hiện", exact=True)).to_be_visible()
    assert page.url == draft_url
