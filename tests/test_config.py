"""Which Chromium the engine launches: the headless shell when it can, the full browser when it must."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from agent import config


def _executable(path: Path) -> Path:
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def shell(tmp_path, monkeypatch) -> Path:
    """A stand-in headless shell at the place the engine looks first; no $DVC_AGENT_CHROMIUM."""
    monkeypatch.delenv(config.CHROMIUM_ENV, raising=False)
    path = _executable(tmp_path / "chromium-headless-shell")
    monkeypatch.setattr(config, "HEADLESS_SHELL", str(path))
    return path


def test_a_headless_run_prefers_the_headless_shell(shell):
    assert config.chromium_executable(headless=True) == str(shell)


def test_a_headed_run_never_gets_the_shell_which_cannot_show_a_window(shell, monkeypatch):
    monkeypatch.setenv("PATH", str(shell.parent))  # even where `chromium-headless-shell` is on PATH
    chosen = config.chromium_executable(headless=False)
    assert Path(chosen).name != shell.name


def test_an_explicit_choice_or_the_environment_wins_over_the_shell(shell, tmp_path, monkeypatch):
    mine = _executable(tmp_path / "my-chrome")
    assert config.chromium_executable(mine) == str(mine)
    monkeypatch.setenv(config.CHROMIUM_ENV, str(mine))
    assert config.chromium_executable() == str(mine)


def test_without_the_shell_a_headless_run_falls_back_to_the_full_browser(tmp_path, monkeypatch):
    monkeypatch.delenv(config.CHROMIUM_ENV, raising=False)
    monkeypatch.setattr(config, "HEADLESS_SHELL", str(tmp_path / "not-installed"))
    monkeypatch.setattr(config, "FULL_BROWSER", str(tmp_path / "not-here-either"))
    monkeypatch.setenv("PATH", str(tmp_path))
    full = _executable(tmp_path / "chromium")
    assert config.chromium_executable(headless=True) == str(full)


def test_no_browser_at_all_is_a_clear_error_naming_both_packages(tmp_path, monkeypatch):
    monkeypatch.setenv(config.CHROMIUM_ENV, str(tmp_path / "missing"))
    monkeypatch.setattr(config, "HEADLESS_SHELL", str(tmp_path / "not-installed"))
    monkeypatch.setattr(config, "FULL_BROWSER", str(tmp_path / "not-here-either"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(config.ConfigError, match="chromium chromium-headless-shell"):
        config.chromium_executable()
