"""The liên thông SPA in a real Chromium: hydration really loses early input, conditional sections
and verification locks work on the page, an expired token shows the re-login screen, and a whole
birth filing can be done by hand through VNeID."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import CITIZEN_A, KS_DECLARATION, PDF, sign_in

pytestmark = pytest.mark.browser
KS = "2.000986"
DRAFT_URL = re.compile(r"/#/ke-khai/2\.000986/[0-9a-f]{12}$")


def exactly(text: str) -> re.Pattern:
    """A label's whole text, with or without the required-field star."""
    return re.compile("^" + re.escape(text) + r"(\s*\*)?$")


def ready(page: Page) -> None:
    expect(page.locator("main#app")).to_have_attribute("aria-busy", "false")


def choose(scope, label: str, text: str) -> None:
    """Searchable combobox: type, then click the option (as a person does)."""
    box = scope.get_by_role("combobox", name=label, exact=True)
    box.fill(text)
    page = scope if isinstance(scope, Page) else scope.page  # the listbox may float outside
    page.get_by_role("option", name=text, exact=True).click()
    expect(box).to_have_value(text)


def next_step(page: Page, heading: str) -> None:
    page.get_by_role("button", name="Chuyển bước tiếp theo").click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    ready(page)


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


def vneid_sign_in(page: Page, portal, who: dict = CITIZEN_A) -> None:
    """From the sign-in chooser, the VNeID way by hand: password, OTP, consent, passcode."""
    page.get_by_role("link", name="Tài khoản định danh điện tử (VNeID)").click()
    page.get_by_label("Số định danh cá nhân").fill(who["personal_id"])
    page.get_by_label("Mật khẩu").fill(who["password"])
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Mã xác nhận (OTP)").fill(portal.latest_otp(who["phone"]))
    page.get_by_role("button", name="Xác nhận", exact=True).click()
    page.get_by_label("Tôi đồng ý chia sẻ").check()
    page.get_by_role("button", name="Xác nhận chia sẻ").click()
    page.get_by_label("Passcode").fill(who["passcode"])
    page.get_by_role("button", name="Xác nhận", exact=True).click()


def test_input_typed_before_hydration_is_lost(page: Page, mock_portal):
    signed_in_page(page, mock_portal)
    mock_portal.set_faults("hydration=2500")
    page.goto(mock_portal.url("lienthong", f"/#/ke-khai/{KS}"))
    group = page.get_by_role("group", name="Trường hợp khai sinh", exact=True)
    group.get_by_label("Trẻ bị bỏ rơi").check()  # before hydration: looks fine…
    page.get_by_role("combobox", name="Tỉnh/Thành phố").fill("Hà Nội")
    expect(page.locator("main#app")).to_have_attribute("aria-busy", "true")
    ready(page)  # …until the app re-renders
    expect(page).to_have_url(DRAFT_URL)  # the new filing's own draft
    expect(group.get_by_label("Đã xác định được cả cha lẫn mẹ")).to_be_checked()
    expect(group.get_by_label("Trẻ bị bỏ rơi")).not_to_be_checked()
    expect(page.get_by_role("combobox", name="Tỉnh/Thành phố")).to_have_value("")
    assert mock_portal.faults()["fired"]["hydration"] >= 1
    choose(page, "Tỉnh/Thành phố", "Hà Nội")  # after hydration input sticks
    group.get_by_label("Trẻ bị bỏ rơi").check()
    expect(page.get_by_role("combobox", name="Tỉnh/Thành phố")).to_have_value("Hà Nội")


