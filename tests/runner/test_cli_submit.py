"""`submit` / `status`: bad input exits 2 before any browser starts; an account is never guessed
among several; a code the portal does not list is an answer (exit 0, found: false); a portal the
flow no longer fits exits 4 with the step's file:line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.cli.submit import choose_account
from agent.errors import InvalidInput
from agent.secrets import Credentials
from agent.secrets.credentials import Account
from runner.mini_portal import MiniPortal

ROOT = Path(__file__).resolve().parents[2]
CREDENTIALS = ROOT / "examples" / "credentials.mock.yaml"
MOCK_ACCOUNTS = ("citizen-a", "citizen-a-vneid", "citizen-a-vnpost", "citizen-b", "citizen-b-vneid")
runner = CliRunner()


def test_invalid_dossier_exits_2_without_a_browser(tmp_path, monkeypatch):
    monkeypatch.setenv("DVC_AGENT_CHROMIUM", "/nonexistent")
    bad = tmp_path / "bad.yaml"
    text = (ROOT / "examples" / "dang-ky-khai-tu.yaml").read_text(encoding="utf-8")
    bad.write_text(
        text.replace('personal_id: "001038001234"', 'personal_id: "12345"').replace(
            "files/", str(ROOT / "examples" / "files") + "/"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["submit", str(bad), "--json", "--artifacts", str(tmp_path)])
    assert result.exit_code == 2, result.output
    out = json.loads(result.output.strip().splitlines()[-1])
    assert out["error"] == "invalid" and "deceased.personal_id" in out["message"]
    assert not list(tmp_path.glob("*-dang-ky-khai-tu-*"))  # no run was started


def test_unknown_account_and_bad_portal_url_exit_2(tmp_path, monkeypatch):
    monkeypatch.setenv("DVC_AGENT_CREDENTIALS", str(ROOT / "examples" / "credentials.mock.yaml"))
    example = str(ROOT / "examples" / "dang-ky-khai-tu.yaml")
    result = runner.invoke(app, ["submit", example, "--account", "nobody", "--json"])
    assert result.exit_code == 2 and "no account 'nobody'" in result.output
    result = runner.invoke(app, ["submit", example, "--portal-url", "hanoi=ftp://x", "--json"])
    assert result.exit_code == 2 and "name=http" in result.output
    result = runner.invoke(
        app, ["status", "000.A0.01.H26-261125-0001", "--credentials", str(tmp_path / "missing.yaml")]
    )
    assert result.exit_code == 2 and "does not exist" in result.output


def _accounts(*names: str) -> Credentials:
    return Credentials(
        accounts={n: Account(name=n, method="dvc", username="u", password="p") for n in names},
        source="creds.yaml",
    )


def test_the_account_is_the_named_one_or_the_only_one_never_a_guess():
    assert choose_account(_accounts("a", "b"), "b") == "b"
    assert choose_account(_accounts("a", "b"), None, "a") == "a"  # the dossier's
    assert choose_account(_accounts("a", "b"), "b", "a") == "b"  # --account wins
    assert choose_account(_accounts("solo")) == "solo"
    with pytest.raises(InvalidInput, match="one of: a, b"):
        choose_account(_accounts("b", "a"))
    with pytest.raises(InvalidInput, match="none are defined"):
        choose_account(_accounts())
    with pytest.raises(InvalidInput, match="no account 'c'"):
        choose_account(_accounts("a", "b"), "c")


def test_status_refuses_to_pick_one_of_several_accounts(tmp_path, monkeypatch):
    """`status` used to read the first account's list silently: the dossier may be another's."""
    monkeypatch.setenv("DVC_AGENT_CREDENTIALS", str(CREDENTIALS))
    monkeypatch.setenv("DVC_AGENT_PORTALS", "hanoi=http://127.0.0.1:9")  # nothing listens there
    result = runner.invoke(
        app, ["status", "000.A0.01.H26-261125-0001", "--json", "--artifacts", str(tmp_path)]
    )
    assert result.exit_code == 2, result.output
    out = json.loads(result.output.strip().splitlines()[-1])
    assert out["error"] == "invalid" and "--account" in out["message"]
    assert all(name in out["message"] for name in MOCK_ACCOUNTS)
    assert not (tmp_path / "state").exists()  # nobody signed in


def _cli(*args: str, env: dict[str, str], timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agent", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **env},
    )


@pytest.mark.browser
def test_status_of_a_code_the_portal_does_not_list_is_found_false_exit_0(mock_portal, tmp_path):
    env = {
        "DVC_AGENT_PORTALS": mock_portal.portals_env,
        "DVC_AGENT_CREDENTIALS": str(CREDENTIALS),
        "DVC_AGENT_ARTIFACTS": str(tmp_path),
    }
    done = _cli("status", "000.A0.01.H26-010199-9999", "--account", "citizen-a", "--json", env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout) == {
        "found": False,
        "code": "000.A0.01.H26-010199-9999",
        "portal": "hanoi",
        "account": "citizen-a",
    }
    assert "MatKhau@123" not in done.stdout + done.stderr


@pytest.mark.browser
def test_submit_to_a_portal_the_flow_no_longer_fits_exits_4_with_the_step(tmp_path):
    """The Hanoi flow against a portal whose pages are different: a flow to fix, not a fault to
    retry. Exit 4, the step's file:line, and a screenshot of the page it failed on."""
    with MiniPortal() as portal:
        env = {
            "DVC_AGENT_PORTALS": f"hanoi={portal.url}",
            "DVC_AGENT_CREDENTIALS": str(CREDENTIALS),
            "DVC_AGENT_ARTIFACTS": str(tmp_path),
        }
        done = _cli("submit", "examples/dang-ky-khai-tu.yaml", "--json", env=env)
        assert portal.state.logins == 0 and portal.state.submits == 0
    assert done.returncode == 4, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["error"] == "flow-mismatch" and out["ok"] is False
    assert re.fullmatch(r"\S+\.yaml:\d+", out["step"]) and out["message"].startswith(out["step"])
    shot = Path(out["screenshot"])
    assert (
        shot.name == "mismatch.png" and shot.parent == Path(out["artifacts"]) and shot.stat().st_size > 1000
    )
    assert "MatKhau@123" not in done.stdout + done.stderr


@pytest.mark.browser
def test_status_by_the_national_route_reads_dich_vu_cong_cua_toi(mock_portal, tmp_path):
    """`status --portal national`: the route has no blocks of its own, so the sign-in and the
    list its flows name are used (VNeID, then "Dịch vụ công của tôi" on dichvucong.gov.vn)."""
    store = mock_portal.runtime.store
    account = store.find_account("001090012345")
    code, _ = store.create_dossier(
        "dvcqg", "xac-nhan-tinh-trang-hon-nhan", "1.004873", account.id, [], [], {"method": "Trực tuyến"}
    )
    env = {
        "DVC_AGENT_PORTALS": mock_portal.portals_env,
        "DVC_AGENT_CREDENTIALS": str(CREDENTIALS),
        "DVC_AGENT_ARTIFACTS": str(tmp_path),
    }
    done = _cli("status", code, "--portal", "national", "--account", "citizen-a", "--json", env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout)
    assert out["found"] is True and out["code"] == code
    assert out["procedure"] == "Cấp Giấy xác nhận tình trạng hôn nhân"
