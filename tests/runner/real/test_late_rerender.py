"""A value wiped after it was typed and checked: the live e-forms rebuild a section a moment
after an earlier choice (the mock's `rerender` fault), emptying what was typed there in between.
Before a click leaves the form part, the engine looks at every value again once the page is quiet
and sets the wiped ones once more."""

from __future__ import annotations

import pytest

from .harness import TOP, WIDGETS_JS, html, op, runner_on

pytestmark = pytest.mark.browser

#: Ticking "Khác" shows "Nhập mục đích" at once and rebuilds it, empty, 700 ms later; "Tiếp"
#: shows what the box holds when pressed.
PAGE = html(
    """<p>(1) Mục đích: <label><input type=checkbox id=other> Khác</label></p>
    <p id=purpose hidden>(2) Nhập mục đích: <span class=slot></span></p>
    <button id=next>Tiếp</button> <output id=sent></output>""",
    """
    const slot = document.querySelector('#purpose .slot');
    function build() { slot.innerHTML = '<input name="purpose">'; }
    document.getElementById('other').addEventListener('change', () => {
      document.getElementById('purpose').hidden = false;
      build();
      setTimeout(build, 700);
    });
    document.getElementById('next').addEventListener('click', () => {
      document.getElementById('sent').textContent = document.querySelector('[name=purpose]').value;
    });
    """,
)


def test_a_value_a_late_rerender_wiped_is_set_again_before_the_click(run_async):
    async def go() -> None:
        async with runner_on({TOP + "/": PAGE}) as r:
            await r.run(op("check", {"label": "Khác"}))
            await r.run(op("fill", {"field": "Nhập mục đích", "text": "Bổ sung hồ sơ"}))
            page = r.ctx.page
            assert await page.locator("[name=purpose]").input_value() == "Bổ sung hồ sơ"  # typed, checked
            # the flow goes on (other steps, other sections) while the section is rebuilt, empty
            await page.wait_for_function("document.querySelector('[name=purpose]').value === ''")
            await r.run(op("click", {"button": "Tiếp"}))
            assert await page.locator("#sent").text_content() == "Bổ sung hồ sơ"

    run_async(go())


def test_a_field_hidden_since_it_was_typed_is_not_set_again(run_async):
    async def go() -> None:
        async with runner_on({TOP + "/": PAGE}) as r:
            await r.run(op("check", {"label": "Khác"}))
            await r.run(op("fill", {"field": "Nhập mục đích", "text": "Bổ sung hồ sơ"}))
            await r.ctx.page.evaluate("document.getElementById('purpose').remove()")
            await r.run(op("click", {"button": "Tiếp"}))  # nothing to look at: no wait for it

    run_async(go())


#: A div dropdown (the mock's widgets.js) whose options load slowly and which the page rebuilds,
#: closed, as soon as it is first opened: the list being waited on goes with it.
REBUILT_WHILE_OPEN = html(
    '<div class="eform"><p>(1) Tỉnh/Thành phố: <span id=slot></span></p></div>'
    '<script src="/static/widgets.js"></script>',
    """
    const W = window.RealWidgets, slot = document.getElementById('slot');
    const provinces = [{value: '01', text: 'Thành phố Hà Nội'}, {value: '40', text: 'Tỉnh Nghệ An'}];
    let rebuilt = false;
    function build() {
      slot.textContent = '';
      W.divDropdown(slot, 'tinh', () => new Promise((r) => setTimeout(() => r(provinces), 600)));
      slot.querySelector('.input-field-select').addEventListener('click', () => {
        if (!rebuilt) { rebuilt = true; setTimeout(build, 0); }
      });
    }
    build();
    """,
)


def test_a_list_rebuilt_while_open_is_opened_again(run_async):
    async def go() -> None:
        pages = {TOP + "/": REBUILT_WHILE_OPEN, TOP + "/static/widgets.js": WIDGETS_JS}
        async with runner_on(pages) as r:
            await r.run(op("choose", {"field": "Tỉnh/Thành phố", "text": "Thành phố Hà Nội"}))
            page = r.ctx.page
            assert (
                await page.evaluate("window.RealWidgets && document.querySelector('[name=tinh]').value")
                == "01"
            )

    run_async(go())


