"""Registration with SMS OTP and the sign-in ways: wrong password, lock-out, captcha, Vietnam Post."""

from __future__ import annotations

import re

from tests.mock_portal.helpers import CITIZEN_A, client, csrf, login, open_login_page, submit_login


def test_registration_by_phone_with_otp_then_login(mock_portal):
    c = client()
    page = c.get(mock_portal.url("hanoi", "/dang-ky"))
    form = {
        "csrf_token": csrf(page.text),
        "hinhThuc": "Số thuê bao di động",
        "soDienThoai": "0901234567",
        "hoTen": "Lê Văn Cường",
        "soDinhDanh": "001092011111",
        "ngaySinh": "01/02/1992",
        "gioiTinh": "Nam",
        "matKhau": "MoiMoi@2024",
        "nhapLaiMatKhau": "MoiMoi@2024",
    }
    otp_page = c.post(mock_portal.url("hanoi", "/dang-ky"), data=form)
    assert otp_page.status_code == 200 and "Xác thực mã OTP" in otp_page.text
    wrong = c.post(
        mock_portal.url("hanoi", "/dang-ky/xac-thuc"),
        data={"csrf_token": csrf(otp_page.text), "otp": "000000", "action": "verify"},
    )
    assert wrong.status_code == 422 and "Mã OTP không đúng" in wrong.text
    wide = c.post(
        mock_portal.url("hanoi", "/dang-ky/xac-thuc"),  # full-width digits
        data={"csrf_token": csrf(otp_page.text), "otp": "１２３４５６", "action": "verify"},
    )
    assert wide.status_code == 422 and "Mã OTP không đúng" in wide.text
    otp = mock_portal.latest_otp("0901234567")
    done = c.post(
        mock_portal.url("hanoi", "/dang-ky/xac-thuc"),
        data={"csrf_token": csrf(otp_page.text), "otp": otp, "action": "verify"},
    )
    assert "Đăng ký tài khoản thành công" in done.text
    login(mock_portal, username="001092011111", password="MoiMoi@2024")


def test_registration_rejects_weak_password_and_bad_bhxh(mock_portal):
    c = client()
    page = c.get(mock_portal.url("hanoi", "/dang-ky"))
    r = c.post(
        mock_portal.url("hanoi", "/dang-ky"),
        data={
            "csrf_token": csrf(page.text),
            "hinhThuc": "Mã số bảo hiểm xã hội",
            "maBhxh": "12345",
            "soDienThoai": "0901234567",
            "hoTen": "A",
            "soDinhDanh": "001092011111",
            "ngaySinh": "01/02/1992",
            "gioiTinh": "Nam",
            "matKhau": "abc",
            "nhapLaiMatKhau": "abc",
        },
    )
    assert r.status_code == 422
    assert "Mã số bảo hiểm xã hội phải gồm đúng 10 chữ số" in r.text
    assert "Mật khẩu phải có ít nhất 8 ký tự" in r.text
    assert mock_portal.sms("0901234567") == []


def test_wrong_password_then_lockout_after_five_failures(mock_portal):
    c = client()
    for _ in range(4):
        r = submit_login(c, open_login_page(mock_portal, c), CITIZEN_A[0], "sai")
        assert r.status_code == 401 and "không đúng" in r.text
    r = submit_login(c, open_login_page(mock_portal, c), CITIZEN_A[0], "sai")
    assert r.status_code == 423 and "tạm khóa" in r.text
    r = submit_login(c, open_login_page(mock_portal, c), *CITIZEN_A)
    assert r.status_code == 423, "a locked account stays locked even with the right password"


def test_vietnam_post_login(mock_portal):
    c = login(mock_portal, username="buudien.an", password="MatKhau@123", way="vnpost")
    assert "Nguyễn Văn An" in c.get(mock_portal.url("hanoi", "/")).text


def test_vneid_way_redirects_to_identity_provider(mock_portal):
    c = client()
    r = c.get(mock_portal.url("hanoi", "/dang-nhap/cong-dan/vneid"), follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith(
        mock_portal.url("vneid", "/auth?response_type=code&client_id=hanoi")
    )


def test_auth_code_is_single_use_and_state_bound(mock_portal):
    c = client()
    page = open_login_page(mock_portal, c)
    r = submit_login(c, page, *CITIZEN_A)
    assert "Đăng xuất" in r.text
    callback = next(h for h in r.history if "/sso/callback" in str(h.url))
    replay = client().get(str(callback.url))
    assert replay.status_code == 400 and "Đăng xuất" not in replay.text


def test_captcha_gate(mock_portal):
    mock_portal.set_faults("captcha=on")
    c = client()
    page = open_login_page(mock_portal, c)
    cid = re.search(r'alt="Mã kiểm tra" data-captcha-id="([^"]+)"', page.text).group(1)
    answer = mock_portal.captcha_answer(cid)
    assert answer not in page.text
    assert (
        c.get(mock_portal.url("dvcqg", f"/captcha/{cid}.svg")).headers["content-type"].startswith("image/svg")
    )
    bad = submit_login(c, page, *CITIZEN_A, captcha="WRONG")
    assert bad.status_code == 422 and "Mã kiểm tra không đúng" in bad.text
    page = open_login_page(mock_portal, c)
    cid = re.search(r'data-captcha-id="([^"]+)"', page.text).group(1)
    ok = submit_login(c, page, *CITIZEN_A, captcha=mock_portal.captcha_answer(cid))
    assert "Đăng xuất" in ok.text
    assert mock_portal.faults()["fired"]["captcha"] >= 2


def _register_form(page_text: str, **over) -> dict:
    return {
        "csrf_token": csrf(page_text),
        "hinhThuc": "Mã số bảo hiểm xã hội",
        "maBhxh": "0123456789",
        "soDienThoai": "0909876543",
        "hoTen": "Phạm Thị Dung",
        "soDinhDanh": "001196022222",
        "ngaySinh": "05/06/1996",
        "gioiTinh": "Nữ",
        "matKhau": "BaoHiem@2025",
        "nhapLaiMatKhau": "BaoHiem@2025",
        **over,
    }


def test_registration_by_bhxh_code_with_otp_then_login(mock_portal):
    c = client()
    page = c.get(mock_portal.url("hanoi", "/dang-ky"))
    taken = c.post(mock_portal.url("hanoi", "/dang-ky"), data=_register_form(page.text, maBhxh="0112345678"))
    assert taken.status_code == 422 and "Mã số bảo hiểm xã hội đã được đăng ký tài khoản" in taken.text
    otp_page = c.post(mock_portal.url("hanoi", "/dang-ky"), data=_register_form(page.text))
    assert otp_page.status_code == 200 and "090****543" in otp_page.text
    sms = mock_portal.sms("0909876543")
    assert len(sms) == 1 and sms[0]["purpose"] == "register" and re.fullmatch(r"\d{6}", sms[0]["code"])
    done = c.post(
        mock_portal.url("hanoi", "/dang-ky/xac-thuc"),
        data={"csrf_token": csrf(otp_page.text), "otp": sms[0]["code"], "action": "verify"},
    )
    assert done.status_code == 200 and "Đăng ký tài khoản thành công" in done.text
    account = next(a for a in mock_portal.accounts() if a["personal_id"] == "001196022222")
    assert account["bhxh_code"] == "0123456789" and account["phone"] == "0909876543"
    assert account["full_name"] == "Phạm Thị Dung" and account["sex"] == "Nữ"
    login(mock_portal, username="001196022222", password="BaoHiem@2025")


def test_registration_by_phone_ignores_a_posted_bhxh_code(mock_portal):
    c = client()
    page = c.get(mock_portal.url("hanoi", "/dang-ky"))
    otp_page = c.post(
        mock_portal.url("hanoi", "/dang-ky"),
        data=_register_form(page.text, hinhThuc="Số thuê bao di động", maBhxh="12"),
    )
    assert otp_page.status_code == 200, otp_page.text[-600:]
    c.post(
        mock_portal.url("hanoi", "/dang-ky/xac-thuc"),
        data={
            "csrf_token": csrf(otp_page.text),
            "otp": mock_portal.latest_otp("0909876543"),
            "action": "verify",
        },
    )
    account = next(a for a in mock_portal.accounts() if a["personal_id"] == "001196022222")
    assert account["bhxh_code"] is None
