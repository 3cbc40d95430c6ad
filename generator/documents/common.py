"""Views shared by the document kinds: the office, the signer, the round, body text.

Everything a template prints is prepared here as text in the document's digit
style, so that templates stay simple for staff who edit them in Word.
"""
from __future__ import annotations

from ..reading import provinces, wording
from ..reading.model import KIND_TITLES, KPI, Enclosure, Item, Person, Round  # noqa: F401 (KIND_TITLES re-exported)
from ..reading.tables import parse_cell
from ..thai import (
    DigitStyle,
    format_number,
    format_phone,
    round_period,
    thai_date,
    thai_date_range,
    thai_date_weekday,
    with_digits,
)

CLOSES = {"เรียน": "ขอแสดงความนับถือ", "กราบเรียน": "ขอแสดงความนับถืออย่างยิ่ง", "นมัสการ": "ขอนมัสการด้วยความเคารพ"}
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"


def province_of(round_: Round) -> provinces.Province:
    return provinces.provinces()[round_.settings.office.province.removeprefix("จังหวัด")]


def office_view(round_: Round, digits: DigitStyle) -> dict:
    office = round_.settings.office
    province = province_of(round_)
    address = [with_digits(line, digits) for line in office.address]
    if address and office.postal_code:
        address[-1] = f"{address[-1]} {province.code} {with_digits(office.postal_code, digits)}"
    phone = format_phone(office.phone, office.phone_style, digits)
    if office.fax and office.fax == office.phone:
        phone_line = f"โทร./โทรสาร {phone}"
    elif office.fax:
        phone_line = f"โทร. {phone} โทรสาร {format_phone(office.fax, office.phone_style, digits)}"
    else:
        phone_line = f"โทร. {phone}"
    return {
        "province": province.name,
        "code": province.code,
        "name": office.name or province.office,
        "letterhead": office.letterhead or province.letterhead,
        "address_lines": address,
        "group": office.group,
        "phone_line": phone_line,
        "email": office.email or "",
    }


def signer_view(round_: Round, digits: DigitStyle) -> dict:
    signer = round_.settings.signer
    lines = [with_digits(line, digits) for line in signer.lines]
    if signer.for_governor:
        lines.append(province_of(round_).governor)
    return {"name": signer.name or "", "lines": lines}


def period(round_: Round):
    settings = round_.settings.round
    return round_period(settings.fiscal_year, settings.number, settings.start, settings.end)


def round_view(round_: Round, digits: DigitStyle) -> dict:
    """Titles every KPI document shares."""
    settings = round_.settings.round
    province = province_of(round_)
    start, end = period(round_)
    parties = settings.parties or (f"พัฒนาการจังหวัด{province.name}", "พัฒนาการอำเภอ")
    return {
        "digits": digits,
        "province": province.name,
        "round_title": with_digits(f"รอบการประเมินที่ {settings.number} ปีงบประมาณ พ.ศ. {settings.fiscal_year}", digits),
        "period_text": thai_date_range(start, end, digits),
        "parties": [with_digits(p, digits) for p in parties],
        "draft_mark": " (ร่าง)" if settings.draft else "",
        "level_numbers": [with_digits(level, digits) for level in range(1, 6)],  # in the document's digits
        "levels_intro": with_digits("แบ่งเกณฑ์การให้คะแนนเป็น 5 ระดับ ดังนี้", digits),
        "office": office_view(round_, digits),
    }


def wording_view(round_: Round, digits: DigitStyle, *blocks, parties: tuple[str, str] | None = None) -> dict:
    """Every phrase of generator/reading/wording.py as lines to print: ``blocks`` are the nearer ``wording:`` blocks
    (a KPI's, an agreement form's), nearest first; the round's comes last."""
    settings = round_.settings.round
    start, end = period(round_)
    province = province_of(round_)
    parties = parties or tuple(settings.parties or (f"พัฒนาการจังหวัด{province.name}", "พัฒนาการอำเภอ"))
    chain = [*blocks, round_.settings.wording]
    values = {"round": str(settings.number), "fiscal_year": str(settings.fiscal_year), "province": province.name,
              "round_period": thai_date_range(start, end, digits), "evaluator": parties[0], "evaluated": parties[1]}
    values["period"] = " ".join(wording.lines("period", chain, values, digits))
    view = {key: wording.lines(key, chain, values, digits) for key in wording.PHRASES}
    suffix = " ".join(view.pop("parties_suffix"))
    if suffix and view["parties_line"]:
        view["parties_line"][-1] += " " + suffix
    elif suffix:
        view["parties_line"] = [suffix]
    return view


