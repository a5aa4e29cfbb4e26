"""1.004873 Cấp Giấy xác nhận tình trạng hôn nhân (marital-status certificate).

Labels and rules: ../shared/reference/portals.md §5.2.
"""

from __future__ import annotations

from pydantic import model_validator

from agent.dossier import enums, rules
from agent.dossier.parts import Applicant, Delivery, Person
from agent.dossier.problems import fail
from agent.dossier.procedure import AttachmentSpec, Procedure
from agent.dossier.types import Date, DossierModel, Text


class SpouseDeath(DossierModel):
    """Giấy chứng tử / Trích lục khai tử of the late spouse."""

    document_number: Text
    issue_date: Date
    issuer: Text


class Divorce(DossierModel):
    """Bản án / quyết định ly hôn."""

    judgment_number: Text
    date: Date
    court: Text


class MaritalStatusCertificate(DossierModel):
    applicant: Applicant
    requester: Person
    requester_relationship: Text
    subject: Person
    marital_status: enums.MARITAL_STATUS
    spouse_death: SpouseDeath | None = None
    divorce: Divorce | None = None
    period_start: Date | None = None
    period_end: Date | None = None
    purpose: Text
    delivery: Delivery

    @model_validator(mode="after")
    def _status_details(self) -> MaritalStatusCertificate:
        widowed, divorced = self.marital_status == enums.WIDOWED, self.marital_status == enums.DIVORCED
        if widowed and self.spouse_death is None:
            fail(
                "spouse_death is required when the spouse has died",
                "add spouse_death: {document_number, issue_date, issuer} of the death certificate",
            )
        if not widowed and self.spouse_death is not None:
            fail("spouse_death is only for the widowed marital status", "remove spouse_death")
        if divorced and self.divorce is None:
            fail(
                "divorce is required for the divorced marital status",
                "add divorce: {judgment_number, date, court}",
            )
        if not divorced and self.divorce is not None:
            fail("divorce is only for the divorced marital status", "remove divorce")
        if (self.period_start is None) != (self.period_end is None):
            fail("period_start and period_end go together", "give both dates, or neither")
        if (
            self.period_start
            and self.period_end
            and rules.parse_date(self.period_start) > rules.parse_date(self.period_end)
        ):
            fail("period_start is after period_end", "swap the two dates")
        return self


PROCEDURE = Procedure(
    slug="xac-nhan-tinh-trang-hon-nhan",
    code="1.004873",
    title="Cấp Giấy xác nhận tình trạng hôn nhân",
    portal="hanoi",
    other_routes=("national",),  # through dichvucong.gov.vn since 01/07/2025
    model=MaritalStatusCertificate,
    attachments={
        "id_card": AttachmentSpec("Căn cước công dân của người yêu cầu", required=True),
        "divorce_papers": AttachmentSpec("Giấy tờ về việc ly hôn"),
        "previous_certificate": AttachmentSpec("Giấy xác nhận tình trạng hôn nhân đã cấp trước đây"),
        "authorisation": AttachmentSpec("Văn bản ủy quyền"),
    },
)
