"""Annotated value types for dossier fields.

Each type bundles the rule that normalises the value with a `Kind` marker, so the same model
tells the validator what to check, the batch reader how to undo spreadsheet damage (restore
leading zeros, read Excel dates) and the template what to write in a blank dossier.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

from agent.dossier import rules


@dataclass(frozen=True)
class Kind:
    """What a field holds: personal_id, old_id, passport, social_insurance, phone, email, date,
    partial_date, time, int, bool, name, text, choice, province."""

    name: str
    options: tuple[str, ...] = ()
    hint: str = ""


@dataclass(frozen=True)
class Choice(Kind):
    """A `Kind` that also validates: the value must be one of `options`, and short forms
    (`aliases`) map onto them. One object, so an option list reads `Annotated[str, choice(...)]`
    and type checkers see a plain `str` field."""

    aliases: Mapping[str, str] = field(default_factory=dict, compare=False)

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_before_validator_function(self.normalise, handler(source))

    def normalise(self, value: Any) -> str:
        return rules.pick_option(value, self.options, self._index)

    @cached_property
    def _index(self) -> Mapping[str, str]:
        """Folded options and aliases → option, built once (see `rules.choice_index`)."""
        return rules.choice_index(self.options, tuple(self.aliases.items()))


@dataclass(frozen=True)
class Sensitive:
    """Marks a field whose value identifies a person although its `Kind` does not say so (an
    address's house number and street). `agent.secrets.redaction` masks such values, and those
    of the identifying kinds, in logs and artifacts."""

    what: str  # personal_id | phone | email | name | address | secret


def choice(options: tuple[str, ...], aliases: Mapping[str, str] | None = None, hint: str = "") -> Choice:
    """An enumeration shown by the portal as option text; short forms map onto the options."""
    return Choice("choice", options, hint, aliases or {})


Text = Annotated[str, BeforeValidator(rules.normalise_text), Kind("text")]
Name = Annotated[str, BeforeValidator(rules.normalise_name), Kind("name", hint="Nguyễn Văn An")]
PersonalId = Annotated[
    str, BeforeValidator(rules.normalise_personal_id), Kind("personal_id", hint="12 digits")
]
Phone = Annotated[str, BeforeValidator(rules.normalise_phone), Kind("phone", hint="0912345678")]
Email = Annotated[str, BeforeValidator(rules.normalise_email), Kind("email")]
Date = Annotated[str, BeforeValidator(rules.normalise_date), Kind("date", hint="dd/mm/yyyy")]
PartialDate = Annotated[
    str,
    BeforeValidator(rules.normalise_partial_date),
    Kind("partial_date", hint="dd/mm/yyyy, mm/yyyy or yyyy"),
]
Time = Annotated[str, BeforeValidator(rules.normalise_time), Kind("time", hint="HH:MM")]
Count = Annotated[int, BeforeValidator(partial(rules.normalise_int, minimum=0)), Kind("int")]
Ordinal = Annotated[int, BeforeValidator(partial(rules.normalise_int, minimum=1)), Kind("int")]
Flag = Annotated[bool, BeforeValidator(rules.normalise_bool), Kind("bool", hint="Có / Không")]
IdNumber = Annotated[
    str,
    BeforeValidator(rules.normalise_text),
    Kind("id_number", hint="12 digits (CCCD), 9 (CMND) or passport"),
]


class DossierModel(BaseModel):
    """Base of every part: unknown keys are typos. Values are checked once, when the dossier is
    read; assignments are not re-validated because after-validators fill derived fields (e.g. the
    death registration type) by assigning them."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, validate_assignment=False, frozen=False
    )


def kind_of(field_info: Any) -> Kind | None:
    """The Kind marker of a pydantic FieldInfo, if any."""
    for meta in getattr(field_info, "metadata", ()):
        if isinstance(meta, Kind):
            return meta
    return None


def unwrap(annotation: Any) -> tuple[Any, Kind | None, bool]:
    """(inner type, Kind marker, optional?) of a field annotation."""
    try:
        return _unwrap_cached(annotation)
    except TypeError:  # an unhashable annotation (metadata holding a list…): worked out each time
        return _unwrap(annotation)


@lru_cache(maxsize=1024)
def _unwrap_cached(annotation: Any) -> tuple[Any, Kind | None, bool]:
    """`_unwrap`, remembered per annotation: typing introspection is slow and a model's
    annotations never change."""
    return _unwrap(annotation)


def _unwrap(annotation: Any) -> tuple[Any, Kind | None, bool]:
    kind: Kind | None = None
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            args = get_args(annotation)
            kind = kind or next((m for m in args[1:] if isinstance(m, Kind)), None)
            annotation = args[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(members) < len(get_args(annotation))
            annotation = members[0]
        else:
            return annotation, kind, optional
