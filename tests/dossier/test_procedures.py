"""Each procedure's model: the examples are valid, and each real rule refuses what it should,
naming the field path and how to fix it."""

from __future__ import annotations

import pytest

from agent.dossier import PROCEDURES, enums

from .helpers import SLUGS, example, parse, problems_of


def test_the_registry_has_the_seven_procedures_with_their_codes():
    assert {slug: spec.code for slug, spec in PROCEDURES.items()} == {
        "xac-nhan-tinh-trang-hon-nhan": "1.004873",
        "dang-ky-lai-khai-sinh": "1.004884",
        "dang-ky-ket-hon": "1.000894",
        "dang-ky-lai-ket-hon": "1.004746",
        "dang-ky-khai-tu": "1.000656",
        "lien-thong-khai-sinh": "2.000986",
        "lien-thong-khai-tu": "1.006714",
    }
    assert {s.portal for s in PROCEDURES.values() if s.slug.startswith("lien-thong")} == {"dvcqg"}


@pytest.mark.parametrize("slug", SLUGS)
def test_every_example_is_valid(slug):
    dossier = parse(example(slug))
    assert dossier.procedure == slug and dossier.account
    assert set(PROCEDURES[slug].required_attachments) <= set(dossier.attachments)
    assert all(path.is_file() for path in dossier.attachments.values())


def test_values_are_normalised_to_what_the_portal_shows():
    content = example("dang-ky-ket-hon")
    content["data"]["bride"]["date_of_birth"] = "1994-07-07"
    content["data"]["bride"]["sex"] = "nu"
    content["data"]["applicant"]["phone"] = "+84 912 345 678"
    content["data"]["bride"]["residence"]["address"] = {
        "province": "Thành phố Hà Nội",
        "commune": "phuong cau giay",
        "detail": "Số 8",
    }
    data = parse(content).data
    assert data.bride.date_of_birth == "07/07/1994"
    assert data.bride.sex == "Nữ"
    assert data.applicant.phone == "0912345678"
    assert (data.bride.residence.address.province, data.bride.residence.address.commune) == (
        "Hà Nội",
        "Cầu Giấy",
    )
    assert (data.groom.family_name, data.groom.middle_name, data.groom.given_name) == ("Nguyễn", "Văn", "An")


def test_commune_must_belong_to_its_province():
    content = example("dang-ky-khai-tu")
    content["data"]["death"]["place"]["commune"] = "Rạch Giá"  # a ward of An Giang
    found = problems_of(content)
    assert "not a commune of Hà Nội" in found["data.death.place.commune"]


def test_unknown_province_suggests_the_closest():
    content = example("dang-ky-khai-tu")
    content["data"]["last_residence"]["address"]["province"] = "Hà Nộii"
    assert "did you mean Hà Nội" in problems_of(content)["data.last_residence.address.province"]


def test_marriage_ages_bride_18_groom_20():
    content = example("dang-ky-ket-hon")
    bride = content["data"]["bride"]
    bride["date_of_birth"], bride["personal_id"] = "26/11/2008", "001308012345"
    bride["id_document"]["number"] = "001308012345"
    assert "bride is 17" in problems_of(content)["data"]
    bride["date_of_birth"] = "25/11/2008"  # 18 today: allowed
    parse(content)
    groom = content["data"]["groom"]
    groom["date_of_birth"], groom["personal_id"] = "01/01/2007", "001207012345"
    groom["id_document"]["number"] = "001207012345"
    groom["id_document"]["issue_date"] = "01/02/2022"
    assert "groom is 19" in problems_of(content)["data"]


def test_marriage_needs_a_woman_and_a_man():
    content = example("dang-ky-ket-hon")
    content["data"]["bride"].update(sex="Nam", personal_id="001094067890")
    content["data"]["bride"]["id_document"]["number"] = "001094067890"
    assert "bride.sex must be Nữ" in problems_of(content)["data"]


def test_spouse_paper_number_must_fit_its_kind():
    content = example("dang-ky-lai-ket-hon")
    content["data"]["bride"]["id_document"]["number"] = "012345678"
    assert "old Chứng minh nhân dân" in problems_of(content)["data.bride.id_document.number"]
    content["data"]["bride"]["id_document"].update(kind="CMND")
    content["data"]["bride"].pop("personal_id")
    parse(content)


def test_personal_id_inconsistent_with_birth_is_named_on_the_person():
    content = example("dang-ky-lai-khai-sinh")
    content["data"]["mother"]["date_of_birth"] = "02/09/1993"
    assert "encodes birth year 1992" in problems_of(content)["data.mother"]


