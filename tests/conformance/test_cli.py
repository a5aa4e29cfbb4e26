"""`dvc-agent conformance` as a user runs it: it starts the bundled mock itself, prints the score
table, writes JUnit and HTML, and no secret reaches any of its outputs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from .helpers import ROOT

#: The demo accounts' password and passcode, full personal IDs and phones of the examples, and
#: the shape of the password the registration cell makes up (accounts.Citizen).
SECRETS = ("MatKhau@123", "MatKhau@456", "654321", "001090012345", "001195054321", "0912345678")
MADE_UP_PASSWORD = re.compile(r"Kt[0-9a-f]{8}@9")


def conformance(*args: str, tmp_path, timeout: int = 420) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVC_AGENT_")}
    return subprocess.run(
        [sys.executable, "-m", "agent", "conformance", "--artifacts", str(tmp_path / "runs"), *args],
        cwd=ROOT,
        env={**env, "COLUMNS": "160"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_plan_lays_out_every_row_and_explains_every_cell_without_running(tmp_path):
    done = conformance("--plan", tmp_path=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    for key in ("hanoi/dang-ky-khai-tu", "dvcqg/lien-thong-khai-sinh", "national/", "account/register-bhxh"):
        assert key in done.stdout
    assert "n/a: the flow fills no e-form frame" in done.stdout
    assert "Starting the bundled mock portal" in done.stderr


def test_unknown_scenarios_are_invalid_input(tmp_path):
    done = conformance("--scenarios", "happy,teleport", tmp_path=tmp_path, timeout=60)
    assert done.returncode == 2 and "teleport" in done.stderr


@pytest.mark.browser
def test_account_rows_run_score_and_report_without_secrets(tmp_path):
    junit, html = tmp_path / "out" / "junit.xml", tmp_path / "out" / "report.html"
    done = conformance(
        "--procedures",
        "register-bhxh,sign-in-vneid",
        "--scenarios",
        "happy,maintenance",
        "--junit",
        str(junit),
        "--html",
        str(html),
        tmp_path=tmp_path,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "account/register-bhxh" in done.stdout and "account/sign-in-vneid" in done.stdout
    assert "4/4" in done.stdout and "100%" in done.stdout  # index and pass rate
    suites = ET.parse(junit).getroot().findall("testsuite")
    assert [s.get("name") for s in suites] == ["account/register-bhxh", "account/sign-in-vneid"]
    assert all(s.get("failures") == "0" and s.get("tests") == "2" for s in suites)
    outputs = [done.stdout, done.stderr, junit.read_text(), html.read_text()]
    outputs += [p.read_text(errors="replace") for p in (tmp_path / "runs").rglob("*.jsonl")]
    outputs.append((tmp_path / "runs" / "suite.log").read_text())
    for text in outputs:
        for secret in SECRETS:
            assert secret not in text
        assert not MADE_UP_PASSWORD.search(text)


@pytest.mark.browser
@pytest.mark.slow
def test_make_smoke_files_one_procedure_per_route_headless_and_passes(tmp_path):
    """What `make smoke` runs, run by `make test` too: the happy path of one procedure on each
    route (legacy Hanoi, national, liên thông) against the bundled mock, scored and reported."""
    junit = tmp_path / "junit.xml"
    done = conformance("--smoke", "--junit", str(junit), tmp_path=tmp_path, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    suites = ET.parse(junit).getroot().findall("testsuite")
    assert sorted(s.get("name", "").split("/")[0] for s in suites) == ["dvcqg", "hanoi", "national"]
    assert all(s.get("failures") == "0" and s.get("tests") == "1" for s in suites)
    assert "pass 3/3 (100%)" in done.stdout
