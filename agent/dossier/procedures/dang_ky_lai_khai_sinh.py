"""1.004884 Đăng ký lại khai sinh (birth re-registration), ../shared/reference/portals.md §5.3."""

from __future__ import annotations

from pydantic import model_validator

from agent.dossier import rules
from agent.dossier.parts import (
    Address,
    Applicant,
    Delivery,
    Father,
    Mother,
    Person,
    PreviousRegistration,
    Province,
)
from agent.dossier.problems import fail
from agent.dossier.procedure import AttachmentSpec, Procedure
from agent.dossier.types import DossierModel, Text


class BirthReRegistration(DossierModel):
    applicant: Applicant
    requester: Person
    requester_relationship: Text
    child: Person
    child_birthplace: Address
    child_native_place: Province
    father: Father | None = None
    mother: Mother | None = None
    previous_registration: PreviousRegistration
    delivery: Delivery

    @model_validator(mode="after")
    def _dates_in_order(self) -> BirthReRegistration:
        born = rules.parse_date(self.child.date_of_birth)
        for role, parent in (("father", self.father), ("mother", self.mother)):
            if parent and rules.parse_date(parent.date_of_birth) >= born:
                fail(f"{role}.date_of_birth is not before child.date_of_birth", "check both dates")
        if rules.parse_date(self.previous_registration.date) < born:
            fail(
                "previous_registration.date is before child.date_of_birth",
                "the first registration cannot precede the birth",
            )
        return self


PROCEDURE = Procedure(
    slug="dang-ky-lai-khai-sinh",
    code="1.004884",
    title="Đăng ký lại khai sinh",
    portal="hanoi",
    other_routes=("national",),  # through dichvucong.gov.vn since 01/07/2025
    model=BirthReRegistration,
    attachments={
        "old_birth_certificate": AttachmentSpec("Bản sao Giấy khai sinh cũ", required=True),
        "personal_papers": AttachmentSpec("Giấy tờ cá nhân"),
        "authorisation": AttachmentSpec("Văn bản ủy quyền"),
    },
)
