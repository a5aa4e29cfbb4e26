"""Fuzzing the credentials file through the real CLI (`dvc-agent status`, which reads it before
any browser starts): whatever the file holds, exit 2 with a message, never a traceback.

The command names an account no generated file defines, so a file that loads is refused at the
account (exit 2) and no browser ever starts.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.cli import assert_clean_exit
from tests.fuzz.conftest import EXAMPLES
from tests.fuzz.strategies import alias_yaml, documents, dump, encoded, mutated, trees

ABSENT_ACCOUNT = "zz-fuzz-absent"
account_names = st.text(min_size=1, max_size=10).filter(lambda n: n != ABSENT_ACCOUNT)
accounts = st.dictionaries(
    account_names,
    st.fixed_dictionaries(
        {},
        optional={
            "method": st.sampled_from(["dvc", "vneid", "vnpost"]) | trees,
            "username": st.sampled_from(["001090012345"]) | trees,
            "password": st.sampled_from(["MatKhau@123"]) | trees,
            "passcode": trees,
            "phone": trees,
            "personal_id": trees,
        },
    )
    | trees,
    max_size=4,
)


def _status_with(workdir: Path, content: bytes) -> int:
    path = workdir / "credentials.yaml"
    path.write_bytes(content)
    os.chmod(path, 0o600)  # private, as the loader demands: fuzz what comes after that check
    return assert_clean_exit(
        "status", "000.A0.01.H26-261125-0001",
        "--credentials", str(path), "--account", ABSENT_ACCOUNT,
        "--portal-url", "hanoi=http://127.0.0.1:9",
        allowed=(2,),
    )  # fmt: skip


@given(
    doc=st.builds(lambda a, rest: {"accounts": a, **rest}, accounts, documents()) | documents(),
    data=st.data(),
)
def test_random_credentials_files(workdir: Path, doc: dict[str, Any], data: st.DataObject) -> None:
    _status_with(workdir, data.draw(encoded(dump(doc, as_json=False))))


@given(data=st.data())
def test_mutated_credentials_file(workdir: Path, data: st.DataObject) -> None:
    _status_with(workdir, data.draw(mutated((EXAMPLES / "credentials.mock.yaml").read_bytes())))


@given(text=alias_yaml() | st.binary(max_size=2048).map(lambda b: b.decode("latin-1")))
def test_aliases_and_garbage(workdir: Path, text: str) -> None:
    _status_with(workdir, text.encode("latin-1", errors="replace"))
