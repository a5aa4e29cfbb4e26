"""VNeID sign-in, stage by stage, over real HTTP against the running mock."""

from __future__ import annotations

import html
from urllib.parse import parse_qs, urlparse

import httpx

from .helpers import CITIZEN_A, OTP_PURPOSE, alert_text, csrf_of, link_to, sign_in, start


def test_full_sequence_returns_to_site_signed_in_with_single_use_code(mock_portal):
    flow = start(mock_portal, next_url="#/ho-so-cua-toi")
    assert "Số định danh cá nhân" in flow.text and "Quét mã QR" in flow.text
    flow.post("/dang-nhap", so_dinh_danh=CITIZEN_A["personal_id"], mat_khau=CITIZEN_A["password"])
    assert "******5678" in flow.text  # OTP went to the account's phone
    sms = mock_portal.sms(CITIZEN_A["phone"])
    assert sms[-1]["purpose"] == OTP_PURPOSE and len(sms[-1]["code"]) == 6
    flow.post("/xac-thuc-otp", otp=sms[-1]["code"])
    assert "Xác nhận chia sẻ" in flow.text and "Nguyễn Văn An" in flow.text
    flow.post("/chia-se", dong_y="1", action="accept")
    assert "Nhập passcode" in flow.text
    # the last step redirects to the site with a code; capture it to prove it is single use
    flow.response = flow.client.post(
        mock_portal.url("vneid", "/passcode"), data={"csrf_token": csrf_of(flow.text), "passcode": "123456"}
    )
    assert flow.response.status_code == 303
    back = flow.response.headers["location"]
    assert back.startswith(mock_portal.url("lienthong", "/sso?"))
    landed = flow.client.get(back)
    assert landed.status_code == 303 and landed.headers["location"] == "/#/ho-so-cua-toi"
    token = flow.client.post(
        mock_portal.url("lienthong", "/api/phien"),
        headers={"X-CSRF-Token": csrf_of(flow.client.get(mock_portal.url("lienthong", "/")).text)},
    )
    assert token.json()["user"]["personal_id"] == CITIZEN_A["personal_id"]
    replay = httpx.get(back)
    assert replay.status_code == 400 and "Đăng nhập không thành công" in replay.text


def test_wrong_password_stays_on_login_with_attempts_left(mock_portal):
    flow = start(mock_portal)
    flow.post("/dang-nhap", so_dinh_danh=CITIZEN_A["personal_id"], mat_khau="sai-mat-khau")
    assert flow.response.status_code == 400
    assert "Bạn còn 4 lần thử" in alert_text(flow.text)
    assert mock_portal.sms(CITIZEN_A["phone"]) == []  # no OTP before the password is right
    flow.post("/dang-nhap", so_dinh_danh="12345", mat_khau="x")
    assert "12 chữ số" in alert_text(flow.text)


def test_wrong_otp_is_refused_then_right_one_passes_and_too_many_cancels(mock_portal):
    flow = start(mock_portal)
    flow.post("/dang-nhap", so_dinh_danh=CITIZEN_A["personal_id"], mat_khau=CITIZEN_A["password"])
    right = mock_portal.latest_otp(CITIZEN_A["phone"], OTP_PURPOSE)
    wrong = "000000" if right != "000000" else "111111"
    flow.post("/xac-thuc-otp", otp=wrong)
    assert flow.response.status_code == 400 and "Mã xác nhận không đúng" in alert_text(flow.text)
    flow.post("/xac-thuc-otp", otp=right)
    assert "Xác nhận chia sẻ" in flow.text

    second = start(mock_portal)
    second.post("/dang-nhap", so_dinh_danh=CITIZEN_A["personal_id"], mat_khau=CITIZEN_A["password"])
    wrong = "000000" if mock_portal.latest_otp(CITIZEN_A["phone"]) != "000000" else "111111"
    for _ in range(5):
        second.post("/xac-thuc-otp", otp=wrong)
    assert "quá số lần cho phép" in alert_text(second.text)
    assert "error=access_denied" in link_to(second.text, "/sso")
    # the transaction is gone: the OTP page no longer accepts anything
    assert "Phiên xác thực không hợp lệ" in second.client.get(mock_portal.url("vneid", "/xac-thuc-otp")).text


