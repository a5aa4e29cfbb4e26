"""The liên thông SPA's widget kinds (shared/reference/real-markup.md §7 "Angular") against the
mock portal's own components (`RealWidgets.ngSelect`, `matSelect`), driven through the verbs as
a flow would: ng-selects named by the unbound text before them, a date of birth typed after its
format dropdown."""

from __future__ import annotations

import pytest

from agent.runner.faults import StepFailed

from .harness import TOP, WIDGETS_JS, html, op, runner_on

pytestmark = pytest.mark.browser

BUILD = """
const W = window.RealWidgets;
const form = document.querySelector('.row');
const later = (ms, value) => new Promise((r) => setTimeout(() => r(value), ms));
function field(label) {
  const wrap = document.createElement('app-input');
  const text = document.createElement('label');
  text.textContent = label + ' ';
  const star = document.createElement('span');
  star.textContent = '*';
  text.appendChild(star);
  wrap.appendChild(text);
  form.appendChild(wrap);
  return wrap;
}
const sexes = [{value: '1', text: 'Nam'}, {value: '2', text: 'Nữ'}];
const kinds = [{value: '1', text: 'Thường trú'}, {value: '2', text: 'Tạm trú'}];
const causes = [{value: '01', text: 'Bệnh già'}, {value: '03', text: 'Tai nạn giao thông'}];
window.sex = W.ngSelect(field('Giới tính'), {load: () => later(300, sexes)});
window.kind = W.ngSelect(field('Loại cư trú'), {load: () => later(300, kinds), initial: kinds[0]});
window.cause = W.ngSelect(field('Nguyên nhân chết'), {load: () => later(300, causes), tags: true});
const date = document.createElement('app-input');
const row = document.createElement('div');
row.className = 'ngaysinh';
date.appendChild(row);
form.appendChild(date);
const box = document.createElement('input');
W.matSelect(row, {options: ['Ngày/Tháng/Năm', 'Ngày/Tháng/Năm giờ:phút', 'Tháng/Năm', 'Năm'],
                  initial: 'Ngày/Tháng/Năm', onChange: () => { box.value = ''; }});
box.id = 'mat-input-0';
const label = document.createElement('label');
label.setAttribute('for', 'mat-input-0');
label.textContent = 'Ngày sinh';
row.appendChild(box);
row.appendChild(label);
"""
PAGE = html(
    '<div class="title">Thông tin người chết</div><div class="row"></div><script src="/static/widgets.js"></script>',
    BUILD,
)
PAGES = {TOP + "/": PAGE, TOP + "/static/widgets.js": WIDGETS_JS}


def test_ng_select_opens_on_mousedown_and_takes_a_late_option(run_async):
    async def go() -> None:
        async with runner_on(PAGES) as r:
            await r.run(op("choose", {"field": "Giới tính", "text": "Nữ"}))
            page = r.ctx.page
            assert await page.evaluate("window.sex.item().text") == "Nữ"
            assert await page.locator("ng-select .ng-value-label").first.inner_text() == "Nữ"
            assert await page.locator(".ng-dropdown-panel").count() == 0  # closed again

    run_async(go())


def test_ng_select_leaves_no_timer_behind_a_pick(run_async):
    """Readiness waits for the page's pending short timers, so a choice must leave none that
    is not the page's own work: the mock's ng-select swallows the click that ends the picking
    press, with a fallback timer for a press that never ends in one, cancelled once the click
    came (real ng-select has no such timer); the engine's own wait for the late list polls on
    animation frames, not timers. Either left pending would hold the next wait (0.4 s, 0.1 s)."""

    async def go() -> None:
        async with runner_on(PAGES) as r:
            await r.run(op("choose", {"field": "Giới tính", "text": "Nữ"}))
            pending = await r.ctx.page.evaluate(
                "async () => { await new Promise((r) => window.__dvcTimers.setTimeout(r, 20));"
                " return window.__dvcTimers.pending(); }"
            )
            assert pending == 0

    run_async(go())


def test_ng_select_offers_a_typed_text_it_does_not_list(run_async):
    async def go() -> None:
        async with runner_on(PAGES) as r:
            await r.run(op("choose", {"field": "Nguyên nhân chết", "text": "Tai biến mạch máu não"}))
            item = await r.ctx.page.evaluate("window.cause.item()")
            assert item == {"value": "", "text": "Tai biến mạch máu não", "tag": True}

    run_async(go())


def test_ng_select_picks_a_listed_text_not_a_new_one(run_async):
    async def go() -> None:
        async with runner_on(PAGES) as r:
            await r.run(op("choose", {"field": "Nguyên nhân chết", "text": "Bệnh già"}))
            assert await r.ctx.page.evaluate("window.cause.item()") == {"value": "01", "text": "Bệnh già"}

    run_async(go())


def test_ng_select_refuses_an_option_a_closed_list_lacks(run_async):
    async def go() -> None:
        async with runner_on(PAGES, timeout_ms=2500) as r:
            with pytest.raises(StepFailed, match="no option 'Khác'"):
                await r.run(op("choose", {"field": "Giới tính", "text": "Khác"}))
            assert await r.ctx.page.evaluate("window.sex.item()") is None

    run_async(go())


def test_ng_select_that_already_shows_a_value_is_found_by_its_label(run_async):
    async def go() -> None:
        async with runner_on(PAGES, timeout_ms=2500) as r:
            await r.run(op("choose", {"field": "Loại cư trú", "text": "Tạm trú"}))
            assert await r.ctx.page.evaluate("window.kind.item().text") == "Tạm trú"

    run_async(go())


def test_date_after_a_format_dropdown_gets_the_format_its_shape_needs(run_async):
    async def go() -> None:
        async with runner_on(PAGES) as r:
            page = r.ctx.page
            fmt = page.locator("mat-select .mat-select-value-text")
            await r.run(op("fill", {"label": "Ngày sinh", "text": "1950"}))
            assert await fmt.inner_text() == "Năm"
            assert await page.locator("#mat-input-0").input_value() == "1950"
            await r.run(op("fill", {"label": "Ngày sinh", "text": "04/1950"}))
            assert await fmt.inner_text() == "Tháng/Năm"
            await r.run(op("fill", {"label": "Ngày sinh", "text": "12/04/1945"}))
            assert await fmt.inner_text() == "Ngày/Tháng/Năm"
            assert await page.locator("#mat-input-0").input_value() == "12/04/1945"
            assert await page.locator(".cdk-overlay-pane").count() == 0  # the overlay closed

    run_async(go())


def test_date_with_a_format_dropdown_refuses_what_no_format_takes(run_async):
    async def go() -> None:
        async with runner_on(PAGES) as r:
            with pytest.raises(StepFailed, match="date-format dropdown"):
                await r.run(op("fill", {"label": "Ngày sinh", "text": "giữa năm 1950"}))

    run_async(go())
