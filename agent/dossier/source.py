"""Reading dossier files: YAML that remembers line numbers, and never guesses types.

Plain YAML turns `0912345678` into a number and `001010012345` into an octal one, silently
dropping the leading zeros of phone numbers and personal IDs. Here every scalar stays text
(only true/false/null are read as such); the model decides what each field is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

_BOOL_TRUE = {"true", "True", "TRUE"}
_BOOL_FALSE = {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}

Lines = dict[tuple[str, ...], int]


class SourceError(ValueError):
    """The file is not readable as a dossier (syntax, not content)."""


def _build(node: yaml.Node, path: tuple[str, ...], lines: Lines) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _build(value_node, (*path, key), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, str(i)), lines) for i, item in enumerate(node.value)]
    value = node.value
    # A plain (unquoted) scalar: only booleans and null are not text.
    if isinstance(node, yaml.ScalarNode) and node.style is None:
        if value in _BOOL_TRUE:
            return True
        if value in _BOOL_FALSE:
            return False
        if value in _NULL:
            return None
    return value


def read_yaml(text: str) -> tuple[Any, Lines]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise SourceError(f"not valid YAML: {exc}") from exc
    lines: Lines = {}
    return (None if node is None else _build(node, (), lines)), lines


def read_file(path: Path) -> tuple[Any, Lines]:
    """A YAML or JSON dossier file → (content, line of each dotted key path)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read {path}: {exc}") from exc
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text), {}
        except json.JSONDecodeError as exc:
            raise SourceError(f"not valid JSON: {exc}") from exc
    return read_yaml(text)
