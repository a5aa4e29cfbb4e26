"""Flow B over plain HTTP, as the page's script calls it: lookup, upload limits, submit once,
refusals as JSON; then "Dịch vụ công của tôi" pages through the account's national dossiers."""

from __future__ import annotations

import re

import pytest

from tests.mock_portal.national.helpers import CITIZEN_B, sign_in

from .helpers import PDF, death_values

DEATH_UUID = "019d2bfd-3fac-7489-b53b-9c6c958f2da4"


class DeathForm:
    """One opened form: its draft id and CSRF token, and the signed-in dvcqg client."""

    def __init__(self, client, portal):
        self.client, self.portal = client, portal
        page = client.get(
            portal.url("dvcqg", "/nop-ho-so"),
            params={"formalityId": DEATH_UUID, "maTinh": "01", "maXa": "00324"},
        )
        assert page.status_code == 200
        self.draft = re.search(r'data-draft="([0-9a-f]+)"', page.text).group(1)
        self.headers = {"X-CSRF-Token": re.search(r'data-csrf="([^"]+)"', page.text).group(1)}

    def api(self, tail: str, **kw):
        return self.client.post(
            self.portal.url("dvcqg", f"/api/nop-ho-so/{self.draft}/{tail}"), headers=self.headers, **kw
        )

    def upload(self, data: bytes = PDF, name: str = "giay-bao-tu.pdf"):
        return self.api("tep", data={"row": "giay_bao_tu"}, files={"file": (name, data, "application/pdf")})

    def submit(self, delivery: dict | None = None, **changes: str):
        return self.api(
            "nop", json={"values": death_values(**changes), "delivery": delivery or {"method": "1"}}
        )


@pytest.fixture
def client(mock_portal):
    return sign_in(mock_portal, site="dvcqg", next_url="/").client


def test_lookup_knows_the_deceased_only_by_name_id_and_birth_date(client, mock_portal):
    form = DeathForm(client, mock_portal)
    url = mock_portal.url("dvcqg", "/api/citizen/get-citizen-by-code")
    found = client.post(
        url,
        headers=form.headers,
        json={"hoTen": "nguyen van bao", "soDinhDanh": "001038001234", "ngaySinh": "1938"},
    ).json()
    assert found["found"] and found["data"]["sex"] == {"value": "1", "text": "Nam"}
    assert found["data"]["ward"] == {"value": "00187", "text": "Phường Đống Đa"}
    missed = client.post(
        url,
        headers=form.headers,
        json={"hoTen": "Nguyễn Văn Bảo", "soDinhDanh": "001038001234", "ngaySinh": "1939"},
    ).json()
    assert missed["found"] is False


def test_upload_limits_and_one_submit_per_form(client, mock_portal):
    form = DeathForm(client, mock_portal)
    assert form.submit().json()["errors"] == [
        {
            "name": "giay_bao_tu",
            "label": "Giấy báo tử hoặc giấy tờ thay Giấy báo tử",
            "message": "Vui lòng đính kèm tệp",
        }
    ]
    too_big = form.upload(PDF + b"0" * (2 * 1024 * 1024))
    assert (too_big.status_code, too_big.json()["message"]) == (413, "Vui lòng chọn tệp nhỏ hơn 2MB!")
    wrong = form.upload(b"not a document", "note.pdf")
    assert (wrong.status_code, wrong.json()["message"]) == (415, "Vui lòng chọn tệp đúng định dạng!")
    assert form.upload().json() == {"ok": True, "fileName": "giay-bao-tu.pdf"}
    by_post = form.submit({"method": "2", "id-recipientPhone": "12"})
    assert {e["name"] for e in by_post.json()["errors"]} == {
        "id-recipientName",
        "recipientProvinceCode",
        "recipientComuneCode",
        "id-recipientAddress",
        "id-recipientPhone",
    }
    filed = form.submit()
    assert filed.status_code == 200
    assert form.submit().status_code == 409  # never a second dossier
    dossier = mock_portal.dossier(filed.json()["code"])
    assert dossier["procedure_code"] == "1.000656" and dossier["path"] == "national"
    assert mock_portal.dossiers(procedure="dang-ky-khai-tu") == [
        {k: v for k, v in dossier.items() if k != "history"}
    ]


def test_my_national_services_are_listed_newest_first_a_page_at_a_time(mock_portal_factory):
    portal = mock_portal_factory(list_page_size=1)
    client = sign_in(portal, site="dvcqg", next_url="/").client
    codes = []
    for _ in range(2):
        form = DeathForm(client, portal)
        form.upload()
        codes.append(form.submit().json()["code"])
    first = client.get(portal.url("dvcqg", "/dich-vu-cong-cua-toi"))
    assert codes[1] in first.text and codes[0] not in first.text and "Đăng ký khai tử" in first.text
    more = re.search(r'href="([^"]+)">Trang sau<', first.text).group(1)
    second = client.get(portal.url("dvcqg", more))
    assert codes[0] in second.text and "Trang sau" not in second.text


def test_by_post_the_fee_payment_choice_is_stored(client, mock_portal):
    form = DeathForm(client, mock_portal)
    form.upload()
    post = {
        "method": "2",
        "id-recipientName": "Nguyễn Văn An",
        "id-recipientPhone": "0912345678",
        "recipientProvinceCode": "01",
        "recipientComuneCode": "00324",
        "id-recipientAddress": "Số 12 phố Đội Cấn",
        "paymentMethod": "2",
    }
    filed = form.submit(post)
    assert filed.status_code == 200, filed.text
    rows = {f["name"]: f for f in mock_portal.dossier(filed.json()["code"])["fields"]}
    paid = rows["paymentMethod"]
    assert (paid["label"], paid["value"], paid["code"]) == (
        "Thanh toán lệ phí",
        "Thanh toán khi nhận kết quả",
        "2",
    )


def test_each_listed_dossier_opens_its_own_page_and_only_for_its_owner(mock_portal):
    """ "Xem chi tiết" on a row of "Dịch vụ công của tôi": the dossier's facts and what was
    declared, one captioned table per part (what the agent reads to recognise a dossier whose
    submit answer was lost); another account's dossier is not shown."""
    client = sign_in(mock_portal, site="dvcqg", next_url="/").client
    form = DeathForm(client, mock_portal)
    form.upload()
    code = form.submit().json()["code"]
    listing = client.get(mock_portal.url("dvcqg", "/dich-vu-cong-cua-toi")).text
    href = re.search(r'href="([^"]+)">Xem chi tiết<', listing).group(1)
    assert href == f"/dich-vu-cong-cua-toi/{code}"
    page = client.get(mock_portal.url("dvcqg", href))
    assert page.status_code == 200
    stored = mock_portal.dossier(code)
    first = stored["fields"][0]
    assert f"<caption>{first['section']}</caption>" in page.text
    assert f"<th>{first['label']}</th><td>{first['value']}</td>" in page.text
    other = sign_in(mock_portal, CITIZEN_B, site="dvcqg", next_url="/").client
    assert other.get(mock_portal.url("dvcqg", href)).status_code == 404
