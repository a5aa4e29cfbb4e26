"""Shared by the conformance tests: a mock portal as a target, run options, one row."""

from __future__ import annotations

from pathlib import Path

from e2e.conformance import CREDENTIALS, ROOT

from agent.conformance import routes
from agent.conformance.cell import RunOptions, Target
from agent.conformance.portal_admin import AdminApi
from agent.secrets import load_credentials

__all__ = ["CREDENTIALS", "ROOT", "only_row", "options", "target"]


def target(portal) -> Target:
    """The test's mock portal, owned by the test (reset before each cell)."""
    return Target(dict(portal.urls), AdminApi(portal.urls["hanoi"]), owned=True, label="the test's mock")


def options(tmp_path: Path, **kw) -> RunOptions:
    return RunOptions(load_credentials(CREDENTIALS), tmp_path / "cells", **kw)


def only_row(key: str, flows_dir: Path | None = None) -> routes.Row:
    found = routes.discover(flows_dir, credentials=load_credentials(CREDENTIALS), procedures=[key])
    (row,) = [r for r in found if r.key == key]
    assert row.problem is None, row.problem
    return row