@pytest.mark.parametrize(
    "death_date, expected",
    [
        ("10/11/2026", enums.ON_TIME),  # 15 days ago
        ("09/11/2026", enums.LATE),  # 16 days ago
        ("11/2026", enums.LONG_AGO),  # only the month is known
    ],
)
def test_death_registration_type_is_derived_from_the_deadline(death_date, expected):
    content = example("dang-ky-khai-tu")
    content["data"]["death"]["date"] = death_date
    content["data"]["death_notice"]["date"] = "20/11/2026"
    assert parse(content).data.registration_type == expected


def test_death_registration_type_given_is_checked_against_the_deadline():
    content = example("dang-ky-khai-tu")
    content["data"]["registration_type"] = "Đăng ký quá hạn"
    assert "within the 15-day deadline" in problems_of(content)["data"]
    content["data"]["death"]["date"] = "01/10/2026"
    content["data"]["death_notice"]["date"] = "02/10/2026"
    content["data"]["registration_type"] = "dung han"
    assert "at most 15 days ago" in problems_of(content)["data"]
    content["data"]["registration_type"] = "da lau"
    assert parse(content).data.registration_type == enums.LONG_AGO


def test_death_dates_must_be_in_order():
    content = example("dang-ky-khai-tu")
    content["data"]["death_notice"]["date"] = "09/11/2026"
    assert "death_notice.date is before death.date" in problems_of(content)["data"]


def test_marital_status_short_form_and_its_required_details():
    content = example("xac-nhan-tinh-trang-hon-nhan")
    content["data"]["marital_status"] = "widowed"
    assert "spouse_death is required" in problems_of(content)["data"]
    content["data"]["spouse_death"] = {
        "document_number": "12/TLKT",
        "issue_date": "01/02/2020",
        "issuer": "Ủy ban nhân dân phường Ba Đình",
    }
    assert parse(content).data.marital_status == enums.WIDOWED
    content["data"]["marital_status"] = "ly hôn"
    found = problems_of(content)
    assert "divorce is required" in found["data"] or "spouse_death is only" in found["data"]


def test_parents_sex_is_implied_and_checked():
    content = example("dang-ky-lai-khai-sinh")
    del content["data"]["mother"]["sex"]
    assert parse(content).data.mother.sex == "Nữ"
    content["data"]["father"]["sex"] = "Nữ"
    content["data"]["father"]["personal_id"] = "001190012345"
    assert "a father's sex is Nam" in problems_of(content)["data.father"]


def test_post_delivery_needs_the_post_block():
    content = example("dang-ky-khai-tu")
    content["data"]["delivery"]["method"] = "buu dien"
    assert "required when results come by post" in problems_of(content)["data.delivery"]


def test_lien_thong_birth_case_decides_which_parents_are_given():
    content = example("lien-thong-khai-sinh")
    content["data"]["birth_case"] = "Chưa xác định được cha"
    assert "father must be left out" in problems_of(content)["data"]
    del content["data"]["father"]
    content["data"]["father_same_residence"] = False
    parse(content)
    del content["data"]["mother"]
    assert "mother is required" in problems_of(content)["data"]


def test_lien_thong_birth_parents_need_id_and_residence():
    content = example("lien-thong-khai-sinh")
    del content["data"]["mother"]["personal_id"]
    assert "mother.personal_id is required" in problems_of(content)["data"]
    content = example("lien-thong-khai-sinh")
    content["data"]["father_same_residence"] = False
    assert "father.residence with address.detail is required" in problems_of(content)["data"]


def test_lien_thong_birth_is_for_children_under_six():
    content = example("lien-thong-khai-sinh")
    content["data"]["child"]["date_of_birth"] = "24/11/2020"
    assert "6 or older" in problems_of(content)["data"]


def test_lien_thong_death_allowance_recipient_other_than_requester_is_named():
    content = example("lien-thong-khai-tu")
    content["data"]["allowance_recipient"] = {"is_requester": "Không"}
    assert "needs full_name, personal_id and relationship" in problems_of(content)["data.allowance_recipient"]
    content["data"]["allowance_recipient"].update(
        full_name="Nguyễn Văn Bình", personal_id="001088012345", relationship="Con"
    )
    assert parse(content).data.allowance_recipient.is_requester is False


def test_lien_thong_death_requires_the_deceased_papers():
    content = example("lien-thong-khai-tu")
    del content["data"]["deceased"]["id_document"]
    assert "is required" in problems_of(content)["data.deceased.id_document"]
