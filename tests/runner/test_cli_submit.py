"""`submit` / `status` refuse bad input with exit code 2 before any browser starts."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from agent.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_invalid_dossier_exits_2_without_a_browser(tmp_path, monkeypatch):
    monkeypatch.setenv("DVC_AGENT_CHROMIUM", "/nonexistent")
    bad = tmp_path / "bad.yaml"
    text = (ROOT / "examples" / "dang-ky-khai-tu.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace('personal_id: "001038001234"', 'personal_id: "12345"')
                   .replace("files/", str(ROOT / "examples" / "files") + "/"), encoding="utf-8")
    result = runner.invoke(app, ["submit", str(bad), "--json", "--artifacts", str(tmp_path)])
    assert result.exit_code == 2, result.output
    out = json.loads(result.output.strip().splitlines()[-1])
    assert out["error"] == "invalid" and "deceased.personal_id" in out["message"]
    assert not list(tmp_path.glob("*-dang-ky-khai-tu-*"))     # no run was started


def test_unknown_account_and_bad_portal_url_exit_2(tmp_path, monkeypatch):
    monkeypatch.setenv("DVC_AGENT_CREDENTIALS", str(ROOT / "examples" / "credentials.mock.yaml"))
    example = str(ROOT / "examples" / "dang-ky-khai-tu.yaml")
    result = runner.invoke(app, ["submit", example, "--account", "nobody", "--json"])
    assert result.exit_code == 2 and "no account 'nobody'" in result.output
    result = runner.invoke(app, ["submit", example, "--portal-url", "hanoi=ftp://x", "--json"])
    assert result.exit_code == 2 and "name=http" in result.output
    result = runner.invoke(app, ["status", "000.A0.01.H26-261125-0001", "--credentials",
                                 str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2 and "does not exist" in result.output
