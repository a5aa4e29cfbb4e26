"""Real Chromium against the real mock, with the agent's kind of locators (role + label only).

Few and focused: one dossier filed by hand from the home page to the receipt, the combobox by
keyboard, and layout drift (ids and order change, labels still find every field).
"""

from __future__ import annotations

import hashlib

import httpx
import pytest
from playwright.sync_api import expect

from tests.mock_portal import browser_filing as by_hand
from tests.mock_portal.helpers import APPLICANT, DECLARATIONS, PDF, PNG, post_step, start_filing

pytestmark = pytest.mark.browser

POST_DELIVERY = {
    "htNhanKetQua": "Trả kết quả qua đường bưu điện",
    "soBanSao": "2",
    "bdNguoiNhan": "Nguyễn Văn An",
    "bdDienThoai": "0912345678",
    "bdTinh": "Hà Nội",
    "bdXa": "Hoàn Kiếm",
    "bdDiaChi": "Số 12 phố Hàng Bài",
}


def test_marriage_filed_by_hand_matches_admin_api(mock_portal, page, tmp_path):
    files = {
        "bride_id": tmp_path / "cccd-ben-nu.pdf",
        "groom_id": tmp_path / "cccd-ben-nam.png",
        "residence_proof": tmp_path / "xac-nhan-cu-tru.pdf",
    }
    files["bride_id"].write_bytes(PDF)
    files["groom_id"].write_bytes(PNG)
    files["residence_proof"].write_bytes(PDF + b"% residence\n")
    result = by_hand.file_by_hand(
        page,
        mock_portal.urls["hanoi"],
        "dang-ky-ket-hon",
        APPLICANT,
        DECLARATIONS["dang-ky-ket-hon"],
        POST_DELIVERY,
        files,
    )

    stored = mock_portal.dossier(result["code"])
    assert stored["procedure"] == "dang-ky-ket-hon" and stored["account"] == "001090012345"
    assert stored["appointment_date"] == result["appointment"] and stored["status"] == "Mới đăng ký"
    values = {f["name"]: f["value"] for f in stored["fields"]}
    for name, value in {**DECLARATIONS["dang-ky-ket-hon"], **POST_DELIVERY}.items():
        assert values[name] == value, name
    # what the citizen saw on “Kiểm tra lại thông tin” is exactly what the portal stored
    shown = result["review"]
    assert {
        (s, label, v)
        for s, rows in shown.items()
        for label, v in rows.items()
        if s != "Thành phần hồ sơ đã đính kèm"
    } == {(f["section"], f["label"], f["value"]) for f in stored["fields"]}
    assert shown["Thông tin bên nữ"]["Ngày sinh"] == "20/08/1995"
    assert {a["filename"]: a["sha256"] for a in stored["attachments"]} == {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files.values()
    }
    assert stored["delivery"]["post"]["commune"] == "Hoàn Kiếm"


def test_combobox_works_by_keyboard_and_lists_communes_of_the_province(mock_portal, page):
    by_hand.sign_in(page, mock_portal.urls["hanoi"], "001090012345", "MatKhau@123", by_hand.Shots(None))
    page.goto(mock_portal.url("hanoi", "/nop-ho-so/dang-ky-khai-tu"))
    by_hand.ready(page)
    page.get_by_role("button", name="Tiếp tục").click()
    by_hand.ready(page)
    owner = page.get_by_role("group", name="Thông tin chủ hồ sơ")
    province = owner.get_by_label(by_hand.label("Tỉnh/Thành phố"))
    province.fill("")
    province.press_sequentially("hai phong")  # accent-insensitive filter
    expect(page.get_by_role("option")).to_have_count(1)
    province.press("ArrowDown")
    province.press("Enter")
    expect(province).to_have_value("Hải Phòng")
    expect(province).to_have_attribute("aria-expanded", "false")
    commune = owner.get_by_label(by_hand.label("Phường/Xã"))
    commune.press_sequentially("Ba Đ")
    expect(page.get_by_role("listbox")).to_contain_text("Không có dữ liệu phù hợp")  # Ba Đình is Hà Nội's
    commune.fill("")
    commune.press_sequentially("Hồng B")
    page.get_by_role("option", name="Hồng Bàng", exact=True).click()
    expect(commune).to_have_value("Hồng Bàng")


def test_drift_changes_ids_but_labels_still_find_every_field(mock_portal, page):
    slug = "dang-ky-ket-hon"
    by_hand.sign_in(page, mock_portal.urls["hanoi"], "001090012345", "MatKhau@123", by_hand.Shots(None))
    # steps 1–2 over HTTP in the browser's own session, so the browser starts at “Kê khai”
    cookies = {c["name"]: c["value"] for c in page.context.cookies(mock_portal.urls["hanoi"])}
    with httpx.Client(cookies=cookies, follow_redirects=True, timeout=15) as c:
        filing = start_filing(mock_portal, c, slug)
        for step, data in ((1, {"doiTuong": "Làm thủ tục cho bản thân"}), (2, APPLICANT)):
            done = post_step(mock_portal, c, filing, step, data)
            assert done.status_code == 200, done.text[-500:]

    page.goto(mock_portal.url("hanoi", f"{filing}/buoc-3"))
    by_hand.ready(page)
    plain_id = (
        page.get_by_role("group", name="Thông tin bên nữ")
        .get_by_label(by_hand.label("Họ, chữ đệm, tên"))
        .get_attribute("id")
    )
    mock_portal.set_faults("drift=on")
    page.reload()
    by_hand.ready(page)
    bride = page.get_by_role("group", name="Thông tin bên nữ")
    drifted_id = bride.get_by_label(by_hand.label("Họ, chữ đệm, tên")).get_attribute("id")
    assert plain_id == "NuHoTen" and drifted_id != plain_id
    buttons = page.get_by_role("button").all_inner_texts()
    assert buttons.index("Quay lại") < buttons.index("Tiếp tục")  # order changed too
    # the native select became a div dropdown: its label binds nothing, it has no role, and its
    # options exist only while it is open
    id_kind = by_hand.drifted_select(bride, "Loại giấy tờ tùy thân")
    expect(id_kind.locator("select")).to_have_count(0)
    expect(bride.get_by_label(by_hand.label("Loại giấy tờ tùy thân"))).to_have_count(0)
    expect(id_kind.locator(".input-field-select")).to_have_text("-- Chọn --")
    expect(id_kind.locator("[role]")).to_have_count(0)
    expect(id_kind.locator(".input-field-select-options")).to_have_count(0)
    from fixtures.mock_portal.procedures import PROCEDURES

    by_hand.fill_blocks(page, PROCEDURES[slug].blocks, DECLARATIONS[slug])
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", level=1, name="Thành phần hồ sơ")).to_be_visible()
    assert mock_portal.faults()["fired"]["drift"] >= 2