def test_conditional_sections_locks_and_session_expiry(page: Page, mock_portal):
    signed_in_page(page, mock_portal)
    page.goto(mock_portal.url("lienthong", f"/#/ke-khai/{KS}"))
    ready(page)
    expect(page).to_have_url(DRAFT_URL)
    choose(page, "Tỉnh/Thành phố", "Hà Nội")
    choose(page, "Phường/Xã", "Ba Đình")
    expect(page.get_by_label(exactly("Cơ quan thực hiện"))).to_have_value("UBND Phường Ba Đình, Hà Nội")
    page.get_by_role("group", name="Trường hợp khai sinh", exact=True).get_by_label(
        "Chưa xác định được cha", exact=True
    ).check()
    next_step(page, "Kê khai")
    expect(page.get_by_role("group", name="Thông tin người mẹ")).to_be_visible()
    expect(page.get_by_role("group", name="Thông tin người cha")).to_be_hidden()
    requester = page.get_by_role("group", name="Thông tin người yêu cầu")
    expect(requester.get_by_label("Họ, chữ đệm, tên")).to_have_value(CITIZEN_A["full_name"])
    expect(requester.get_by_label("Số điện thoại")).to_be_disabled()
    requester.get_by_role("button", name="Xác thực với CSDLQG về dân cư").click()
    expect(requester.get_by_text("Đã xác thực thông tin với CSDLQG về dân cư")).to_be_visible()
    expect(requester.get_by_label("Số điện thoại")).to_be_enabled()
    copies = page.get_by_role("group", name="Đề nghị cấp bản sao")
    expect(copies.get_by_label("Số lượng bản sao")).to_be_hidden()
    copies.get_by_label("Đề nghị cấp bản sao trích lục").check()
    expect(copies.get_by_label("Số lượng bản sao")).to_be_visible()

    page.get_by_role("button", name="Quay lại bước trước").click()
    expect(page.get_by_role("heading", name="Lựa chọn cơ quan thực hiện", exact=True)).to_be_visible()
    ready(page)
    page.get_by_role("group", name="Trường hợp khai sinh", exact=True).get_by_label(
        "Đã xác định được cả cha lẫn mẹ"
    ).check()
    next_step(page, "Kê khai")
    residence = page.get_by_role("group", name="Nơi cư trú của cha")
    expect(page.get_by_role("group", name="Thông tin người cha")).to_be_visible()
    expect(residence.get_by_role("combobox", name="Tỉnh/Thành phố")).to_be_visible()
    residence.get_by_label("Cùng nơi cư trú với mẹ").check()
    expect(residence.get_by_role("combobox", name="Tỉnh/Thành phố")).to_be_hidden()

    # a second tab of the same account opens its own filing; the first one is not disturbed
    draft_url = page.url
    second = page.context.new_page()
    second.goto(mock_portal.url("lienthong", f"/#/ke-khai/{KS}"))
    expect(second.get_by_role("heading", name="Lựa chọn cơ quan thực hiện", exact=True)).to_be_visible()
    ready(second)
    expect(second).to_have_url(DRAFT_URL)
    assert second.url != draft_url
    second.get_by_role("button", name="Hủy").click()
    second.get_by_role("dialog", name="Hủy hồ sơ").get_by_role("button", name="Đồng ý").click()
    expect(second.get_by_role("heading", name="Dịch vụ công liên thông: Khai sinh, Khai tử")).to_be_visible()
    second.close()

    # the token dies mid-wizard: the SPA says so and offers to sign in again
    mock_portal.set_faults("session_expiry=1")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_role("heading", name="Phiên đăng nhập đã hết hạn")).to_be_visible()
    mock_portal.set_faults("")
    page.get_by_role("link", name="Đăng nhập lại").click()
    vneid_sign_in(page, mock_portal)
    # back on the same draft (same id in the route) at its saved step, verification kept
    expect(page.get_by_role("heading", name="Kê khai", exact=True)).to_be_visible()
    ready(page)
    assert page.url == draft_url
    requester = page.get_by_role("group", name="Thông tin người yêu cầu")
    expect(requester.get_by_text("Đã xác thực thông tin với CSDLQG về dân cư")).to_be_visible()
    expect(page.get_by_role("group", name="Thông tin người cha")).to_be_visible()


