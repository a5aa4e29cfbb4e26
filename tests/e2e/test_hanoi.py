"""End-to-end conformance on the Hanoi portal: each of the five procedures filed from its example
with real Chromium against the running mock, checked field by field through the admin API; the
three sign-in ways; layout drift; transient faults; a lost submit answer."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from e2e.conformance import CREDENTIALS, ROOT, Scenario, assert_conforms, file_example, file_under

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "slug, account",
    [
        ("xac-nhan-tinh-trang-hon-nhan", "citizen-a-vneid"),  # Cách 2: VNeID
        ("dang-ky-lai-khai-sinh", "citizen-a-vnpost"),  # Cách 3: Vietnam Post
        ("dang-ky-ket-hon", None),  # Cách 1: national DVC account
        ("dang-ky-lai-ket-hon", None),
    ],
)
def test_procedure_conforms(mock_portal, run_async, tmp_path, slug, account):
    receipt = run_async(file_example(mock_portal, slug, tmp_path, account=account))
    assert receipt.code and receipt.code.startswith("000.A0.01.H26-")
    stored = assert_conforms(mock_portal, slug, receipt.code, account)
    assert stored["appointment_date"] == receipt.appointment_date
    assert len(mock_portal.dossiers()) == 1


def test_cli_submit_files_the_example(mock_portal, tmp_path):
    """`dvc-agent submit examples/dang-ky-khai-tu.yaml` with only DVC_AGENT_PORTALS set."""
    env = {
        **os.environ,
        "DVC_AGENT_PORTALS": mock_portal.portals_env,
        "DVC_AGENT_CREDENTIALS": str(CREDENTIALS),
        "DVC_AGENT_ARTIFACTS": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "agent", "submit", "examples/dang-ky-khai-tu.yaml", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    receipt = json.loads(done.stdout)
    assert receipt["code"] and receipt["appointment_date"] and receipt["artifacts"]
    assert_conforms(mock_portal, "dang-ky-khai-tu", receipt["code"])
    assert "MatKhau@123" not in done.stderr
    mock_portal.set_status(receipt["code"], 2, "Đã tiếp nhận")
    status = subprocess.run(
        [sys.executable, "-m", "agent", "status", receipt["code"], "--account", "citizen-a", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert status.returncode == 0, status.stderr[-3000:]
    assert json.loads(status.stdout)["status"] == "Được tiếp nhận"


@pytest.mark.parametrize(
    "scenario",
    [
        Scenario("layout drift", "drift=on", 3, must_fire=("drift",)),
        Scenario(
            "latency, 5xx, session expiry",
            "latency=10-60,error_5xx=0.05,session_expiry=20",
            11,
            must_fire=("error_5xx", "session_expiry"),
        ),
        Scenario("lost submit answer", "commit_timeout=1", 5, reconciled=True),
    ],
    ids=str,
)
def test_khai_tu_files_once_and_conforms_under(mock_portal, run_async, tmp_path, scenario):
    file_under(mock_portal, run_async, tmp_path, "dang-ky-khai-tu", scenario)


def test_a_select_drift_turned_into_a_div_dropdown_is_chosen_by_its_label_and_reported(
    mock_portal, run_async, tmp_path
):
    """Under drift the catalogue's “Lĩnh vực” and each “Loại giấy tờ tùy thân” are div dropdowns
    whose label binds nothing: the flows' `label:` still finds them (read like `field:`), the
    dossier conforms, and each such step is reported as a fallback for the drift report."""
    drift = Scenario("drift", "drift=on", 3, must_fire=("drift",))
    receipt = file_under(mock_portal, run_async, tmp_path, "xac-nhan-tinh-trang-hon-nhan", drift)
    unbound = [note for note in receipt.fallbacks_used if "→ field" in note]
    assert any("open-procedure.yaml" in n and "Lĩnh vực" in n for n in unbound), receipt.fallbacks_used
    assert any("id-document.yaml" in n and "Loại giấy tờ tùy thân" in n for n in unbound), unbound
