"""2.000986 Liên thông khai sinh – thường trú – thẻ BHYT cho trẻ dưới 6 tuổi.

Labels and rules: ../shared/reference/portals.md §5.6.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationInfo, field_validator, model_validator

from agent.dossier import enums, rules
from agent.dossier.parts import (
    DetailedAddress,
    Father,
    Mother,
    Person,
    Province,
    RelatedPerson,
    commune_in_province,
)
from agent.dossier.problems import fail
from agent.dossier.procedure import AttachmentSpec, Procedure
from agent.dossier.types import Count, Date, DossierModel, Email, Flag, Name, PersonalId, Phone, Text

#: Which parents the case says are known (../shared/reference/portals.md §5.6 step 1,
#: Trường hợp khai sinh).
KNOWN_PARENTS = {
    enums.BOTH_KNOWN: {"mother", "father"},
    enums.FATHER_UNKNOWN: {"mother"},
    enums.MOTHER_UNKNOWN: {"father"},
    enums.BOTH_UNKNOWN: set(),
    enums.ABANDONED: set(),
}
MAX_CHILD_AGE = 6


class Agency(DossierModel):
    """Cơ quan đăng ký khai sinh: the commune whose People's Committee registers the birth."""

    province: Province
    commune: str

    @field_validator("commune", mode="before")
    @classmethod
    def _commune_in_province(cls, value: Any, info: ValidationInfo) -> str:
        return commune_in_province(value, info)


class Requester(DossierModel):
    full_name: Name
    personal_id: PersonalId
    relationship: enums.RELATIONSHIP
    phone: Phone
    email: Email | None = None


class ParentsMarriage(DossierModel):
    number: Text
    book: Text
    date: Date
    issuer: Text


class ResidenceRegistration(DossierModel):
    household_head: RelatedPerson
    address: DetailedAddress


class HealthCard(DossierModel):
    primary_care_facility: Text


class LienThongBirth(DossierModel):
    agency: Agency
    foreign_element: enums.FOREIGN_ELEMENT = "Không có yếu tố nước ngoài"
    birth_case: enums.BIRTH_CASE = enums.BOTH_KNOWN
    requester: Requester
    child: Person
    child_birthplace: DetailedAddress  # detail = the health facility
    child_native_place: Province
    mother: Mother | None = None
    father: Father | None = None
    father_same_residence: Flag = False
    parents_marriage: ParentsMarriage | None = None
    residence_registration: ResidenceRegistration
    health_card: HealthCard
    copies: Count = 0

    @model_validator(mode="after")
    def _case_and_ages(self) -> LienThongBirth:
        known = KNOWN_PARENTS[self.birth_case]
        for role in ("mother", "father"):
            present = getattr(self, role) is not None
            if role in known and not present:
                fail(
                    f"{role} is required when birth_case is {self.birth_case!r}",
                    f"add {role}, or choose the birth_case that says the {role} is unknown",
                )
            if role not in known and present:
                fail(
                    f"{role} must be left out when birth_case is {self.birth_case!r}",
                    f"remove {role}, or choose another birth_case",
                )
        if self.father_same_residence and (self.father is None or self.mother is None):
            fail("father_same_residence needs both a father and a mother", "remove father_same_residence")
        for role in ("mother", "father"):
            parent = getattr(self, role)
            if parent is None:
                continue
            if parent.personal_id is None:
                fail(
                    f"{role}.personal_id is required on the liên thông form",
                    "add the parent's 12-digit số định danh cá nhân",
                )
            needs_residence = not (role == "father" and self.father_same_residence)
            if needs_residence and (parent.residence is None or not parent.residence.address.detail):
                fail(
                    f"{role}.residence with address.detail is required on the liên thông form",
                    "add residence: {kind, address: {province, commune, detail}}"
                    + ("; or set father_same_residence: true" if role == "father" else ""),
                )
        born = rules.parse_date(self.child.date_of_birth)
        if rules.age_on(born, rules.today()) >= MAX_CHILD_AGE:
            fail(
                f"the child is {MAX_CHILD_AGE} or older; this procedure is for children under "
                f"{MAX_CHILD_AGE}",
                "register the birth with the plain Đăng ký khai sinh procedure",
            )
        for role in ("mother", "father"):
            parent = getattr(self, role)
            if parent and rules.parse_date(parent.date_of_birth) >= born:
                fail(f"{role}.date_of_birth is not before child.date_of_birth", "check both dates")
        return self


PROCEDURE = Procedure(
    slug="lien-thong-khai-sinh",
    code="2.000986",
    title="Liên thông khai sinh – đăng ký thường trú – cấp thẻ BHYT cho trẻ dưới 6 tuổi",
    portal="dvcqg",
    model=LienThongBirth,
    attachments={
        "birth_certificate": AttachmentSpec("Bản chụp Giấy chứng sinh", required=True),
        "ct01": AttachmentSpec("Tờ khai thay đổi thông tin cư trú (CT01)", required=True),
    },
)
