"""One name matcher for every way a flow names an element: whole name, any case, any spacing,
the required star ignored, a trailing “…” for “starts with”. `text` and `placeholder` used to be
exact, so “Kê khai thành công!” written in another case or spacing was never found."""

from __future__ import annotations

import pytest

from agent.flow.schema import Target, WithinArgs
from agent.runner.locate import by_target, names_match, scoped

from .pages import page_with

# (kind, page: the element id="hit" plus a longer decoy name, how the flow writes the name)
CASES = [
    (
        "button",
        '<button id="hit">Tiếp   TỤC</button><button>Tiếp tục nữa</button>',
        Target(button="tiếp tục"),
    ),
    (
        "link",
        '<a id="hit" href="#">Hồ sơ của tôi</a> <a href="#">Hồ sơ của tôi đã lưu</a>',
        Target(link="hồ sơ  của TÔI"),
    ),
    (
        "heading",
        "<h1 id='hit'>Kiểm tra lại thông tin</h1><h2>Kiểm tra lại thông tin đã nộp</h2>",
        Target(heading="KIỂM TRA LẠI THÔNG TIN"),
    ),
    (
        "tab",
        '<div role="tablist"><span role="tab" id="hit">Tờ khai CT01</span>'
        '<span role="tab">Tờ khai CT01 bản cũ</span></div>',
        Target(tab="tờ khai ct01"),
    ),
    (
        "label",
        '<label for="hit">Ngày cấp <span aria-hidden="true">*</span></label><input id="hit">'
        '<label for="o">Ngày cấp lại</label><input id="o">',
        Target(label="ngày  cấp"),
    ),
    (
        "placeholder",
        '<input id="hit" placeholder="Số Định  Danh *"><input placeholder="Số định danh của chủ hộ">',
        Target(placeholder="số định danh"),
    ),
    (
        "text",
        '<p id="hit">Kê khai   thành CÔNG!</p><p>Kê khai thành công! Đang chuyển trang</p>',
        Target(text="kê khai thành công!"),
    ),
    (
        "role and name",
        '<ul role="listbox"><li role="option" id="hit">Hà Nội</li><li role="option">Hà Nội mới</li></ul>',
        Target(role="option", name="hà nội"),
    ),
    (
        "prefix",
        '<a id="hit" href="#">Thủ tục hành chính: Hộ tịch</a> <a href="#">Thủ tục khác</a>',
        Target(link="thủ tục hành chính…"),
    ),
    (
        "prefix text",
        '<p id="hit">Đã xác thực thông tin với CSDLQG, lúc 10:00</p><p>Đã xác thựcX</p>',
        Target(text="Đã xác thực…"),
    ),
]


@pytest.mark.browser
@pytest.mark.parametrize("kind, html, target", CASES, ids=[c[0] for c in CASES])
def test_every_kind_matches_names_the_same_way(run_async, kind, html, target):
    async def found() -> list[str | None]:
        async with page_with(html) as page:
            locator = by_target(page, target)
            return [await locator.nth(i).get_attribute("id") for i in range(await locator.count())]

    assert run_async(found()) == ["hit"]


@pytest.mark.browser
def test_a_row_is_found_by_the_document_name_it_contains(run_async):
    """Rows hold more than the name (“Bắt buộc”, the file input); “…” ends a shortened name."""
    html = (
        '<table aria-label="Thành phần hồ sơ"><tr><th scope="row">Bản sao giấy tờ tùy thân '
        "(Căn cước công dân/Thẻ căn cước/Hộ chiếu)</th><td>Bắt buộc</td><td>"
        '<label for="a">Chọn tệp tin</label><input type="file" id="a"></td></tr>'
        '<tr><th scope="row">Văn bản ủy quyền</th><td></td><td>'
        '<label for="b">Chọn tệp tin</label><input type="file" id="b"></td></tr></table>'
    )

    async def input_id() -> str | None:
        async with page_with(html) as page:
            root = scoped(page, (WithinArgs(row="bản sao  giấy tờ tùy thân…"),))
            return await by_target(root, Target(label="Chọn tệp tin")).get_attribute("id")

    assert run_async(input_id()) == "a"


@pytest.mark.parametrize(
    "written, shown, same",
    [
        ("Ngày cấp", "Ngày cấp *", True),
        ("ngày  cấp", " Ngày\ncấp ", True),
        ("Ngày cấp", "Ngày cấp lại", False),
        ("Thông tin người cha…", "Thông tin người cha", True),
        ("Thông tin người cha…", "Thông tin người cha (nếu có)", True),
        ("Thông tin người cha…", "Thông tin người chaX", False),
        (
            "Giấy tờ tùy thân, giấy tờ cư trú, văn bằng, chứng chỉ…",
            "Giấy tờ tùy thân, giấy tờ cư trú, văn bằng, chứng chỉ… của người cần đăng ký lại khai sinh",
            True,
        ),
    ],
)
def test_names_match_reads_names_like_the_locators(written, shown, same):
    assert names_match(written, shown) is same
