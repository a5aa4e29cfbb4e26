"""The route's vocabulary applied by the verbs: a native select, a radio group and the e-form's
exclusive checkboxes offer the portal's words for the dossier's value; the step picks that
wording, and without the vocabulary the same step cannot."""

from __future__ import annotations

import pytest

from agent.flow.vocabulary import Vocabulary

from .harness import TOP, WIDGETS_JS, html, op, runner_on

pytestmark = pytest.mark.browser

VOCABULARY = Vocabulary(
    forms={"province": ("Thành phố {}", "Tỉnh {}")},
    words={"Trả kết quả qua đường bưu điện": ("Nhận qua dịch vụ bưu chính công ích",)},
)
BUILD = """
const W = window.RealWidgets;
const p = document.createElement('p');
p.appendChild(document.createTextNode('(2) Nơi đăng ký:'));
const span = document.createElement('span');
p.appendChild(span);
document.querySelector('.eform').appendChild(p);
W.exclusiveCheckboxes(span, 'noiDangKy', [{value: '01', text: 'Thành phố Hà Nội'}, {value: '40', text: 'Tỉnh Nghệ An'}]);
"""
PAGE = html(
    """<label for=tinh>Tỉnh/Thành phố</label>
    <select id=tinh><option value="">--</option><option value=40>Tỉnh Nghệ An</option>
      <option value=01>Thành phố Hà Nội</option></select>
    <fieldset><legend>Hình thức nhận kết quả</legend>
      <label><input type=radio name=m value=1> Nhận kết quả trực tuyến</label>
      <label><input type=radio name=m value=2> Nhận qua dịch vụ bưu chính công ích</label></fieldset>
    <div class="eform"></div><script src="/static/widgets.js"></script>""",
    BUILD,
)
PAGES = {TOP + "/": PAGE, TOP + "/static/widgets.js": WIDGETS_JS}
DATA = {"address": {"province": "Hà Nội"}, "delivery": {"method": "Trả kết quả qua đường bưu điện"}}


def test_each_verb_picks_the_routes_wording_of_the_value(run_async):
    async def go() -> tuple[str, str, list[str]]:
        async with runner_on(PAGES, DATA) as r:
            r.ctx.vocabulary = VOCABULARY
            await r.run(op("choose", {"label": "Tỉnh/Thành phố", "value": "data.address.province"}))
            await r.run(op("check", {"group": "Hình thức nhận kết quả", "option": "data.delivery.method"}))
            await r.run(op("check", {"field": "Nơi đăng ký", "option": "data.address.province"}))
            page = r.ctx.page
            ticked = await page.locator(".eform input:checked").evaluate_all("els => els.map(e => e.value)")
            return (
                await page.locator("#tinh").input_value(),
                await page.locator("input[name=m]:checked").get_attribute("value") or "",
                ticked,
            )

    assert run_async(go()) == ("01", "2", ["01"])


def test_without_the_vocabulary_the_dossiers_words_are_not_on_the_page(run_async):
    async def go() -> None:
        async with runner_on(PAGES, DATA, timeout_ms=1500) as r:
            await r.run(op("check", {"group": "Hình thức nhận kết quả", "option": "data.delivery.method"}))

    with pytest.raises(Exception, match="Trả kết quả qua đường bưu điện"):
        run_async(go())
