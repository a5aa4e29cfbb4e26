"""Crashes of the credentials loader found by tests/fuzz (a traceback, exit 1, before they were
fixed): each must exit 2 with one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fuzz.cli import assert_clean_exit

CASES = {
    "not-utf8": b"\xff\xfeaccounts: {}\n",
    "nested-too-deep": b"providers: {a: " + b"[" * 500 + b"]" * 500 + b"}\naccounts: {}\n",
    "providers-not-a-mapping": b"providers: [prompt]\naccounts: {}\n",
}


@pytest.mark.parametrize("name", CASES)
def test_a_broken_credentials_file_exits_2(tmp_path: Path, name: str) -> None:
    path = tmp_path / "credentials.yaml"
    path.write_bytes(CASES[name])
    os.chmod(path, 0o600)
    assert_clean_exit(
        "status", "000.A0.01.H26-261125-0001", "--credentials", str(path), "--account", "zz",
        "--portal-url", "hanoi=http://127.0.0.1:9", allowed=(2,),
    )  # fmt: skip
