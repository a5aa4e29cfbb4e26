"""End-to-end conformance on the national portal's liên thông SPA (client-rendered, VNeID
sign-in with OTP and passcode), with drift and hydration, transient faults and a lost submit."""

from __future__ import annotations

import pytest

from e2e.conformance import Scenario, assert_conforms, file_example, file_under

pytestmark = pytest.mark.browser


def test_lien_thong_khai_sinh_conforms(mock_portal, run_async, tmp_path):
    receipt = run_async(file_example(mock_portal, "lien-thong-khai-sinh", tmp_path))
    assert receipt.code.startswith("G22.99.08-") and receipt.appointment_date
    assert_conforms(mock_portal, "lien-thong-khai-sinh", receipt.code)


@pytest.mark.parametrize(
    "scenario",
    [
        Scenario("drift and slow hydration", "drift=on,hydration=400", 2, must_fire=("drift", "hydration")),
        Scenario(
            "latency, 5xx, session expiry",
            "latency=10-50,error_5xx=0.05,session_expiry=15",
            7,
            must_fire=("error_5xx", "session_expiry"),
        ),
        Scenario("lost submit answer", "commit_timeout=1", 9, reconciled=True),
    ],
    ids=str,
)
def test_lien_thong_khai_tu_files_once_and_conforms_under(mock_portal, run_async, tmp_path, scenario):
    file_under(mock_portal, run_async, tmp_path, "lien-thong-khai-tu", scenario)


def test_a_lost_answer_on_lien_thong_khai_sinh_is_found_by_the_childs_name_asked_in_parts(
    mock_portal, run_async, tmp_path
):
    """The SPA asks (and its dossier page shows) the child's name as Họ / Chữ đệm / Tên: the
    `match:` on the whole name still recognises the dossier, so it is reported, not sent again."""
    lost = Scenario("lost submit answer", "commit_timeout=1", 9, reconciled=True)
    file_under(mock_portal, run_async, tmp_path, "lien-thong-khai-sinh", lost)
