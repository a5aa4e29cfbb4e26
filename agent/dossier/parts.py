"""Shared parts of every dossier: people, identity papers, addresses, applicant, delivery.

Portal-independent: the same Person fills the Hanoi wizard's single name box and the liên thông
SPA's split Họ / Chữ đệm / Tên boxes (see the computed name parts).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationInfo, computed_field, field_validator, model_validator

from agent.dossier import admin_units, enums, rules
from agent.dossier.problems import fail
from agent.dossier.types import (
    Count,
    Date,
    DossierModel,
    Email,
    IdNumber,
    Kind,
    Name,
    Ordinal,
    PartialDate,
    PersonalId,
    Phone,
    Sensitive,
    Text,
)


def _normalise_province(value: Any) -> str:
    text = rules.normalise_text(value)
    unit = admin_units.find_province(text)
    if unit is None:
        close = admin_units.suggest_provinces(text)
        fail(
            f"{text!r} is not one of the 34 provinces",
            f"did you mean {' / '.join(close)}?"
            if close
            else "use the province name in force since 01/07/2025, e.g. Hà Nội",
        )
    return unit.name


Province = Annotated[str, BeforeValidator(_normalise_province), Kind("province", hint="Hà Nội")]
#: House number and street: with a name, it finds the person (masked in logs and artifacts).
AddressDetail = Annotated[Text, Sensitive("address")]


class Address(DossierModel):
    """Two-level address: province, commune (xã/phường/đặc khu) of that province, detail."""

    province: Province
    commune: Annotated[str, Kind("commune", hint="a commune of the province")]
    detail: AddressDetail | None = None

    @field_validator("commune", mode="before")
    @classmethod
    def _commune_in_province(cls, value: Any, info: ValidationInfo) -> str:
        return commune_in_province(value, info)


def commune_in_province(value: Any, info: ValidationInfo) -> str:
    """Field validator body: the commune must belong to the `province` validated before it."""
    text = rules.normalise_text(value)
    province = admin_units.find_province(info.data.get("province") or "")
    if province is None:
        return text  # the province's own error says what to fix
    unit = admin_units.find_commune(province, text)
    if unit is None:
        close = admin_units.suggest_communes(province, text)
        fail(
            f"{text!r} is not a commune of {province.name}",
            f"did you mean {' / '.join(close)}?"
            if close
            else "use a xã/phường of the province as named since 01/07/2025",
        )
    return unit.name


class DetailedAddress(Address):
    """An address whose detail (house number, street) the portal requires."""

    detail: AddressDetail


class IdentityDocument(DossierModel):
    kind: enums.ID_DOCUMENT_KIND = "Căn cước công dân"
    number: IdNumber
    issue_date: Date
    issuer: enums.ID_ISSUER

    @field_validator("number")
    @classmethod
    def _number_fits_kind(cls, value: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if kind in ("Căn cước công dân", "Thẻ căn cước"):
            return rules.normalise_personal_id(value)
        if kind == "Chứng minh nhân dân":
            return rules.normalise_old_id(value)
        if kind == "Hộ chiếu":
            return rules.normalise_passport(value)
        return value


class Residence(DossierModel):
    kind: enums.RESIDENCE_KIND = "Thường trú"
    address: Address


class DetailedResidence(Residence):
    """A residence the portal asks for in full, down to the house number."""

    address: DetailedAddress


class _Person(DossierModel):
    full_name: Name
    date_of_birth: str  # narrowed by Person / DeceasedPerson
    sex: enums.SEX
    ethnicity: enums.ETHNICITY = "Kinh"
    nationality: enums.NATIONALITY = "Việt Nam"
    personal_id: PersonalId | None = None
    id_document: IdentityDocument | None = None
    residence: Residence | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def family_name(self) -> str:
        return self.full_name.split(" ")[0]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def middle_name(self) -> str:
        return " ".join(self.full_name.split(" ")[1:-1])

    @computed_field  # type: ignore[prop-decorator]
    @property
    def given_name(self) -> str:
        return self.full_name.split(" ")[-1]

    def birth_year(self) -> int:
        return rules.partial_year(self.date_of_birth)

    @model_validator(mode="after")
    def _identity_consistent(self) -> _Person:
        if self.personal_id:
            rules.check_personal_id_matches(self.personal_id, self.birth_year(), self.sex)
        doc = self.id_document
        if (
            doc
            and self.personal_id
            and doc.kind in ("Căn cước công dân", "Thẻ căn cước")
            and doc.number != self.personal_id
        ):
            fail(
                f"id_document.number {doc.number} differs from personal_id {self.personal_id}",
                "a CCCD / thẻ căn cước number is the personal ID: make them equal",
            )
        if doc and rules.parse_date(doc.issue_date) < self.earliest_birth():
            fail("id_document.issue_date is before the date of birth", "check both dates")
        return self

    def earliest_birth(self) -> dt.date:
        return rules.partial_bounds(self.date_of_birth)[0]


class Person(_Person):
    """A living person: full date of birth, as printed on their papers."""

    date_of_birth: Date


class DeceasedPerson(_Person):
    """A deceased person: the date of birth may be dd/mm/yyyy, mm/yyyy or yyyy."""

    date_of_birth: PartialDate


class Father(Person):
    """A child's father: the form has no sex box for him, so it is Nam unless written."""

    sex: enums.SEX = "Nam"

    @model_validator(mode="after")
    def _is_a_man(self) -> Father:
        if self.sex != "Nam":
            fail("a father's sex is Nam", "remove sex, or check which parent this is")
        return self


