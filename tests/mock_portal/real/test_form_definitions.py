"""The four e-forms and the death form as data: every slot renders as one unbound mention, a
complete declaration passes, and refusals are the legacy Hanoi messages (shared rules)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from fixtures.mock_portal.procedures.rules import MSG
from fixtures.mock_portal.real import codes, death_form, eform_values
from fixtures.mock_portal.real.catalog import NATIONAL
from fixtures.mock_portal.real.eform_defs import EFORMS, EForm
from fixtures.mock_portal.real.eform_site import form_html

from .helpers import death_values

TODAY = date(2026, 11, 26)


def complete(form: EForm) -> dict[str, str]:
    """A valid value for every slot: first options, Hà Nội wards, plausible text and dates."""
    values: dict[str, str] = {}
    for _, slot in form.slots():
        if slot.type in ("x-radio", "x-select-default"):
            values[slot.name] = slot.options[0][0]
        elif slot.type == "x-date-text":
            values[slot.name] = "1960"
        elif "date" in slot.rules:
            values[slot.name] = "15/03/1990"
        elif slot.type == "x-select":
            values[slot.name] = codes.options(slot.api, values.get(slot.depends, ""))[0][0]
        elif slot.type == "x-date":
            values[slot.name] = "1990-03-15"
        elif "personal_id" in slot.rules or any(r.startswith("id_number:") for r in slot.rules):
            values[slot.name] = "001090012345"
        elif "number" in slot.rules:
            values[slot.name] = "1"
        elif "year" in slot.rules:
            values[slot.name] = "1960"
        else:
            values[slot.name] = "Nguyễn Văn An"
    return values


@pytest.mark.parametrize("procedure", NATIONAL, ids=lambda p: p.code)
def test_every_slot_is_one_unbound_numbered_mention(procedure):
    form = EFORMS[procedure.code]
    html = form_html(form)
    assert "<label" not in html and "<fieldset" not in html
    for number, (_, slot) in enumerate(form.slots(), start=1):
        assert html.count(f'name="{slot.name}"') == 1
        assert f"({number}) {slot.label}: <span" in html
    assert len(re.findall(r"<p><strong>[IV]+\. ", html)) == len(form.sections)


@pytest.mark.parametrize("procedure", NATIONAL, ids=lambda p: p.code)
def test_a_complete_declaration_passes_and_stores_codes_and_texts(procedure):
    form = EFORMS[procedure.code]
    values = complete(form)
    assert eform_values.check(form, procedure.legacy, values, TODAY) == []
    rows = eform_values.stored_rows(form, values)
    dates = [r for r in rows if len(r.get("raw", "")) == 10]
    assert dates and all(r["value"] == "15/03/1990" and r["raw"] == "1990-03-15" for r in dates)
    picked = [r for r in rows if "code" in r]
    assert picked and all(r["value"] != r["code"] for r in picked if r["name"] != "LoaiDangKy")


@pytest.mark.parametrize("procedure", NATIONAL, ids=lambda p: p.code)
def test_hidden_slots_are_neither_checked_nor_stored(procedure):
    form = EFORMS[procedure.code]
    values = complete(form)
    gated = [slot for _, slot in form.slots() if slot.show]
    assert gated
    for slot in gated:
        values[slot.show[0]] = "no-such-choice"
        values[slot.name] = ""
    errors = {e["name"] for e in eform_values.check(form, procedure.legacy, values, TODAY)}
    assert not errors & {slot.name for slot in gated}
    assert not {r["name"] for r in eform_values.stored_rows(form, values)} & {slot.name for slot in gated}


def test_refusals_are_the_legacy_messages():
    ket_hon = NATIONAL[2]
    form = EFORMS[ket_hon.code]
    values = {
        **complete(form),
        "SoDinhDanh_BenNu": "123",
        "NgaySinhBenNam": "2010-01-01",
        "LoaiGiayToDinhDanh_BenNu": "6",
        "SoGiayToDinhDanh_BenNu": "12",
        "NgayCapDD_BenNu": "2030-01-01",
        "DanTocBenNu": "99",
        "SoLanKetHon_BenNam": "0",
    }
    errors = {e["name"]: e["message"] for e in eform_values.check(form, ket_hon.legacy, values, TODAY)}
    assert errors == {
        "SoDinhDanh_BenNu": MSG["personal_id"],
        "SoGiayToDinhDanh_BenNu": MSG["passport"],
        "NgayCapDD_BenNu": MSG["future"],
        "DanTocBenNu": MSG["choice"],
        "SoLanKetHon_BenNam": "Giá trị nhỏ nhất là 1",
        "NgaySinhBenNam": "Bên nam chưa đủ 20 tuổi, chưa đủ điều kiện đăng ký kết hôn",
    }


def test_ward_must_belong_to_the_chosen_province():
    tthn = NATIONAL[0]
    form = EFORMS[tthn.code]
    values = {**complete(form), "TT_TinhThanhC": "01", "TT_PhuongXaC": codes.wards("02")[0][0]}
    errors = {e["name"]: e["message"] for e in eform_values.check(form, tthn.legacy, values, TODAY)}
    assert errors == {"TT_PhuongXaC": MSG["choice"]}


def test_death_form_passes_when_complete_and_uppercases_the_name():
    raw, errors = death_form.check(death_values(), TODAY)
    assert errors == []
    rows = {r["name"]: r for r in death_form.stored_rows(raw)}
    assert rows["citizenNDK_HoVaTen"]["value"] == "NGUYỄN VĂN BẢO"
    assert (rows["citizenNoichet_Xa"]["value"], rows["citizenNoichet_Xa"]["code"]) == (
        "Phường Kim Liên",
        "00096",
    )


@pytest.mark.parametrize(
    ("changes", "name", "message"),
    [
        (
            {"citizenField56": "01/01/2020"},
            "citizenNDKLoaidangky",
            "Đã quá thời hạn 15 ngày kể từ ngày chết, không thể chọn Đăng ký đúng hạn",
        ),
        ({"citizenGiomat": "25"}, "citizenGiomat", MSG["time"]),
        ({"citizenPhutmat": ""}, "citizenGiomat", MSG["time"]),
        ({"citizenNDK_NgaySinh": "13/1938"}, "citizenNDK_NgaySinh", MSG["partial_date"]),
        ({"citizenNoichet_Xa": "00324x"}, "citizenNoichet_Xa", MSG["commune"]),
        (
            {"citizenNgaythangnamcapgiaybaotu": "19/11/2026"},
            "citizenNgaythangnamcapgiaybaotu",
            "Ngày cấp giấy báo tử không được trước ngày chết",
        ),
        (
            {"citizenSoluongbansaonguoiyeucaudenghi": ""},
            "citizenSoluongbansaonguoiyeucaudenghi",
            MSG["required"],
        ),
        ({"citizenNDK_SoDinhDanh": ""}, "citizenNDK_SoDinhDanh", MSG["required"]),
    ],
)
def test_death_form_refusals_are_the_legacy_ones(changes, name, message):
    _, errors = death_form.check(death_values(**changes), TODAY)
    assert [(e["name"], e["message"]) for e in errors] == [(name, message)]
