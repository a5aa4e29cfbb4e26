"""The conformance suite's one test, parametrised by `agent.conformance.pytest_plugin` into a test
per cell. Collected only when named (`pytest -p agent.conformance.pytest_plugin --pyargs
agent.conformance.cases`): the repository's own test run never sees it."""

from __future__ import annotations

from agent.conformance.cell import RunOptions, Target
from agent.conformance.pytest_plugin import run_conformance_cell
from agent.conformance.routes import Row
from agent.conformance.scenarios import Scenario


def test_cell(
    conformance_cell: tuple[Row, Scenario], conformance_target: Target, conformance_options: RunOptions
) -> None:
    run_conformance_cell(conformance_cell, conformance_target, conformance_options)
