"""A route's vocabulary (flows/<route>/vocabulary.yaml): other wordings of the dossier's values,
by field name (forms) and by value (words); a malformed file is a clear flow error."""

from __future__ import annotations

import pytest

from agent.dossier import load_dossier
from agent.flow import FLOWS_DIR, load_procedure_flow
from agent.flow.errors import FlowError
from agent.flow.plan import plan
from agent.flow.vocabulary import Vocabulary, load_vocabulary
from agent.runner.bindings import bindings
from agent.runner.values import Values
from tests.dossier.helpers import EXAMPLES


def test_forms_apply_by_the_fields_name_and_words_by_value():
    vocabulary = Vocabulary(
        forms={"province": ("Thành phố {}", "Tỉnh {}")},
        words={"Căn cước công dân": ("Thẻ căn cước công dân",)},
    )
    assert vocabulary.wordings("data.applicant.address.province", "Hà Nội") == (
        "Thành phố Hà Nội",
        "Tỉnh Hà Nội",
    )
    assert vocabulary.wordings("data.applicant.address.commune", "Hà Nội") == ()
    assert vocabulary.wordings(None, "Căn cước công dân") == ("Thẻ căn cước công dân",)
    assert vocabulary.wordings("data.x.kind", "Hộ chiếu") == ()


def test_a_route_without_a_file_has_an_empty_vocabulary(tmp_path):
    assert load_vocabulary(tmp_path).wordings("data.a.province", "Hà Nội") == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("forms: {province: ['Thành phố']}\n", "forms.province"),
        ("forms: {province: ['{} {}']}\n", "exactly once"),
        ("wrods: {a: b}\n", "wrods"),
    ],
)
def test_a_malformed_vocabulary_is_a_flow_error_naming_the_entry(tmp_path, text, message):
    (tmp_path / "vocabulary.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(FlowError, match=message):
        load_vocabulary(tmp_path)


def test_the_national_flow_carries_its_routes_words_into_what_the_review_accepts():
    flow = load_procedure_flow("national", "xac-nhan-tinh-trang-hon-nhan")
    assert flow.vocabulary == load_vocabulary(FLOWS_DIR / "national")
    dossier = load_dossier(EXAMPLES / "xac-nhan-tinh-trang-hon-nhan.yaml", portal="national")
    found = bindings(plan(flow.steps), Values.for_dossier(dossier, {}), vocabulary=flow.vocabulary)
    wards = [b for b in found if b.path and b.path.endswith("residence.address.commune")]
    assert wards and all("Phường Ba Đình" in b.wordings for b in wards)
    [delivery] = [b for b in found if b.path == "data.delivery.method"]
    assert delivery.wordings == ("Nhận bản giấy có đóng dấu tại cơ quan giải quyết",)
