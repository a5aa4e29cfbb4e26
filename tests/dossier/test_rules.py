"""The value rules of ../shared/reference/portals.md §7, one kind of bad value at a time."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from pydantic_core import PydanticCustomError

from agent.dossier import rules


def rejects(fn, value, *fragments):
    with pytest.raises(PydanticCustomError) as caught:
        fn(value)
    text = f"{caught.value.message()} {caught.value.context.get('hint', '')}"
    for fragment in fragments:
        assert fragment in text, text
    return text


def test_personal_id_is_12_digits_and_keeps_leading_zeros():
    assert rules.normalise_personal_id(" 001 090 012345 ") == "001090012345"
    rejects(rules.normalise_personal_id, "00109001234", "exactly 12 digits", "got 11")
    rejects(rules.normalise_personal_id, "00109001234X", "digits only")
    rejects(rules.normalise_personal_id, "012345678", "Chứng minh nhân dân")
    rejects(rules.normalise_personal_id, 1090012345, "leading zeros", "quote")


def test_personal_id_century_and_sex_digit_must_match_birth():
    rules.check_personal_id_matches("001090012345", 1990, "Nam")
    rules.check_personal_id_matches("001195054321", 1995, "Nữ")
    rules.check_personal_id_matches("001218012345", 2018, "Nam")
    rejects(
        lambda _: rules.check_personal_id_matches("001090012345", 1991, "Nam"),
        None,
        "birth year 1990",
        "1991",
    )
    rejects(lambda _: rules.check_personal_id_matches("001090012345", 1990, "Nữ"), None, "encodes sex Nam")
    rejects(lambda _: rules.check_personal_id_matches("001090012345", 2090, "Nam"), None, "birth year 1990")


def test_old_id_passport_and_social_insurance():
    assert rules.normalise_old_id("012345678") == "012345678"
    rejects(rules.normalise_old_id, "0123456", "9 (or 12) digits")
    assert rules.normalise_passport("c1234567") == "C1234567"
    rejects(rules.normalise_passport, "C123456", "one letter followed by 7 digits")
    rejects(rules.normalise_passport, "12345678", "one letter")
    assert rules.normalise_social_insurance("0123456789") == "0123456789"
    assert rules.normalise_social_insurance("DN4010123456789") == "0123456789"
    rejects(rules.normalise_social_insurance, "012345678", "exactly 10 digits")


@pytest.mark.parametrize(
    "typed", ["0912345678", "+84912345678", "84 912 345 678", "0912.345.678", "+84 91-234-5678"]
)
def test_mobile_numbers_are_normalised_to_the_0_form(typed):
    assert rules.normalise_phone(typed) == "0912345678"


def test_bad_phone_numbers_are_refused_with_the_expected_form():
    rejects(rules.normalise_phone, "0112345678", "not a Vietnamese phone number", "03/05/07/08/09")
    rejects(rules.normalise_phone, "091234567", "not a Vietnamese phone number")
    assert rules.normalise_phone("02437654321") == "02437654321"  # Hà Nội landline


def test_dates_are_dd_mm_yyyy_real_and_not_in_the_future(monkeypatch):
    monkeypatch.setenv(rules.TODAY_ENV, "25/11/2026")
    assert rules.normalise_date("5/3/1990") == "05/03/1990"
    assert rules.normalise_date("1990-03-15") == "15/03/1990"
    assert rules.normalise_date(dt.date(1990, 3, 15)) == "15/03/1990"
    assert rules.normalise_date(32947) == "15/03/1990"  # an Excel serial
    rejects(rules.normalise_date, "31/02/1990", "not a real calendar date")
    rejects(rules.normalise_date, "15-Mar-1990", "not a date in the form dd/mm/yyyy")
    rejects(rules.normalise_date, "26/11/2026", "in the future")
    assert rules.normalise_date("25/11/2026") == "25/11/2026"


def test_partial_dates_for_the_deceased(monkeypatch):
    monkeypatch.setenv(rules.TODAY_ENV, "25/11/2026")
    assert rules.normalise_partial_date("1938") == "1938"
    assert rules.normalise_partial_date("3/1950") == "03/1950"
    assert rules.normalise_partial_date("15/03/1950") == "15/03/1950"
    rejects(rules.normalise_partial_date, "13/1950", "no month 13")
    rejects(rules.normalise_partial_date, "2027", "not plausible")
    rejects(rules.normalise_partial_date, "1950/03", "dd/mm/yyyy, mm/yyyy or yyyy")
    assert rules.partial_bounds("02/2024") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


def test_names_are_nfc_and_need_two_words():
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Văn An ")
    assert decomposed != "Nguyễn  Văn An "
    assert rules.normalise_name(decomposed) == "Nguyễn Văn An"
    rejects(rules.normalise_name, "An", "single word")
    rejects(rules.normalise_name, "Nguyễn Văn 4n", "digits")


def test_choices_accept_case_diacritics_and_short_forms():
    options, aliases = ("Nam", "Nữ"), {"female": "Nữ"}
    assert rules.normalise_choice("nu", options, aliases) == "Nữ"
    assert rules.normalise_choice("NỮ", options, aliases) == "Nữ"
    assert rules.normalise_choice("female", options, aliases) == "Nữ"
    rejects(lambda v: rules.normalise_choice(v, options, aliases), "x", "one of: Nam | Nữ")


def test_time_int_and_bool():
    assert rules.normalise_time("8h30") == "08:30"
    rejects(rules.normalise_time, "24:00", "time of day")
    assert rules.normalise_int("2.0") == 2
    rejects(rules.normalise_int, "-1", "at least 0")
    assert rules.normalise_bool("Có") is True and rules.normalise_bool("không") is False
    rejects(rules.normalise_bool, "maybe", "Có / Không")


def test_today_is_vietnam_time_unless_pinned(monkeypatch):
    monkeypatch.delenv(rules.TODAY_ENV, raising=False)
    assert rules.today() == dt.datetime.now(rules.VIETNAM_TZ).date()
    monkeypatch.setenv(rules.TODAY_ENV, "2026-01-02")
    assert rules.today() == dt.date(2026, 1, 2)
