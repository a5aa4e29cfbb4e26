"""Dossier files cannot explode: aliases, depth, size and garbage each exit 2 with one clear line
(where, what, how to fix), quickly, and never with a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from agent.dossier.source import MAX_DEPTH, MAX_FILE_BYTES, MAX_STRING
from tests.security_inputs.helpers import EXAMPLES, validate

#: Far more than any of these needs once refused early; the alias bomb took minutes (or all
#: memory) when our loader expanded it.
TIME_BOUND_S = 5.0


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


EXAMPLE = (EXAMPLES / "dang-ky-khai-tu.yaml").read_text(encoding="utf-8")

CASES: dict[str, tuple[str, bytes, str]] = {
    "alias-bomb": ("d.yaml", billion_laughs().encode(), "anchors and aliases"),
    "recursive-alias": ("d.yaml", b"a: &a [*a]\n", "anchors and aliases"),
    "one-alias-in-a-dossier": (
        "d.yaml",
        EXAMPLE.replace(
            "address: {province: Hà Nội, commune: Ba Đình",
            "address: &home {province: Hà Nội, commune: Ba Đình",
        ).encode(),
        "anchors and aliases",
    ),
    "deep-yaml-flow": ("d.yaml", b"[" * 100_000 + b"]" * 100_000, "nested more than"),
    "deep-yaml-blocks": (
        "d.yaml",
        "".join(" " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5)).encode(),
        "nested more than",
    ),
    "deep-json": ("d.json", b"[" * 100_000 + b"]" * 100_000, "nested more than"),
    "deep-json-under-the-parser-limit": ("d.json", b"[" * 200 + b"]" * 200, "nested more than"),
    "huge-file": ("d.yaml", b"procedure: x\n" + b"# padding\n" * (MAX_FILE_BYTES // 10 + 1), "over 1024 KB"),
    "long-string": ("d.yaml", b"procedure: " + b"x" * (MAX_STRING + 1) + b"\n", "characters long"),
    "long-string-json": ("d.json", b'{"procedure": "' + b"x" * (MAX_STRING + 1) + b'"}', "characters long"),
    "not-utf8": ("d.yaml", b"\xff\xfe\x00p\x00r\x00o", "save the file as UTF-8"),
    "control-character": ("d.yaml", b'procedure: "\x01"\n', "not valid YAML"),
    "huge-integer-json": ("d.json", b'{"procedure": ' + b"9" * 5000 + b"}", "not valid JSON"),
    "complex-key": ("d.yaml", b"? [a, b]\n: c\n", "plain name"),
    "a-folder": ("d.yaml", b"", "not a regular file"),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_dossier_files_exit_2_with_one_clear_line(tmp_path: Path, name: str) -> None:
    filename, content, says = CASES[name]
    path = tmp_path / filename
    if name == "a-folder":
        path.mkdir()
    else:
        path.write_bytes(content)
    started = time.monotonic()
    code, out = validate(str(path))
    assert time.monotonic() - started < TIME_BOUND_S
    assert code == 2, out
    problems = [line for line in out.splitlines() if line.lstrip().startswith("- ")]
    assert len(problems) == 1 and says in problems[0], out
    assert " — " in problems[0], "every refusal carries a hint"


def test_the_example_still_loads() -> None:
    assert validate(str(EXAMPLES / "dang-ky-khai-tu.yaml"))[0] == 0


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "dang-ky-khai-tu.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.replace("files/", str(EXAMPLES / "files") + "/").encode())
    code, out = validate(str(path), "--attachments-root", str(EXAMPLES))
    assert code == 0, out