def test_expired_otp_is_refused_with_a_resend_hint(mock_portal_factory):
    portal = mock_portal_factory(otp_ttl_seconds=0)  # every OTP is already expired
    flow = start(portal)
    flow.post("/dang-nhap", so_dinh_danh=CITIZEN_A["personal_id"], mat_khau=CITIZEN_A["password"])
    flow.post("/xac-thuc-otp", otp=portal.latest_otp(CITIZEN_A["phone"], OTP_PURPOSE))
    assert flow.response.status_code == 400
    assert "Mã xác nhận đã hết hạn" in alert_text(flow.text)
    before = len(portal.sms(CITIZEN_A["phone"]))
    flow.post("/xac-thuc-otp/gui-lai")
    assert len(portal.sms(CITIZEN_A["phone"])) == before + 1


def test_denied_consent_issues_no_code_and_site_says_so(mock_portal):
    flow = start(mock_portal)
    flow.post("/dang-nhap", so_dinh_danh=CITIZEN_A["personal_id"], mat_khau=CITIZEN_A["password"])
    flow.post("/xac-thuc-otp", otp=mock_portal.latest_otp(CITIZEN_A["phone"], OTP_PURPOSE))
    flow.post("/chia-se", action="deny")
    assert flow.response.status_code == 403
    assert "Đã từ chối chia sẻ thông tin" in flow.text
    back = link_to(flow.text, "/sso")
    query = parse_qs(urlparse(back).query)
    assert query["error"] == ["access_denied"] and "code" not in query
    site = flow.client.get(back)
    assert site.status_code == 401 and "từ chối chia sẻ" in alert_text(site.text)
    assert flow.client.post(mock_portal.url("lienthong", "/api/phien")).status_code == 401


def test_consent_needs_the_tick(mock_portal):
    flow = start(mock_portal)
    flow.post("/dang-nhap", so_dinh_danh=CITIZEN_A["personal_id"], mat_khau=CITIZEN_A["password"])
    flow.post("/xac-thuc-otp", otp=mock_portal.latest_otp(CITIZEN_A["phone"], OTP_PURPOSE))
    flow.post("/chia-se", action="accept")
    assert flow.response.status_code == 400 and "đánh dấu đồng ý" in alert_text(flow.text)


def test_wrong_passcode_counts_down_then_cancels(mock_portal):
    flow = start(mock_portal)
    flow.post("/dang-nhap", so_dinh_danh=CITIZEN_A["personal_id"], mat_khau=CITIZEN_A["password"])
    flow.post("/xac-thuc-otp", otp=mock_portal.latest_otp(CITIZEN_A["phone"], OTP_PURPOSE))
    flow.post("/chia-se", dong_y="1", action="accept")
    flow.post("/passcode", passcode="999999")
    assert flow.response.status_code == 400 and "Bạn còn 4 lần thử" in alert_text(flow.text)
    flow.post("/passcode", passcode=CITIZEN_A["passcode"])  # right one still works
    assert str(flow.response.url).startswith(mock_portal.url("lienthong"))

    again = start(mock_portal)
    again.post("/dang-nhap", so_dinh_danh=CITIZEN_A["personal_id"], mat_khau=CITIZEN_A["password"])
    again.post("/xac-thuc-otp", otp=mock_portal.latest_otp(CITIZEN_A["phone"], OTP_PURPOSE))
    again.post("/chia-se", dong_y="1", action="accept")
    for _ in range(5):
        again.post("/passcode", passcode="999999")
    assert again.response.status_code == 403 and "sai passcode quá 5 lần" in again.text


def test_stages_cannot_be_skipped(mock_portal):
    flow = start(mock_portal)
    skipped = flow.client.get(mock_portal.url("vneid", "/passcode"), follow_redirects=True)
    assert "Đăng nhập tài khoản định danh điện tử" in skipped.text
    fresh = httpx.get(mock_portal.url("vneid", "/chia-se"))
    assert fresh.status_code == 400 and "Phiên xác thực không hợp lệ" in fresh.text


