"""Reading dossier files: YAML that remembers line numbers, never guesses types, and cannot explode.

Plain YAML turns `0912345678` into a number and `001010012345` into an octal one, silently
dropping the leading zeros of phone numbers and personal IDs. Here every scalar stays text
(only true/false/null are read as such); the model decides what each field is.

A dossier is a small, hand-written file, so anything far bigger or deeper than one can only be a
mistake or an attack: anchors and aliases (a few hundred bytes of aliases expand to gigabytes),
files over `MAX_FILE_BYTES`, nesting deeper than `MAX_DEPTH` (Python's recursion limit) and
strings longer than `MAX_STRING` are refused with one clear line instead of being expanded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

_BOOL_TRUE = {"true", "True", "TRUE"}
_BOOL_FALSE = {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}

#: The largest dossier file read (the biggest real one is a few KB).
MAX_FILE_BYTES = 1024 * 1024
#: The deepest nesting of mappings/lists (real dossiers are 5 deep).
MAX_DEPTH = 32
#: The longest single value, in characters (addresses and names are far shorter).
MAX_STRING = 10_000

Lines = dict[tuple[str, ...], int]


class SourceError(ValueError):
    """The file is not readable as a dossier (syntax or shape, not content)."""

    def __init__(self, message: str, hint: str = "fix the file's syntax", line: int | None = None) -> None:
        super().__init__(message)
        self.hint = hint
        self.line = line


def _too_deep(line: int | None = None) -> SourceError:
    return SourceError(
        f"nested more than {MAX_DEPTH} levels deep",
        "a dossier is a few levels of fields: see `dvc-agent template <procedure>`",
        line,
    )


def _too_long(length: int, line: int | None = None) -> SourceError:
    return SourceError(
        f"a value is {length} characters long, over the {MAX_STRING} allowed",
        "values are names, dates and short texts: check the file is the dossier you meant",
        line,
    )


class DossierLoader(yaml.SafeLoader):
    """A SafeLoader whose composer refuses anchors, aliases and deep nesting before building."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise SourceError(
                "YAML anchors and aliases (&name, *name) are not allowed in a dossier",
                "write each value out in full",
                line,
            )
        if self._depth >= MAX_DEPTH:
            raise _too_deep(line)
        self._depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        return node


def _build(node: yaml.Node, path: tuple[str, ...], lines: Lines) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise SourceError(
                    "a key must be a plain name, not a list or a mapping",
                    "write `name: value` lines",
                    key_node.start_mark.line + 1,
                )
            key = str(key_node.value)
            lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _build(value_node, (*path, key), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, str(i)), lines) for i, item in enumerate(node.value)]
    value = node.value
    if len(value) > MAX_STRING:
        raise _too_long(len(value), node.start_mark.line + 1)
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
        loader = DossierLoader(text)  # the reader refuses control characters right here
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceError(f"not valid YAML: {_one_line(exc)}", line=mark.line + 1 if mark else None) from None
    lines: Lines = {}
    return (None if node is None else _build(node, (), lines)), lines


def _check_shape(content: Any) -> None:
    """Depth and string length of parsed JSON, without recursion (so no RecursionError)."""
    stack: list[tuple[Any, int]] = [(content, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > MAX_DEPTH:
                raise _too_deep()
            children = [*node.keys(), *node.values()] if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(node, str) and len(node) > MAX_STRING:
            raise _too_long(len(node))


def read_json(text: str) -> Any:
    try:
        content = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"not valid JSON: {exc}", line=exc.lineno) from None
    except RecursionError:
        raise _too_deep() from None
    except ValueError:  # an integer of more than 4300 digits
        raise SourceError("not valid JSON: a number is thousands of digits long") from None
    _check_shape(content)
    return content


def read_text(path: Path) -> str:
    """The file's text: a regular file, at most MAX_FILE_BYTES, UTF-8 (with or without a BOM)."""
    try:
        if not path.is_file():
            what = "no such file" if not path.exists() else "not a regular file"
            raise SourceError(f"cannot read {path}: {what}", "name a dossier file (YAML or JSON)")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SourceError(
            f"cannot read {path}: {exc.strerror or exc}", "check the path and permissions"
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(
            f"the file is over {MAX_FILE_BYTES // 1024} KB",
            "a dossier is a few KB of fields: check the file is the dossier you meant",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"not UTF-8 text (byte {exc.start} cannot be read)", "save the file as UTF-8 text"
        ) from None


def read_file(path: Path) -> tuple[Any, Lines]:
    """A YAML or JSON dossier file → (content, line of each dotted key path)."""
    text = read_text(path)
    if path.suffix.lower() == ".json":
        return read_json(text), {}
    return read_yaml(text)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
