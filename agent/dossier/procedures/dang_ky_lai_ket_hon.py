"""1.004746 Đăng ký lại kết hôn (marriage re-registration), ../shared/reference/portals.md §5.4."""

from __future__ import annotations

from pydantic import model_validator

from agent.dossier import rules
from agent.dossier.parts import PreviousRegistration
from agent.dossier.problems import fail
from agent.dossier.procedure import AttachmentSpec, Procedure
from agent.dossier.procedures.marriage import MarriageBase


class MarriageReRegistration(MarriageBase):
    previous_registration: PreviousRegistration

    @model_validator(mode="after")
    def _registered_after_birth(self) -> MarriageReRegistration:
        registered = rules.parse_date(self.previous_registration.date)
        for role, person in (("bride", self.bride), ("groom", self.groom)):
            if rules.parse_date(person.date_of_birth) >= registered:
                fail(
                    f"previous_registration.date is not after {role}.date_of_birth",
                    "check the date of the original registration",
                )
        return self


PROCEDURE = Procedure(
    slug="dang-ky-lai-ket-hon",
    code="1.004746",
    title="Đăng ký lại kết hôn",
    portal="hanoi",
    other_routes=("national",),  # through dichvucong.gov.vn since 01/07/2025
    model=MarriageReRegistration,
    attachments={
        "old_marriage_certificate": AttachmentSpec("Bản sao Giấy chứng nhận kết hôn cũ", required=True),
        "bride_id": AttachmentSpec("Giấy tờ tùy thân của bên nữ", required=True),
        "groom_id": AttachmentSpec("Giấy tờ tùy thân của bên nam", required=True),
        "sworn_statement": AttachmentSpec("Bản cam đoan"),
    },
)
