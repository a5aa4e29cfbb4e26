"""One draft per filing: parallel filings of one account, ownership, and no double filing."""

from __future__ import annotations

import re

from tests.mock_portal.helpers import (
    APPLICANT,
    CITIZEN_B,
    DECLARATIONS,
    DELIVERY,
    PDF,
    csrf,
    fill_to_review,
    login,
    post_step,
    start_filing,
    submit,
)

SLUG = "dang-ky-khai-tu"


def _code(receipt) -> str:
    assert receipt.status_code == 200 and "Nộp hồ sơ thành công" in receipt.text, receipt.text[-800:]
    return re.search(r"<dt>Mã hồ sơ</dt><dd>([^<]+)</dd>", receipt.text).group(1)


def test_nop_ho_so_link_starts_a_new_draft_each_time(mock_portal):
    c = login(mock_portal)
    procedure = c.get(mock_portal.url("hanoi", "/thu-tuc-hanh-chinh/1.000656"))
    href = re.search(r'<a class="button" href="([^"]+)">Nộp hồ sơ</a>', procedure.text).group(1)
    first, second = (c.get(mock_portal.url("hanoi", href)) for _ in range(2))
    for page in (first, second):
        assert page.status_code == 200 and "<h1>Thông tin chung</h1>" in page.text
        assert re.fullmatch(rf"/nop-ho-so/{SLUG}/[0-9a-f]{{12}}/buoc-1", page.url.path)
        assert f'action="{page.url.path}"' in page.text  # the form posts to its own draft
    assert first.url.path != second.url.path


def test_two_drafts_of_one_account_filled_interleaved_keep_their_own_values(mock_portal):
    tab1, tab2 = login(mock_portal), login(mock_portal)  # two browser contexts, same account
    one, two = start_filing(mock_portal, tab1, SLUG), start_filing(mock_portal, tab2, SLUG)
    values = {
        one: {**DECLARATIONS[SLUG], "ndkHoTen": "Nguyễn Văn Một"},
        two: {**DECLARATIONS[SLUG], "ndkHoTen": "Lê Thị Hai", "ndkGioiTinh": "Nữ"},
    }
    tabs = {one: tab1, two: tab2}
    addresses = {one: "Số 1 phố Huế", two: "Số 2 phố Huế"}
    steps = [
        (1, lambda f: {"doiTuong": "Làm thủ tục cho bản thân"}, None),
        (2, lambda f: {**APPLICANT, "chsDiaChi": addresses[f]}, None),
        (3, lambda f: values[f], None),
        (4, lambda f: {}, lambda f: [("file_death_notice", (f"{f[-4:]}.pdf", PDF, "application/pdf"))]),
        (5, lambda f: DELIVERY, None),
    ]
    for step, data, files in steps:  # step N of one, then step N of two
        for filing in (one, two):
            r = post_step(mock_portal, tabs[filing], filing, step, data(filing), files and files(filing))
            assert r.status_code == 200, (filing, step, r.text[-800:])
    reviews = {f: tabs[f].get(mock_portal.url("hanoi", f"{f}/kiem-tra")) for f in (one, two)}
    codes = {f: _code(submit(mock_portal, tabs[f], f, reviews[f])) for f in (two, one)}
    assert codes[one] != codes[two]
    for filing in (one, two):
        stored = {x["name"]: x["value"] for x in mock_portal.dossier(codes[filing])["fields"]}
        assert stored["ndkHoTen"] == values[filing]["ndkHoTen"]
        assert stored["chsDiaChi"] == addresses[filing]
        files = [a["filename"] for a in mock_portal.dossier(codes[filing])["attachments"]]
        assert files == [f"{filing[-4:]}.pdf"]
    assert len(mock_portal.dossiers(procedure=SLUG)) == 2


def test_another_account_gets_404_for_a_draft(mock_portal):
    a = login(mock_portal)
    review = fill_to_review(mock_portal, a, SLUG)
    filing = review.url.path.removesuffix("/kiem-tra")
    b = login(mock_portal, username=CITIZEN_B[0], password=CITIZEN_B[1])
    token = csrf(b.get(mock_portal.url("hanoi", "/")).text)
    for method, tail, kw in (
        ("GET", "", {}),
        ("GET", "/buoc-1", {}),
        ("GET", "/kiem-tra", {}),
        ("POST", "/buoc-1", {"data": {"csrf_token": token, "doiTuong": "x"}}),
        ("POST", "/nop", {"data": {"csrf_token": token}}),
    ):
        r = b.request(method, mock_portal.url("hanoi", filing + tail), **kw)
        assert r.status_code == 404, (method, tail, r.status_code)
        assert "Nguyễn Văn Ba" not in r.text
    assert mock_portal.dossiers() == []
    # A's draft is untouched and still files
    assert _code(submit(mock_portal, a, filing, review))


def test_second_submit_of_a_filed_draft_files_nothing(mock_portal):
    c = login(mock_portal)
    review = fill_to_review(mock_portal, c, SLUG)
    filing = review.url.path.removesuffix("/kiem-tra")
    other = fill_to_review(mock_portal, c, SLUG)  # a second filing of the same procedure
    code = _code(submit(mock_portal, c, filing, review))
    again = submit(mock_portal, c, filing, review)  # e.g. a retried click after a lost answer
    assert again.status_code in (404, 409) and "Hồ sơ của tôi" in again.text
    assert code in again.text
    resumed = c.get(mock_portal.url("hanoi", f"{filing}/buoc-1"))
    assert resumed.status_code in (404, 409) and "Hồ sơ của tôi" in resumed.text
    assert [d["code"] for d in mock_portal.dossiers()] == [code]
    # submitting removed only that draft: the other filing is still there and files on its own
    assert other.url.path != review.url.path
    assert _code(submit(mock_portal, c, other.url.path.removesuffix("/kiem-tra"), other)) != code
    assert len(mock_portal.dossiers()) == 2


def test_old_wizard_url_without_id_goes_to_this_sessions_draft(mock_portal):
    """Links without a draft id land on this browser session's latest filing, never another's."""
    tab1, tab2 = login(mock_portal), login(mock_portal)
    one = start_filing(mock_portal, tab1, SLUG)
    post_step(mock_portal, tab1, one, 1, {"doiTuong": "Làm thủ tục cho bản thân"})
    two = start_filing(mock_portal, tab2, SLUG)
    assert tab1.get(mock_portal.url("hanoi", f"/nop-ho-so/{SLUG}/buoc-1")).url.path == f"{one}/buoc-1"
    assert tab2.get(mock_portal.url("hanoi", f"/nop-ho-so/{SLUG}/buoc-2")).url.path == f"{two}/buoc-1"
    fresh = login(mock_portal).get(mock_portal.url("hanoi", f"/nop-ho-so/{SLUG}/buoc-1"))
    assert fresh.status_code == 200 and "<h1>Thông tin chung</h1>" in fresh.text
    assert fresh.url.path not in (f"{one}/buoc-1", f"{two}/buoc-1")
