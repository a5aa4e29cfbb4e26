"""Undo what spreadsheets do to values, so a row reads as the person who typed it meant it.

Excel turns dates into serial numbers or datetimes, drops the leading zeros of personal IDs and
phone numbers, keeps stray spaces, and macOS/Windows tools may store Vietnamese in decomposed
(NFD) form. Each cell is turned into a clean NFC string guided by the field's kind.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Any

#: Excel's day zero (1900 date system, including its 1900-02-29 bug for serials > 60).
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_MY_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_YEAR = re.compile(r"^\d{4}$")
_TIME = re.compile(r"^(\d{1,2})[:h](\d{1,2})(?::\d{1,2})?$")
_DIGITS = re.compile(r"^\d+$")
_INTEGRAL_FLOAT = re.compile(r"^(\d+)\.0+$")

#: What makes a spreadsheet read a cell as a formula (OWASP "CSV Injection"), with the full-width
#: forms some Excel locales accept too. The results files mark such cells with a leading `'`.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

#: Canonical kinds this module understands (C's `field_kinds` names are mapped onto these).
ID_KINDS = {"personal_id": (12, 9), "cmnd": (9,), "id": (12, 9), "bhxh": (10,), "phone": (10, 11)}


@functools.lru_cache(maxsize=256)
def canonical_kind(kind: str | None) -> str:
    """Map whatever name the model uses for a field kind onto the few this module acts on."""
    k = (kind or "text").lower()
    if "phone" in k or "dien_thoai" in k:
        return "phone"
    if "bhxh" in k or "insurance" in k:
        return "bhxh"
    if "cmnd" in k:
        return "cmnd"
    if "time" in k and "date" not in k:
        return "time"
    if "date" in k:
        return "date"
    if k in {"id", "personal_id", "pid", "identity", "id_number"} or k.endswith("_id") or "personal" in k:
        return "personal_id"
    if k in {"int", "integer", "number", "count"}:
        return "int"
    if k in {"bool", "boolean"}:
        return "bool"
    return "text"


def clean_text(value: str) -> str:
    """NFC, no non-breaking or doubled spaces, nothing at either end.

    `str.split()` splits on exactly the characters `\\s` matches in a text pattern (the
    non-breaking space among them), so joining its parts is the regex's collapse-and-strip; plain
    ASCII (most cells) skips the Unicode work."""
    if not value.isascii():
        value = unicodedata.normalize("NFC", value).replace("\u200b", "")
    return " ".join(value.split())


def _number_text(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _date_from_serial(serial: float) -> dt.datetime | None:
    if 1 <= serial < 2958466:  # Excel's valid range (to 9999-12-31)
        return _EXCEL_EPOCH + dt.timedelta(days=float(serial))
    return None


def normalise_date(value: Any) -> str:
    """Excel datetimes, serial numbers, ISO and d/m/yyyy text → dd/mm/yyyy; mm/yyyy and yyyy kept."""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, int) and 1000 <= value <= 2999:
            return str(value)  # a bare year typed as a number
        when = _date_from_serial(value)
        return when.strftime("%d/%m/%Y") if when else _number_text(value)
    text = clean_text(str(value))
    if m := _ISO_DATE.match(text):
        year, month, day = m.groups()
        return f"{int(day):02d}/{int(month):02d}/{year}"
    if m := _DMY_DATE.match(text):
        day, month, year = m.groups()
        return f"{int(day):02d}/{int(month):02d}/{year}"
    if m := _MY_DATE.match(text):
        month, year = m.groups()
        return f"{int(month):02d}/{year}"
    if (m := _INTEGRAL_FLOAT.match(text)) and len(m.group(1)) == 5:
        when = _date_from_serial(int(m.group(1)))  # a serial that became text in a CSV export
        return when.strftime("%d/%m/%Y") if when else text
    if _DIGITS.match(text) and len(text) == 5:
        when = _date_from_serial(int(text))
        return when.strftime("%d/%m/%Y") if when else text
    return text


def normalise_time(value: Any) -> str:
    """Excel times (datetime.time or a day fraction) and h:m text → HH:MM."""
    if isinstance(value, (dt.time, dt.datetime)):
        return value.strftime("%H:%M")
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    text = clean_text(str(value))
    if m := _TIME.match(text):
        return f"{int(m.group(1)):02d}:{int(m.group(2)):02d}"
    return text


def restore_leading_zeros(value: Any, lengths: tuple[int, ...]) -> str:
    """A number that lost its leading zeros gets them back, to the nearest valid length.

    `1090012345` in a personal-ID column was `001090012345`; `912345678` in a phone column was
    `0912345678`. Text that is not all digits is left for validation to judge.
    """
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    text = _number_text(value) if is_number else clean_text(str(value))
    if m := _INTEGRAL_FLOAT.match(text):
        text = m.group(1)
    text = text.replace(" ", "") if _DIGITS.match(text.replace(" ", "")) else text
    if not _DIGITS.match(text):
        return text
    for length in sorted(lengths):
        if len(text) <= length:
            # Only pad when at most the leading zeros of a plausible value are missing.
            if length - len(text) <= 3:
                return text.zfill(length)
            return text
    return text


def normalise_value(value: Any, kind: str | None = None) -> str:
    """One cell → its clean string form (empty string for an empty cell)."""
    if value is None:
        return ""
    k = canonical_kind(kind)
    if isinstance(value, str):
        if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
            value = value[1:]  # a results file fed back in: its formula guard is not part of the value
        text = clean_text(value)
        if not text:
            return ""
        if k == "text":
            return text  # what every branch below makes of a text cell of a text column
    if k == "date":
        return normalise_date(value)
    if k == "time":
        return normalise_time(value)
    if k in ID_KINDS:
        return restore_leading_zeros(value, ID_KINDS[k])
    if k == "int":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _number_text(value)
        text = clean_text(str(value))
        m = _INTEGRAL_FLOAT.match(text)
        return m.group(1) if m else text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time() else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float)):
        return _number_text(value)
    return clean_text(str(value))
