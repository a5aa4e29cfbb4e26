"""A pinned "today" for every dossier test: age and deadline rules depend on the date."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """Age and deadline rules depend on today; pin it so the tests mean the same every day."""
    monkeypatch.setenv("DVC_AGENT_TODAY", "25/11/2026")
