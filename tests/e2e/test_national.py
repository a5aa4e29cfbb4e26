"""End-to-end conformance on the national portal's liên thông SPA (client-rendered, VNeID
sign-in with OTP and passcode), with drift and hydration, transient faults and a lost submit."""
from __future__ import annotations

import pytest

from e2e.conformance import assert_conforms, file_example

pytestmark = pytest.mark.browser


def test_lien_thong_khai_sinh_conforms(mock_portal, run_async, tmp_path):
    receipt = run_async(file_example(mock_portal, "lien-thong-khai-sinh", tmp_path))
    assert receipt.code.startswith("G22.99.08-") and receipt.appointment_date
    assert_conforms(mock_portal, "lien-thong-khai-sinh", receipt.code)


def test_lien_thong_khai_tu_conforms_under_drift_and_slow_hydration(mock_portal, run_async, tmp_path):
    mock_portal.set_faults("drift=on,hydration=400", 2)
    receipt = run_async(file_example(mock_portal, "lien-thong-khai-tu", tmp_path))
    assert_conforms(mock_portal, "lien-thong-khai-tu", receipt.code)
    fired = mock_portal.faults()["fired"]
    assert fired.get("drift") and fired.get("hydration"), fired


def test_lien_thong_survives_5xx_and_session_expiry(mock_portal, run_async, tmp_path):
    mock_portal.set_faults("latency=10-50,error_5xx=0.05,session_expiry=30", 7)
    receipt = run_async(file_example(mock_portal, "lien-thong-khai-tu", tmp_path))
    assert_conforms(mock_portal, "lien-thong-khai-tu", receipt.code)
    fired = mock_portal.faults()["fired"]
    assert fired.get("error_5xx") and fired.get("session_expiry"), fired
    assert len(mock_portal.dossiers()) == 1


def test_lien_thong_lost_submit_answer_is_reconciled(mock_portal, run_async, tmp_path):
    mock_portal.set_faults("commit_timeout=1", 9)
    receipt = run_async(file_example(mock_portal, "lien-thong-khai-tu", tmp_path))
    assert receipt.reconciled
    assert [d["code"] for d in mock_portal.dossiers()] == [receipt.code]
