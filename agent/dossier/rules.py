"""The real portals' value rules (../shared/reference/portals.md §7), as small pure functions.

Each `normalise_*` takes what a person typed (or what a spreadsheet made of it), returns the
canonical text the portal expects, or calls `fail` with what is wrong and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from agent.dossier.problems import fail

#: Vietnam has one time zone and no daylight saving time.
VIETNAM_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")
#: Set to a date (dd/mm/yyyy or ISO) to pin "today" for age and deadline rules (tests, replays).
TODAY_ENV = "DVC_AGENT_TODAY"

_SPACES = re.compile(r"\s+")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_MY = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})[:hH](\d{2})$")
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")
_PASSPORT = re.compile(r"^[A-Z]\d{7}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DIGIT_SEPARATORS = re.compile(r"[\s.\-]")
_WHOLE_NUMBER = re.compile(r"-?\d+")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def today() -> dt.date:
    """Today in Vietnam (the portals' clock), unless pinned by $DVC_AGENT_TODAY."""
    pinned = os.environ.get(TODAY_ENV)
    if pinned:
        return _pinned_day(pinned)
    return dt.datetime.now(VIETNAM_TZ).date()


@lru_cache(maxsize=8)
def _pinned_day(text: str) -> dt.date:
    """$DVC_AGENT_TODAY as a date, read once per value: every date rule asks for today."""
    return parse_date(normalise_date(text, allow_future=True))


#: Distinct texts the string caches below remember: a batch repeats the same provinces, options
#: and applicants row after row, while its names and numbers are mostly new.
TEXT_CACHE = 16_384


def clean_text(value: Any) -> str:
    """NFC, single spaces, trimmed: how the portal stores what was typed."""
    return _clean(str(value))


@lru_cache(maxsize=TEXT_CACHE)
def _clean(text: str) -> str:
    """`clean_text` of a str; cached because every field of every row goes through it."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u200b", "")
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=TEXT_CACHE)
def fold(text: str) -> str:
    """Lower-case, no diacritics, đ→d: for forgiving comparisons, never for storage.

    Cached: option lists, provinces and communes are folded over and over."""
    decomposed = unicodedata.normalize("NFD", clean_text(text).lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _digits(value: Any) -> str:
    if isinstance(value, bool):
        fail("must be a number written as text", 'quote it in YAML, e.g. "001090012345"')
    if isinstance(value, int):
        fail("was read as a number, so leading zeros may be lost", 'quote it in YAML, e.g. "001090012345"')
    return _DIGIT_SEPARATORS.sub("", clean_text(value))


# ---- identity numbers ---------------------------------------------------------------------


def normalise_personal_id(value: Any) -> str:
    """Số định danh cá nhân / CCCD: exactly 12 digits."""
    text = _digits(value)
    if not text.isdigit():
        fail(f"personal ID {text!r} must contain digits only", "12 digits, e.g. 001090012345")
    if len(text) == 9:
        fail(
            "a 9-digit number is an old Chứng minh nhân dân, not a personal ID",
            "use the 12-digit số định danh cá nhân printed on the CCCD / thẻ căn cước",
        )
    if len(text) != 12:
        fail(
            f"personal ID must have exactly 12 digits, got {len(text)}",
            "12 digits, e.g. 001090012345; keep the leading zeros",
        )
    return text


def normalise_old_id(value: Any) -> str:
    """Chứng minh nhân dân: 9 digits (the late 12-digit CMND also exists)."""
    text = _digits(value)
    if not text.isdigit() or len(text) not in (9, 12):
        fail("Chứng minh nhân dân number must have 9 (or 12) digits", "e.g. 012345678")
    return text


def normalise_passport(value: Any) -> str:
    """Vietnamese passport: one letter and 7 digits."""
    text = _digits(value).upper()
    if not _PASSPORT.match(text):
        fail(f"passport number {text!r} must be one letter followed by 7 digits", "e.g. C1234567")
    return text


def normalise_social_insurance(value: Any) -> str:
    """Mã số BHXH: 10 digits (the last 10 of the BHYT card number)."""
    text = _digits(value)
    if len(text) == 15 and text[:2].isalpha():
        text = text[-10:]
    if not text.isdigit() or len(text) != 10:
        fail(
            "social-insurance code (mã số BHXH) must have exactly 10 digits",
            "the last 10 characters of the health-insurance card number, e.g. 0123456789",
        )
    return text


def check_personal_id_matches(personal_id: str, birth_year: int, sex: str) -> None:
    """Digit 4 encodes century and sex, digits 5-6 the birth year (TT 59/2021/TT-BCA)."""
    code = int(personal_id[3])
    century = 1900 + 100 * (code // 2)
    female = code % 2 == 1
    year = century + int(personal_id[4:6])
    if year != birth_year:
        fail(
            f"personal ID {personal_id} encodes birth year {year}, but the date of birth says {birth_year}",
            "check the personal ID and the date of birth",
        )
    if female != (sex == "Nữ"):
        fail(
            f"personal ID {personal_id} encodes sex {'Nữ' if female else 'Nam'}, but sex is {sex}",
            "check the personal ID and the sex",
        )


# ---- contact ------------------------------------------------------------------------------


def normalise_phone(value: Any) -> str:
    """Mobile (10 digits, 03/05/07/08/09) or landline (11 digits, 02…); +84/84 → 0."""
    text = _digits(value).replace("(", "").replace(")", "")
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    if not (_MOBILE.match(text) or _LANDLINE.match(text)):
        fail(
            f"phone number {text!r} is not a Vietnamese phone number",
            "mobile: 10 digits starting 03/05/07/08/09 (e.g. 0912345678 or +84912345678); "
            "landline: 11 digits starting 02",
        )
    return text


def normalise_email(value: Any) -> str:
    text = clean_text(value)
    if not _EMAIL.match(text):
        fail(f"e-mail address {text!r} is not valid", "e.g. ten@example.vn")
    return text


# ---- dates --------------------------------------------------------------------------------


@lru_cache(maxsize=TEXT_CACHE)
def parse_date(text: str) -> dt.date:
    """A canonical dd/mm/yyyy string → date (use after normalise_date); cached, as the
    cross-field rules read the same dates again."""
    day, month, year = (int(part) for part in text.split("/"))
    return dt.date(year, month, day)


def _real_date(year: int, month: int, day: int, original: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        fail(f"{original!r} is not a real calendar date", "dd/mm/yyyy, e.g. 15/03/1990")


def normalise_date(value: Any, *, allow_future: bool = False) -> str:
    """dd/mm/yyyy, ISO (yyyy-mm-dd) or an Excel date → dd/mm/yyyy; real dates, not in the future."""
    if isinstance(value, dt.datetime):
        when = value.date()
    elif isinstance(value, dt.date):
        when = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            fail(f"{value!r} is not a date", "dd/mm/yyyy, e.g. 15/03/1990")
        when = _EXCEL_EPOCH + dt.timedelta(days=int(value))
    else:
        when = _date_of(clean_text(value))
    if when.year < 1900:
        fail(f"{when:%d/%m/%Y} is before 1900", "check the year")
    if not allow_future and when > today():
        fail(f"{when:%d/%m/%Y} is in the future", "use a date up to today")
    return f"{when.day:02d}/{when.month:02d}/{when.year}"  # dd/mm/yyyy (strftime is slower)


@lru_cache(maxsize=TEXT_CACHE)
def _date_of(text: str) -> dt.date:
    """The day a dd/mm/yyyy or ISO text names, or `fail`; cached, as a batch repeats its dates."""
    if m := _DMY.match(text):
        return _real_date(int(m[3]), int(m[2]), int(m[1]), text)
    if m := _ISO.match(text):
        return _real_date(int(m[1]), int(m[2]), int(m[3]), text)
    fail(f"{text!r} is not a date in the form dd/mm/yyyy", "e.g. 15/03/1990")


def normalise_partial_date(value: Any) -> str:
    """dd/mm/yyyy, mm/yyyy or yyyy: the forms allowed for a deceased person's dates."""
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 9999:
        value = str(value)
    text = clean_text(value) if isinstance(value, str) else None
    if text is not None and (m := _YEAR.match(text)):
        if int(m[1]) > today().year or int(m[1]) < 1900:
            fail(f"year {text} is not plausible", f"a year between 1900 and {today().year}")
        return text
    if text is not None and (m := _MY.match(text)):
        month, year = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            fail(f"{text!r} has no month {month}", "mm/yyyy, e.g. 03/1950")
        if (year, month) > (today().year, today().month) or year < 1900:
            fail(f"{text} is not a plausible month", "a month up to the current one")
        return f"{month:02d}/{year}"
    try:
        return normalise_date(value)
    except Exception:
        fail(f"{value!r} is not a date", "dd/mm/yyyy, mm/yyyy or yyyy, e.g. 15/03/1950 or 1950")


def partial_year(text: str) -> int:
    """The year of a dd/mm/yyyy, mm/yyyy or yyyy string."""
    return int(text[-4:])


@lru_cache(maxsize=TEXT_CACHE)
def partial_bounds(text: str) -> tuple[dt.date, dt.date]:
    """Earliest and latest day a (possibly partial) date can stand for (cached, like `parse_date`)."""
    parts = text.split("/")
    if len(parts) == 3:
        day = parse_date(text)
        return day, day
    year = int(parts[-1])
    if len(parts) == 2:
        month = int(parts[0])
        first = dt.date(year, month, 1)
        last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        return first, last
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def normalise_time(value: Any) -> str:
    """HH:MM, 24-hour clock."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    text = clean_text(value)
    m = _TIME.match(text)
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        fail(f"{text!r} is not a time of day", "HH:MM on a 24-hour clock, e.g. 14:30")
    return f"{int(m[1]):02d}:{m[2]}"


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years completed on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# ---- names and free text ------------------------------------------------------------------


def normalise_name(value: Any) -> str:
    """Họ, chữ đệm, tên: NFC, single spaces, at least a family and a given name."""
    text = clean_text(value)
    if not text:
        fail("name is empty", "write the full name, e.g. Nguyễn Văn An")
    if any(ch.isdigit() for ch in text):
        fail(f"name {text!r} contains digits", "letters only, e.g. Nguyễn Văn An")
    if len(text.split(" ")) < 2:
        fail(f"name {text!r} has a single word", "write family and given name, e.g. Nguyễn An")
    return text


def normalise_text(value: Any) -> str:
    text = clean_text(value)
    if not text:
        fail("is empty", "write a value or remove the field")
    return text


def normalise_choice(value: Any, options: tuple[str, ...], aliases: Mapping[str, str]) -> str:
    """Map a typed option (any case, with or without diacritics, or a short form) to its text."""
    return pick_option(value, options, choice_index(tuple(options), tuple(aliases.items())))


def pick_option(value: Any, options: tuple[str, ...], index: Mapping[str, str]) -> str:
    """`normalise_choice` with the options' `choice_index` already at hand."""
    text = clean_text(value)
    option = index.get(fold(text))
    if option is not None:
        return option
    shown = " | ".join(options) if len(options) <= 8 else " | ".join(options[:8]) + " | …"
    fail(f"{text!r} is not one of the portal's options", f"one of: {shown}")


@lru_cache(maxsize=256)
def choice_index(options: tuple[str, ...], aliases: tuple[tuple[str, str], ...]) -> Mapping[str, str]:
    """Folded option or alias → the option's text; an option wins over an alias, and the first
    of each over later ones (the order the options are read in). Built once per option list."""
    index: dict[str, str] = {}
    for option in options:
        index.setdefault(fold(option), option)
    for alias, option in aliases:
        index.setdefault(fold(alias), option)
    return index


def normalise_int(value: Any, minimum: int = 0) -> int:
    if isinstance(value, bool):
        fail("must be a whole number", f"e.g. {minimum}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = clean_text(value)
        text = text[:-2] if text.endswith(".0") else text
        if not _WHOLE_NUMBER.fullmatch(text):
            fail(f"{text!r} is not a whole number", f"e.g. {minimum}")
        value = int(text)
    if not isinstance(value, int):
        fail(f"{value!r} is not a whole number", f"e.g. {minimum}")
    if value < minimum:
        fail(f"must be at least {minimum}, got {value}", f"use {minimum} or more")
    return value


_TRUE = {"co", "true", "yes", "1", "x", "dung", "on"}
_FALSE = {"khong", "false", "no", "0", "", "sai", "off"}


def normalise_bool(value: Any) -> bool:
    """Yes/no as the portal's checkboxes: Có/Không, true/false, 1/0, x."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = fold(str(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    fail(f"{value!r} is not yes or no", "Có / Không (or true / false)")
