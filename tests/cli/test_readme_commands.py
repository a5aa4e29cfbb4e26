"""The README's `dvc-agent …` lines run as printed: real commands, real options, real files, and
the mock's credentials and URLs named before anything signs in."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from agent.cli import app
from fixtures.mock_portal.config import DEFAULT_BASE_PORT, ORIGINS

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
SIGNS_IN = {"submit", "status", "batch"}


@dataclass(frozen=True)
class Line:
    number: int
    words: list[str]


def shell_lines(text: str) -> list[Line]:
    """Lines of the ```bash blocks, without comments and output redirection."""
    lines: list[Line] = []
    in_bash = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.startswith("```"):
            in_bash = raw.strip() == "```bash"
            continue
        if in_bash and raw.strip() and not raw.lstrip().startswith("#"):
            words = shlex.split(raw, comments=True)
            if ">" in words:
                words = words[: words.index(">")]
            lines.append(Line(number, words))
    return lines


def command_for(words: list[str]) -> tuple[Any, list[str]]:
    """The Click command a `dvc-agent …` line reaches, and the words left for it."""
    command: Any = typer.main.get_group(app)
    rest = words[1:]
    while hasattr(command, "commands") and rest and rest[0] in command.commands:
        command, rest = command.commands[rest[0]], rest[1:]
    return command, rest


LINES = shell_lines(README.read_text(encoding="utf-8"))
COMMANDS = [line for line in LINES if line.words and line.words[0] == "dvc-agent"]


def test_the_readme_has_commands_to_check() -> None:
    assert len(COMMANDS) >= 10
    assert {"validate", "submit", "batch", "template", "flows"} <= {line.words[1] for line in COMMANDS}


@pytest.mark.parametrize("line", COMMANDS, ids=lambda line: f"README.md:{line.number}")
def test_each_command_and_option_exists(line: Line) -> None:
    command, rest = command_for(line.words)
    assert not hasattr(command, "commands"), f"{' '.join(line.words)}: not a command"
    known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    used = {word for word in rest if word.startswith("-")}
    assert used <= known, f"unknown options {used - known}"
    for word in rest:
        if word.startswith("examples/"):
            assert list(ROOT.glob(word)), f"{word} does not exist"


def test_commands_that_sign_in_come_after_the_mock_credentials_and_urls() -> None:
    exported: dict[str, str] = {}
    for line in LINES:
        if line.words[:1] == ["export"]:
            name, _, value = line.words[1].partition("=")
            exported[name] = value
        elif line.words[:1] == ["dvc-agent"] and line.words[1] in SIGNS_IN and "--dry-run" not in line.words:
            where = f"README.md:{line.number}"
            assert "--credentials" in line.words or "DVC_AGENT_CREDENTIALS" in exported, where
            assert "--portal-url" in line.words or "DVC_AGENT_PORTALS" in exported, where
    assert (ROOT / exported["DVC_AGENT_CREDENTIALS"]).is_file()


def test_exported_portal_urls_are_what_portal_serve_prints_for_port_8701() -> None:
    exports = [line.words[1] for line in LINES if line.words[:1] == ["export"]]
    portals = [
        value.removeprefix("DVC_AGENT_PORTALS=")
        for value in exports
        if value.startswith("DVC_AGENT_PORTALS=")
    ]
    assert portals
    for value in portals:
        for pair in value.split(","):
            name, url = pair.split("=", 1)
            assert name in ORIGINS, pair
            port = DEFAULT_BASE_PORT + ORIGINS.index(name)
            assert re.fullmatch(rf"http://127\.0\.0\.1:{port}", url), pair


BROWSERLESS = [line for line in COMMANDS if line.words[1] in {"validate", "template", "flows"}]


@pytest.mark.parametrize("line", BROWSERLESS, ids=lambda line: f"README.md:{line.number}")
def test_browserless_commands_succeed_as_printed(line: Line, tmp_path: Path, monkeypatch: Any) -> None:
    """Run from the repository root as a reader would, writing any output into a scratch folder."""
    monkeypatch.chdir(ROOT)
    args: list[str] = []
    for word in line.words[1:]:
        matches = sorted(ROOT.glob(word)) if word.startswith("examples/") else []
        args += [str(m) for m in matches] or [word]
    if "--output" in args:
        out = args.index("--output") + 1
        args[out] = str(tmp_path / args[out])
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
