"""`--help` of every command reads well on an 80-column terminal."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from agent.cli import app

WIDTH = 80
_BOX = re.compile(r"[│╭╮╰╯─┃━]")


def _command_paths(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and group of the app, as the words typed to reach it (Typer ships its own
    copy of Click, so groups are recognised by their `commands`)."""
    found: list[tuple[str, ...]] = [prefix]
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            found += _command_paths(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


COMMANDS = _command_paths(typer.main.get_group(app))


def one_word_lines(text: str) -> list[str]:
    """Lines of a help text that hold a single word, e.g. a description wrapped into a column too
    narrow for it. Section headings ("Options:") are the only single words allowed."""
    lines = (_BOX.sub(" ", line).strip() for line in text.splitlines())
    return [line for line in lines if line and len(line.split()) == 1 and not line.endswith(":")]


def help_text(words: tuple[str, ...]) -> str:
    """The help as a person sees it: the real command, its terminal COLUMNS wide."""
    done = subprocess.run(
        [sys.executable, "-m", "agent", *words, "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": str(WIDTH)},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_command_is_covered() -> None:
    assert {"validate", "flows", "template", "submit", "status", "batch"} <= {p[0] for p in COMMANDS if p}
    assert ("portal", "serve") in COMMANDS


@pytest.mark.parametrize("words", COMMANDS, ids=lambda words: " ".join(words) or "dvc-agent")
def test_help_fits_80_columns_without_one_word_lines(words: tuple[str, ...]) -> None:
    text = help_text(words)
    assert "Usage: dvc-agent" in text
    too_wide = [line for line in text.splitlines() if len(line) > WIDTH]
    assert too_wide == []
    assert one_word_lines(text) == []


def test_the_check_catches_a_description_squeezed_into_a_narrow_column() -> None:
    squeezed = (
        "│    --resume          <bool>     Continue an        │\n"
        "│                                interrupted run:   │\n"
        "│                                look up            │\n"
        "│                                first.             │\n"
    )
    assert one_word_lines(squeezed) == ["first."]


def test_short_h_is_help_too() -> None:
    result = CliRunner().invoke(app, ["batch", "-h"], env={"COLUMNS": str(WIDTH)})
    assert result.exit_code == 0
    assert "--procedure SLUG" in result.output
