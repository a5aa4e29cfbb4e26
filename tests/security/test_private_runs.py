"""Run folders are their owner's only whatever the umask, and `--keep-personal-data` is the one
way to keep clear evidence: loudly (a warning, a marker file in the run folder)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from runner.mini_portal import MiniPortal
from runner.test_engine import file_once, make_dossier, mini_engine

from agent.errors import InfrastructureFailure

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


async def _file_keeping_personal_data(portal: MiniPortal, tmp: Path):
    async with mini_engine(portal, tmp, max_attempts=2, keep_personal_data=True) as engine:
        return await engine.file(await engine.session("citizen"), make_dossier())


def _modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in [root, *root.rglob("*")]}


def test_everything_a_filing_writes_is_private_under_umask_022(tmp_path, run_async):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    old = os.umask(0o022)
    try:
        with MiniPortal() as portal:
            run_async(file_once(portal, shared))  # filed
            portal.state.faults.error_5xx_on_form_post = 99
            with pytest.raises(InfrastructureFailure):
                run_async(file_once(portal, shared))  # failed: evidence kept
    finally:
        os.umask(old)
    modes = _modes(shared / "runs")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755  # a folder we did not make keeps its mode
    folders = {p: m for p, m in modes.items() if (shared / "runs" / p).is_dir()}
    files = {p: m for p, m in modes.items() if p not in folders}
    assert set(folders.values()) == {0o700}, folders
    assert set(files.values()) == {0o600}, files
    names = {Path(p).name for p in files}
    assert {"events.jsonl", "trace.zip", "page.html", "failure.png", "citizen.json"} <= names


def test_keep_personal_data_keeps_the_trace_clear_and_says_so(tmp_path, run_async):
    with MiniPortal() as portal:
        portal.state.faults.error_5xx_on_form_post = 99
        with pytest.raises(InfrastructureFailure) as failed:
            run_async(_file_keeping_personal_data(portal, tmp_path))
    run_dir = failed.value.artifacts
    assert "--keep-personal-data" in (run_dir / "PERSONAL-DATA-KEPT.txt").read_text()
    with zipfile.ZipFile(run_dir / "trace.zip") as archive:
        clear = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    assert "001060001234" in clear and '"name":"Cookie"' in clear.replace(" ", "")
    events = (run_dir / "events.jsonl").read_text()
    assert "personal_data_kept" in events and "001060001234" not in events  # logs stay masked


def test_the_cli_warns_before_anything_when_personal_data_is_kept(tmp_path):
    env = {**os.environ, "DVC_AGENT_ARTIFACTS": str(tmp_path)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "agent",
            "submit",
            "examples/dang-ky-khai-tu.yaml",
            "--keep-personal-data",
            "--credentials",
            str(tmp_path / "none.yaml"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2  # (no such credentials file)
    assert done.stderr.startswith("WARNING: --keep-personal-data")
