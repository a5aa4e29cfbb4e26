"""The contract: which agent list each closed list of each portal must equal, by the name a person
reads on the page (radio group legend, field label).

Every closed list a page offers is either held to an agent list here, or named in a
`LEFT_TO_PORTAL` table with the reason the agent never chooses from it. Where the agent knowingly
takes only part of a portal list, the entry says why (`subset_because`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agent.dossier import admin_units, enums
from tests.contract.agreement import options_of


@dataclass(frozen=True)
class AgentList:
    name: str
    options: tuple[str, ...]
    subset_because: str = ""  # set: the portal may offer more than the agent accepts


def held(name: str, annotated: Any, subset_because: str = "") -> AgentList:
    return AgentList(f"enums.{name}", options_of(annotated), subset_because)


PROVINCES = AgentList("admin_units.provinces()", tuple(u.name for u in admin_units.provinces().values()))

ID_KINDS_SUBSET = (
    "the agent files only identity papers whose number it can check (12-digit CCCD / thẻ căn cước, "
    "9- or 12-digit CMND, passport); the other kinds the portal lists are refused before filing"
)

#: Both portals: the person, identity-paper and residence lists.
_SHARED = {
    "Giới tính": held("SEX", enums.SEX),
    "Dân tộc": held("ETHNICITY", enums.ETHNICITY),
    "Quốc tịch": held("NATIONALITY", enums.NATIONALITY),
    "Nơi cấp": held("ID_ISSUER", enums.ID_ISSUER),
    "Loại cư trú": held("RESIDENCE_KIND", enums.RESIDENCE_KIND),
    "Tỉnh/Thành phố": PROVINCES,
}

HANOI: dict[str, AgentList] = {
    **_SHARED,
    "Đối tượng thực hiện": held("FILING_FOR", enums.FILING_FOR),
    "Loại giấy tờ tùy thân": held("ID_DOCUMENT_KIND", enums.ID_DOCUMENT_KIND, ID_KINDS_SUBSET),
    "Tình trạng hôn nhân": held("MARITAL_STATUS", enums.MARITAL_STATUS),
    "Loại đăng ký khai tử": held("DEATH_REGISTRATION_TYPE", enums.DEATH_REGISTRATION_TYPE),
    "Loại giấy tờ": held("DEATH_NOTICE_KIND", enums.DEATH_NOTICE_KIND),
    "Hình thức nhận kết quả": held("DELIVERY_METHOD", enums.DELIVERY_METHOD),
}

LIENTHONG: dict[str, AgentList] = {
    **_SHARED,
    "Loại khai sinh": held("FOREIGN_ELEMENT", enums.FOREIGN_ELEMENT),
    "Trường hợp khai sinh": held("BIRTH_CASE", enums.BIRTH_CASE),
    "Loại giấy tờ": held("ID_DOCUMENT_KIND", enums.ID_DOCUMENT_KIND, ID_KINDS_SUBSET),
    "Loại giấy": held("DEATH_NOTICE_KIND", enums.DEATH_NOTICE_KIND),
    "Quan hệ với người được khai sinh": held("RELATIONSHIP", enums.RELATIONSHIP),
    "Quan hệ với người chết": held("RELATIONSHIP", enums.RELATIONSHIP),
    "Quan hệ với chủ hộ": held("HOUSEHOLD_RELATIONSHIP", enums.HOUSEHOLD_RELATIONSHIP),
    "Quan hệ của người chết với chủ hộ": held("HOUSEHOLD_RELATIONSHIP", enums.HOUSEHOLD_RELATIONSHIP),
}

#: "Phường/Xã" depends on the province: tests/contract/test_admin_units.py compares every
#: province's communes.
COMMUNE_LABEL = "Phường/Xã"

HANOI_LEFT_TO_PORTAL: dict[str, str] = {}

LIENTHONG_LEFT_TO_PORTAL: dict[str, str] = {
    "Hình thức nhận kết quả": (
        "the liên thông models have no delivery: the agent keeps the option each result's group "
        "preselects (at the counter; the electronic BHYT card)"
    ),
    "Trường hợp đăng ký thường trú": (
        "not in the model: the agent keeps the preselected case (the child lives with the parents "
        "in their own home)"
    ),
    "Hình thức xác nhận thông tin cư trú": (
        "not in the model: the agent always attaches the CT01 form, the preselected way"
    ),
}
