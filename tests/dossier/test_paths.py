"""Field paths, kinds and flat rows: the names flows and spreadsheets use for dossier values."""

from __future__ import annotations

import pytest

from agent.dossier import PROCEDURES, InvalidDossier, paths

from .helpers import EXAMPLES, SLUGS, example, parse


def test_field_paths_cover_blocks_leaves_and_split_names():
    found = paths.field_paths("dang-ky-ket-hon")
    for path in (
        "bride",
        "bride.full_name",
        "bride.family_name",
        "bride.given_name",
        "bride.id_document.number",
        "groom.residence.address.commune",
        "delivery.post.address.detail",
        "applicant.filing_for",
    ):
        assert path in found
    assert "bride.fullname" not in found
    assert "data.bride.full_name" in paths.dossier_paths("dang-ky-ket-hon")
    assert "attachments.bride_id" in paths.dossier_paths("dang-ky-ket-hon")


def test_get_value_reads_data_attachments_and_absent_blocks():
    dossier = parse(example("dang-ky-khai-tu"))
    assert paths.get_value(dossier, "data.deceased.full_name") == "Nguyễn Văn Bảo"
    assert paths.get_value(dossier, "deceased.middle_name") == "Văn"
    assert paths.get_value(dossier, "data.delivery.post.phone") is None  # absent optional block
    assert paths.get_value(dossier, "attachments.death_notice").name == "giay-bao-tu.pdf"
    assert paths.get_value(dossier, "attachments.death_evidence") is None
    assert paths.get_value(dossier, "account") == "citizen-a"
    with pytest.raises(KeyError, match="has no field 'fullname'"):
        paths.get_value(dossier, "data.deceased.fullname")
    with pytest.raises(KeyError, match="has no attachment"):
        paths.get_value(dossier, "attachments.birth_certificate")


def test_to_form_text_is_what_the_review_page_shows():
    assert paths.to_form_text(None) == ""
    assert paths.to_form_text(True) == "Có" and paths.to_form_text(False) == "Không"
    assert paths.to_form_text(2) == "2"
    assert paths.to_form_text("15/03/1990") == "15/03/1990"
    dossier = parse(example("lien-thong-khai-sinh"))
    assert paths.to_form_text(paths.get_value(dossier, "data.father_same_residence")) == "Có"
    assert paths.to_form_text(paths.get_value(dossier, "attachments.ct01")) == "to-khai-ct01.pdf"


def test_field_kinds_tell_batch_readers_how_to_repair_cells():
    kinds = paths.field_kinds("dang-ky-khai-tu")
    assert kinds["applicant.personal_id"] == "personal_id"
    assert kinds["applicant.phone"] == "phone"
    assert kinds["death_notice.date"] == "date"
    assert kinds["death.date"] == "partial_date"
    assert kinds["death.time"] == "time"
    assert kinds["delivery.copies"] == "int"
    assert kinds["deceased.id_document.number"] == "id_number"
    assert kinds["attachments.death_notice"] == "attachment"
    assert set(kinds) == set(paths.flat_field_paths("dang-ky-khai-tu"))


@pytest.mark.parametrize("slug", SLUGS)
def test_flat_rows_round_trip_every_example(slug):
    dossier = parse(example(slug))
    row = paths.to_flat(dossier)
    again = paths.from_flat(slug, row, EXAMPLES)
    assert again.data == dossier.data
    assert again.attachments == dossier.attachments
    assert again.account == dossier.account


def test_from_flat_reads_a_spreadsheet_row_and_names_bad_columns():
    row = paths.to_flat(parse(example("dang-ky-khai-tu")))
    row.pop("account")
    row.update(
        {
            "row_id": "r7",
            "delivery.copies": "",
            "deceased.personal_id": "",
            "applicant.phone": "+84 912 345 678",
            "father_same_residence": "x",
        }
    )
    with pytest.raises(InvalidDossier) as caught:
        paths.from_flat("dang-ky-khai-tu", row, EXAMPLES)
    assert [p.location for p in caught.value.problems] == ["father_same_residence"]
    del row["father_same_residence"]
    dossier = paths.from_flat("dang-ky-khai-tu", row, EXAMPLES, account="citizen-b")
    assert dossier.account == "citizen-b"
    assert dossier.data.delivery.copies == 0  # blank cell → default
    assert dossier.data.deceased.personal_id is None
    assert dossier.data.applicant.phone == "0912345678"
    row["applicant.personal_id"] = "12345"
    with pytest.raises(InvalidDossier) as caught:
        paths.from_flat("dang-ky-khai-tu", row, EXAMPLES)
    assert caught.value.problems[0].location == "applicant.personal_id"  # the column name


def test_every_model_field_is_reachable_by_a_flat_column():
    for slug, spec in PROCEDURES.items():
        columns = set(paths.flat_field_paths(slug))
        assert {f"attachments.{k}" for k in spec.attachments} <= columns
        assert len(columns) == len(paths.flat_field_paths(slug))  # no duplicates
