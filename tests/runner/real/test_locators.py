"""`field:`, `within: {section:}` and frames, against the e-form's real markup facts
(real-markup.md §7: `<p>(1) Họ, chữ đệm, tên: <span class="mention"><input name=…>`, no
`<label for>`, headings `<p><strong>I. …`), in real Chromium."""

from __future__ import annotations

import pytest

from agent.runner import reading
from agent.runner.faults import StepFailed

from .harness import FRAME, TOP, html, op, runner_on

pytestmark = pytest.mark.browser

#: The e-form's shape: widgets are built by script (a <div> cannot sit in a <p> in HTML source).
EFORM_SCRIPT = """
const slots = [
  ['h', 'I. THÔNG TIN NGƯỜI YÊU CẦU'],
  ['s', '(1) Họ, chữ đệm, tên:', '<input name="HoVaTenC" type="text">'],
  ['s', '(2) Ngày cấp <span>*</span>:', '<input id="NgayCapDDC-day"> / <input id="NgayCapDDC-month">'],
  ['s', '(3) Nơi cấp:', ''],
  ['s', '(4) Loại giấy tờ tùy thân:', '<div class="input-field-select" tabindex="0">-- Chọn --</div>'],
  ['h', 'II. THÔNG TIN NGƯỜI ĐƯỢC CẤP GIẤY XÁC NHẬN'],
  ['s', '(5) Họ, chữ đệm, tên:', '<input name="HoVaTenC1" type="text">'],
  ['s', '(6) Ngày cấp:', '<input id="NgayCapDDC1-day">'],
];
const form = document.querySelector('.eform');
for (const [kind, text, control] of slots) {
  const p = document.createElement('p');
  if (kind === 'h') p.innerHTML = '<strong>' + text + '</strong>';
  else p.innerHTML = text + ' <span class="mention">' + control + '</span>';
  form.appendChild(p);
}
"""
EFORM = html('<div class="eform"></div>', EFORM_SCRIPT)


def test_field_finds_the_control_its_text_labels_ignoring_numbering_colon_and_star(run_async):
    async def go() -> None:
        async with runner_on({TOP + "/": EFORM}) as r:
            found = await r._find(
                op("fill", {"field": "Nơi cấp", "text": "x"}),
                [op("fill", {"field": "Loại giấy tờ tùy thân", "text": "x"}).args.target()],
            )
            assert await found.locator.inner_text() == "-- Chọn --"
            section = {"section": "II. Thông tin người được cấp…"}
            await r.run(op("fill", {"field": "Họ, chữ đệm, tên", "text": "Trần Thị Bình"}, section))
            page = r.ctx.page
            assert await page.locator("[name=HoVaTenC1]").input_value() == "Trần Thị Bình"
            assert await page.locator("[name=HoVaTenC]").input_value() == ""
            first = {"section": "I. THÔNG TIN NGƯỜI YÊU CẦU"}
            await r.run(op("fill", {"field": "Ngày cấp", "text": "10"}, first))  # star + colon
            assert await page.locator("#NgayCapDDC-day").input_value() == "10"

    run_async(go())


def test_a_name_numbered_with_a_vietnamese_letter_and_ending_in_a_full_width_colon_is_read(run_async):
    """`đ)` and `：` are written as escapes in the engines Playwright sends to every document (so its
    injected script stays one byte per character); the readings must not change for it."""
    assert all(script.isascii() for script in reading.ENGINES.values())
    page = html('<p>đ) Nơi cư trú： <input name="a"></p><p>e) Quốc tịch: <input name="b"></p>')

    async def go() -> None:
        async with runner_on({TOP + "/": page}) as r:
            await r.run(op("fill", {"field": "Nơi cư trú", "text": "Hà Nội"}))
            assert await r.ctx.page.locator("[name=a]").input_value() == "Hà Nội"

    run_async(go())


