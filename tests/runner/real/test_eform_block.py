"""The e-form block of the national route (`flows/national/blocks/eform-tthn.yaml`) run by the
engine on the mock's real MoJ e-form: a cross-origin frame on `eform` inside a `moj` page, the
example dossier of the legacy route, and the mock's own validation as the judge."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from agent.dossier import load_dossier
from agent.flow import FLOWS_DIR, plan
from agent.flow.loader import load_block
from agent.flow.vocabulary import load_vocabulary
from agent.runner.values import Values
from fixtures.mock_portal.real.catalog import WIZARD_BY_CODE

from .harness import runner_on

pytestmark = pytest.mark.browser
EXAMPLE = Path(__file__).parents[3] / "examples" / "xac-nhan-tinh-trang-hon-nhan.yaml"

#: What the wizard does around its frame: host it, then ask it to save (postMessage) and show
#: the answer. The top page is on the `moj` origin, as live.
WIZARD = """<!doctype html><html lang=vi><head><meta charset=utf-8></head><body>
<h2>Kê khai thông tin</h2>
<iframe class="eform-frame" title="Tờ khai điện tử" src="{src}" style="width:100%;height:2400px"></iframe>
<button id="save" type="button">Lưu tờ khai</button><pre id="result"></pre>
<script>
document.getElementById('save').addEventListener('click', () =>
  document.querySelector('iframe').contentWindow.postMessage({{type: 'eform:save', request: 1}}, '{origin}'));
window.addEventListener('message', (ev) => {{
  if (ev.data && ev.data.type === 'eform:saved') document.getElementById('result').textContent = JSON.stringify(ev.data);
}});
</script></body></html>"""


def test_the_national_eform_block_files_the_legacy_dossier_on_the_real_eform(mock_portal, run_async):
    store = mock_portal.runtime.store
    account = store.find_account("001090012345")
    procedure = WIZARD_BY_CODE["1.004873"]
    instance = str(uuid.uuid4())
    store.put_state(
        "eform_instance",
        instance,
        {"eform_id": procedure.eform_id, "account": account.id, "code": procedure.code},
    )
    src = mock_portal.url("eform", f"/e-form/{procedure.eform_id}?hoSo={instance}")
    moj_page = mock_portal.url("moj", "/tra-cuu-tinh-trang-ho-so")  # any page of the origin
    page_html = WIZARD.format(src=src, origin=mock_portal.urls["eform"])
    values = Values.for_dossier(load_dossier(EXAMPLE), {})
    ops = plan(load_block("national/blocks/eform-tthn"))

    async def go() -> dict:
        async with runner_on({}, start=moj_page, values=values, timeout_ms=8000) as r:
            r.ctx.vocabulary = load_vocabulary(FLOWS_DIR / "national")  # "Thành phố Hà Nội"…
            await r.ctx.page.set_content(page_html)  # the wizard's page, on the `moj` origin
            for op in ops:
                if await r.conditions_hold(op):
                    await r.run(op)
            await r.wait_ready()
            await r.ctx.page.click("#save")
            result = r.ctx.page.locator("#result")
            await result.filter(has_text="eform:saved").wait_for()
            return json.loads(await result.inner_text())

    saved = run_async(go())
    assert saved["ok"], saved["errors"]
    rows = {(row["section"], row["label"]): row for row in saved["rows"]}
    place = rows[("I. THÔNG TIN NGƯỜI YÊU CẦU", "Phường/Xã")]
    assert (place["value"], place.get("code")) == ("Phường Ba Đình", "00324")
    born = rows[("II. THÔNG TIN NGƯỜI ĐƯỢC CẤP GIẤY XÁC NHẬN", "Ngày, tháng, năm sinh")]
    assert born["value"] == "15/03/1990"
    status = rows[("III. TÌNH TRẠNG HÔN NHÂN", "Tình trạng hôn nhân")]
    assert status["value"] == "Hiện tại chưa đăng ký kết hôn với ai"
    assert rows[("IV. MỤC ĐÍCH SỬ DỤNG", "Nhập mục đích")]["value"].startswith("Bổ sung hồ sơ mua bán đất")
