"""Each widget adapter against the mock portal's own component (`RealWidgets` from
fixtures/mock_portal/real/static/widgets.js), labelled as the live pages label them: by the text
before it, nothing bound. Driven through the verbs, as a flow would."""

from __future__ import annotations

import pytest

from agent.flow.schema import Target
from agent.runner import widgets
from agent.runner.faults import LockedDisagrees, StepFailed
from agent.runner.locate import find

from .harness import TOP, WIDGETS_JS, html, op, runner_on

pytestmark = pytest.mark.browser

BUILD = """
const W = window.RealWidgets;
const form = document.querySelector('.eform');
function slot(label, name) {
  const p = document.createElement('p');
  p.dataset.slot = name;
  p.appendChild(document.createTextNode(label + ' '));
  const span = document.createElement('span');
  span.className = 'mention';
  p.appendChild(span);
  form.appendChild(p);
  return span;
}
const later = (ms, value) => new Promise((r) => setTimeout(() => r(value), ms));
const provinces = [{value: '01', text: 'Thành phố Hà Nội'}, {value: '40', text: 'Tỉnh Nghệ An'}];
const wards = {'01': [{value: '00004', text: 'Phường Ba Đình'}], '40': [{value: '16681', text: 'Xã Nghi Lộc'}]};
W.threeBoxDate(slot('(1) Ngày cấp:', 'NgayCapDDC'), 'NgayCapDDC', '');
W.exclusiveCheckboxes(slot('(2) Nơi cư trú:', 'nycNoiCuTru'), 'nycNoiCuTru',
                      [{value: '1', text: 'Trong Nước'}, {value: '2', text: 'Khác'}]);
let province = null;
const wardSpan = slot('(4) Phường/Xã:', 'TT_PhuongXaC');
function buildWard() {
  wardSpan.textContent = '';
  W.divDropdown(wardSpan, 'TT_PhuongXaC', () => later(400, province ? wards[province.value()] : []));
}
province = W.divDropdown(slot('(3) Tỉnh/Thành phố:', 'TT_TinhThanhC'), 'TT_TinhThanhC',
                         () => later(200, provinces), () => setTimeout(buildWard, 300));
buildWard();
W.defaultSelect(slot('(5) Trường hợp khai sinh:', 'nksLoaiKhaiSinh'), 'nksLoaiKhaiSinh',
                [{value: '1', text: 'Đã xác định được cả cha lẫn mẹ'}, {value: '2', text: 'Chưa xác định được cha'}]);
const locked = slot('(6) Họ, chữ đệm, tên:', 'HoVaTenC');
locked.innerHTML = '<input name="HoVaTenC" readonly value="Nguyễn Văn An">';
const methods = [{value: '1', text: 'Trả kết quả tại bộ phận tiếp nhận và trả kết quả'},
                 {value: '2', text: 'Trả kết quả qua đường bưu điện'}];
window.method = W.ccSelect(slot('(7) Hình thức nhận kết quả:', 'method'), () => later(150, methods),
                           'Chọn hình thức nhận kết quả *', null, methods[0]);
slot('(8) Giờ chết:', 'gio').innerHTML = '<input name="gio" maxlength="2"> : <input name="phut" maxlength="2">';
"""
EFORM = html('<div class="eform"></div><script src="/static/widgets.js"></script>', BUILD)
PAGES = {TOP + "/": EFORM, TOP + "/static/widgets.js": WIDGETS_JS}


def test_three_box_date_keeps_the_hidden_value_in_step(run_async):
    async def go() -> None:
        async with runner_on(PAGES) as r:
            await r.run(op("fill", {"field": "Ngày cấp", "text": "01/05/2021"}))
            page = r.ctx.page
            assert await page.locator("#NgayCapDDC-name-date-input").input_value() == "2021-05-01"
            assert [
                await page.locator(f"#NgayCapDDC-{p}").input_value() for p in ("day", "month", "year")
            ] == ["01", "05", "2021"]

    run_async(go())


def test_exclusive_checkboxes_by_the_text_before_them(run_async):
    async def go() -> None:
        async with runner_on(PAGES) as r:
            await r.run(op("check", {"field": "Nơi cư trú", "option_text": "Khác"}))
            await r.run(op("check", {"field": "Nơi cư trú", "option_text": "Trong Nước"}))
            page = r.ctx.page
            assert await page.locator("#nycNoiCuTru-1").is_checked()
            assert not await page.locator("#nycNoiCuTru-2").is_checked()
            assert await page.locator("input[name=nycNoiCuTru]").input_value() == "1"

    run_async(go())