def fill_declaration(page: Page) -> None:
    v = KS_DECLARATION
    requester = page.get_by_role("group", name="Thông tin người yêu cầu")
    requester.get_by_role("button", name="Xác thực với CSDLQG về dân cư").click()
    expect(requester.get_by_label("Số điện thoại")).to_be_enabled()
    choose(requester, "Quan hệ với người được khai sinh", v["NycQuanHe"])
    requester.get_by_label("Email").fill(v["NycEmail"])
    child = page.get_by_role("group", name="Thông tin người được khai sinh")
    child.get_by_label(exactly("Họ")).fill(v["Ho"])
    child.get_by_label(exactly("Chữ đệm")).fill(v["ChuDem"])
    child.get_by_label(exactly("Tên")).fill(v["Ten"])
    child.get_by_label("Ngày tháng năm sinh").fill(v["NgaySinh"])
    child.get_by_role("group", name="Giới tính").get_by_label("Nam").check()
    birthplace = page.get_by_role("group", name="Nơi sinh", exact=True)
    choose(birthplace, "Tỉnh/Thành phố", v["NsTinh"])
    choose(birthplace, "Phường/Xã", v["NsXa"])
    birthplace.get_by_label("Nơi sinh chi tiết (cơ sở y tế)").fill(v["NsDiaChi"])
    choose(page.get_by_role("group", name="Quê quán"), "Tỉnh/Thành phố", v["QqTinh"])
    for prefix, legend in (("Me", "Thông tin người mẹ"), ("Cha", "Thông tin người cha")):
        block = page.get_by_role("group", name=legend)
        block.get_by_label(exactly("Họ")).fill(v[prefix + "Ho"])
        block.get_by_label(exactly("Chữ đệm")).fill(v[prefix + "ChuDem"])
        block.get_by_label(exactly("Tên")).fill(v[prefix + "Ten"])
        block.get_by_label("Ngày sinh").fill(v[prefix + "NgaySinh"])
        block.get_by_label("Số định danh cá nhân").fill(v[prefix + "SoGiayTo"])
    mother_home = page.get_by_role("group", name="Nơi cư trú của mẹ")
    choose(mother_home, "Tỉnh/Thành phố", v["MeCtTinh"])
    choose(mother_home, "Phường/Xã", v["MeCtXa"])
    mother_home.get_by_label("Chi tiết").fill(v["MeCtDiaChi"])
    page.get_by_role("group", name="Nơi cư trú của cha").get_by_label("Cùng nơi cư trú với mẹ").check()
    household = page.get_by_role("group", name="Thông tin đăng ký thường trú")
    household.get_by_label("Họ, chữ đệm, tên chủ hộ").fill(v["ChuHoHoTen"])
    household.get_by_label("Số định danh cá nhân của chủ hộ").fill(v["ChuHoSoDinhDanh"])
    choose(household, "Quan hệ với chủ hộ", v["ChuHoQuanHe"])
    place = page.get_by_role("group", name="Nơi đề nghị đăng ký thường trú")
    choose(place, "Tỉnh/Thành phố", v["DkttTinh"])
    choose(place, "Phường/Xã", v["DkttXa"])
    place.get_by_label("Chi tiết").fill(v["DkttDiaChi"])
    page.get_by_role("group", name="Thông tin cấp thẻ BHYT").get_by_label("Nơi khám chữa bệnh ban đầu").fill(
        v["BhytNoiKcb"]
    )


