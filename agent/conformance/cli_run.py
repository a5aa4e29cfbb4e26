"""What `dvc-agent conformance` does once its options are parsed: find out what the target is,
start the bundled mock when none was named, run the cells with a line of progress each, then
print the score table and write the reports."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from agent.conformance import table
from agent.conformance.cell import RunOptions, Target
from agent.conformance.judge import FAIL, PASS, PLANNED, SKIPPED
from agent.conformance.report_html import write_report
from agent.conformance.report_junit import write_junit
from agent.conformance.results import CellResult, SuiteResult
from agent.conformance.routes import Row
from agent.conformance.scenarios import Scenario
from agent.conformance.suite import OnCell, bundled_mocks, given_target, run_suite
from agent.secrets import Credentials, load_credentials
from agent.secrets.private_files import open_private_append, private_dir

MOCK_CREDENTIALS = Path(__file__).resolve().parents[2] / "examples" / "credentials.mock.yaml"


@dataclass
class Plan:
    rows: list[Row]
    scenarios: tuple[Scenario, ...]
    urls: dict[str, str]  # empty: start the bundled mock
    credentials: Credentials | None  # None: the mock's demo accounts (only against the mock)
    artifacts: Path
    workers: int = 1
    headless: bool = True
    timeout_ms: float = 15_000
    stop_at_review: bool = False
    submit_live: bool = False
    junit: Path | None = None
    html: Path | None = None
    plan_only: bool = False


def run_plan(plan: Plan, out: Console, err: Console) -> bool:
    """Run (or with `plan_only`, only lay out) the table; True when some cell failed."""
    from agent.observability import configure
    from agent.runner.sync import run

    private_dir(plan.artifacts)
    with open_private_append(plan.artifacts / "suite.log") as log:
        configure(stream=log, json_output=True, level=logging.INFO)  # the console stays the table's
        with _targets(plan, err) as targets:
            credentials = plan.credentials
            if credentials is None:
                if targets[0].admin is None:
                    credentials = load_credentials()  # a real portal: the user's own accounts
                else:
                    credentials = load_credentials(MOCK_CREDENTIALS)
            options = RunOptions(
                credentials=credentials,
                artifacts=plan.artifacts,
                headless=plan.headless,
                timeout_ms=plan.timeout_ms,
                stop_at_review=plan.stop_at_review,
                submit_live=plan.submit_live,
            )
            err.print(f"Target: {targets[0].label} · artifacts: {plan.artifacts}", soft_wrap=True)
            if plan.plan_only:
                result = _planned(plan, targets[0], options)
            else:
                result = run(run_suite(plan.rows, plan.scenarios, targets, options, _progress(err)))
    table.render(result, out)
    if plan.junit:
        write_junit(plan.junit, result)
        err.print(f"JUnit: {plan.junit}")
    if plan.html:
        write_report(plan.html, result)
        err.print(f"HTML report: {plan.html}")
    return bool(result.failed)


@contextlib.contextmanager
def _targets(plan: Plan, err: Console) -> Iterator[list[Target]]:
    from agent.runner.sync import run

    if plan.urls:
        target = run(given_target(plan.urls))
        count = 1 if target.admin is not None else plan.workers
        if target.admin is not None and plan.workers > 1:
            err.print("A named mock has one fault plan: its cells run one at a time (--workers ignored).")
        yield [target] * count
        return
    count = 1 if plan.plan_only else plan.workers
    err.print(f"Starting the bundled mock portal ({count} instance{'s' if count > 1 else ''})…")
    with bundled_mocks(count, plan.artifacts / "mock") as targets:
        yield targets


def _planned(plan: Plan, target: Target, options: RunOptions) -> SuiteResult:
    """The table with each cell as it would be: skipped (and why) or to run."""
    from agent.conformance.applicability import skip

    result = SuiteResult(plan.rows, plan.scenarios, target=f"plan only — {target.label}")
    for row in plan.rows:
        for scenario in plan.scenarios:
            why = skip(
                row, scenario, admin=target.admin is not None, submits=not options.stops_at_review(target)
            )
            if why is None:
                result.add(CellResult(row.key, scenario.name, PLANNED, "to run", applicable=True))
            else:
                status = FAIL if why.failed else SKIPPED
                result.add(CellResult(row.key, scenario.name, status, why.reason, applicable=why.applicable))
    return result


def _progress(err: Console) -> OnCell:
    def show(cell: CellResult) -> None:
        if not cell.ran:
            return
        mark = "[green]✓[/green]" if cell.status == PASS else "[red]✗[/red]"
        err.print(f"{mark} {cell.row} × {cell.scenario} ({cell.seconds:.0f}s)", soft_wrap=True)

    return show