UNBOUND = html(
    '<div class="eform"><p>(2) Nơi cư trú: <span id=slot></span></p></div><script src="/static/widgets.js"></script>',
    "window.RealWidgets.exclusiveCheckboxes(document.getElementById('slot'), 'noi',"
    " [{value: '1', text: 'Trong Nước'}, {value: '2', text: 'Khác'}], null, true);",
)


def test_exclusive_checkboxes_whose_labels_lost_their_for_still_tick_the_box_beside_them(run_async):
    """`drift=on` unbinds the e-form's labels: the text still names the box next to it."""

    async def go() -> None:
        async with runner_on({TOP + "/": UNBOUND, TOP + "/static/widgets.js": WIDGETS_JS}) as r:
            page = r.ctx.page
            assert await page.get_by_label("Khác").count() == 0  # nothing is bound
            await r.run(op("check", {"field": "Nơi cư trú", "option_text": "Khác"}))
            assert await page.locator("input[name=noi]").input_value() == "2"
            await r.run(op("check", {"field": "Nơi cư trú", "option_text": "Trong Nước"}))
            assert await page.locator("input[name=noi]").input_value() == "1"
            assert not await page.locator("#noi-2").is_checked()

    run_async(go())


def test_div_dropdown_late_list_and_dependant_rebuilt_after_the_parent(run_async):
    async def go() -> None:
        async with runner_on(PAGES) as r:
            await r.run(op("choose", {"field": "Tỉnh/Thành phố", "text": "Tỉnh Nghệ An"}))
            await r.run(op("choose", {"field": "Phường/Xã", "text": "Xã Nghi Lộc"}))
            page = r.ctx.page
            assert await page.locator("input[name=TT_TinhThanhC]").input_value() == "40"
            assert await page.locator("input[name=TT_PhuongXaC]").input_value() == "16681"
            assert (
                await page.locator("#custom-select-TT_PhuongXaC .input-field-select").inner_text()
                == "Xã Nghi Lộc"
            )
            with pytest.raises(StepFailed, match="no option 'Phường Ba Đình'"):
                await r.run(op("choose", {"field": "Phường/Xã", "text": "Phường Ba Đình"}))

    run_async(go())


def test_a_widget_read_again_before_leaving_reads_as_gone_once_its_section_is_gone(run_async):
    """What a dropdown or a locked field shows is read in one call, and a control no longer on the
    page (its section hidden since) reads as gone at once, not after waiting for it to return."""

    async def go() -> None:
        async with runner_on(PAGES) as r:
            await r.run(op("choose", {"field": "Tỉnh/Thành phố", "text": "Tỉnh Nghệ An"}))
            page = r.ctx.page
            dropdown = widgets.Dropdown(page.locator("#custom-select-TT_TinhThanhC .input-field-select"), 500)
            locked = widgets.Locked(page.locator("input[name=HoVaTenC]"), 500)
            assert await dropdown.read_if_there() == "Tỉnh Nghệ An"
            assert await locked.read_if_there() == "Nguyễn Văn An"
            await page.evaluate("document.querySelectorAll('[data-slot]').forEach((p) => p.remove())")
            assert await dropdown.read_if_there() is None  # would wait the page's 30 s, then raise
            assert await locked.read_if_there() is None

    run_async(go())


def test_div_dropdown_left_open_by_an_earlier_click_is_opened_again_not_abandoned_shut(run_async):
    """A click that landed on a list as the page rebuilt it leaves the new list open; choosing
    then clicks a header that toggles it shut, and the choice must open it again."""

    async def go() -> None:
        async with runner_on(PAGES) as r:
            page = r.ctx.page
            await page.locator("#custom-select-TT_TinhThanhC .input-field-select").click()
            await page.get_by_text("Tỉnh Nghệ An").wait_for()
            await r.run(op("choose", {"field": "Tỉnh/Thành phố", "text": "Tỉnh Nghệ An"}))
            assert await page.locator("input[name=TT_TinhThanhC]").input_value() == "40"

    run_async(go())


def test_default_select_already_showing_the_value_is_left_alone_and_changed_otherwise(run_async):
    async def go() -> None:
        async with runner_on(PAGES) as r:
            page = r.ctx.page
            await r.run(
                op("choose", {"field": "Trường hợp khai sinh", "text": "Đã xác định được cả cha lẫn mẹ"})
            )
            await r.run(op("choose", {"field": "Trường hợp khai sinh", "text": "Chưa xác định được cha"}))
            assert await page.locator("input[name=nksLoaiKhaiSinh]").input_value() == "2"

    run_async(go())


