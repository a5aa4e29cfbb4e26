"""Each fault kind fires and is counted; the officer back office moves statuses."""

from __future__ import annotations

import httpx
import pytest

from tests.mock_portal.helpers import client, csrf, fill_to_review, login, submit


def test_latency_maintenance_5xx_drift_counted(mock_portal):
    url = mock_portal.url("hanoi", "/")
    assert httpx.get(url, headers={"X-Mock-Faults": "maintenance=on"}).status_code == 503
    r = httpx.get(url, headers={"X-Mock-Faults": "error_5xx=1"})
    assert r.status_code in (500, 502, 503) and "Lỗi hệ thống" in r.text
    plain = httpx.get(mock_portal.url("hanoi", "/thu-tuc-hanh-chinh"))
    drifted = httpx.get(
        mock_portal.url("hanoi", "/thu-tuc-hanh-chinh"), headers={"X-Mock-Faults": "drift=on"}
    )
    assert 'id="tu_khoa"' in plain.text and 'id="tu_khoa"' not in drifted.text
    assert "Tìm kiếm thủ tục" in drifted.text
    httpx.get(url, headers={"X-Mock-Faults": "latency=30"})
    fired = mock_portal.faults()["fired"]
    assert (
        fired["maintenance"] == 1
        and fired["error_5xx"] == 1
        and fired["drift"] == 1
        and fired["latency"] == 1
    )
    assert (
        httpx.get(
            mock_portal.url("hanoi", "/__admin/health"), headers={"X-Mock-Faults": "maintenance=on"}
        ).status_code
        == 200
    )


def test_drop_closes_connection_without_response(mock_portal):
    mock_portal.set_faults("drop=1", seed=7)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        httpx.get(mock_portal.url("hanoi", "/"))
    assert mock_portal.faults() == {"plan": "drop=1", "seed": 7, "fired": {"drop": 1}}


def test_commit_timeout_stores_dossier_but_loses_reply(mock_portal):
    c = login(mock_portal)
    review = fill_to_review(mock_portal, c, "dang-ky-khai-tu")
    mock_portal.set_faults("commit_timeout=1")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        submit(mock_portal, c, "dang-ky-khai-tu", review)
    assert len(mock_portal.dossiers()) == 1
    assert mock_portal.faults()["fired"] == {"commit_timeout": 1}


def test_session_expiry_after_n_requests(mock_portal):
    c = login(mock_portal)
    mock_portal.set_faults("session_expiry=2")
    statuses = [c.get(mock_portal.url("hanoi", "/ho-so-cua-toi")).status_code for _ in range(3)]
    assert 401 in statuses and statuses[0] == 200
    assert mock_portal.faults()["fired"]["session_expiry"] == 1


def test_seeded_plan_is_reproducible(mock_portal):
    def run():
        mock_portal.set_faults("error_5xx=0.5", seed=42)
        return [httpx.get(mock_portal.url("hanoi", "/")).status_code for _ in range(12)]

    assert run() == run()


def test_bad_fault_plan_rejected(mock_portal):
    r = httpx.put(mock_portal.url("hanoi", "/__admin/faults"), json={"plan": "meteor=1"})
    assert r.status_code == 400


def test_officer_moves_status_and_citizen_sees_it(mock_portal):
    citizen = login(mock_portal)
    review = fill_to_review(mock_portal, citizen, "dang-ky-ket-hon")
    submit(mock_portal, citizen, "dang-ky-ket-hon", review)
    code = mock_portal.dossiers()[0]["code"]
    officer = client()
    page = officer.get(mock_portal.url("hanoi", "/mot-cua/dang-nhap"))
    officer.post(
        mock_portal.url("hanoi", "/mot-cua/dang-nhap"),
        data={"csrf_token": csrf(page.text), "username": "canbo.motcua", "password": "CanBo@123"},
    )
    detail = officer.get(mock_portal.url("hanoi", f"/mot-cua/ho-so/{code}"))
    assert detail.status_code == 200
    assert officer.get(mock_portal.url("hanoi", f"/mot-cua/ho-so/{code}/tep/0")).status_code == 200
    officer.post(
        mock_portal.url("hanoi", f"/mot-cua/ho-so/{code}/trang-thai"),
        data={"csrf_token": csrf(detail.text), "status_code": "2", "note": "Tiếp nhận"},
    )
    assert mock_portal.dossier(code)["status"] == "Được tiếp nhận"
    assert "Được tiếp nhận" in citizen.get(mock_portal.url("hanoi", "/ho-so-cua-toi")).text
    mock_portal.set_status(code, 10)
    assert "Đã trả kết quả" in citizen.get(mock_portal.url("hanoi", f"/ho-so/{code}")).text
