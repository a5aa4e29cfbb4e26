"""Run the real CLI in-process and read its verdict: an exit code, and never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from agent.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()


def validate(*args: str) -> tuple[int, str]:
    """`dvc-agent validate ARGS` → (exit code, everything it printed). A crash fails the test
    here: CliRunner turns an uncaught exception into exit 1 with `result.exception` set."""
    result = runner.invoke(app, ["validate", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"validate crashed: {result.exception!r}\n{result.output}")
    return result.exit_code, result.output


def example_copy(folder: Path, slug: str = "dang-ky-khai-tu") -> Path:
    """An example dossier and its files, copied into `folder` (so its paths can be rewritten)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(EXAMPLES / "files", folder / "files", dirs_exist_ok=True)
    target = folder / f"{slug}.yaml"
    shutil.copy(EXAMPLES / f"{slug}.yaml", target)
    return target


def with_attachment(dossier: Path, key: str, written: str) -> Path:
    """Rewrite one attachment line of a copied example (the examples keep one per line)."""
    lines = dossier.read_text(encoding="utf-8").splitlines()
    start = lines.index("attachments:")
    for i, line in enumerate(lines[start:], start):
        if line.strip().startswith(f"{key}:"):
            indent = line[: len(line) - len(line.lstrip())]
            lines[i] = f"{indent}{key}: {json.dumps(written)}"  # YAML reads JSON strings
    dossier.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dossier
