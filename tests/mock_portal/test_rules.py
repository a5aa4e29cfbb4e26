"""Validation with the portal's messages, upload rules, CSRF, session expiry, account isolation."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.mock_portal.helpers import (
    APPLICANT,
    CITIZEN_A,
    CITIZEN_B,
    DECLARATIONS,
    PDF,
    PNG,
    TODAY,
    ddmmyyyy,
    fill_to_review,
    login,
    open_login_page,
    post_step,
    start_filing,
    submit,
    submit_login,
)


def _to_step3(portal, c, slug):
    post_step(portal, c, slug, 1, {"doiTuong": "Làm thủ tục cho bản thân"})
    post_step(portal, c, slug, 2, APPLICANT)


def test_required_id_dates_and_commune_rules(mock_portal):
    c = login(mock_portal)
    slug = "dang-ky-ket-hon"
    _to_step3(mock_portal, c, slug)
    data = {
        **DECLARATIONS[slug],
        "NuHoTen": "",
        "NuSoDinhDanh": "12345",
        "NuNgayCapGiayTo": "31/02/2020",
        "NamNgayCapGiayTo": ddmmyyyy(TODAY + timedelta(days=5)),
        "NamXa": "Rạch Giá",
    }
    r = post_step(mock_portal, c, slug, 3, data)
    assert r.status_code == 422
    for message in (
        "Họ, chữ đệm, tên: Không được để trống",
        "Số định danh cá nhân: Số định danh cá nhân phải gồm đúng 12 chữ số",
        "Ngày cấp: Ngày không hợp lệ, vui lòng nhập theo định dạng dd/mm/yyyy",
        "Ngày cấp: Không được lớn hơn ngày hiện tại",
        "Phường/Xã: Phường/Xã không thuộc Tỉnh/Thành phố đã chọn",
    ):
        assert message in r.text, message
    assert 'role="alert" aria-label="Lỗi"' in r.text


def test_marriage_ages(mock_portal):
    c = login(mock_portal)
    slug = "dang-ky-ket-hon"
    _to_step3(mock_portal, c, slug)
    young_bride = ddmmyyyy(TODAY.replace(year=TODAY.year - 17))
    young_groom = ddmmyyyy(TODAY.replace(year=TODAY.year - 19))
    r = post_step(
        mock_portal, c, slug, 3, {**DECLARATIONS[slug], "NuNgaySinh": young_bride, "NamNgaySinh": young_groom}
    )
    assert r.status_code == 422
    assert "Bên nữ chưa đủ 18 tuổi" in r.text and "Bên nam chưa đủ 20 tuổi" in r.text


def test_death_registration_deadline(mock_portal):
    c = login(mock_portal)
    slug = "dang-ky-khai-tu"
    _to_step3(mock_portal, c, slug)
    old = ddmmyyyy(TODAY - timedelta(days=40))
    r = post_step(mock_portal, c, slug, 3, {**DECLARATIONS[slug], "ndkNgayChet": old, "gbtNgayCap": old})
    assert r.status_code == 422 and "không thể chọn Đăng ký đúng hạn" in r.text
    r = post_step(mock_portal, c, slug, 3, {**DECLARATIONS[slug], "ndkLoaiDangKy": "Đăng ký quá hạn"})
    assert r.status_code == 422 and "vui lòng chọn Đăng ký đúng hạn" in r.text
    r = post_step(
        mock_portal,
        c,
        slug,
        3,
        {**DECLARATIONS[slug], "ndkNgayChet": old, "gbtNgayCap": old, "ndkLoaiDangKy": "Đăng ký quá hạn"},
    )
    assert r.status_code == 200 and "Thành phần hồ sơ" in r.text


def test_upload_rules(mock_portal_factory):
    portal = mock_portal_factory(upload_limit_mb=0.01)
    c = login(portal)
    slug = "dang-ky-khai-tu"
    _to_step3(portal, c, slug)
    post_step(portal, c, slug, 3, DECLARATIONS[slug])
    big = post_step(
        portal, c, slug, 4, {}, [("file_death_notice", ("a.pdf", PDF + b"0" * 20000, "application/pdf"))]
    )
    assert big.status_code == 413 and "vượt quá dung lượng cho phép" in big.text
    exe = post_step(
        portal, c, slug, 4, {}, [("file_death_notice", ("a.pdf", b"MZ\x90\x00" * 10, "application/pdf"))]
    )
    assert exe.status_code == 415 and "không đúng định dạng cho phép" in exe.text
    disguised = post_step(portal, c, slug, 4, {}, [("file_death_notice", ("a.pdf", PNG, "application/pdf"))])
    assert disguised.status_code == 415 and "không khớp với nội dung" in disguised.text
    missing = post_step(portal, c, slug, 4, {})
    assert missing.status_code == 422 and "Vui lòng đính kèm tệp bắt buộc" in missing.text
    ok = post_step(portal, c, slug, 4, {}, [("file_death_notice", ("anh.png", PNG, "image/png"))])
    assert ok.status_code == 200 and "Thông tin nhận kết quả" in ok.text


def test_forged_csrf_is_refused(mock_portal):
    c = login(mock_portal)
    filing = start_filing(mock_portal, c, "dang-ky-khai-tu")
    r = c.post(
        mock_portal.url("hanoi", f"{filing}/buoc-1"),
        data={"csrf_token": "forged", "doiTuong": "Làm thủ tục cho bản thân"},
    )
    assert r.status_code == 403 and "Mã bảo mật của biểu mẫu không hợp lệ" in r.text
    r = c.post(mock_portal.url("hanoi", f"{filing}/buoc-1"), json={"doiTuong": 1})
    assert r.status_code == 403


def test_idle_session_expiry_resumes_the_same_draft(mock_portal):
    c = login(mock_portal)
    slug = "dang-ky-khai-tu"
    filing = start_filing(mock_portal, c, slug)
    post_step(mock_portal, c, filing, 1, {"doiTuong": "Làm thủ tục cho bản thân"})
    post_step(mock_portal, c, filing, 2, {**APPLICANT, "chsDiaChi": "Số 9 phố Huế"}, action="save")
    mock_portal.expire_sessions()
    r = c.get(mock_portal.url("hanoi", f"{filing}/buoc-2"))
    assert r.status_code == 401 and "Phiên đăng nhập đã hết hạn" in r.text
    again = re.search(r'<a class="button" href="([^"]+)">Đăng nhập lại</a>', r.text).group(1)
    assert again == f"/dang-nhap?next={filing}/buoc-2"
    c.get(mock_portal.url("hanoi", again))
    back = submit_login(c, open_login_page(mock_portal, c), *CITIZEN_A)  # signs in, follows next=
    assert back.url.path == f"{filing}/buoc-2"
    assert 'value="Số 9 phố Huế"' in back.text


def test_one_account_cannot_see_anothers_dossier(mock_portal):
    a = login(mock_portal)
    review = fill_to_review(mock_portal, a, "dang-ky-khai-tu")
    submit(mock_portal, a, "dang-ky-khai-tu", review)
    code = mock_portal.dossiers()[0]["code"]
    b = login(mock_portal, username=CITIZEN_B[0], password=CITIZEN_B[1])
    assert b.get(mock_portal.url("hanoi", f"/ho-so/{code}")).status_code == 404
    assert b.get(mock_portal.url("hanoi", f"/ho-so/{code}/tep/0")).status_code == 404
    assert code not in b.get(mock_portal.url("hanoi", "/ho-so-cua-toi")).text
    assert a.get(mock_portal.url("hanoi", f"/ho-so/{code}/tep/0")).content == PDF


def test_bad_requests_never_500(mock_portal):
    c = login(mock_portal)
    filing = start_filing(mock_portal, c, "dang-ky-khai-tu")
    for method, path, kw in (
        ("GET", "/thu-tuc-hanh-chinh/9.999999", {}),
        ("GET", "/nop-ho-so/khong-co/buoc-1", {}),
        ("GET", "/nop-ho-so/dang-ky-khai-tu/0123456789ab/buoc-1", {}),
        ("POST", "/nop-ho-so/dang-ky-khai-tu/buoc-1", {"data": {"csrf_token": "x"}}),
        (
            "POST",
            f"{filing}/buoc-4",
            {"content": b"--x\r\ngarbage", "headers": {"content-type": "multipart/form-data; boundary=x"}},
        ),
        ("POST", f"{filing}/nop", {"data": {"csrf_token": "x"}}),
    ):
        r = c.request(method, mock_portal.url("hanoi", path), **kw)
        assert 400 <= r.status_code < 500, (path, r.status_code)
        assert "Traceback" not in r.text
