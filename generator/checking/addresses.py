"""The address rules: postal codes, landline area codes and district names against the national
reference data of :mod:`generator.reading.places`, one function per rule, registered with the other
rules of :mod:`generator.checking.rules`.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..base.diagnostics import Report
from ..reading.model import Round
from ..reading.places import (
    not_a_district, area_code, area_codes, district_names, postal_codes, province_of_postal_code,
)
from ..thai import arabic_digits
from .rules import _at, _province, rule

_POSTAL_IN_TEXT = re.compile(r"(?<![0-9๐-๙])([0-9๐-๙]{4,6})(?![0-9๐-๙])\s*$")


@rule
def postal_code_is_the_provinces(round_: Round, report: Report) -> None:
    """E208: a postal code has 5 digits; E209: it is one of the province's postal codes."""
    province = _province(round_)
    office = round_.settings.office
    typed = [(("postal_code",), office.postal_code)] if office.postal_code is not None else []
    for index, line in enumerate(office.address):
        found = _POSTAL_IN_TEXT.search(line)
        if found:
            typed.append((("address", index), found.group(1)))
    for path, text in typed:
        code = arabic_digits(str(text)).strip()
        where = _at(round_, "round", "office", *path)
        if not re.fullmatch(r"[0-9]{5}", code):
            report.add("E208", where, f"รหัสไปรษณีย์ '{text}' ต้องเป็นตัวเลข ๕ หลัก",
                       f"postal code '{text}' must have 5 digits")
            continue
        if province is None or code in postal_codes(province.name):
            continue
        other = province_of_postal_code(code)
        owner_th = f" เป็นของจังหวัด{other}" if other else " ไม่มีในรายการรหัสไปรษณีย์"
        owner_en = f" belongs to {other}" if other else " is not a known postal code"
        report.add("E209", where,
                   f"รหัสไปรษณีย์ {code}{owner_th} ไม่ใช่ของจังหวัด{province.name} "
                   f"(เช่น {', '.join(sorted(postal_codes(province.name))[:3])})",
                   f"postal code {code}{owner_en}, not {province.name} "
                   f"(e.g. {', '.join(sorted(postal_codes(province.name))[:3])})")


def _phones(round_: Round) -> Iterator[tuple[str, tuple, str]]:
    office = round_.settings.office
    yield "round", ("office", "phone"), office.phone
    if office.fax:
        yield "round", ("office", "fax"), office.fax
    for kpi in round_.kpis:
        for role in ("owner", "coordinator"):
            person = getattr(kpi, role)
            if person is not None and person.phone:
                yield f"kpi:{kpi.number}", (role, "phone"), person.phone


@rule
def phone_area_is_the_provinces(round_: Round, report: Report) -> None:
    """E210: a landline's area code is the province's (0-38… for ฉะเชิงเทรา, 0-54… for ลำปาง)."""
    province = _province(round_)
    if province is None:
        return
    for key, path, phone in _phones(round_):
        area = area_code(phone)
        if area is None or province.name in area_codes()[area]:
            continue
        own = next((code for code, names in area_codes().items() if province.name in names), "?")
        report.add("E210", _at(round_, key, *path),
                   f"หมายเลขโทรศัพท์ {phone} ใช้รหัสทางไกล {area} ของจังหวัด{'/'.join(area_codes()[area])} "
                   f"แต่จังหวัด{province.name} ใช้ {own}",
                   f"phone {phone} has area code {area} of {'/'.join(area_codes()[area])}; "
                   f"{province.name} uses {own}")


@rule
def districts_are_the_provinces(round_: Round, report: Report) -> None:
    """E211: every district in round.yaml is a real district of the province (national list);
    W207: round.yaml leaves out some of the province's districts."""
    province = _province(round_)
    if province is None:
        return
    real = district_names(province.name)
    listed = round_.settings.districts
    for index, name in enumerate(listed):
        plain = name.removeprefix("อำเภอ")
        if plain in real:
            continue
        report.add("E211", _at(round_, "round", "districts", index), *not_a_district(plain, province.name))
    missing = [d for d in real if d not in {n.removeprefix("อำเภอ") for n in listed}]
    if missing and len(missing) < len(real):
        report.add("W207", round_.positions["round"].at(("districts",), key=True),
                   f"รายชื่ออำเภอใน round.yaml ขาดอำเภอของจังหวัด{province.name}: {', '.join(missing)} "
                   f"(มี {len(real)} อำเภอ)",
                   f"districts in round.yaml leave out {province.name}'s {', '.join(missing)} "
                   f"({len(real)} districts in all)")
