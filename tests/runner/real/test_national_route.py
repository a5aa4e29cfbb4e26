"""The legacy route's dossier file (`examples/xac-nhan-tinh-trang-hon-nhan.yaml`) filed by the
agent through today's national path (`flows/national/…`) against the mock: dvcqg → VNeID →
the MoJ wizard with its cross-origin e-form → wallet upload → “Gửi hồ sơ”; then the mock's own
record of what was filed is read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.config import Targets
from agent.dossier import load_dossier
from agent.runner import Engine
from agent.secrets import Secrets, load_credentials

pytestmark = pytest.mark.browser
EXAMPLES = Path(__file__).parents[3] / "examples"


def test_the_legacy_dossier_files_by_the_national_route(mock_portal, run_async, tmp_path):
    dossier = load_dossier(EXAMPLES / "xac-nhan-tinh-trang-hon-nhan.yaml", portal="national")
    targets = Targets.resolve([f"{k}={v}" for k, v in mock_portal.urls.items()], env={})

    async def go():
        secrets = Secrets(load_credentials(EXAMPLES / "credentials.mock.yaml"))
        async with Engine(targets, secrets, tmp_path / "runs", timeout_ms=15_000) as engine:
            session = await engine.session(dossier.account)
            return await engine.file(session, dossier)

    receipt = run_async(go())
    filed = mock_portal.dossier(receipt.code)
    assert filed["procedure"] == "xac-nhan-tinh-trang-hon-nhan"
    assert filed["origins"] == ["dvcqg", "vneid", "moj", "eform"]
    fields = {(f["section"], f["label"]): f["value"] for f in filed["fields"]}
    assert fields[("Thông tin chủ hồ sơ", "Ngày cấp")] == "10/05/2021"
    assert fields[("I. THÔNG TIN NGƯỜI YÊU CẦU", "Phường/Xã")] == "Phường Ba Đình"
    assert (
        fields[("III. TÌNH TRẠNG HÔN NHÂN", "Tình trạng hôn nhân")] == "Hiện tại chưa đăng ký kết hôn với ai"
    )
    rows = {a["row"]: a for a in filed["attachments"]}
    assert rows["Bản sao giấy tờ tùy thân (Căn cước công dân/Thẻ căn cước/Hộ chiếu)"]["filename"] == (
        "cccd-nguyen-van-an.pdf"
    )
    assert filed["delivery"]["copies"] == 1
    # the dossier's "Trả kết quả tại bộ phận…", in the wizard's words (flows/national/vocabulary.yaml)
    assert filed["delivery"]["method"] == "Nhận bản giấy có đóng dấu tại cơ quan giải quyết"
    events = [json.loads(line) for line in (receipt.artifacts / "events.jsonl").read_text().splitlines()]
    review = next(e for e in events if e["event"] == "review")  # the preview was compared
    assert review["mismatches"] == 0 and review["bound"] >= 25 and review["rows_shown"] >= 25


def test_a_lost_answer_to_gui_ho_so_is_found_in_dich_vu_cong_cua_toi_not_filed_twice(
    mock_portal, run_async, tmp_path
):
    """The Ministry stores the dossier but its answer never arrives (`commit_timeout`): the
    engine reads "Dịch vụ công của tôi", opens the dossier's page, recognises it by the flow's
    `match:` values and reports its code — one dossier on the portal."""
    dossier = load_dossier(EXAMPLES / "xac-nhan-tinh-trang-hon-nhan.yaml", portal="national")
    targets = Targets.resolve([f"{k}={v}" for k, v in mock_portal.urls.items()], env={})
    mock_portal.set_faults("commit_timeout=1")

    async def go():
        secrets = Secrets(load_credentials(EXAMPLES / "credentials.mock.yaml"))
        async with Engine(
            targets, secrets, tmp_path / "runs", timeout_ms=15_000, submit_settle_s=5
        ) as engine:
            session = await engine.session(dossier.account)
            return await engine.file(session, dossier)

    receipt = run_async(go())
    assert mock_portal.faults()["fired"]["commit_timeout"] == 1
    assert receipt.reconciled
    [stored] = mock_portal.dossiers(procedure="xac-nhan-tinh-trang-hon-nhan")
    assert receipt.code == stored["code"]
