"""One running mock for the package, read once: the contract tests only look, never file."""

from __future__ import annotations

import pytest

from tests.contract import offers
from tests.contract.page_controls import Control


@pytest.fixture(scope="session")
def portal(mock_portal_server):
    """The session's mock, reset and without faults (as the `mock_portal` fixture leaves it)."""
    mock_portal_server.set_faults("", 0)
    mock_portal_server.reset()
    return mock_portal_server


@pytest.fixture(scope="session")
def hanoi_offer(portal) -> dict[str, list[Control]]:
    return offers.hanoi_offer(portal)


@pytest.fixture(scope="session")
def lienthong_offer(portal) -> dict[str, list[Control]]:
    return offers.lienthong_offer(portal)