def test_whole_birth_filing_by_hand_through_vneid(page: Page, mock_portal, tmp_path):
    page.goto(mock_portal.url("dvcqg", "/"))
    page.get_by_role("link", name="Dịch vụ công liên thông: Khai sinh, Khai tử").click()
    ready(page)
    page.get_by_role("link", name="Liên thông đăng ký khai sinh").click()
    page.get_by_role("link", name="Đăng nhập", exact=True).click()
    vneid_sign_in(page, mock_portal)

    expect(page.get_by_role("heading", name="Lựa chọn cơ quan thực hiện")).to_be_visible()
    ready(page)
    expect(page).to_have_url(DRAFT_URL)
    agency = page.get_by_role("group", name="Cơ quan thực hiện")
    choose(agency, "Tỉnh/Thành phố", "Hà Nội")
    choose(agency, "Phường/Xã", "Ba Đình")
    next_step(page, "Kê khai")
    page.get_by_role("button", name="Chuyển bước tiếp theo").click()  # empty → refused
    summary = page.get_by_role("alert", name="Lỗi")
    expect(summary).to_contain_text("Tên: Trường bắt buộc nhập")
    ready(page)
    fill_declaration(page)
    next_step(page, "Xem lại các tờ khai chi tiết")
    child_table = page.get_by_role("table", name="Thông tin người được khai sinh")
    expect(child_table.get_by_role("row", name="Tên")).to_contain_text("Khang")
    next_step(page, "Đính kèm thành phần hồ sơ")
    table = page.get_by_role("table", name="Thành phần hồ sơ")
    for row_name, filename in (("Giấy chứng sinh", "giay-chung-sinh.pdf"), ("CT01", "ct01.pdf")):
        path = tmp_path / filename
        path.write_bytes(PDF)
        row = table.get_by_role("row", name=re.compile(row_name))
        row.get_by_label("Chọn tệp tin").set_input_files(path)
        expect(row).to_contain_text(filename)
    next_step(page, "Lựa chọn hình thức nhận kết quả")
    captcha_id = page.get_by_role("img", name="Mã kiểm tra").get_attribute("data-captcha-id")
    page.get_by_label("Nhập mã kiểm tra").fill(mock_portal.captcha_answer(captcha_id))
    page.get_by_label("Tôi cam đoan").check()
    page.get_by_role("button", name="Hoàn thành").click()
    expect(page.get_by_role("status").filter(has_text="Kê khai thành công!")).to_be_visible()
    receipt = page.locator("dl")
    code = receipt.locator("dt:text-is('Số hồ sơ') + dd").inner_text()
    appointment = receipt.locator("dt:text-is('Ngày hẹn trả dự kiến') + dd").inner_text()
    assert re.fullmatch(r"G22\.99\.08-\d{6}-\d{6}", code)
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", appointment)
    dossier = mock_portal.dossier(code)
    fields = {(f["section"], f["label"]): f["value"] for f in dossier["fields"]}
    assert fields[("Thông tin người được khai sinh", "Ngày tháng năm sinh")] == KS_DECLARATION["NgaySinh"]
    assert fields[("Thông tin người yêu cầu", "Quan hệ với người được khai sinh")] == "Cha"
    assert [a["filename"] for a in dossier["attachments"]] == ["giay-chung-sinh.pdf", "ct01.pdf"]
    page.get_by_role("link", name="Hồ sơ của tôi").last.click()
    expect(page.get_by_role("table", name="Hồ sơ của tôi")).to_contain_text(code)
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", name=f"Chi tiết hồ sơ {code}")).to_be_visible()
    expect(page.get_by_role("table", name="Thông tin người mẹ")).to_contain_text("Hoa")
    page.get_by_role("link", name="Tra cứu hồ sơ").click()
    ready(page)
    page.get_by_label("Mã hồ sơ").fill(code)
    captcha_id = page.get_by_role("img", name="Mã kiểm tra").get_attribute("data-captcha-id")
    page.get_by_label("Nhập mã kiểm tra").fill(mock_portal.captcha_answer(captcha_id))
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("dl")).to_contain_text("Mới đăng ký")


def test_drift_changes_ids_but_not_labels(page: Page, mock_portal):
    signed_in_page(page, mock_portal)
    page.goto(mock_portal.url("lienthong", f"/#/ke-khai/{KS}"))
    ready(page)
    plain_id = page.get_by_role("combobox", name="Tỉnh/Thành phố").get_attribute("id")
    mock_portal.set_faults("drift=on")
    page.reload()
    ready(page)
    box = page.get_by_role("combobox", name="Tỉnh/Thành phố")
    assert box.get_attribute("id") != plain_id
    choose(page, "Tỉnh/Thành phố", "Hà Nội")
    choose(page, "Phường/Xã", "Ba Đình")
    next_step(page, "Kê khai")


def test_unknown_or_filed_draft_says_so(page: Page, mock_portal):
    signed_in_page(page, mock_portal)
    page.goto(mock_portal.url("lienthong", f"/#/ke-khai/{KS}/000000000000"))
    expect(page.get_by_role("heading", name="Không tìm thấy hồ sơ nháp")).to_be_visible()
    expect(page.get_by_role("alert", name="Lỗi")).to_contain_text("không thuộc tài khoản này")
    ready(page)
