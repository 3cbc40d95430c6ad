"""Values that validate but would print a wrong document: a year far from the round,
a deadline on a day the office is closed, a QR address no code can hold, an emblem
that is not an image or lies outside the round."""
from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache
from pathlib import Path
from typing import Iterator

from pydantic import BaseModel

from ..base.diagnostics import Location, Report
from ..reading.model import Round
from ..base.paths import DEFAULT_EMBLEM, TEMPLATES
from ..reading.safety import MAX_IMAGE_BYTES, inside, path_problem
from ..thai import be_year, thai_date_weekday, with_digits

YEARS_BEFORE = 10  # อ้างถึง may cite a letter some years old
YEARS_AFTER = 2  # a deadline may fall in the next fiscal year
QR_MAX_CHARACTERS = 1000  # a QR code a phone reads from paper; version 40 holds about 2,300


def check_plausible(round_: Round, report: Report) -> None:
    years_near_the_round(round_, report)
    deadlines_on_working_days(round_, report)
    qr_addresses_fit(round_, report)
    emblem_is_an_image_inside(round_, report)


def _sources(round_: Round) -> Iterator[tuple[str, BaseModel]]:
    yield "round", round_.settings
    for name, letter in round_.letters.items():
        yield f"letter:{name}", letter
    for kpi in round_.kpis:
        yield f"kpi:{kpi.number}", kpi


