"""The examples as editable mappings, and short ways to validate them."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from agent.dossier import InvalidDossier, parse_dossier
from agent.dossier.source import read_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SLUGS = (
    "xac-nhan-tinh-trang-hon-nhan",
    "dang-ky-lai-khai-sinh",
    "dang-ky-ket-hon",
    "dang-ky-lai-ket-hon",
    "dang-ky-khai-tu",
    "lien-thong-khai-sinh",
    "lien-thong-khai-tu",
)


def example(slug: str) -> dict:
    content, _ = read_file(EXAMPLES / f"{slug}.yaml")
    return copy.deepcopy(content)


def parse(content: dict):
    return parse_dossier(content, EXAMPLES)


def problems_of(content: dict) -> dict[str, str]:
    """{location: message + hint} of an invalid dossier (fails the test if it is valid)."""
    with pytest.raises(InvalidDossier) as caught:
        parse(content)
    return {p.location: f"{p.message} | {p.hint}" for p in caught.value.problems}