#: The same box emptied in place a moment after it was typed in (a script resetting the model),
#: not replaced: the engine reads it back by the handle it kept when it found it.
IN_PLACE = html(
    """<p>(1) Nhập mục đích: <input name="purpose"></p>
    <button id=next>Tiếp</button> <output id=sent></output>""",
    """
    const box = document.querySelector('[name=purpose]');
    box.addEventListener('change', () => setTimeout(() => { box.value = ''; }, 300), { once: true });
    document.getElementById('next').addEventListener('click', () => {
      document.getElementById('sent').textContent = box.value;
    });
    """,
)


def test_a_value_emptied_in_place_after_it_was_typed_is_set_again_before_the_click(run_async):
    async def go() -> None:
        async with runner_on({TOP + "/": IN_PLACE}) as r:
            await r.run(op("fill", {"field": "Nhập mục đích", "text": "Bổ sung hồ sơ"}))
            page = r.ctx.page
            await page.locator("[name=purpose]").blur()  # `change`: the reset is scheduled
            await page.wait_for_function("document.querySelector('[name=purpose]').value === ''")
            await r.run(op("click", {"button": "Tiếp"}))
            assert await page.locator("#sent").text_content() == "Bổ sung hồ sơ"

    run_async(go())


#: A province box whose every input empties the ward box; the province is wiped once, a moment
#: after the ward was typed in.
CHAINED = html(
    """<p>(1) Tỉnh: <input name="province"></p><p>(2) Phường: <input name="ward"></p>
    <button id=next>Tiếp</button> <output id=sent></output>""",
    """
    const province = document.querySelector('[name=province]'), ward = document.querySelector('[name=ward]');
    province.addEventListener('input', () => { ward.value = ''; });
    ward.addEventListener('change', () => setTimeout(() => { province.value = ''; }, 300), { once: true });
    document.getElementById('next').addEventListener('click', () => {
      document.getElementById('sent').textContent = province.value + ' / ' + ward.value;
    });
    """,
)


def test_setting_a_wiped_value_again_looks_afresh_at_the_values_after_it(run_async):
    async def go() -> None:
        async with runner_on({TOP + "/": CHAINED}) as r:
            await r.run(op("fill", {"field": "Tỉnh", "text": "Hà Nội"}))
            await r.run(op("fill", {"field": "Phường", "text": "Ba Đình"}))
            page = r.ctx.page
            await page.locator("[name=ward]").blur()
            await page.wait_for_function("document.querySelector('[name=province]').value === ''")
            await r.run(op("click", {"button": "Tiếp"}))  # the province again empties the ward
            assert await page.locator("#sent").text_content() == "Hà Nội / Ba Đình"

    run_async(go())


#: A SurveyJS question whose option slides in (not yet stable to click) and whose list is closed
#: by a rebuild of the question 150 ms after it first opens (the `rerender` fault under load): the
#: option the engine saw is gone before it can be clicked, and no list is open any more.
CLOSED_UNDER_THE_CLICK = html(
    """<style>.sv-list__item { animation: slide 0.5s linear; }
    @keyframes slide { from { transform: translateX(40px); } to { transform: none; } }</style>
    <div class="sd-question"><div class="sd-question__header"><h5 class="sd-title">
    <span class="sv-string-viewer">Phường/Xã</span></h5></div>
    <div class="sd-question__content"></div></div>
    <script src="/static/widgets.js"></script>""",
    """
    const W = window.RealWidgets, holder = document.querySelector('.sd-question__content');
    const wards = [{value: '00004', text: 'Phường Ba Đình'}, {value: '00008', text: 'Phường Ngọc Hà'}];
    let opened = 0;
    window.chosen = '';
    function build() {
      holder.textContent = '';
      W.surveyDropdown(holder, () => wards, (v) => { window.chosen = v; });
      holder.querySelector('.sd-dropdown').addEventListener('click', () => {
        if (++opened === 1) setTimeout(build, 150);
      });
    }
    build();
    """,
)


def test_an_option_whose_list_closed_under_the_click_is_chosen_from_the_list_opened_again(run_async):
    """Not waited for until the step's timeout: the list is opened again and the option taken."""

    async def go() -> None:
        pages = {TOP + "/": CLOSED_UNDER_THE_CLICK, TOP + "/static/widgets.js": WIDGETS_JS}
        async with runner_on(pages, timeout_ms=4000) as r:
            await r.run(op("choose", {"field": "Phường/Xã", "text": "Phường Ngọc Hà"}))
            page = r.ctx.page
            assert await page.evaluate("window.chosen") == "00008"
            assert await page.locator(".sd-dropdown").inner_text() == "Phường Ngọc Hà"

    run_async(go())
