"""The same suite under plain pytest (`-p agent.conformance.pytest_plugin`), in parallel with
pytest-xdist: one test per cell, markers per route and procedure, n/a cells skipped with their
reason. Loading the plugin beside this repository's own plugins clashes with no option."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from .helpers import ROOT


def pytest_run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DVC_AGENT_", "PYTEST_"))}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "agent.conformance.pytest_plugin",
            "-p",
            "no:cacheprovider",
            *args,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_cells_are_collected_with_markers_beside_the_repositorys_own_plugins():
    done = pytest_run(
        "tests/conformance/test_scenarios.py",  # loads tests/conftest.py and the mock's plugin too
        "--pyargs",
        "agent.conformance.cases",
        "--collect-only",
        "-q",
        "-m",
        "national and dang_ky_khai_tu",
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    ids = [line for line in done.stdout.splitlines() if "::" in line]
    assert ids and all("test_cell[national/dang-ky-khai-tu:" in line for line in ids)
    assert len(ids) == 15  # one per scenario


@pytest.mark.browser
def test_cells_run_in_parallel_under_xdist_each_worker_with_its_own_mock(tmp_path):
    junit = tmp_path / "junit.xml"
    done = pytest_run(
        "--pyargs",
        "agent.conformance.cases",
        "-n",
        "2",
        "-m",
        "sign_in_dvc or sign_in_vnpost",
        "--scenario",
        "happy,rerender",
        "--output",
        str(tmp_path / "out"),
        f"--junitxml={junit}",
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    root = ET.parse(junit).getroot()
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert sorted(cases) == [
        "test_cell[account/sign-in-dvc:happy]",
        "test_cell[account/sign-in-dvc:rerender]",
        "test_cell[account/sign-in-vnpost:happy]",
        "test_cell[account/sign-in-vnpost:rerender]",
    ]
    skipped = [name for name, c in cases.items() if c.find("skipped") is not None]
    assert sorted(skipped) == [
        "test_cell[account/sign-in-dvc:rerender]",
        "test_cell[account/sign-in-vnpost:rerender]",
    ]
    assert "n/a: only the national path" in done.stdout or "re-render" in junit.read_text()
    assert (tmp_path / "out" / "conformance").is_dir()  # pytest-playwright's --output honoured
