"""Inputs a person, a spreadsheet tool or an attacker could hand the agent: random structure,
real keys in odd places, odd encodings, YAML anchors and aliases, and mutations of real files."""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import strategies as st

from agent.dossier import PROCEDURES

#: Keys the code really looks at, so generated mappings reach past the first check.
KNOWN_KEYS = [
    "procedure", "portal", "account", "data", "attachments", "applicant", "deceased", "death",
    "full_name", "date_of_birth", "personal_id", "address", "province", "commune", "detail",
    "phone", "email", "sex", "delivery", "method", "copies", "password", "accounts", "providers",
    "username", "passcode", "mock_only", "death_notice", "kind", "number", "date", "issuer",
]  # fmt: skip
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1258", "utf-32"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["10/11/2026", "1938", "02/1990", "Hà Nội", "Nam", "Nữ", "0912345678", "", " "]),
    st.sampled_from(list(PROCEDURES)),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=12))
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=40,
)


@st.composite
def documents(draw: st.DrawFn, top: dict[str, Any] | None = None) -> dict[str, Any]:
    """A mapping shaped like a dossier (or credentials) file at the top, anything below."""
    base = dict(top or {})
    base.update(draw(st.dictionaries(st.sampled_from(KNOWN_KEYS), trees, max_size=6)))
    return base


def dump(content: Any, as_json: bool) -> str:
    if as_json:
        return json.dumps(content, ensure_ascii=False, allow_nan=True)
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False)


@st.composite
def encoded(draw: st.DrawFn, text: str) -> bytes:
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """A few byte-level edits: the typos, truncations and stray bytes of real files."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(out)))
        edit = draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        piece = draw(
            st.binary(min_size=1, max_size=8)
            | st.sampled_from(
                [b"&a ", b"*a", b"[", b"{", b": ", b"\n  - ", b"\t", b"\x00", b"'", b'"', b"!!python/object "]
            )
        )
        if edit == "insert":
            out[where:where] = piece
        elif edit == "delete":
            del out[where : where + len(piece)]
        elif edit == "replace":
            out[where : where + len(piece)] = piece
        else:
            del out[where:]
    return bytes(out)


@st.composite
def alias_yaml(draw: st.DrawFn) -> str:
    """Anchors and aliases, from one harmless reuse to a billion-laughs bomb."""
    levels, fanout = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    lines = [f"a0: &a0 [{', '.join(['lol'] * fanout)}]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * fanout)}]")
    if draw(st.booleans()):
        lines.insert(0, "procedure: dang-ky-khai-tu")
    if draw(st.booleans()):
        lines.append(f"data: {{applicant: *a{levels - 1}}}")
    if draw(st.booleans()):
        lines.append("loop: &loop [*loop]")
    return "\n".join(lines) + "\n"
