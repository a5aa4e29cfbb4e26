"""Issue 11's bar for the national path: with widgets swapped under drift (labels unbound,
dates split in three boxes, fieldsets turned headings, options reordered), dependent lists and
sections re-rendered after each change and the e-form's frame loading late, each of the five
Hanoi procedures still files exactly once by the national route, and what the mock stored is the
dossier (the conformance suite's own rule). The mock's counters prove the faults fired."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.config import Targets
from agent.conformance.stored import stored_problems
from agent.dossier import load_dossier
from agent.flow import load_procedure_flow
from agent.runner import Engine
from agent.secrets import Secrets, load_credentials

pytestmark = pytest.mark.browser
EXAMPLES = Path(__file__).parents[3] / "examples"
FAULTS = "drift=on,rerender=600,iframe_slow=2000"
#: The four Ministry of Justice wizard procedures (their e-form is a frame) and the one-page form.
WIZARD = ("xac-nhan-tinh-trang-hon-nhan", "dang-ky-lai-khai-sinh", "dang-ky-ket-hon", "dang-ky-lai-ket-hon")


@pytest.mark.parametrize("slug", [*WIZARD, "dang-ky-khai-tu"])
def test_every_national_flow_files_once_and_as_the_dossier_says_under_drift_rerender_and_a_late_frame(
    mock_portal, run_async, tmp_path, slug
):
    dossier = load_dossier(EXAMPLES / f"{slug}.yaml", portal="national")
    credentials = load_credentials(EXAMPLES / "credentials.mock.yaml")
    targets = Targets.resolve([f"{k}={v}" for k, v in mock_portal.urls.items()], env={})
    mock_portal.set_faults(FAULTS, seed=4)

    async def go():
        async with Engine(targets, Secrets(credentials), tmp_path / "runs", timeout_ms=15_000) as engine:
            session = await engine.session(dossier.account)
            return await engine.file(session, dossier)

    receipt = run_async(go())
    fired = mock_portal.faults()["fired"]
    assert fired["drift"] >= 1 and fired["rerender"] >= 1, fired
    if slug in WIZARD:
        assert fired["iframe_slow"] >= 1, fired
    [stored] = mock_portal.dossiers(procedure=slug)  # exactly once
    assert stored["code"] == receipt.code
    flow = load_procedure_flow("national", slug, None)
    account = credentials.accounts[dossier.account].public()
    assert stored_problems(dossier, mock_portal.dossier(receipt.code), account, flow) == []
