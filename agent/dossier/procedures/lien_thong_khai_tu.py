"""1.006714 Liên thông khai tử – xóa thường trú – hưởng mai táng phí, ../shared/reference/portals.md §5.7."""

from __future__ import annotations

from pydantic import model_validator

from agent.dossier import enums
from agent.dossier.parts import (
    DeathNotice,
    DeceasedPerson,
    DetailedAddress,
    DetailedResidence,
    IdentityDocument,
    RelatedPerson,
)
from agent.dossier.problems import fail
from agent.dossier.procedure import AttachmentSpec, Procedure
from agent.dossier.procedures.death import check_death_dates
from agent.dossier.procedures.lien_thong_khai_sinh import Agency, Requester
from agent.dossier.types import Count, DossierModel, Flag, Name, PartialDate, PersonalId, Text


class IdentifiedDeceased(DeceasedPerson):
    id_document: IdentityDocument


class LienThongDeath(DossierModel):
    class Death(DossierModel):
        date: PartialDate
        place: DetailedAddress
        cause: Text

    class ResidenceRemoval(DossierModel):
        household_head: RelatedPerson

    class AllowanceRecipient(DossierModel):
        is_requester: Flag = True
        full_name: Name | None = None
        personal_id: PersonalId | None = None
        relationship: enums.RELATIONSHIP | None = None

        @model_validator(mode="after")
        def _someone_named(self) -> LienThongDeath.AllowanceRecipient:
            named = [self.full_name, self.personal_id, self.relationship]
            if self.is_requester and any(v is not None for v in named):
                fail(
                    "allowance_recipient is the requester, so name, ID and relationship are "
                    "taken from the requester",
                    "remove them, or set is_requester: false",
                )
            if not self.is_requester and any(v is None for v in named):
                fail(
                    "a recipient other than the requester needs full_name, personal_id and relationship",
                    "add the three fields, or set is_requester: true",
                )
            return self

    agency: Agency  # Cơ quan thực hiện: the commune that registers the death
    requester: Requester
    deceased: IdentifiedDeceased
    death: Death
    last_residence: DetailedResidence
    death_notice: DeathNotice
    copies: Count = 0
    residence_removal: ResidenceRemoval
    allowance_recipient: AllowanceRecipient

    @model_validator(mode="after")
    def _dates(self) -> LienThongDeath:
        check_death_dates(self.deceased, self.death.date, self.death_notice)
        if self.deceased.personal_id and self.deceased.personal_id == self.requester.personal_id:
            fail("the requester and the deceased have the same personal ID", "check both")
        return self


PROCEDURE = Procedure(
    slug="lien-thong-khai-tu",
    code="1.006714",
    title="Liên thông khai tử – xóa đăng ký thường trú – hưởng chế độ mai táng phí",
    portal="dvcqg",
    model=LienThongDeath,
    attachments={
        "death_notice": AttachmentSpec("Bản chụp Giấy báo tử hoặc giấy tờ thay thế", required=True),
        "substitute_evidence": AttachmentSpec("Chứng cứ thay thế"),
    },
)
