"""Plan the table (rows × scenarios) and run its cells on one or more targets in parallel.

Each worker owns one target for the whole run. The mock's fault plan is global to a mock, so two
cells may only run side by side on two mocks: when the suite starts the bundled mock itself it
starts one per worker (on free ports); against a given mock URL it runs one cell at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from agent.conformance.cell import RunOptions, Target, run_cell
from agent.conformance.portal_admin import AdminApi, find_admin
from agent.conformance.results import CellResult, SuiteResult
from agent.conformance.routes import Row
from agent.conformance.scenarios import Scenario

OnCell = Callable[[CellResult], None]


async def run_suite(
    rows: list[Row],
    scenarios: tuple[Scenario, ...],
    targets: list[Target],
    options: RunOptions,
    on_cell: OnCell | None = None,
) -> SuiteResult:
    """Every cell of the table, each run on whichever worker (target) is free."""
    began = time.monotonic()
    result = SuiteResult(rows, scenarios, target=targets[0].label if targets else "")
    queue: asyncio.Queue[tuple[Row, Scenario]] = asyncio.Queue()
    for row in rows:
        for scenario in scenarios:
            queue.put_nowait((row, scenario))

    async def worker(target: Target) -> None:
        while True:
            try:
                row, scenario = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            cell = await run_cell(row, scenario, target, options)
            result.add(cell)
            if on_cell is not None:
                on_cell(cell)

    await asyncio.gather(*(worker(t) for t in targets))
    result.seconds = round(time.monotonic() - began, 1)
    return result


async def given_target(urls: dict[str, str]) -> Target:
    """A target the user named: the mock (with its admin API) or any other deployment."""
    base = urls.get("hanoi") or next(iter(urls.values()), "")
    admin = await find_admin(base) if base else None
    kind = "mock portal" if admin is not None else "portal without admin API"
    return Target(urls, admin, owned=False, label=f"{kind} at {base}")


@contextlib.contextmanager
def bundled_mocks(count: int, data_root: Path) -> Iterator[list[Target]]:
    """Start `count` mock portals on free ports (one per worker); stopped on exit."""
    from fixtures.mock_portal.testing import MockPortal

    started: list[MockPortal] = []
    try:
        for n in range(count):
            started.append(MockPortal.start(data_root / f"mock-{n}"))
        yield [
            Target(
                dict(p.urls),
                AdminApi(p.urls["hanoi"]),
                owned=True,
                label=f"bundled mock portal ({count} instance{'s' if count > 1 else ''})",
            )
            for p in started
        ]
    finally:
        for portal in started:
            portal.stop()
