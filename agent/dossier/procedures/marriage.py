"""Shared rules of the two marriage procedures: a woman and a man of marriageable age."""

from __future__ import annotations

from pydantic import model_validator

from agent.dossier import rules
from agent.dossier.parts import Applicant, Delivery, Spouse
from agent.dossier.problems import fail
from agent.dossier.types import DossierModel

#: Luật Hôn nhân và gia đình 2014, art. 8: man ≥ 20, woman ≥ 18 (completed years).
MIN_AGE = {"bride": 18, "groom": 20}


class MarriageBase(DossierModel):
    applicant: Applicant
    bride: Spouse
    groom: Spouse
    delivery: Delivery

    @model_validator(mode="after")
    def _marriageable(self) -> MarriageBase:
        on = rules.today()
        for role, person, sex in (("bride", self.bride, "Nữ"), ("groom", self.groom, "Nam")):
            if person.sex != sex:
                fail(
                    f"{role}.sex must be {sex}",
                    "the portal registers a marriage between a woman (bride) and a man (groom)",
                )
            age = rules.age_on(rules.parse_date(person.date_of_birth), on)
            if age < MIN_AGE[role]:
                fail(
                    f"{role} is {age} on {on:%d/%m/%Y}; the legal minimum is {MIN_AGE[role]}",
                    f"check {role}.date_of_birth",
                )
        if self.bride.id_document.number == self.groom.id_document.number:
            fail("bride and groom have the same identity document number", "check both numbers")
        return self
