"""The two-level administrative units in force since 01/07/2025 (34 provinces, 3,319 communes).

Read from the bundled `agent/data/*.csv`, the same lists the mock's comboboxes offer. Names are
canonicalised to the option text (`Hà Nội`, `Hoàn Kiếm`); people may type the long form
(`Thành phố Hà Nội`, `Phường Hoàn Kiếm`) or drop the diacritics and still be understood.
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
            return key[len(prefix):]
    return key


@lru_cache(maxsize=1)
def provinces() -> dict[str, Unit]:
    """Folded short name → province."""
    with open(DATA_DIR / "provinces.csv", encoding="utf-8") as handle:
        rows = [Unit(r["code"], clean_text(r["name"]), clean_text(r["fullName"]))
                for r in csv.DictReader(handle)]
    return {fold(u.name): u for u in rows}


@lru_cache(maxsize=1)
def communes_by_province() -> dict[str, dict[str, Unit]]:
    """Province code → folded short name → commune."""
    grouped: dict[str, dict[str, Unit]] = {}
    with open(DATA_DIR / "wards.csv", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            unit = Unit(r["code"], clean_text(r["name"]), clean_text(r["fullName"]))
            grouped.setdefault(r["provinceCode"], {})[fold(unit.name)] = unit
    return grouped


def find_province(name: str) -> Unit | None:
    key = _strip_prefix(fold(name), _PROVINCE_PREFIXES)
    return provinces().get(key)


def find_commune(province: Unit, name: str) -> Unit | None:
    key = fold(name).split(",")[0].strip()
    table = communes_by_province().get(province.code, {})
    return table.get(key) or table.get(_strip_prefix(key, _COMMUNE_PREFIXES))


def suggest_provinces(name: str) -> list[str]:
    names = [u.name for u in provinces().values()]
    by_fold = {fold(n): n for n in names}
    close = difflib.get_close_matches(_strip_prefix(fold(name), _PROVINCE_PREFIXES), by_fold, n=3)
    return [by_fold[c] for c in close]


def suggest_communes(province: Unit, name: str) -> list[str]:
    table = communes_by_province().get(province.code, {})
    key = _strip_prefix(fold(name), _COMMUNE_PREFIXES)
    return [table[c].name for c in difflib.get_close_matches(key, table, n=3, cutoff=0.6)]
