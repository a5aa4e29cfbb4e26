"""A YAML loader that remembers where things were written.

Flow errors must point at a file and line ("flows/hanoi/x.yaml:42"), so mappings and lists
carry the line they start on and the line of each key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from agent.flow.errors import FlowError


class LineDict(dict):
    """A mapping that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list):
    line: int = 0


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml_with_lines(path: Path) -> Any:
    """Parse one YAML document; mappings become LineDict, lists LineList."""
    with open(path, encoding="utf-8") as handle:
        try:
            return yaml.load(handle, Loader=_LineLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            where = f"{path}:{mark.line + 1}" if mark else str(path)
            raise FlowError(f"{where}: not valid YAML ({exc.problem})") from None


def line_of(node: Any, key: str | None = None) -> int:
    """Best-known line of a node (or of one of its keys); 0 when unknown."""
    if isinstance(node, LineDict) and key is not None and key in node.key_lines:
        return node.key_lines[key]
    return getattr(node, "line", 0)
