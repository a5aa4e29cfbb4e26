"""The dossier package's modules import each other one way only: no cycles, not even through an
import deferred into a function (the way `files` and `paths` once leaned on each other)."""

from __future__ import annotations

import ast
from pathlib import Path

import agent.dossier

PACKAGE = Path(agent.dossier.__file__).parent
NAME = "agent.dossier"


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((NAME, *parts))


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that `path` imports, anywhere in its body."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.update(m for m in (f"{node.module}.{a.name}" for a in node.names) if m in modules)
            if node.module in modules:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules)
    return found


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module → the modules of the package it imports. The package's own `__init__` only gathers
    the public names, so it is left out: importing any of its modules runs it first anyway."""
    paths = {module_name(p, package): p for p in package.rglob("*.py")}
    modules = set(paths)
    return {m: imports_of(p, modules) - {NAME, m} for m, p in paths.items() if m != NAME}


def find_cycle(edges: dict[str, set[str]]) -> list[str]:
    """One import cycle as a list of modules, or [] when there is none."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = "done"
        stack.pop()
        return []

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def test_the_dossier_modules_import_each_other_without_cycles() -> None:
    edges = graph()
    assert edges[f"{NAME}.paths"] >= {f"{NAME}.files"}  # paths builds on files, not back
    assert find_cycle(edges) == []


def test_the_cycle_finder_sees_a_deferred_import_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []
