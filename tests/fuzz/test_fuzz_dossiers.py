"""Fuzzing dossier files through `dvc-agent validate`: whatever the file holds, the answer is
exit 0 or 2 with a message, in time, never a traceback."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from agent.dossier import PROCEDURES
from agent.dossier.source import read_file
from tests.fuzz.cli import assert_clean_exit
from tests.fuzz.conftest import EXAMPLES
from tests.fuzz.strategies import alias_yaml, documents, dump, encoded, mutated, trees

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
EXAMPLE_FILES = [p for p in EXAMPLE_FILES if p.stem in PROCEDURES]


def _validate(workdir: Path, content: bytes, suffix: str = ".yaml") -> int:
    path = workdir / f"fuzzed{suffix}"
    path.write_bytes(content)
    return assert_clean_exit("validate", str(path))


@given(
    doc=documents(top={"procedure": "dang-ky-khai-tu"}) | documents(),
    as_json=st.booleans(),
    encoding=st.data(),
)
def test_random_structures(
    workdir: Path, doc: dict[str, Any], as_json: bool, encoding: st.DataObject
) -> None:
    text = dump(doc, as_json)
    _validate(workdir, encoding.draw(encoded(text)), ".json" if as_json else ".yaml")


@given(source=st.sampled_from(EXAMPLE_FILES), data=st.data())
def test_mutated_examples(workdir: Path, source: Path, data: st.DataObject) -> None:
    _validate(workdir, data.draw(mutated(source.read_bytes())))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


@given(source=st.sampled_from(EXAMPLE_FILES), data=st.data())
def test_examples_with_one_value_replaced(workdir: Path, source: Path, data: st.DataObject) -> None:
    """Valid files but for one value: reaches the models' own rules (dates, IDs, enums)."""
    content, _ = read_file(source)
    content = copy.deepcopy(content)
    where = data.draw(st.sampled_from(_paths(content)[1:]))
    node = content
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = data.draw(trees)
    as_json = data.draw(st.booleans())
    _validate(workdir, dump(content, as_json).encode(), ".json" if as_json else ".yaml")


@given(text=alias_yaml())
def test_anchors_and_aliases_are_always_refused(workdir: Path, text: str) -> None:
    assert _validate(workdir, text.encode()) == 2


@given(blob=st.binary(max_size=4096), suffix=st.sampled_from([".yaml", ".json", ".yml", ""]))
def test_random_bytes(workdir: Path, blob: bytes, suffix: str) -> None:
    _validate(workdir, blob, suffix)