def test_qr_login_approved_through_admin_api(mock_portal):
    flow = start(mock_portal)
    qr_page = flow.client.get(mock_portal.url("vneid", "/dang-nhap-qr"))
    qr_id = qr_page.text.split('data-qr-id="')[1].split('"')[0]
    status = mock_portal.url("vneid", f"/dang-nhap-qr/{qr_id}/trang-thai")
    assert flow.client.get(status).json() == {"status": "pending"}
    refused = flow.client.get(mock_portal.url("vneid", f"/dang-nhap-qr/{qr_id}/tiep-tuc"))
    assert refused.status_code == 400
    approve = httpx.post(
        mock_portal.url("vneid", f"/__admin/vneid/qr/{qr_id}/approve"),
        json={"personal_id": CITIZEN_A["personal_id"]},
    )
    assert approve.status_code == 200
    approved = flow.client.get(status).json()
    assert approved["status"] == "approved"
    otp_page = flow.client.get(mock_portal.url("vneid", approved["next"]), follow_redirects=True)
    assert "Nhập mã xác nhận" in otp_page.text
    assert mock_portal.sms(CITIZEN_A["phone"])[-1]["purpose"] == OTP_PURPOSE
    assert (
        httpx.post(
            mock_portal.url("vneid", "/__admin/vneid/qr/khong-co/approve"),
            json={"personal_id": CITIZEN_A["personal_id"]},
        ).status_code
        == 404
    )


def test_unknown_client_or_foreign_redirect_is_refused(mock_portal):
    bad_client = httpx.get(
        mock_portal.url("vneid", "/auth"),
        params={"response_type": "code", "client_id": "evil", "redirect_uri": "http://evil.example/cb"},
    )
    assert bad_client.status_code == 400 and "Ứng dụng không hợp lệ" in bad_client.text
    foreign = httpx.get(
        mock_portal.url("vneid", "/auth"),
        params={"response_type": "code", "client_id": "dvcqg", "redirect_uri": "http://evil.example/sso"},
    )
    assert foreign.status_code == 400


def test_national_home_offers_three_ways_and_the_lienthong_tile(mock_portal):
    home = httpx.get(mock_portal.url("dvcqg", "/"))
    assert "Dịch vụ công liên thông: Khai sinh, Khai tử" in home.text
    assert f'href="{mock_portal.url("lienthong", "/#/")}"' in home.text
    chooser = httpx.get(mock_portal.url("dvcqg", link_to(home.text, "/dang-nhap")))
    assert "/xac-thuc/dang-nhap?" in chooser.text and "/auth?" in chooser.text
    assert mock_portal.url("vnpost", "/dang-nhap?") in html.unescape(chooser.text)
    flow = sign_in(mock_portal, site="dvcqg", next_url="/ho-so-cua-toi")
    assert "Hồ sơ của tôi" in flow.text and "Nguyễn Văn An" in flow.text


def test_captcha_fault_guards_the_vneid_password_form(mock_portal):
    mock_portal.set_faults("captcha=on")
    flow = start(mock_portal)
    captcha_id = flow.text.split('data-captcha-id="')[1].split('"')[0]
    flow.post(
        "/dang-nhap",
        so_dinh_danh=CITIZEN_A["personal_id"],
        mat_khau=CITIZEN_A["password"],
        captcha_id=captcha_id,
        captcha="SAI00",
    )
    assert flow.response.status_code == 400 and "Mã kiểm tra không đúng" in alert_text(flow.text)
    captcha_id = flow.text.split('data-captcha-id="')[1].split('"')[0]
    flow.post(
        "/dang-nhap",
        so_dinh_danh=CITIZEN_A["personal_id"],
        mat_khau=CITIZEN_A["password"],
        captcha_id=captcha_id,
        captcha=mock_portal.captcha_answer(captcha_id),
    )
    assert "Nhập mã xác nhận" in flow.text
    assert mock_portal.faults()["fired"]["captcha"] >= 2
