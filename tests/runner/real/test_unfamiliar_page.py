"""A page the flows were not written for (`unfamiliar_page.py`: table layout, bold-paragraph
parts, other numbering, its own picker, date boxes and radios) is filled by a flow written with
the documented verbs only, and what the page's form holds afterwards is the dossier."""

from __future__ import annotations

import json

import pytest

from agent.flow import plan
from agent.flow.loader import load_block
from agent.flow.vocabulary import load_vocabulary
from agent.runner.values import Values

from .harness import TOP, runner_on
from .unfamiliar_page import BLOCK, PAGE, VOCABULARY

pytestmark = pytest.mark.browser

DATA = {
    "name": "Trần Thị Bình",
    "born": "07/09/1988",
    "sex": "Nữ",
    "address": {
        "province": "Nghệ An",
        "commune": "Vinh Phú",
        "detail": "Số 5 đường Lê Lợi",
        "since": "01/02/2020",
    },
    "declared_on": "26/11/2026",
    "declared_at": "09:45",
}


def test_a_flow_of_documented_verbs_fills_a_page_it_was_not_written_for(run_async, tmp_path):
    (tmp_path / "blocks").mkdir()
    (tmp_path / "blocks" / "unfamiliar.yaml").write_text(BLOCK, encoding="utf-8")
    (tmp_path / "vocabulary.yaml").write_text(VOCABULARY, encoding="utf-8")
    ops = plan(load_block("blocks/unfamiliar", tmp_path))

    async def go() -> dict:
        async with runner_on({TOP + "/": PAGE}, values=Values({"data": DATA}["data"], {}, {})) as r:
            r.ctx.vocabulary = load_vocabulary(tmp_path)
            for op in ops:
                await r.run(op)
            await r.wait_ready()
            await r.ctx.page.click("#send")
            return json.loads(await r.ctx.page.locator("#out").inner_text())

    assert run_async(go()) == {
        "hoTen": "Trần Thị Bình",
        "ngaySinh": "1988-09-07",
        "gioiTinh": "Nữ",
        "noiSinh": "VN",
        "tinh": "Tỉnh Nghệ An",
        "xa": "Phường Vinh Phú",
        "soNha": "Số 5 đường Lê Lợi",
        "ngayDenO": "01/02/2020",
        "ngayKhai": "2026-11-26",
        "gio": "09",
        "phut": "45",
    }