def number_list(numbers: list[int], digits: DigitStyle) -> str:
    """Enclosure numbers as a letter cites them: ๑ - ๒, ๕, or ๑, ๓.

    >>> number_list([1, 2], "thai")
    '๑ - ๒'
    >>> number_list([3, 4, 5], "thai")
    '๓ - ๕'
    >>> number_list([1, 3], "arabic")
    '1, 3'
    """
    ordered = sorted(set(numbers))
    if len(ordered) > 1 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        text = f"{ordered[0]} - {ordered[-1]}"
    else:
        text = ", ".join(str(n) for n in ordered)
    return with_digits(text, digits)


def deadline_phrase(item: Item, digits: DigitStyle) -> str:
    if item.deadline is None:
        return ""
    if item.deadline_weekday:
        return "ภายใน" + thai_date_weekday(item.deadline, digits)
    return "ภายในวันที่ " + thai_date(item.deadline, digits)


def item_text(item: Item, digits: DigitStyle) -> str:
    parts = [with_digits(item.text, digits)]
    if item.deadline:
        parts.append(deadline_phrase(item, digits))
    if item.enclosures:
        parts.append(f"(สิ่งที่ส่งมาด้วย {number_list(item.enclosures, digits)})")
    if item.after:
        parts.append(with_digits(item.after, digits))
    return " ".join(parts)


def paragraphs(blocks, digits: DigitStyle, prefix: str = "") -> list[dict]:
    """Body blocks as paragraphs: text at level 0, numbered items at level 1, 2, 3."""
    result: list[dict] = []
    counter = 0
    for block in blocks:
        if isinstance(block, str):
            result.append({"level": 0, "text": with_digits(block, digits)})
            continue
        if not block.numbered:  # a sentence with a deadline, without a number of its own
            result.append({"level": 0, "text": item_text(block, digits)})
            continue
        counter += 1
        result.extend(_numbered(block, f"{prefix}{counter}", 1 if not prefix else prefix.count(".") + 1, digits))
    return result


def _numbered(item: Item, number: str, level: int, digits: DigitStyle) -> list[dict]:
    label = with_digits(number + ("." if "." not in number else ""), digits)
    out = [{"level": level, "text": f"{label} {item_text(item, digits)}"}]
    for index, child in enumerate(item.items, start=1):
        out.extend(_numbered(child, f"{number}.{index}", level + 1, digits))
    return out


def enclosure_lines(enclosures: list[Enclosure], digits: DigitStyle) -> list[dict]:
    numbered = len(enclosures) > 1
    return [
        {
            "title": with_digits((f"{index}. " if numbered else "") + e.title, digits),
            "quantity": with_digits(f"จำนวน {e.quantity} {e.unit}", digits),
        }
        for index, e in enumerate(enclosures, start=1)
    ]


def person_text(person: Person | None, digits: DigitStyle) -> str:
    if person is None:
        return ""
    parts = [person.name]
    if person.position:
        parts.append(with_digits(person.position, digits))
    if person.phone:
        parts.append("โทร. " + format_phone(person.phone, "dash", digits))
    return " ".join(parts)


def number_cell(text: str, digits: DigitStyle, decimals: int | None = None) -> str:
    """A table cell: numbers grouped in the table's digits, other text as typed."""
    try:
        value = parse_cell(text)
    except Exception:
        return with_digits(text, digits)
    if value is None:
        return with_digits(text, digits) if text else ""
    return format_number(value, decimals, digits)


def kpi_number(kpi: KPI, digits: DigitStyle) -> str:
    return with_digits(str(kpi.number), digits)


def sources(round_: Round, *keys: str) -> list:
    """The data files behind a document, for the manifest."""
    files = [round_.folder / "round.yaml"]
    for key in keys:
        positions = round_.positions.get(key)
        if positions is not None:
            files.append(positions.file)
    return files