def test_locked_field_is_verified_not_typed_and_a_different_value_is_an_error(run_async):
    async def go() -> None:
        async with runner_on(PAGES) as r:
            await r.run(op("fill", {"field": "Họ, chữ đệm, tên", "text": "Nguyễn Văn An"}))
            await r.run(op("fill", {"field": "Họ, chữ đệm, tên", "text": "NGUYỄN VĂN AN"}))  # case aside
            # the portal's records disagree with the dossier: a refusal naming both, not a flow to fix
            with pytest.raises(
                LockedDisagrees, match=r"locked this field with 'Nguyễn Văn An'.*'Trần Thị Bình'"
            ):
                await r.run(op("fill", {"field": "Họ, chữ đệm, tên", "text": "Trần Thị Bình"}))

    run_async(go())


@pytest.mark.parametrize(
    ("field", "kind", "shown"),
    [
        ("Tỉnh/Thành phố", widgets.Dropdown, "Tỉnh Nghệ An"),
        ("Trường hợp khai sinh", widgets.Dropdown, "Đã xác định được cả cha lẫn mẹ"),
        ("Họ, chữ đệm, tên", widgets.Locked, "Nguyễn Văn An"),
        ("Hình thức nhận kết quả", widgets.Dropdown, "Trả kết quả tại bộ phận tiếp nhận và trả kết quả"),
    ],
)
def test_what_a_control_shows_is_read_with_finding_it_as_its_adapter_reads_it(run_async, field, kind, shown):
    """The probe that finds a control also reads it with its kind's own reader, so an adapter that
    only compares (a locked field) needs no read of its own: both readings must agree."""

    async def go() -> None:
        async with runner_on(PAGES) as r:
            await r.run(op("choose", {"field": "Tỉnh/Thành phố", "text": "Tỉnh Nghệ An"}))
            found = await find(
                r.ctx.page,
                r.ctx.watch,
                (),
                [Target(field=field)],
                timeout_ms=2000,
                probe=widgets.CHOOSE_PROBE,
            )
            widget = await widgets.for_choose(found.locator, 2000, found.probed)
            assert isinstance(widget, kind)
            assert widget.shown_when_found == await widget.read() == shown

    run_async(go())


UPLOAD = html(
    "<table><tbody>"
    '<tr data-row="0"><td>Giấy báo tử hoặc giấy tờ thay Giấy báo tử</td><td class="files"></td>'
    '<td><button type="button" title="Tải lên file" data-row="0"><i class="icon"></i></button></td></tr>'
    '<tr data-row="1"><td>Văn bản ủy quyền (được chứng thực) theo quy định</td><td class="files"></td>'
    '<td><button type="button" title="Tải lên file" data-row="1"><i class="icon"></i></button></td></tr>'
    '</tbody></table><input type="file" accept=".pdf,.zip" hidden id="shared">'
    '<script src="/static/widgets.js"></script>',
    """RealWidgets.sharedUpload(document.getElementById('shared'),
         [...document.querySelectorAll('button[title="Tải lên file"]')], 2 * 1024 * 1024, (row, file) => {
           document.querySelector('tr[data-row="' + row + '"] td.files').textContent = file.name; });""",
)


def test_upload_through_a_per_row_button_over_one_shared_input(run_async, tmp_path):
    notice = tmp_path / "giay-bao-tu.pdf"
    notice.write_bytes(b"%PDF-1.4\n%%EOF\n")

    async def go() -> None:
        pages = {TOP + "/": UPLOAD, TOP + "/static/widgets.js": WIDGETS_JS}
        async with runner_on(pages) as r:
            r.ctx.values.roots["attachments"] = {"death_notice": notice}
            await r.run(
                op(
                    "upload",
                    {
                        "row": "Văn bản ủy quyền…",
                        "file": "attachments.death_notice",
                        "button": "Tải lên file",
                    },
                )
            )
            page = r.ctx.page
            assert await page.locator('tr[data-row="1"] td.files').inner_text() == "giay-bao-tu.pdf"
            assert await page.locator('tr[data-row="0"] td.files').inner_text() == ""

    run_async(go())


def test_cc_select_and_hour_minute_boxes(run_async):
    async def go() -> None:
        async with runner_on(PAGES) as r:
            await r.run(
                op("choose", {"field": "Hình thức nhận kết quả", "text": "Trả kết quả qua đường bưu điện"})
            )
            await r.run(op("fill", {"field": "Giờ chết", "text": "8:30"}))
            page = r.ctx.page
            assert await page.evaluate("window.method.value()") == "2"
            assert [await page.locator(f"[name={n}]").input_value() for n in ("gio", "phut")] == ["8", "30"]

    run_async(go())
