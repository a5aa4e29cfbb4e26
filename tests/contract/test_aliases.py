"""Spreadsheets written for the old spellings keep validating, and land on the portal's text."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from agent.dossier import enums
from tests.contract.agreement import aliases_of, options_of


def _choice_types() -> dict[str, Any]:
    """Every choice type `enums` defines, by name."""
    found = {}
    for name, value in vars(enums).items():
        try:
            options_of(value)
        except (AssertionError, TypeError):
            continue
        found[name] = value
    return found


#: The agent's previous spellings (Hmông, Ba-na, Xơ-đăng, Chu-ru), the mock's (Co Lao), and what
#: people commonly write.
SPELLINGS = [
    ("Hmông", "HMông"), ("H'Mông", "HMông"), ("Mông", "HMông"),
    ("Ba-na", "Ba na"), ("Ba Na", "Ba na"),
    ("Xơ-đăng", "Xơ-Đăng"), ("Xơ Đăng", "Xơ-Đăng"),
    ("Chu-ru", "Chu ru"), ("Chu Ru", "Chu ru"),
    ("Co Lao", "Cơ Lao"), ("Cờ Lao", "Cơ Lao"),
    ("Khmer", "Khơ-me"), ("Gié Triêng", "Gié-Triêng"),
]  # fmt: skip


@pytest.mark.parametrize(("written", "portal_text"), SPELLINGS)
def test_old_and_common_ethnicity_spellings_map_onto_the_portals_text(written: str, portal_text: str) -> None:
    assert TypeAdapter(enums.ETHNICITY).validate_python(written) == portal_text


def test_a_name_the_portal_does_not_offer_is_refused() -> None:
    with pytest.raises(ValidationError, match="not one of the portal's options"):
        TypeAdapter(enums.ETHNICITY).validate_python("Mèo Đỏ")
    with pytest.raises(ValidationError, match="not one of the portal's options"):
        TypeAdapter(enums.NATIONALITY).validate_python("Xứ Wakanda")


def test_every_alias_lands_on_an_option() -> None:
    """An alias whose target is not an option would slip past the contract with the portal."""
    choices = _choice_types()
    assert {"ETHNICITY", "NATIONALITY", "ID_ISSUER", "RELATIONSHIP"} <= set(choices)
    stray = {
        f"{name}: {alias!r} → {target!r}"
        for name, annotated in choices.items()
        for alias, target in aliases_of(annotated).items()
        if target not in options_of(annotated)
    }
    assert not stray, "aliases onto texts the portal does not offer:\n  " + "\n  ".join(sorted(stray))
    # Options are matched before aliases: an alias that reads like another option never applies.
    shadowed = {
        f"{name}: {alias!r} gives {got!r}, not {target!r}"
        for name, annotated in choices.items()
        for alias, target in aliases_of(annotated).items()
        if (got := TypeAdapter(annotated).validate_python(alias)) != target
    }
    assert not shadowed, "aliases that never apply:\n  " + "\n  ".join(sorted(shadowed))
