"""The two-level administrative units in force since 01/07/2025 (34 provinces, 3,320 communes).

Read from the bundled `agent/data/*.csv`, the same lists the portals' comboboxes offer (the
contract tests in `tests/contract/` hold them equal). The CSVs are the shared dataset put into
NFC: ten of its names were stored decomposed, which no typed or pasted name ever equals.

Names are canonicalised to the option text (`Hà Nội`, `Hoàn Kiếm`); people may type the long
form (`Thành phố Hà Nội`, `Phường Hoàn Kiếm`) or drop the diacritics and still be understood —
except where dropping them is ambiguous: eleven provinces have two communes that differ only in
their diacritics (`Mỹ Tho` / `Mỹ Thọ`), and a guess there would file at the wrong commune.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from agent.dossier.rules import clean_text, fold

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
_PROVINCE_PREFIXES = ("thanh pho ", "tp. ", "tp ", "tinh ")
_COMMUNE_PREFIXES = ("phuong ", "xa ", "dac khu ", "thi tran ")


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    full_name: str


def _strip_prefix(key: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def _exact_key(text: str) -> str:
    """Case-blind but diacritic-exact: `mỹ thọ` finds Mỹ Thọ and never Mỹ Tho."""
    return clean_text(text).lower()


@lru_cache(maxsize=1)
def provinces() -> dict[str, Unit]:
    """Folded short name → province (no two provinces fold alike)."""
    with open(DATA_DIR / "provinces.csv", encoding="utf-8") as handle:
        rows = [
            Unit(r["code"], clean_text(r["name"]), clean_text(r["fullName"])) for r in csv.DictReader(handle)
        ]
    return {fold(u.name): u for u in rows}


@lru_cache(maxsize=1)
def communes_by_province() -> dict[str, tuple[Unit, ...]]:
    """Province code → its communes, in file order."""
    grouped: dict[str, list[Unit]] = {}
    with open(DATA_DIR / "wards.csv", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            unit = Unit(r["code"], clean_text(r["name"]), clean_text(r["fullName"]))
            grouped.setdefault(r["provinceCode"], []).append(unit)
    return {code: tuple(units) for code, units in grouped.items()}


def communes(province: Unit) -> tuple[Unit, ...]:
    """Every commune of a province, each findable by its exact name."""
    return communes_by_province().get(province.code, ())


@lru_cache(maxsize=1024)
def find_province(name: str) -> Unit | None:
    """The province written `name` (short or long form, any case, with or without diacritics);
    cached: every address of every row names one, and the lists never change."""
    key = _strip_prefix(fold(name), _PROVINCE_PREFIXES)
    return provinces().get(key)


@lru_cache(maxsize=64)
def _commune_index(province_code: str) -> tuple[dict[str, Unit], dict[str, tuple[Unit, ...]]]:
    """(diacritic-exact key → commune, folded key → the communes that fold to it)."""
    exact: dict[str, Unit] = {}
    folded: dict[str, list[Unit]] = {}
    for unit in communes_by_province().get(province_code, ()):
        exact.setdefault(_exact_key(unit.name), unit)
        folded.setdefault(fold(unit.name), []).append(unit)
    return exact, {key: tuple(units) for key, units in folded.items()}


@lru_cache(maxsize=4096)
def find_commune(province: Unit, name: str) -> Unit | None:
    """The commune written `name` (short or long form); None if unknown or ambiguous. Cached, like
    `find_province`."""
    text = clean_text(name).split(",")[0].strip()
    exact, folded = _commune_index(province.code)
    key = _exact_key(text)
    found = exact.get(key) or exact.get(_without_commune_prefix(key))
    if found is not None:
        return found
    key = fold(text)
    twins = folded.get(key) or folded.get(_strip_prefix(key, _COMMUNE_PREFIXES)) or ()
    return twins[0] if len(twins) == 1 else None


def _without_commune_prefix(key: str) -> str:
    """`phường hoàn kiếm` → `hoàn kiếm`, keeping the diacritics of the name itself (every
    letter of an NFC Vietnamese text folds to exactly one letter, so lengths line up)."""
    stripped = _strip_prefix(fold(key), _COMMUNE_PREFIXES)
    return key[len(key) - len(stripped) :]


def suggest_provinces(name: str) -> list[str]:
    names = [u.name for u in provinces().values()]
    by_fold = {fold(n): n for n in names}
    close = difflib.get_close_matches(_strip_prefix(fold(name), _PROVINCE_PREFIXES), by_fold, n=3)
    return [by_fold[c] for c in close]


def suggest_communes(province: Unit, name: str) -> list[str]:
    """Close names; both spellings when the typed name (without diacritics) fits two communes."""
    units = communes(province)
    key = _strip_prefix(fold(name), _COMMUNE_PREFIXES)
    folded = sorted({fold(u.name) for u in units})
    close = difflib.get_close_matches(key, folded, n=3, cutoff=0.6)
    return [u.name for c in close for u in units if fold(u.name) == c]
