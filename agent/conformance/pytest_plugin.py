"""The conformance suite under plain pytest: one test per cell (row × scenario).

    pytest -p agent.conformance.pytest_plugin --pyargs agent.conformance.cases \\
        [--portal-url hanoi=URL …] [--scenario error_5xx …] [-m "hanoi and not account"] [-n 2]

Options: `--portal-url NAME=URL` (repeatable; also $DVC_AGENT_PORTALS; none: each worker starts
the bundled mock on free ports), `--scenario NAME` (repeatable or comma-separated; default: all),
`--conformance-credentials PATH`, `--conformance-stop-at-review`, `--conformance-submit`.
Markers: `conformance` on every cell, the route (`hanoi`, `national`, `dvcqg`, `account`) and
the procedure or account path with `_` for `-` (`dang_ky_khai_tu`, `sign_in_vneid`).
pytest-playwright's `--headed`, `--tracing` (`off` records none; otherwise a failed cell keeps its
scrubbed trace), `--screenshot` and `--output` (cells' run folders go under it) are honoured; the
engine always keeps a failure screenshot. Runs under pytest-xdist: every worker has its own mock.
A cell that is not applicable is skipped with its reason; a failed one reports its reason and
drift report.

Nothing here is loaded unless asked for (`-p`): the repository's own suite is untouched.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.config import PORTALS_ENV, Targets
from agent.conformance.cell import RunOptions, Target
from agent.conformance.routes import Row, account_rows, discover, flow_files, marker_name
from agent.conformance.scenarios import Scenario, select
from agent.flow import FLOWS_DIR
from agent.secrets import Credentials, load_credentials

MOCK_CREDENTIALS = Path(__file__).resolve().parents[2] / "examples" / "credentials.mock.yaml"
ROUTE_MARKERS = ("hanoi", "national", "dvcqg", "account")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "dvc-agent conformance suite")
    group.addoption(
        "--portal-url",
        action="append",
        default=[],
        metavar="NAME=URL",
        help="Portal base URL (repeatable; also $DVC_AGENT_PORTALS). None: the bundled mock, one per worker.",
    )
    group.addoption(
        "--scenario",
        action="append",
        default=[],
        metavar="NAME",
        help="Scenario columns to run (repeatable or comma-separated; default: all).",
    )
    group.addoption("--conformance-credentials", metavar="PATH", default=None, help="Credentials file.")
    group.addoption(
        "--conformance-stop-at-review", action="store_true", default=False, help="Submit nothing."
    )
    group.addoption(
        "--conformance-submit",
        action="store_true",
        default=False,
        help="Against a portal that is not the mock, really submit (default: stop at review).",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "conformance: a cell of the dvc-agent conformance suite")
    _one_worker_per_mock(config)
    for name in ROUTE_MARKERS:
        config.addinivalue_line("markers", f"{name}: conformance cells of the {name} rows")
    names = [path.stem for _, path in flow_files(FLOWS_DIR)]  # cheap: no flow is loaded here
    names += [row.key.rsplit("/", 1)[-1] for row in account_rows(None)]
    for name in dict.fromkeys(names):
        config.addinivalue_line("markers", f"{marker_name(name)}: conformance cells of {name}")


def _one_worker_per_mock(config: pytest.Config) -> None:
    """A named mock has one fault plan for everybody: its cells cannot run side by side."""
    from agent.conformance.portal_admin import find_admin
    from agent.runner.sync import run

    urls = _urls(config)
    workers = config.getoption("numprocesses", None)
    if not urls or not workers or os.environ.get("PYTEST_XDIST_WORKER"):
        return
    base = urls.get("hanoi") or next(iter(urls.values()))
    if run(find_admin(base)) is not None:
        raise pytest.UsageError(
            f"{base} is a mock portal: its fault plan is global, so its cells run one at a time; "
            "drop -n (or name no --portal-url: every worker then starts a mock of its own)"
        )


def _urls(config: pytest.Config) -> dict[str, str]:
    pairs = list(config.getoption("portal_url") or [])
    return Targets.resolve(pairs).urls if pairs or os.environ.get(PORTALS_ENV) else {}


def _credentials(config: pytest.Config, mock: bool) -> Credentials:
    explicit = config.getoption("conformance_credentials")
    if explicit or os.environ.get("DVC_AGENT_CREDENTIALS") or not mock:
        return load_credentials(explicit)
    return load_credentials(MOCK_CREDENTIALS)


def _rows(config: pytest.Config) -> list[Row]:
    cached = getattr(config, "_conformance_rows", None)
    if cached is None:
        cached = discover(credentials=_credentials(config, mock=not _urls(config)))
        config._conformance_rows = cached  # type: ignore[attr-defined]
    return list(cached)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "conformance_cell" not in metafunc.fixturenames:
        return
    scenarios = select(list(metafunc.config.getoption("scenario") or []))
    params = []
    for row in _rows(metafunc.config):
        for scenario in scenarios:
            marks: list[Any] = [pytest.mark.conformance, *(getattr(pytest.mark, m) for m in row.markers)]
            if not set(scenario.needs) & row.traits and row.problem is None:
                marks.append(pytest.mark.skip(reason=f"n/a: {scenario.why_not}"))
            params.append(pytest.param((row, scenario), id=f"{row.key}:{scenario.name}", marks=marks))
    metafunc.parametrize("conformance_cell", params)


@pytest.fixture(scope="session")
def conformance_target(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Target]:
    """The target of this worker: the named portal, or a bundled mock of its own."""
    from agent.conformance.portal_admin import AdminApi
    from agent.conformance.suite import given_target
    from agent.runner.sync import run

    urls = _urls(pytestconfig)
    if urls:
        target = run(given_target(urls))
        yield target
        return
    from fixtures.mock_portal.testing import MockPortal

    portal = MockPortal.start(tmp_path_factory.mktemp("conformance-mock"))
    try:
        yield Target(
            dict(portal.urls), AdminApi(portal.urls["hanoi"]), owned=True, label="bundled mock portal"
        )
    finally:
        portal.stop()


@pytest.fixture
def conformance_options(
    pytestconfig: pytest.Config, conformance_target: Target, request: pytest.FixtureRequest
) -> RunOptions:
    """Run options from the command line (pytest-playwright's own options included)."""
    output = Path(str(pytestconfig.getoption("output", "test-results")))
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in request.node.name)
    return RunOptions(
        credentials=_credentials(pytestconfig, mock=conformance_target.admin is not None),
        artifacts=output / "conformance" / safe,
        headless=not pytestconfig.getoption("headed", False),
        trace=str(pytestconfig.getoption("tracing", "off")) != "off",
        stop_at_review=bool(pytestconfig.getoption("conformance_stop_at_review")),
        submit_live=bool(pytestconfig.getoption("conformance_submit")),
    )


def run_conformance_cell(cell: tuple[Row, Scenario], target: Target, options: RunOptions) -> None:
    """Run one cell and turn its verdict into pytest's: skipped, passed, or failed with its
    reason and drift report (used by `agent.conformance.cases`)."""
    from agent.conformance.cell import run_cell
    from agent.conformance.judge import PASS, SKIPPED
    from agent.runner.sync import run

    row, scenario = cell
    result = run(run_cell(row, scenario, target, options))
    if result.status == SKIPPED:
        pytest.skip(result.reason)
    if result.status != PASS:
        drift = [line for item in result.drift for line in item.lines()]
        where = [f"artifacts: {result.artifacts}"] if result.artifacts else []
        pytest.fail(
            "\n".join([f"{row.key} × {scenario.name}: {result.reason}", *drift, *where]), pytrace=False
        )