def test_two_equally_near_candidates_fail_naming_both(run_async):
    async def go() -> None:
        async with runner_on({TOP + "/": EFORM}) as r:
            with pytest.raises(StepFailed) as failed:
                await r.run(op("fill", {"field": "Họ, chữ đệm, tên", "text": "An"}))
            message = str(failed.value)
            assert "I. THÔNG TIN NGƯỜI YÊU CẦU › (1) Họ, chữ đệm, tên: [HoVaTenC]" in message
            assert "II. THÔNG TIN NGƯỜI ĐƯỢC CẤP GIẤY XÁC NHẬN › (5) Họ, chữ đệm, tên: [HoVaTenC1]" in message
            assert "within" in message

    run_async(go())


def test_a_text_whose_control_is_not_drawn_yet_does_not_borrow_the_next_one(run_async):
    """“(3) Nơi cấp:” has an empty slot: the control after it belongs to “(4) Loại giấy tờ…”."""

    async def go() -> None:
        async with runner_on({TOP + "/": EFORM}, timeout_ms=600) as r:
            with pytest.raises(StepFailed, match="not found after"):
                await r.run(op("fill", {"field": "Nơi cấp", "text": "Bộ công an"}))

    run_async(go())


def test_field_in_a_cross_origin_frame_by_title_url_and_automatic_search(run_async):
    top = html(
        "<h1>Kê khai thông tin</h1>"
        f'<iframe class="eform-frame" title="Tờ khai điện tử" src="{FRAME}/e-form/1"></iframe>'
    )

    async def go() -> None:
        async with runner_on({TOP + "/": top, FRAME + "/e-form/1": EFORM}) as r:
            page = r.ctx.page
            frame = next(f for f in page.frames if f.url.startswith(FRAME))
            assert frame.url.split("/e-form")[0] != page.url.rstrip("/")  # a different origin
            section = {"section": "II. THÔNG TIN NGƯỜI ĐƯỢC CẤP GIẤY XÁC NHẬN"}
            await r.run(
                op(
                    "fill",
                    {"field": "Họ, chữ đệm, tên", "text": "Bình"},
                    {"frame": "Tờ khai điện tử"},
                    section,
                )
            )
            await r.run(op("fill", {"field": "Ngày cấp", "text": "01"}, {"frame_url": "/e-form/"}, section))
            await r.run(
                op(
                    "fill",
                    {"field": "Họ, chữ đệm, tên", "text": "An"},
                    {"section": "I. Thông tin người yêu cầu"},
                )
            )  # no frame named: searched
            assert await frame.locator("[name=HoVaTenC1]").input_value() == "Bình"
            assert await frame.locator("#NgayCapDDC1-day").input_value() == "01"
            assert await frame.locator("[name=HoVaTenC]").input_value() == "An"

    run_async(go())


def test_field_beside_group_and_in_a_table_row(run_async):
    page_html = html(
        "<fieldset><legend>Thông tin bên nữ</legend>"
        '<div class="row"><span>Họ, chữ đệm, tên</span><span>*</span><input name="nu"></div></fieldset>'
        "<fieldset><legend>Thông tin bên nam</legend>"
        '<div class="row"><span>Họ, chữ đệm, tên</span><input name="nam"></div></fieldset>'
        '<table><tr><td>Số điện thoại:</td><td><input name="sdt"></td></tr></table>'
    )

    async def go() -> None:
        async with runner_on({TOP + "/": page_html}) as r:
            await r.run(
                op("fill", {"field": "Họ, chữ đệm, tên", "text": "Bình"}, {"group": "Thông tin bên nam"})
            )
            await r.run(op("fill", {"field": "Số điện thoại", "text": "0912"}))
            page = r.ctx.page
            assert await page.locator("[name=nam]").input_value() == "Bình"
            assert await page.locator("[name=nu]").input_value() == ""
            assert await page.locator("[name=sdt]").input_value() == "0912"

    run_async(go())
