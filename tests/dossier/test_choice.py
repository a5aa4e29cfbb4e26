"""An option list is one marker, `Annotated[str, choice(...)]`: it validates the value and tells
hints, templates and batch readers the options, while type checkers see a plain `str`."""

from __future__ import annotations

import copy
import pickle
from typing import Annotated

import pytest
from pydantic import ValidationError

from agent.dossier.paths import walk
from agent.dossier.types import Choice, DossierModel, choice

Colour = Annotated[str, choice(("Đỏ", "Xanh"), {"red": "Đỏ"}, hint="a colour")]


class Paint(DossierModel):
    colour: Colour
    second: Colour | None = None


def test_the_marker_normalises_short_forms_and_refuses_other_values() -> None:
    assert Paint.model_validate({"colour": " RED "}).colour == "Đỏ"
    assert Paint.model_validate({"colour": "do"}).colour == "Đỏ"
    with pytest.raises(ValidationError) as refused:
        Paint.model_validate({"colour": "Vàng"})
    error = refused.value.errors()[0]
    assert error["type"] == "dossier_rule" and error["ctx"]["hint"] == "one of: Đỏ | Xanh"


def test_the_marker_is_the_fields_kind_even_when_optional() -> None:
    fields = {path: (inner, kind, required) for path, inner, kind, required, _ in walk(Paint)}
    assert set(fields) == {"colour", "second"}
    for path, (inner, kind, required) in fields.items():
        assert inner is str and required is (path == "colour")
        assert isinstance(kind, Choice)
        assert (kind.name, kind.options, kind.hint) == ("choice", ("Đỏ", "Xanh"), "a colour")


def test_markers_that_differ_only_in_their_aliases_each_map_their_own() -> None:
    """Aliases are not part of a marker's identity (two such markers are equal), so whatever a
    marker remembers of its option list must be its own, not one looked up by equality."""
    to_red = choice(("Đỏ", "Xanh"), {"sky": "Đỏ"})
    to_blue = choice(("Đỏ", "Xanh"), {"sky": "Xanh"})
    assert to_red == to_blue
    assert (to_red.normalise("sky"), to_blue.normalise(" SKY ")) == ("Đỏ", "Xanh")
    copied = copy.deepcopy(to_blue)  # a marker that has been used still copies (and pickles)
    assert pickle.loads(pickle.dumps(copied)).normalise("sky") == "Xanh"


def test_an_option_wins_over_an_alias_that_reads_the_same() -> None:
    marker = choice(("Nam", "Nữ"), {"nu": "Nam", "anh": "Nam"})  # "nu" reads like the option "Nữ"
    assert marker.normalise("nu") == "Nữ"
    assert marker.normalise("Anh") == "Nam"