def _dates(value, path: tuple = ()) -> Iterator[tuple[tuple, dt.date]]:
    """Every date of a model, with its path into the data."""
    if isinstance(value, dt.date):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _dates(getattr(value, name), path + (name,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _dates(item, path + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _dates(item, path + (key,))


def _at(round_: Round, key: str, path: tuple) -> Location:
    return round_.positions[key].at(path) if key in round_.positions else Location(round_.folder)


def years_near_the_round(round_: Round, report: Report) -> None:
    """E019: every date lies within a few years of the round's fiscal year."""
    fiscal = round_.settings.round.fiscal_year
    low, high = fiscal - YEARS_BEFORE, fiscal + YEARS_AFTER
    for key, model in _sources(round_):
        for path, day in _dates(model):
            year = be_year(day)
            if not low <= year <= high:
                report.add("E019", _at(round_, key, path),
                           f"ปี {with_digits(str(year))} ห่างจากปีงบประมาณ {with_digits(str(fiscal))} ของรอบนี้เกินไป "
                           f"(รับได้ {with_digits(str(low))}–{with_digits(str(high))}) พิมพ์ปีผิดหรือไม่",
                           f"the year {year} BE is far from this round's fiscal year {fiscal} "
                           f"(accepted: {low}–{high}): is it mistyped?")


@cache
def _holidays(year: int) -> dict[str, str]:
    """Thai public holidays of ``year`` in Thai, by ISO date (kept in .cache/derived: the holidays
    package takes a quarter of a second to import)."""
    from importlib.util import find_spec

    from ..base.derived import file_key, kept

    spec = find_spec("holidays")  # its folder, without importing it
    source = [file_key(Path(spec.origin).parent / name) for name in ("version.py", "countries/thailand.py")] \
        if spec and spec.origin else []

    def make() -> dict[str, str]:
        import holidays

        return {day.isoformat(): name for day, name in
                holidays.country_holidays("TH", years=[year], language="th").items()}

    return kept(f"holidays-th-{year}", ["holidays-1", year, source], make,
                lambda value: isinstance(value, dict) and all(isinstance(name, str) for name in value.values()))


def _deadlines(value, path: tuple = ()) -> Iterator[tuple[tuple, dt.date]]:
    for found_path, day in _dates(value, path):
        if found_path and found_path[-1] == "deadline":
            yield found_path, day


def deadlines_on_working_days(round_: Round, report: Report) -> None:
    """W020: a deadline on a Saturday, Sunday or Thai public holiday is likely a mistake."""
    for key, model in _sources(round_):
        for path, day in _deadlines(model):
            holiday = _holidays(day.year).get(day.isoformat())
            if day.weekday() < 5 and holiday is None:
                continue
            why_th = holiday if holiday else ("วันเสาร์" if day.weekday() == 5 else "วันอาทิตย์")
            why_en = f"a public holiday ({holiday})" if holiday else ("a Saturday" if day.weekday() == 5 else "a Sunday")
            report.add("W020", _at(round_, key, path),
                       f"กำหนดส่ง {thai_date_weekday(day)} ตรงกับ{why_th} ซึ่งเป็นวันหยุดราชการ ตรวจวันที่อีกครั้ง",
                       f"the deadline {day.isoformat()} falls on {why_en}, when offices are closed: check the date")


def qr_addresses_fit(round_: Round, report: Report) -> None:
    """E024: a QR address a printed QR code can hold and a phone can read."""
    for name, letter in round_.letters.items():
        if not letter.qr:
            continue
        if not qr_fits(letter.qr):
            report.add("E024", _at(round_, f"letter:{name}", ("qr",)),
                       f"ที่อยู่สำหรับ QR Code ยาว {len(letter.qr):,} ตัวอักษร เกินที่ QR Code บนกระดาษจะอ่านได้ "
                       f"(ไม่เกิน {QR_MAX_CHARACTERS:,}) ให้ใช้ลิงก์ที่สั้นลง",
                       f"the QR address is {len(letter.qr):,} characters long, more than a printed QR code can "
                       f"hold and be read (at most {QR_MAX_CHARACTERS:,}): use a shorter link")


@lru_cache(maxsize=256)
def qr_fits(address: str) -> bool:
    """Whether a QR code can hold ``address`` within QR_MAX_CHARACTERS (answered once per address: making the code
    is a third of a round's checks).

    >>> qr_fits("https://example.org/report"), qr_fits("x" * (QR_MAX_CHARACTERS + 1))
    (True, False)
    """
    import qrcode

    if len(address) > QR_MAX_CHARACTERS:
        return False
    try:
        code = qrcode.QRCode()
        code.add_data(address)
        code.make(fit=True)
    except ValueError:  # qrcode's DataOverflowError and "Invalid version" are both ValueErrors
        return False
    return True


def emblem_is_an_image_inside(round_: Round, report: Report) -> None:
    """E007/E008/E010: office.emblem lies in the round folder (or letter_templates/);
    E025: it is a PNG, JPEG or GIF image."""
    configured = round_.settings.office.emblem
    if not configured:
        if round_.letters and DEFAULT_EMBLEM.is_file() and not _is_image(DEFAULT_EMBLEM):
            report.add("E025", Location(DEFAULT_EMBLEM),
                       "ไฟล์ตราครุฑ letter_templates/garuda.png ไม่ใช่ภาพ PNG หรือ JPEG ให้วางภาพตราครุฑใหม่",
                       "letter_templates/garuda.png is not a PNG or JPEG image: put the Garuda image there again")
        return
    where = _at(round_, "round", ("office", "emblem"))
    path = round_.folder / configured
    home = TEMPLATES if inside(TEMPLATES, path) else round_.folder
    problem = path_problem(home, path)
    if problem:
        report.add(problem[0], where, problem[1], problem[2])
        return
    if not path.is_file():
        return  # E706 says it is missing
    if path.stat().st_size > MAX_IMAGE_BYTES:
        report.add("E025", where, f"ภาพตราครุฑ '{configured}' ใหญ่เกิน {MAX_IMAGE_BYTES // 1048576} MB",
                   f"the Garuda image '{configured}' is larger than {MAX_IMAGE_BYTES // 1048576} MB")
        return
    if not _is_image(path):
        report.add("E025", where,
                   f"ไฟล์ตราครุฑ '{configured}' ไม่ใช่ภาพ (ใช้ไฟล์ .png หรือ .jpg)",
                   f"the Garuda image '{configured}' is not an image (use a .png or .jpg file)")


def _is_image(path: Path) -> bool:
    from docx.image.image import Image as ImageInfo

    if path.stat().st_size > MAX_IMAGE_BYTES:
        return False
    try:
        info = ImageInfo.from_blob(path.read_bytes())
        return info.px_width > 0 and info.px_height > 0
    except Exception:  # python-docx raises several kinds for what it cannot read
        return False
