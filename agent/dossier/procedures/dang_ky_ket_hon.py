"""1.000894 Đăng ký kết hôn (marriage registration), ../shared/reference/portals.md §5.4."""

from __future__ import annotations

from agent.dossier.procedure import AttachmentSpec, Procedure
from agent.dossier.procedures.marriage import MarriageBase


class MarriageRegistration(MarriageBase):
    pass


PROCEDURE = Procedure(
    slug="dang-ky-ket-hon",
    code="1.000894",
    title="Đăng ký kết hôn",
    portal="hanoi",
    other_routes=("national",),  # through dichvucong.gov.vn since 01/07/2025
    model=MarriageRegistration,
    attachments={
        "bride_id": AttachmentSpec("Giấy tờ tùy thân của bên nữ", required=True),
        "groom_id": AttachmentSpec("Giấy tờ tùy thân của bên nam", required=True),
        "residence_proof": AttachmentSpec("Giấy tờ chứng minh nơi cư trú"),
    },
)
