"""Each of the five Hanoi procedures filed end to end over HTTP, checked through the admin API."""

from __future__ import annotations

import hashlib
import re

import pytest

from tests.mock_portal.helpers import DECLARATIONS, PDF, fill_to_review, login, submit

CODES = {
    "xac-nhan-tinh-trang-hon-nhan": "1.004873",
    "dang-ky-lai-khai-sinh": "1.004884",
    "dang-ky-ket-hon": "1.000894",
    "dang-ky-lai-ket-hon": "1.004746",
    "dang-ky-khai-tu": "1.000656",
}


@pytest.mark.parametrize("slug", list(CODES))
def test_each_procedure_files_end_to_end(mock_portal, slug):
    c = login(mock_portal)
    review = fill_to_review(mock_portal, c, slug)
    receipt = submit(mock_portal, c, slug, review)
    assert receipt.status_code == 200 and "Nộp hồ sơ thành công" in receipt.text
    code = re.search(r"<dt>Mã hồ sơ</dt><dd>([^<]+)</dd>", receipt.text).group(1)
    assert re.fullmatch(r"000\.A0\.01\.H26-\d{6}-\d{4}", code)
    appointment = re.search(r"<dt>Ngày hẹn trả</dt><dd>([^<]+)</dd>", receipt.text).group(1)

    stored = mock_portal.dossier(code)
    assert stored["procedure"] == slug and stored["procedure_code"] == CODES[slug]
    assert stored["account"] == "001090012345" and stored["status"] == "Mới đăng ký"
    assert stored["appointment_date"] == appointment
    values = {f["name"]: f["value"] for f in stored["fields"]}
    for name, value in DECLARATIONS[slug].items():
        assert values[name] == value, name
    assert all(
        a["sha256"] == hashlib.sha256(PDF).hexdigest() and a["size"] == len(PDF)
        for a in stored["attachments"]
    )
    # every stored value is exactly what the review page showed
    for f in stored["fields"]:
        assert f'<th scope="row">{f["label"]}</th><td>{f["value"]}</td>' in review.text.replace("&#39;", "'")

    mine = c.get(mock_portal.url("hanoi", "/ho-so-cua-toi"))
    assert code in mine.text
    detail = c.get(mock_portal.url("hanoi", f"/ho-so/{code}"))
    assert detail.status_code == 200 and "Mới đăng ký" in detail.text


def test_my_dossiers_comes_a_page_at_a_time_newest_first(mock_portal_factory):
    portal = mock_portal_factory(list_page_size=2)
    c = login(portal)
    codes = []
    for _ in range(3):
        receipt = submit(portal, c, "dang-ky-khai-tu", fill_to_review(portal, c, "dang-ky-khai-tu"))
        codes.append(re.search(r"<dt>Mã hồ sơ</dt><dd>([^<]+)</dd>", receipt.text).group(1))
    first = c.get(portal.url("hanoi", "/ho-so-cua-toi")).text
    assert codes[2] in first and codes[1] in first and codes[0] not in first
    assert 'aria-label="Phân trang"' in first and "Trang 1/2" in first
    assert re.search(r'<a href="/ho-so-cua-toi\?trang=2" rel="next">Trang sau</a>', first)
    second = c.get(portal.url("hanoi", "/ho-so-cua-toi?trang=2")).text
    assert codes[0] in second and codes[2] not in second and "Trang sau" not in second
    assert "Trang trước" in second
    beyond = c.get(portal.url("hanoi", "/ho-so-cua-toi?trang=9")).text  # clamped, never empty
    assert codes[0] in beyond
