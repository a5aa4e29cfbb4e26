"""Issue 11's bar for the national path: with widgets swapped under drift (labels unbound,
dates split in three boxes, fieldsets turned headings, options reordered), dependent lists
re-rendered after each change and the e-form's frame loading late, each national page kind still
files exactly once and stores what the dossier says. The mock's counters prove the faults fired."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.config import Targets
from agent.dossier import load_dossier
from agent.runner import Engine
from agent.secrets import Secrets, load_credentials

#: Not yet stable under load (a step times out now and then with the machine busy): `make soak`.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.soak]
EXAMPLES = Path(__file__).parents[3] / "examples"
FAULTS = "drift=on,rerender=600,iframe_slow=2000"


def file_under_faults(mock_portal, run_async, tmp_path: Path, slug: str, seed: int):
    dossier = load_dossier(EXAMPLES / f"{slug}.yaml", portal="national")
    targets = Targets.resolve([f"{k}={v}" for k, v in mock_portal.urls.items()], env={})
    mock_portal.set_faults(FAULTS, seed=seed)

    async def go():
        secrets = Secrets(load_credentials(EXAMPLES / "credentials.mock.yaml"))
        async with Engine(targets, secrets, tmp_path / "runs", timeout_ms=15_000) as engine:
            session = await engine.session(dossier.account)
            return await engine.file(session, dossier)

    receipt = run_async(go())
    [stored] = mock_portal.dossiers(procedure=slug)  # exactly once
    assert stored["code"] == receipt.code
    return mock_portal.faults()["fired"], mock_portal.dossier(receipt.code)


def test_the_wizard_and_its_eform_file_once_under_drift_rerender_and_a_late_frame(
    mock_portal, run_async, tmp_path
):
    fired, filed = file_under_faults(mock_portal, run_async, tmp_path, "xac-nhan-tinh-trang-hon-nhan", seed=4)
    assert fired["drift"] >= 1 and fired["rerender"] >= 1 and fired["iframe_slow"] >= 1
    fields = {(f["section"], f["label"]): f["value"] for f in filed["fields"]}
    assert fields[("I. THÔNG TIN NGƯỜI YÊU CẦU", "Phường/Xã")] == "Phường Ba Đình"
    assert fields[("II. THÔNG TIN NGƯỜI ĐƯỢC CẤP GIẤY XÁC NHẬN", "Ngày, tháng, năm sinh")] == "15/03/1990"


def test_the_one_page_death_form_files_once_under_drift_and_rerender(mock_portal, run_async, tmp_path):
    fired, filed = file_under_faults(mock_portal, run_async, tmp_path, "dang-ky-khai-tu", seed=8)
    assert fired["drift"] >= 1 and fired["rerender"] >= 1
    values = {f["label"]: f["value"] for f in filed["fields"]}
    assert values["Giờ chết"] == "08" and values["Phút chết"] == "30"
