"""`review:` must check something: a value the flow typed whose label the review page does not
show, or a review that compared nothing at all, stops the filing before the submit. (It used to
pass silently in both cases: a changed label or a wrong page meant no check at all.)"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from runner.mini_portal import MiniPortal

from agent.config import Targets
from agent.runner import Engine
from agent.runner.bindings import Binding
from agent.runner.faults import ReviewMismatch
from agent.runner.steps import compare_review, read_review_tables
from agent.secrets import Credentials, Secrets
from agent.secrets.credentials import Account

from .pages import page_with

pytestmark = pytest.mark.browser

REVIEW = """
<h1>Kiểm tra lại thông tin</h1>
<table><caption>Thông tin người chết</caption>
  <tr><th scope="row">Họ, chữ đệm, tên</th><td>Nguyễn Văn Bảo</td></tr>
  <tr><th scope="row">Ngày sinh</th><td>1938</td></tr></table>
<table><caption>Thông tin người cha</caption>
  <tr><th scope="row">Họ, chữ đệm, tên</th><td>Nguyễn Văn Cả</td></tr></table>
<table><caption>Thành phần hồ sơ đã đính kèm</caption>
  <tr><th scope="row">Bản sao giấy tờ tùy thân (Căn cước công dân/Thẻ căn cước/Hộ chiếu)</th>
      <td>cccd.pdf</td></tr></table>
"""
NAME = Binding(
    "Thông tin người chết", "Họ, chữ đệm, tên", "data.deceased.full_name", "Nguyễn Văn Bảo", "fill"
)
BORN = Binding("Thông tin người chết", "Ngày sinh", "data.deceased.date_of_birth", "1938", "fill")
FATHER = Binding("Thông tin người cha…", "Họ, chữ đệm, tên", "data.father.full_name", "Nguyễn Văn Cả", "fill")
PAPERS = Binding(None, "Bản sao giấy tờ tùy thân…", "attachments.id_card", "cccd.pdf", "upload")
ID = Binding(
    "Thông tin người chết", "Số định danh cá nhân", "data.deceased.personal_id", "001038001234", "fill"
)


def review_problems(run_async, html: str, expected: list[Binding]) -> list[str]:
    async def read() -> list[str]:
        async with page_with(html) as page:
            return compare_review(await read_review_tables(page), expected, [])

    return run_async(read())


def test_a_review_showing_every_typed_value_passes(run_async):
    assert review_problems(run_async, REVIEW, [NAME, BORN, FATHER, PAPERS]) == []


def test_a_typed_value_missing_from_the_review_stops_the_filing(run_async):
    problems = review_problems(run_async, REVIEW, [NAME, BORN, ID])
    assert problems == [
        "Thông tin người chết › Số định danh cá nhân: not on the review page; the "
        "dossier says '001038001234' (data.deceased.personal_id)"
    ]


def test_an_empty_value_or_literal_text_may_be_absent(run_async):
    empty = Binding("Thông tin người chết", "Chữ đệm", "data.deceased.middle_name", "", "fill")
    search = Binding(None, "Tìm kiếm thủ tục", None, "Đăng ký khai tử", "fill")
    assert review_problems(run_async, REVIEW, [NAME, empty, search]) == []


def test_a_review_that_compared_nothing_fails(run_async):
    """The wrong page (no tables), or tables none of whose labels the flow names."""
    search = Binding(None, "Tìm kiếm thủ tục", None, "Đăng ký khai tử", "fill")
    assert review_problems(run_async, "<h1>Kê khai</h1>", [search]) == [
        "the review compared nothing: none of the 1 field(s) the flow filled is in the 0 table(s) on the page"
    ]
    assert review_problems(run_async, REVIEW, [])[0].startswith("the review compared nothing")


def test_a_different_value_is_reported_in_its_section(run_async):
    other = Binding("Thông tin người cha…", "Họ, chữ đệm, tên", "data.father.full_name", "Lê Văn Ba", "fill")
    assert review_problems(run_async, REVIEW, [NAME, other]) == [
        "Thông tin người cha… › Họ, chữ đệm, tên: the portal shows 'Nguyễn Văn Cả', the dossier "
        "says 'Lê Văn Ba' (data.father.full_name)"
    ]


# -- the engine on a real (mini) portal --------------------------------------------------------

FLOWS = Path(__file__).parents[1] / "runner" / "flows"


def _file(portal: MiniPortal, tmp: Path):
    account = Account(name="citizen", method="dvc", username="001090012345", password="MatKhau@123")
    dossier = SimpleNamespace(
        procedure="dang-ky-khai-tu",
        portal="mini",
        account="citizen",
        data={"deceased": {"full_name": "Lê Văn Tư", "personal_id": "001060001234"}},
        attachments={},
        source="mini.yaml",
    )

    async def go():
        async with Engine(
            Targets({"mini": portal.url}),
            Secrets(Credentials(accounts={"citizen": account})),
            tmp / "runs",
            flows_dir=FLOWS,
            timeout_ms=5000,
            max_attempts=2,
        ) as engine:
            return await engine.file(await engine.session("citizen"), dossier)

    return go()


@pytest.mark.parametrize(
    "fault, says",
    [
        ("review_omits_id", "Người chết › Số định danh cá nhân: not on the review page"),
        ("review_empty", "the review compared nothing"),
    ],
)
def test_the_engine_submits_nothing_after_a_review_that_missed_a_value(tmp_path, run_async, fault, says):
    with MiniPortal() as portal:
        setattr(portal.state.faults, fault, True)
        with pytest.raises(ReviewMismatch, match=says):
            run_async(_file(portal, tmp_path))
        assert portal.state.submits == 0 and not portal.state.dossiers
