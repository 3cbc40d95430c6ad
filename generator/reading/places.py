"""The national reference data of places: districts (อำเภอ) and postal codes of every province
(``reference/districts.csv``, from the thaiaddress package) and landline area codes
(``reference/phone-areas.csv``, from libphonenumber). Read when a district table is read (a row's
name) and by the address rules of :mod:`generator.checking.addresses`.
"""
from __future__ import annotations

import csv
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Iterator

from ..thai import arabic_digits

REFERENCE = Path(__file__).with_name("reference")


@dataclass(frozen=True)
class District:
    province: str
    name: str
    postal_codes: tuple[str, ...]


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8") as f:
        yield from csv.DictReader(line for line in f if not line.startswith("#"))


@cache
def districts() -> dict[str, list[District]]:
    """Every district of every province, by province.

    >>> len(districts()["ฉะเชิงเทรา"]), sum(len(d) for p, d in districts().items() if p != "กรุงเทพมหานคร")
    (11, 878)
    """
    result: dict[str, list[District]] = defaultdict(list)
    for row in _rows("districts.csv"):
        result[row["province"]].append(District(row["province"], row["district"], tuple(row["postal_codes"].split())))
    return dict(result)


@cache
def _provinces_of_district() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for province, entries in districts().items():
        for district in entries:
            found[district.name].append(province)
    return dict(found)


def district_names(province: str) -> list[str]:
    return [d.name for d in districts().get(province, [])]


def provinces_of_district(name: str) -> list[str]:
    """
    >>> provinces_of_district("เมืองปาน")
    ['ลำปาง']
    """
    return _provinces_of_district().get(name, [])


def closest_district(name: str, province: str) -> str | None:
    """A real district of ``province`` nearest to a mistyped name (from the national list).

    >>> closest_district("เมืองปาล", "ลำปาง")
    'เมืองปาน'
    """
    match = difflib.get_close_matches(name, district_names(province), n=1, cutoff=0.6)
    return match[0] if match else None


def postal_codes(province: str) -> set[str]:
    return {code for d in districts().get(province, []) for code in d.postal_codes}


def province_of_postal_code(code: str) -> str | None:
    """
    >>> province_of_postal_code("52000")
    'ลำปาง'
    """
    return next((p for p, entries in districts().items() for d in entries if code in d.postal_codes), None)


@cache
def area_codes() -> dict[str, tuple[str, ...]]:
    """Landline area code → its provinces.

    >>> area_codes()["038"]
    ('ฉะเชิงเทรา', 'ชลบุรี', 'ระยอง')
    """
    return {row["area_code"]: tuple(row["provinces"].split()) for row in _rows("phone-areas.csv")}


def area_code(phone: str) -> str | None:
    """The area code of a Thai landline number; None for mobile and other numbers.

    >>> area_code("0-3851-1234"), area_code("๐ ๕๔๒๖ ๕๐๕๕"), area_code("02 141 6000"), area_code("08-1234-5678")
    ('038', '054', '02', None)
    """
    digits = re.sub(r"\D", "", arabic_digits(phone))
    if len(digits) != 9 or not digits.startswith("0"):
        return None
    if digits.startswith("02"):
        return "02"
    return digits[:3] if digits[:3] in area_codes() else None


def not_a_district(name: str, province: str) -> tuple[str, str]:
    """Why a name is not one of the province's districts, in Thai and English, with a suggestion."""
    elsewhere = [p for p in provinces_of_district(name) if p != province]
    guess = closest_district(name, province)
    hint_th = f" หมายถึง '{guess}' หรือไม่" if guess else ""
    hint_en = f"; did you mean '{guess}'?" if guess else ""
    if elsewhere:
        return (f"'{name}' เป็นอำเภอของจังหวัด{'/'.join(elsewhere)} ไม่ใช่ของจังหวัด{province}{hint_th}",
                f"'{name}' is a district of {'/'.join(elsewhere)}, not of {province}{hint_en}")
    return (f"'{name}' ไม่มีในรายชื่ออำเภอของจังหวัด{province} (บัญชีอำเภอทั้งประเทศ){hint_th}",
            f"'{name}' is not in the national list of {province}'s districts{hint_en}")


def table_district_problem(name: str, round_districts: list[str], province: str | None) -> tuple[str, str, str] | None:
    """Why a district table's row name is wrong: (code, thai, english), or None when it is right.

    E502 when the name is no district of the province (suggestion from the national list),
    E509 when it is a real district of the province that round.yaml does not list.
    """
    if name in round_districts:
        return None
    if province is not None and name in district_names(province):
        return ("E509", f"'{name}' เป็นอำเภอของจังหวัด{province} แต่ไม่มีในรายชื่อ districts ของ round.yaml",
                f"'{name}' is a district of {province} but is missing from districts in round.yaml")
    if province is not None and province in districts():
        thai, english = not_a_district(name, province)
        return "E502", thai, english
    guess = difflib.get_close_matches(name, round_districts, n=1, cutoff=0.5)
    return ("E502", f"'{name}' ไม่ใช่อำเภอของจังหวัดนี้" + (f" หมายถึง '{guess[0]}' หรือไม่" if guess else ""),
            f"'{name}' is not a district of this province (see districts in round.yaml)"
            + (f"; did you mean '{guess[0]}'?" if guess else ""))
