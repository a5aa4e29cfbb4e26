"""Annotated value types for dossier fields.

Each type bundles the rule that normalises the value with a `Kind` marker, so the same model
tells the validator what to check, the batch reader how to undo spreadsheet damage (restore
leading zeros, read Excel dates) and the template what to write in a blank dossier.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

from agent.dossier import rules


@dataclass(frozen=True)
class Kind:
    """What a field holds: personal_id, old_id, passport, social_insurance, phone, email, date,
    partial_date, time, int, bool, name, text, choice, province."""

    name: str
    options: tuple[str, ...] = ()
    hint: str = ""


def choice(options: tuple[str, ...], aliases: dict[str, str] | None = None, hint: str = "") -> Any:
    """An enumeration shown by the portal as option text; short forms map onto the options."""
    check = partial(rules.normalise_choice, options=options, aliases=aliases or {})
    return Annotated[str, BeforeValidator(check), Kind("choice", options, hint)]


Text = Annotated[str, BeforeValidator(rules.normalise_text), Kind("text")]
Name = Annotated[str, BeforeValidator(rules.normalise_name), Kind("name", hint="Nguyễn Văn An")]
PersonalId = Annotated[str, BeforeValidator(rules.normalise_personal_id),
                       Kind("personal_id", hint="12 digits")]
Phone = Annotated[str, BeforeValidator(rules.normalise_phone), Kind("phone", hint="0912345678")]
Email = Annotated[str, BeforeValidator(rules.normalise_email), Kind("email")]
Date = Annotated[str, BeforeValidator(rules.normalise_date), Kind("date", hint="dd/mm/yyyy")]
PartialDate = Annotated[str, BeforeValidator(rules.normalise_partial_date),
                        Kind("partial_date", hint="dd/mm/yyyy, mm/yyyy or yyyy")]
Time = Annotated[str, BeforeValidator(rules.normalise_time), Kind("time", hint="HH:MM")]
Count = Annotated[int, BeforeValidator(partial(rules.normalise_int, minimum=0)), Kind("int")]
Ordinal = Annotated[int, BeforeValidator(partial(rules.normalise_int, minimum=1)), Kind("int")]
Flag = Annotated[bool, BeforeValidator(rules.normalise_bool), Kind("bool", hint="Có / Không")]
IdNumber = Annotated[str, BeforeValidator(rules.normalise_text),
                     Kind("id_number", hint="12 digits (CCCD), 9 (CMND) or passport")]


class DossierModel(BaseModel):
    """Base of every part: unknown keys are typos, values are re-checked when assigned."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              validate_assignment=False, frozen=False)


def kind_of(field_info: Any) -> Kind | None:
    """The Kind marker of a pydantic FieldInfo, if any."""
    for meta in getattr(field_info, "metadata", ()):
        if isinstance(meta, Kind):
            return meta
    return None
