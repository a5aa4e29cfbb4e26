"""The fault plan's real-markup kinds over plain HTTP: they parse and round-trip, fire as
planned (counted in the admin API), replay with the seed; and every refusal or fault page on the
real-markup routes is the live sites' look, without an `aria-busy` readiness flag."""

from __future__ import annotations

import re
import time

import httpx
import pytest

from fixtures.mock_portal.faults import FaultPlan, FaultPlanError

from .helpers import PDF, TTHN_UUID

BROWSER = {"user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"}
ACCOUNT = "001090012345"


def moj_client(portal) -> tuple[httpx.Client, str]:
    """A client signed in on `moj` with a one-time code, as VNeID hands it over (the browser
    tests walk the whole hand-off); returns it with the CSRF token of a fresh wizard."""
    client = httpx.Client(headers=BROWSER, timeout=10)
    code = portal.runtime.store.issue_auth_code(ACCOUNT, "moj", portal.url("moj", "/sso"), "vneid")
    assert client.get(portal.url("moj", "/sso"), params={"code": code, "next": "/"}).status_code == 303
    wizard = client.get(portal.url("moj", "/nop-ho-so/2089"), params={"maTinh": "01", "maXa": "00324"})
    assert wizard.status_code == 200
    return client, re.search(r'data-csrf="([^"]+)"', wizard.text).group(1)


def eform_src(client: httpx.Client, portal) -> str:
    wizard = client.get(portal.url("moj", "/nop-ho-so/2089"), params={"maTinh": "01", "maXa": "00324"})
    return (
        re.search(r'<iframe class="eform-frame"[^>]* src="([^"]+)"', wizard.text)
        .group(1)
        .replace("&amp;", "&")
    )


def test_new_kinds_parse_serialize_and_refuse_bad_values():
    plan = FaultPlan.parse("rerender=1500, iframe_slow=2000, wallet_flaky")
    assert (plan.rerender, plan.iframe_slow, plan.wallet_flaky) == (1500, 2000, True)
    assert FaultPlan.parse(plan.serialize()) == plan
    assert plan.serialize() == "rerender=1500,iframe_slow=2000,wallet_flaky=on"
    assert FaultPlan.parse("wallet_flaky=off").wallet_flaky is False
    for bad in ("rerender=-1", "iframe_slow=soon", "wallet_flaky=maybe"):
        with pytest.raises(FaultPlanError):
            FaultPlan.parse(bad)


def test_wallet_upload_fails_once_per_session_then_works(mock_portal):
    mock_portal.set_faults("wallet_flaky")
    client, csrf = moj_client(mock_portal)
    url = mock_portal.url("moj", "/api/File/upload")

    def upload():
        return client.post(
            url, headers={"X-CSRF-Token": csrf}, files={"file": ("a.pdf", PDF, "application/pdf")}
        )

    first = upload()
    assert first.status_code == 500
    assert first.json()["message"].startswith("Upload thất bại (File Service)")
    assert upload().status_code == 200  # once only
    assert mock_portal.faults()["fired"]["wallet_flaky"] == 1
    other, other_csrf = moj_client(mock_portal)  # another browser session fails once too
    again = other.post(
        url, headers={"X-CSRF-Token": other_csrf}, files={"file": ("a.pdf", PDF, "application/pdf")}
    )
    assert again.status_code == 500
    assert mock_portal.faults()["fired"]["wallet_flaky"] == 2


def test_eform_frame_answers_late_and_hands_the_rerender_delay_to_its_script(mock_portal):
    client, _ = moj_client(mock_portal)
    src = eform_src(client, mock_portal)
    mock_portal.set_faults("iframe_slow=700,rerender=1200")
    started = time.monotonic()
    frame = client.get(src)
    assert time.monotonic() - started >= 0.7
    assert 'data-rerender-ms="1200"' in frame.text
    fired = mock_portal.faults()["fired"]
    assert fired["iframe_slow"] == 1 and fired["rerender"] == 1
    mock_portal.set_faults("")
    assert 'data-rerender-ms="0"' in client.get(src).text
    assert mock_portal.faults()["fired"] == {}


def test_drift_reorders_option_lists_by_the_seed_without_changing_them(mock_portal):
    url = mock_portal.url("dvcqg", "/api/co-quan-thuc-hien/xa")
    plain = httpx.get(url, params={"tinh": "01"}).json()

    def drifted(seed: int) -> list:
        mock_portal.set_faults("drift=on", seed)
        return httpx.get(url, params={"tinh": "01"}).json()

    first = drifted(7)
    assert first != plain and sorted(first, key=str) == sorted(plain, key=str)
    assert drifted(7) == first  # same seed, same order
    assert drifted(8) != first
    client, _ = moj_client(mock_portal)
    options = client.post(
        mock_portal.url("eform", "/api/eform-service/api/call-api"),
        json={"apiId": "dantoc", "dependency": ""},
    ).json()
    mock_portal.set_faults("")
    undrifted = client.post(
        mock_portal.url("eform", "/api/eform-service/api/call-api"),
        json={"apiId": "dantoc", "dependency": ""},
    ).json()
    assert options != undrifted and sorted(options, key=str) == sorted(undrifted, key=str)


@pytest.mark.parametrize(
    ("origin", "path"),
    [
        ("moj", "/nop-ho-so/2089"),
        ("eform", "/e-form/x"),
        ("dvcqg", "/thu-tuc-hanh-chinh/" + TTHN_UUID),
        ("dvcqg", "/p/home/dvc-tra-cuu-ho-so.html"),
    ],
)
def test_maintenance_pages_on_real_routes_carry_no_readiness_flag(mock_portal, origin, path):
    mock_portal.set_faults("maintenance")
    page = httpx.get(mock_portal.url(origin, path), headers=BROWSER)
    assert page.status_code == 503
    assert "Hệ thống đang bảo trì" in page.text
    assert "aria-busy" not in page.text and 'class="page error-page"' in page.text


def test_legacy_routes_keep_the_core_fault_page(mock_portal):
    mock_portal.set_faults("maintenance")
    page = httpx.get(mock_portal.url("dvcqg", "/tim-kiem-thu-tuc-hanh-chinh"), headers=BROWSER)
    assert page.status_code == 503 and "aria-busy" in page.text


def test_refusals_on_real_routes_are_real_pages_or_json(mock_portal):
    missing = httpx.get(mock_portal.url("dvcqg", "/thu-tuc-hanh-chinh/khong-co"), headers=BROWSER)
    assert missing.status_code == 404
    assert "Không tìm thấy thủ tục hành chính." in missing.text and "aria-busy" not in missing.text
    frame = httpx.get(mock_portal.url("eform", "/e-form/x"), headers=BROWSER)
    assert frame.status_code == 404 and "aria-busy" not in frame.text
    api = httpx.get(mock_portal.url("moj", "/api/vi-dien-tu"), headers=BROWSER)
    assert api.status_code == 401 and api.json()["error"] == "Vui lòng đăng nhập"
    for origin in ("moj", "eform"):  # a path no route knows
        unknown = httpx.get(mock_portal.url(origin, "/khong-co/trang-nay"), headers=BROWSER)
        assert unknown.status_code == 404 and 'class="page error-page"' in unknown.text
        assert "aria-busy" not in unknown.text
    assert httpx.get(mock_portal.url("eform", "/static/real/eform.js")).status_code == 200  # not shadowed
    signed_out = httpx.get(mock_portal.url("moj", "/nop-ho-so/2089"), headers=BROWSER)
    assert signed_out.status_code == 303 and signed_out.headers["location"].startswith("/dang-nhap?next=")
