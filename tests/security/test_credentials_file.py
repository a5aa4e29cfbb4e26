"""The credentials file is read as ssh reads a key: refused when others can read it (with the
chmod that fixes it), and never quoted back, even when it is broken."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from agent.errors import InvalidInput
from agent.secrets import load_credentials

ROOT = Path(__file__).resolve().parents[2]
MOCK_FILE = ROOT / "examples" / "credentials.mock.yaml"
REAL_LOOKING = "accounts:\n  me: {method: dvc, username: '079199001122', password: 'Kh0ngAiBiet!2026'}\n"


def _write(tmp_path: Path, text: str, mode: int) -> Path:
    path = tmp_path / "credentials.yaml"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_file_others_can_read_is_refused_with_the_fix(tmp_path, mode):
    path = _write(tmp_path, REAL_LOOKING, mode)
    with pytest.raises(InvalidInput) as refused:
        load_credentials(path)
    assert f"chmod 600 {path}" in str(refused.value)
    assert "Kh0ngAiBiet!2026" not in str(refused.value)


def test_a_private_file_is_read(tmp_path):
    path = _write(tmp_path, REAL_LOOKING, 0o600)
    assert load_credentials(path).account("me").username == "079199001122"


def test_the_mock_demo_file_may_stay_readable_but_only_while_it_holds_demo_logins(tmp_path):
    demo = tmp_path / "credentials.mock.yaml"
    shutil.copy(MOCK_FILE, demo)
    demo.chmod(0o644)  # what a checkout gives it
    assert "citizen-a" in load_credentials(demo).accounts
    with_real = (
        demo.read_text(encoding="utf-8")
        + "  mine: {method: dvc, username: '079199001122', password: 'Kh0ngAiBiet!2026'}\n"
    )
    demo.write_text(with_real, encoding="utf-8")
    with pytest.raises(InvalidInput, match="chmod 600"):
        load_credentials(demo)
    without_flag = MOCK_FILE.read_text(encoding="utf-8").replace("mock_only: true\n", "")
    demo.write_text(without_flag, encoding="utf-8")
    with pytest.raises(InvalidInput, match="chmod 600"):
        load_credentials(demo)


BROKEN = "accounts:\n  me:\n    username: '079199001122'\n    password: \"Kh0ngAiBiet!2026\n    method: dvc\n"


def test_a_broken_file_is_reported_by_line_without_its_content(tmp_path):
    path = _write(tmp_path, BROKEN, 0o600)
    with pytest.raises(InvalidInput) as broken:
        load_credentials(path)
    assert "not valid YAML" in str(broken.value) and "line " in str(broken.value)
    assert "Kh0ngAiBiet" not in str(broken.value)


def test_the_cli_never_prints_the_password_of_a_broken_file(tmp_path):
    path = _write(tmp_path, BROKEN, 0o600)
    env = {**os.environ, "DVC_AGENT_ARTIFACTS": str(tmp_path / "runs")}
    env.pop("DVC_AGENT_CREDENTIALS", None)
    for as_json in ([], ["--json"]):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "agent",
                "submit",
                "examples/dang-ky-khai-tu.yaml",
                "--credentials",
                str(path),
                *as_json,
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2, done.stderr[-2000:]
        assert "not valid YAML" in done.stdout + done.stderr
        assert "Kh0ngAiBiet" not in done.stdout and "Kh0ngAiBiet" not in done.stderr
