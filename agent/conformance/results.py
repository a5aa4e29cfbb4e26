"""Cells, rows and the scores: what the table, JUnit and HTML writers all read.

A skipped cell is either not applicable (the route's pages do not have the fault: it does not
count) or applicable but not run (not selected, or the target gives no fault control: it counts
against the conformance index). Conformance index = applicable cells that ran / applicable cells;
pass rate = passed / ran.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from agent.conformance.drift import DriftItem
from agent.conformance.judge import FAIL, PASS, SKIPPED
from agent.conformance.routes import Row
from agent.conformance.scenarios import Scenario


@dataclass
class CellResult:
    row: str
    scenario: str
    status: str  # pass | fail | skipped
    reason: str = ""  # masked: fit for a report
    seconds: float = 0.0
    applicable: bool = True
    outcome: str | None = None
    artifacts: Path | None = None
    fired: dict[str, int] = field(default_factory=dict)
    drift: list[DriftItem] = field(default_factory=list)
    notes: tuple[str, ...] = ()

    @property
    def ran(self) -> bool:
        return self.status in (PASS, FAIL)

    def screenshots(self) -> list[Path]:
        return _files(self.artifacts, "*.png")

    def traces(self) -> list[Path]:
        return _files(self.artifacts, "*.zip")


def _files(folder: Path | None, pattern: str) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(folder.rglob(pattern))


@dataclass(frozen=True)
class Score:
    applicable: int
    ran: int
    passed: int

    @property
    def failed(self) -> int:
        return self.ran - self.passed

    @property
    def index(self) -> float:
        """Conformance index: the share of applicable scenarios covered (run to a verdict)."""
        return self.ran / self.applicable if self.applicable else 0.0

    @property
    def pass_rate(self) -> float:
        return self.passed / self.ran if self.ran else 0.0

    def describe(self) -> str:
        return (
            f"index {self.ran}/{self.applicable} ({self.index:.0%}) · "
            f"pass {self.passed}/{self.ran} ({self.pass_rate:.0%})"
        )


def score(cells: list[CellResult]) -> Score:
    applicable = [c for c in cells if c.applicable]
    return Score(
        applicable=len(applicable),
        ran=sum(c.ran for c in applicable),
        passed=sum(c.status == PASS for c in applicable),
    )


@dataclass
class SuiteResult:
    rows: list[Row]
    scenarios: tuple[Scenario, ...]
    cells: dict[tuple[str, str], CellResult] = field(default_factory=dict)
    target: str = ""  # what was tested, for the reports' titles
    seconds: float = 0.0

    def add(self, cell: CellResult) -> None:
        self.cells[(cell.row, cell.scenario)] = cell

    def cell(self, row: str, scenario: str) -> CellResult:
        found = self.cells.get((row, scenario))
        return found or CellResult(row, scenario, SKIPPED, "not run", applicable=False)

    def row_cells(self, row: str) -> list[CellResult]:
        return [self.cell(row, s.name) for s in self.scenarios]

    def row_score(self, row: str) -> Score:
        return score(self.row_cells(row))

    def total(self) -> Score:
        return score(list(self.cells.values()))

    @property
    def failed(self) -> list[CellResult]:
        return [c for c in self.cells.values() if c.status == FAIL]

    def row_title(self, key: str) -> str:
        return next((r.title for r in self.rows if r.key == key), key)
