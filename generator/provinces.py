"""The provinces and their official two-letter codes (ระเบียบงานสารบรรณ), from
``reference/provinces.yaml``: a province is entered once and everything else derived."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

TABLE = Path(__file__).with_name("reference") / "provinces.yaml"


@dataclass(frozen=True)
class Province:
    name: str
    code: str
    letterhead: str  # ศาลากลางจังหวัด…
    governor: str  # ผู้ว่าราชการจังหวัด…
    office: str  # สำนักงานพัฒนาชุมชนจังหวัด…


@cache
def provinces() -> dict[str, Province]:
    """All provinces by name.

    >>> provinces()["ฉะเชิงเทรา"].code
    'ฉช'
    >>> provinces()["ลำปาง"].governor
    'ผู้ว่าราชการจังหวัดลำปาง'
    """
    entries = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["provinces"]
    return {
        e["name"]: Province(
            name=e["name"],
            code=e["code"],
            letterhead=e.get("letterhead", f"ศาลากลางจังหวัด{e['name']}"),
            governor=e.get("governor", f"ผู้ว่าราชการจังหวัด{e['name']}"),
            office=e.get("office", f"สำนักงานพัฒนาชุมชนจังหวัด{e['name']}"),
        )
        for e in entries
    }


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
