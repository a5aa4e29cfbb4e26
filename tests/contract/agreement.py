"""Comparing an agent list with a portal list, and saying exactly how they differ."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import partial
from typing import Any, get_args


def options_of(annotated: Any) -> tuple[str, ...]:
    """The option texts of an agent choice type (`enums.ETHNICITY`)."""
    kind = _choice_marker(annotated)
    return tuple(kind.options)


def aliases_of(annotated: Any) -> dict[str, str]:
    """The short forms an agent choice type maps onto its options."""
    kind = _choice_marker(annotated)
    if getattr(kind, "aliases", None) is not None:
        return dict(kind.aliases)
    for meta in get_args(annotated)[1:]:  # a BeforeValidator over normalise_choice
        func = getattr(meta, "func", None)
        if isinstance(func, partial) and "aliases" in func.keywords:
            return dict(func.keywords["aliases"])
    return {}


def _choice_marker(annotated: Any) -> Any:
    found = [m for m in get_args(annotated)[1:] if getattr(m, "name", None) == "choice"]
    assert found, f"{annotated!r} is not a choice type"
    return found[0]


def differences(agent: Iterable[str], portal: Iterable[str]) -> str:
    """'' when both hold the same texts; otherwise what only each side has, one item a line."""
    mine, theirs = set(agent), set(portal)
    only_agent, only_portal = sorted(mine - theirs), sorted(theirs - mine)
    if not only_agent and not only_portal:
        return ""
    lines = []
    if only_agent:
        lines.append(f"  only the agent has ({len(only_agent)}):")
        lines += [f"    {_shown(text, only_portal)}" for text in only_agent]
    if only_portal:
        lines.append(f"  only the portal offers ({len(only_portal)}):")
        lines += [f"    {_shown(text, only_agent)}" for text in only_portal]
    return "\n".join(lines)


def _shown(text: str, other_side: list[str]) -> str:
    """The text, flagged when it differs from an item of the other side only invisibly."""
    twins = [o for o in other_side if unicodedata.normalize("NFC", o) == unicodedata.normalize("NFC", text)]
    if twins:
        return (
            f"{text!r}  (same letters as {twins[0]!r} in another Unicode form: {[hex(ord(c)) for c in text]})"
        )
    return repr(text)
