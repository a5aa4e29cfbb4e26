"""The officer's back office (/mot-cua/) keeps a session of its own, apart from the citizen's."""

from __future__ import annotations

import re

from tests.mock_portal.helpers import client, csrf, fill_to_review, login, submit

OFFICER = {"username": "canbo.motcua", "password": "CanBo@123"}


def officer_login(portal, c, **over):
    page = c.get(portal.url("hanoi", "/mot-cua/dang-nhap"))
    return c.post(
        portal.url("hanoi", "/mot-cua/dang-nhap"), data={"csrf_token": csrf(page.text), **OFFICER, **over}
    )


def test_officer_and_citizen_sessions_live_side_by_side_in_one_browser(mock_portal):
    c = login(mock_portal)  # the citizen, in this cookie jar
    review = fill_to_review(mock_portal, c, "dang-ky-khai-tu")
    code = re.search(
        r"Mã hồ sơ</dt><dd>([^<]+)", submit(mock_portal, c, "dang-ky-khai-tu", review).text
    ).group(1)

    assert c.get(mock_portal.url("hanoi", "/mot-cua/")).url.path == "/mot-cua/dang-nhap", (
        "a citizen's session is no officer's session"
    )
    inside = officer_login(mock_portal, c)
    assert inside.status_code == 200 and "Cán bộ Một cửa" in inside.text and code in inside.text
    set_cookie = inside.history[0].headers["set-cookie"]
    assert set_cookie.startswith("HNDVC_MOTCUA=") and "Path=/mot-cua" in set_cookie
    home = c.get(mock_portal.url("hanoi", "/"))
    assert "Nguyễn Văn An" in home.text, "the officer's sign-in left the citizen signed in"

    # the citizen signs out: the officer stays in
    c.post(mock_portal.url("hanoi", "/dang-xuat"), data={"csrf_token": csrf(home.text)})
    assert "Nguyễn Văn An" not in c.get(mock_portal.url("hanoi", "/")).text
    listing = c.get(mock_portal.url("hanoi", "/mot-cua/"))
    assert listing.url.path == "/mot-cua/" and code in listing.text

    # the officer signs out: the back office asks for the officer login again
    out = c.post(mock_portal.url("hanoi", "/mot-cua/dang-xuat"), data={"csrf_token": csrf(listing.text)})
    assert out.url.path == "/mot-cua/dang-nhap" and "Đăng nhập cán bộ một cửa" in out.text
    assert c.get(mock_portal.url("hanoi", f"/mot-cua/ho-so/{code}/tep/0")).status_code == 403


def test_officer_login_refuses_citizens_and_wrong_passwords(mock_portal):
    c = client()
    citizen = officer_login(mock_portal, c, username="001090012345", password="MatKhau@123")
    assert citizen.status_code == 401 and "không có quyền cán bộ một cửa" in citizen.text
    wrong = officer_login(mock_portal, c, password="sai")
    assert wrong.status_code == 401 and 'role="alert"' in wrong.text
    forged = c.post(mock_portal.url("hanoi", "/mot-cua/dang-nhap"), data={"csrf_token": "forged", **OFFICER})
    assert forged.status_code == 403


def test_officer_session_expiry_points_back_to_the_officer_login(mock_portal):
    c = client()
    officer_login(mock_portal, c)
    mock_portal.expire_sessions()
    r = c.get(mock_portal.url("hanoi", "/mot-cua/"))
    assert r.status_code == 401 and "Phiên đăng nhập đã hết hạn" in r.text
    assert 'href="/mot-cua/dang-nhap">Đăng nhập lại' in r.text
