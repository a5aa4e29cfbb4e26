"""The score table as Rich text, JUnit XML and HTML: every cell explained, and no secret in them
— not even one that reached a message (a password, an OTP, a passcode, a session token, a full
personal ID): they are planted here and must be gone."""

from __future__ import annotations

import io
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.console import Console

from agent.conformance import table
from agent.conformance.drift import Candidate, DriftItem
from agent.conformance.judge import FAIL, PASS, SKIPPED
from agent.conformance.report_html import write_report
from agent.conformance.report_junit import write_junit
from agent.conformance.results import CellResult, SuiteResult
from agent.conformance.routes import Row
from agent.conformance.scenarios import select
from agent.secrets import remember_secret

PASSWORD, OTP, PASSCODE, TOKEN = "MatKhau@123", "493021", "135790", "sess-4f1c9a77d2e0b8a1c3"
PERSONAL_ID = "001090012345"
SECRETS = (PASSWORD, OTP, PASSCODE, TOKEN, PERSONAL_ID)


@pytest.fixture
def suite(tmp_path) -> SuiteResult:
    for secret in (PASSWORD, OTP, PASSCODE, TOKEN):
        remember_secret(secret)  # as the credentials loader and the OTP provider do
    run = tmp_path / "runs" / "hanoi_dang-ky-khai-tu" / "refusal"
    run.mkdir(parents=True)
    (run / "mismatch.png").write_bytes(_png())
    (run / "trace.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    rows = [
        Row("hanoi/dang-ky-khai-tu", "Hanoi portal (legacy) / dang-ky-khai-tu", "filing", "hanoi"),
        Row("account/sign-in-vneid", "sign-in: VNeID", "sign-in", "account"),
    ]
    result = SuiteResult(rows, select(["happy,error_5xx,iframe_slow,refusal"]), target="bundled mock portal")
    leak = f"password {PASSWORD}, OTP {OTP}, passcode {PASSCODE}, cookie {TOKEN}, ID {PERSONAL_ID}"
    drift = DriftItem(
        "flows/hanoi/dang-ky-khai-tu.yaml:45",
        "fill",
        ['label "Nguyên nhân tử vong"'],
        detail=f"not found after 15s ({leak})",
        candidates=[Candidate("label", "Nguyên nhân chết", 0.71)],
        wanted=[("label", "Nguyên nhân tử vong")],
    )
    cells = [
        CellResult(rows[0].key, "happy", PASS, "filed 000.A0.01.H26-261126-0001 once", seconds=14.5),
        CellResult(rows[0].key, "error_5xx", FAIL, f"expected filed; got {leak}", seconds=8.2, drift=[drift]),
        CellResult(
            rows[0].key, "iframe_slow", SKIPPED, "n/a: the flow fills no e-form frame", applicable=False
        ),
        CellResult(rows[0].key, "refusal", FAIL, "refused <b>x</b> & more", seconds=3, artifacts=run),
        CellResult(rows[1].key, "happy", PASS, "signed in", seconds=9),
        CellResult(rows[1].key, "error_5xx", SKIPPED, "needs fault control", applicable=True),
        CellResult(rows[1].key, "iframe_slow", SKIPPED, "n/a: no frame", applicable=False),
        CellResult(rows[1].key, "refusal", SKIPPED, "n/a: no phone box", applicable=False),
    ]
    for cell in cells:
        result.add(cell)
    result.seconds = 61
    return result


def _png() -> bytes:
    import base64

    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg=="
    )


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


def test_junit_has_a_suite_per_row_a_case_per_scenario_and_no_secret(suite, tmp_path):
    path = write_junit(tmp_path / "out" / "junit.xml", suite)
    text = path.read_text(encoding="utf-8")
    assert_no_secret(text)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    root = ET.parse(path).getroot()
    assert root.get("tests") == "8" and root.get("failures") == "2" and root.get("skipped") == "4"
    first = root.find("testsuite[@name='hanoi/dang-ky-khai-tu']")
    cases = {c.get("name"): c for c in first.iter("testcase")}
    assert list(cases) == ["happy", "error_5xx", "iframe_slow", "refusal"]
    failure = cases["error_5xx"].find("failure")
    assert "Nguyên nhân chết" in failure.text and "flows/hanoi/dang-ky-khai-tu.yaml:45" in failure.text
    assert cases["iframe_slow"].find("skipped").get("message").startswith("not applicable: n/a:")
    assert cases["happy"].get("time") == "14.5"


def test_html_is_self_contained_explains_every_cell_and_holds_no_secret(suite, tmp_path):
    path = write_report(tmp_path / "report.html", suite)
    text = path.read_text(encoding="utf-8")
    assert_no_secret(text)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "<b>x</b>" not in text and "&lt;b&gt;x&lt;/b&gt;" in text  # escaped
    assert "data:image/png;base64," in text  # the failing step's screenshot, embedded
    assert 'href="runs/hanoi_dang-ky-khai-tu/refusal/trace.zip"' in text  # trace, relative
    assert "n/a: the flow fills no e-form frame" in text and "needs fault control" in text
    assert "Drift report" in text and "Nguyên nhân chết" in text
    assert "http://" not in text.replace("http://www.w3.org", "")  # no external assets


def test_the_terminal_table_has_scores_notes_and_drift(suite):
    out = io.StringIO()
    table.render(suite, Console(file=out, width=160, color_system=None))
    text = out.getvalue()
    assert_no_secret(text)
    assert "hanoi/dang-ky-khai-tu" in text and "account/sign-in-vneid" in text
    assert "✓14s" in text and "✗8s" in text
    assert "3/3" in text and "1/2" in text  # ran / applicable: the account row could not run 5xx
    assert "n/a: the flow fills no e-form frame" in text
    assert 'name it {label: "Nguyên nhân chết"}' in text


def test_a_narrow_terminal_gets_the_columns_in_several_tables(suite):
    out = io.StringIO()
    table.render(suite, Console(file=out, width=60, color_system=None))
    assert max(len(line) for line in out.getvalue().splitlines() if "│" in line) <= 60
    assert len(table.chunks(select(None), 80)) > 1 and len(table.chunks(select(None), 400)) == 1


def test_the_reports_land_where_asked_even_in_a_new_folder(suite, tmp_path):
    target = tmp_path / "a" / "b"
    write_junit(target / "j.xml", suite)
    write_report(target / "r.html", suite)
    assert sorted(p.name for p in target.iterdir()) == ["j.xml", "r.html"]
    assert not list(Path(target).glob(".*.tmp"))
