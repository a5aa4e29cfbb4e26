"""Scores: the conformance index counts applicable cells that ran; the pass rate, those that passed."""

from __future__ import annotations

from agent.conformance.judge import FAIL, PASS, SKIPPED
from agent.conformance.results import CellResult, SuiteResult, score
from agent.conformance.routes import Row
from agent.conformance.scenarios import SCENARIOS


def cells():
    return [
        CellResult("r", "happy", PASS, seconds=3),
        CellResult("r", "error_5xx", FAIL, "never fired"),
        CellResult("r", "refusal", SKIPPED, "needs fault control", applicable=True),
        CellResult("r", "iframe_slow", SKIPPED, "n/a: no frame", applicable=False),
    ]


def test_index_and_pass_rate():
    got = score(cells())
    assert (got.applicable, got.ran, got.passed, got.failed) == (3, 2, 1, 1)
    assert round(got.index, 3) == 0.667 and got.pass_rate == 0.5
    assert "index 2/3" in got.describe() and "pass 1/2" in got.describe()


def test_empty_rows_score_zero_without_dividing_by_it():
    assert score([]).index == 0 and score([]).pass_rate == 0


def test_the_suite_answers_per_row_and_in_total():
    suite = SuiteResult([Row("r", "Row", "filing", "hanoi")], SCENARIOS)
    for cell in cells():
        suite.add(cell)
    assert suite.row_score("r") == suite.total()
    assert [c.scenario for c in suite.failed] == ["error_5xx"]
    assert suite.cell("r", "latency").applicable is False  # never planned: not counted
