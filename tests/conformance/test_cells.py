"""Cells against the real mock with real Chromium: the fault really fired (the mock's counters),
and the verdict matches what the portal recorded (its admin API)."""

from __future__ import annotations

import pytest

from agent.conformance.cell import run_cell
from agent.conformance.judge import PASS, REFUSED
from agent.conformance.scenarios import BY_NAME

from .helpers import only_row, options, target

pytestmark = pytest.mark.browser


def test_5xx_on_a_legacy_procedure_fires_and_files_exactly_once(mock_portal, run_async, tmp_path):
    row = only_row("hanoi/dang-ky-lai-ket-hon")
    cell = run_async(run_cell(row, BY_NAME["error_5xx"], target(mock_portal), options(tmp_path)))
    assert cell.status == PASS, cell.reason
    assert cell.fired.get("error_5xx", 0) >= 1  # read back from the mock's counters
    stored = mock_portal.dossiers()
    assert [d["procedure"] for d in stored] == ["dang-ky-lai-ket-hon"]
    assert stored[0]["code"] in cell.reason
    assert mock_portal.faults()["plan"] == ""  # the cell cleared its plan


def test_session_expiry_on_lien_thong_signs_in_again_and_files_once(mock_portal, run_async, tmp_path):
    row = only_row("dvcqg/lien-thong-khai-tu")
    cell = run_async(run_cell(row, BY_NAME["session_expiry"], target(mock_portal), options(tmp_path)))
    assert cell.status == PASS, cell.reason
    assert cell.fired.get("session_expiry", 0) >= 1
    assert [d["procedure"] for d in mock_portal.dossiers()] == ["lien-thong-khai-tu"]


def test_a_portal_side_refusal_is_reported_as_a_refusal_with_its_message(mock_portal, run_async, tmp_path):
    row = only_row("hanoi/dang-ky-khai-tu")
    assert row.refusal_path == "data.applicant.phone"
    cell = run_async(run_cell(row, BY_NAME["refusal"], target(mock_portal), options(tmp_path)))
    assert cell.status == PASS, cell.reason
    assert cell.outcome == REFUSED
    assert "Số điện thoại không hợp lệ" in cell.reason  # the portal's own words
    assert mock_portal.dossiers() == []  # refused: nothing stored