class Mother(Person):
    """A child's mother: Nữ unless written."""

    sex: enums.SEX = "Nữ"

    @model_validator(mode="after")
    def _is_a_woman(self) -> Mother:
        if self.sex != "Nữ":
            fail("a mother's sex is Nữ", "remove sex, or check which parent this is")
        return self


class Spouse(Person):
    """A party to a marriage: papers and full residence are mandatory
    (../shared/reference/portals.md §5.4)."""

    id_document: IdentityDocument
    residence: DetailedResidence
    marriage_number: Ordinal = 1


class Applicant(DossierModel):
    """Chủ hồ sơ on the Hanoi wizard (step 2); name and ID are prefilled from the account."""

    filing_for: enums.FILING_FOR = enums.FOR_SELF
    full_name: Name
    personal_id: PersonalId
    id_issue_date: Date
    id_issuer: enums.ID_ISSUER
    phone: Phone
    email: Email | None = None
    address: DetailedAddress


class PostDelivery(DossierModel):
    recipient: Name
    phone: Phone
    address: DetailedAddress


class Delivery(DossierModel):
    """Thông tin nhận kết quả (step 5 of the Hanoi wizard)."""

    method: enums.DELIVERY_METHOD = enums.AT_COUNTER
    copies: Count = 0
    post: PostDelivery | None = None

    @model_validator(mode="after")
    def _post_only_by_post(self) -> Delivery:
        if self.method == enums.BY_POST and self.post is None:
            fail(
                "post (recipient, phone, address) is required when results come by post",
                "add delivery.post, or choose another delivery.method",
            )
        if self.method != enums.BY_POST and self.post is not None:
            fail(
                f"delivery.post is only used with {enums.BY_POST!r}",
                "remove delivery.post, or set delivery.method to the post option",
            )
        return self


class PreviousRegistration(DossierModel):
    """Where and when the original act was registered (re-registration procedures)."""

    agency: Text
    province: Province
    number: Text
    book: Text
    date: Date


class RelatedPerson(DossierModel):
    """Someone named by name, personal ID and relationship (household head, requester)."""

    full_name: Name
    personal_id: PersonalId
    relationship: enums.HOUSEHOLD_RELATIONSHIP


class DeathNotice(DossierModel):
    kind: enums.DEATH_NOTICE_KIND = "Giấy báo tử"
    number: Text
    date: Date
    issuer: Text
