"""`dvc-agent batch` as a real subprocess against the mock portal, the way staff run it.

One place builds the command line and starts it, so the browser scenarios differ only in what
they check. The process gets a session of its own: a test that must stop a stuck batch can kill
its whole group (Chromium included).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Protocol

PROCEDURE = "dang-ky-khai-tu"


class PortalUrls(Protocol):
    portals_env: str


def batch_argv(tmp: Path, *extra: str, procedure: str = PROCEDURE) -> list[str]:
    """The command for `tmp/rows.csv` with `tmp/credentials.mock.yaml`, results in `tmp/out`."""
    return [
        sys.executable, "-m", "agent", "batch", str(tmp / "rows.csv"),
        "--procedure", procedure,
        "--credentials", str(tmp / "credentials.mock.yaml"),
        "--output-dir", str(tmp / "out"),
        *extra,
    ]  # fmt: skip


def start_batch(tmp: Path, portal: PortalUrls, *extra: str, log: Path, mode: str = "a") -> subprocess.Popen:
    """Start the batch against `portal`, its output going to `log` (a file: a full pipe would
    stall it)."""
    env = {**os.environ, "DVC_AGENT_PORTALS": portal.portals_env}
    with log.open(mode) as fh:
        return subprocess.Popen(
            batch_argv(tmp, *extra), env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
        )
