"""A deliberately broken flow (one label renamed, in a copy of flows/) fails its cell as a flow
mismatch, and the drift report names the step (file:line) and the label it tried, and proposes the
element the page really has. Its reports hold no secret and embed the screenshot."""

from __future__ import annotations

import shutil

import pytest

from agent.conformance.cell import run_cell
from agent.conformance.judge import FAIL, MISMATCH
from agent.conformance.report_html import write_report
from agent.conformance.report_junit import write_junit
from agent.conformance.results import SuiteResult
from agent.conformance.scenarios import BY_NAME
from agent.flow import FLOWS_DIR

from .helpers import only_row, options, target

pytestmark = pytest.mark.browser

RIGHT, BROKEN = '"Nguyên nhân chết"', '"Nguyên nhân tử vong"'
NOT_IN_REPORTS = ("MatKhau@123", "001090012345", "001038001234", "0912345678")


def test_a_renamed_label_gives_a_drift_report_that_proposes_the_real_one(mock_portal, run_async, tmp_path):
    flows = tmp_path / "flows"
    shutil.copytree(FLOWS_DIR, flows)
    flow_file = flows / "hanoi" / "dang-ky-khai-tu.yaml"
    lines = flow_file.read_text(encoding="utf-8").splitlines(keepends=True)
    (number,) = [n for n, line in enumerate(lines, 1) if f"label: {RIGHT}" in line]
    lines[number - 1] = lines[number - 1].replace(RIGHT, BROKEN)
    flow_file.write_text("".join(lines), encoding="utf-8")

    row = only_row("hanoi/dang-ky-khai-tu", flows)
    cell = run_async(
        run_cell(
            row, BY_NAME["happy"], target(mock_portal), options(tmp_path, flows_dir=flows, timeout_ms=8_000)
        )
    )
    assert (cell.status, cell.outcome) == (FAIL, MISMATCH)
    (item,) = cell.drift
    assert item.step == f"flows/hanoi/dang-ky-khai-tu.yaml:{number}"
    assert item.tried == [f"label {BROKEN}"]
    assert item.candidates[0].name == "Nguyên nhân chết" and item.candidates[0].kind == "label"
    assert item.proposal == f"name it {{label: {RIGHT}}}"
    assert mock_portal.dossiers() == []
    assert any(p.name == "mismatch.png" for p in cell.screenshots())

    suite = SuiteResult([row], (BY_NAME["happy"],), target="the test's mock")
    suite.add(cell)
    junit = write_junit(tmp_path / "junit.xml", suite).read_text(encoding="utf-8")
    page = write_report(tmp_path / "report.html", suite).read_text(encoding="utf-8")
    for text in (junit, page):
        assert f"dang-ky-khai-tu.yaml:{number}" in text and "Nguyên nhân chết" in text
        for secret in NOT_IN_REPORTS:
            assert secret not in text
    assert "data:image/png;base64," in page
