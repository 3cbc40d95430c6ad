"""The provinces and their official two-letter codes (ระเบียบงานสารบรรณ): names and codes
from pythainlp's province list, with the few differences kept in ``reference/provinces.yaml``.
The one place for provinces: everything else is derived from a province's name."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

OVERRIDES = Path(__file__).with_name("reference") / "provinces.yaml"


@dataclass(frozen=True)
class Province:
    name: str
    code: str
    letterhead: str  # ศาลากลางจังหวัด…
    governor: str  # ผู้ว่าราชการจังหวัด…
    office: str  # สำนักงานพัฒนาชุมชนจังหวัด…


@cache
def provinces() -> dict[str, Province]:
    """All 77 provinces by name.

    >>> provinces()["ฉะเชิงเทรา"].code
    'ฉช'
    >>> provinces()["ลำปาง"].governor
    'ผู้ว่าราชการจังหวัดลำปาง'
    >>> provinces()["กรุงเทพมหานคร"].code, len(provinces())
    ('กท', 77)
    """
    from pythainlp.corpus import provinces as listed

    overrides = (yaml.safe_load(OVERRIDES.read_text(encoding="utf-8")) or {}).get("overrides") or {}
    result = {}
    for entry in sorted(listed(details=True), key=lambda e: e["name_th"]):
        name = entry["name_th"]
        own = overrides.get(name, {})
        result[name] = Province(
            name=name,
            code=own.get("code", entry["abbr_th"]),
            letterhead=own.get("letterhead", f"ศาลากลางจังหวัด{name}"),
            governor=own.get("governor", f"ผู้ว่าราชการจังหวัด{name}"),
            office=own.get("office", f"สำนักงานพัฒนาชุมชนจังหวัด{name}"),
        )
    return result


def by_code(code: str) -> Province | None:
    """
    >>> by_code("สป").name
    'สมุทรปราการ'
    """
    return next((p for p in provinces().values() if p.code == code), None)


def closest(name: str) -> str | None:
    """The province name nearest to a mistyped one.

    >>> closest("ฉะเชิงเทา")
    'ฉะเชิงเทรา'
    """
    match = difflib.get_close_matches(name.removeprefix("จังหวัด"), list(provinces()), n=1, cutoff=0.6)
    return match[0] if match else None
