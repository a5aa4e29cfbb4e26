"""1.000656 Đăng ký khai tử (death registration), ../shared/reference/portals.md §5.5."""

from __future__ import annotations

from pydantic import model_validator

from agent.dossier import enums
from agent.dossier.parts import Applicant, DeathNotice, DeceasedPerson, Delivery, DetailedResidence
from agent.dossier.procedure import AttachmentSpec, Procedure
from agent.dossier.procedures.death import Death, check_death_dates, registration_type
from agent.dossier.types import DossierModel, Text


class DeathRegistration(DossierModel):
    applicant: Applicant
    requester_relationship: Text
    deceased: DeceasedPerson
    death: Death
    registration_type: enums.DEATH_REGISTRATION_TYPE | None = None
    last_residence: DetailedResidence
    death_notice: DeathNotice
    delivery: Delivery

    @model_validator(mode="after")
    def _dates_and_deadline(self) -> DeathRegistration:
        check_death_dates(self.deceased, self.death.date, self.death_notice)
        self.registration_type = registration_type(self.death.date, self.registration_type)
        return self


PROCEDURE = Procedure(
    slug="dang-ky-khai-tu",
    code="1.000656",
    title="Đăng ký khai tử",
    portal="hanoi",
    other_routes=("national",),  # through dichvucong.gov.vn since 01/07/2025
    model=DeathRegistration,
    attachments={
        "death_notice": AttachmentSpec("Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử", required=True),
        "death_evidence": AttachmentSpec("Giấy tờ chứng minh việc chết"),
        "place_of_death_proof": AttachmentSpec("Giấy tờ chứng minh nơi chết"),
    },
)
