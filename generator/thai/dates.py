"""Buddhist-era dates in the styles of Thai official letters, and their parsing.

Babel knows the Thai month and day names but only the Gregorian calendar, and
pythainlp's ``thai_strftime`` prints the Buddhist era; the styles and the ranges
are ours. พ.ศ. = ค.ศ. + 543.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from babel.dates import get_day_names, get_month_names
from pythainlp.util import thai_strftime

from ..base.errors import DataError
from .digits import DigitStyle, arabic_digits, with_digits

BE_OFFSET = 543
EN_DASH = "–"

MONTHS: dict[int, str] = dict(get_month_names("wide", locale="th"))
MONTHS_ABBR: dict[int, str] = dict(get_month_names("abbreviated", locale="th"))
WEEKDAYS: dict[int, str] = dict(get_day_names("wide", locale="th"))  # 0 = Monday: "วันจันทร์"


def be_year(day: dt.date) -> int:
    """The Buddhist-era year of a date.

    >>> be_year(dt.date(2025, 1, 18))
    2568
    """
    return day.year + BE_OFFSET


def _strftime(day: dt.date, fmt: str, digits: DigitStyle) -> str:
    moment = dt.datetime(day.year, day.month, day.day)
    return thai_strftime(moment, fmt, thaidigit=(digits == "thai"))


def thai_date(day: dt.date, digits: DigitStyle = "thai") -> str:
    """The date line of a letter.

    >>> thai_date(dt.date(2025, 1, 18))
    '๑๘ มกราคม ๒๕๖๘'
    >>> thai_date(dt.date(2025, 1, 18), digits="arabic")
    '18 มกราคม 2568'
    """
    return _strftime(day, "%-d %B %Y", digits)


def thai_date_weekday(day: dt.date, digits: DigitStyle = "thai") -> str:
    """A deadline with its weekday, computed from the date.

    >>> thai_date_weekday(dt.date(2025, 1, 20))
    'วันจันทร์ที่ ๒๐ มกราคม ๒๕๖๘'
    """
    return WEEKDAYS[day.weekday()] + "ที่ " + thai_date(day, digits)


def thai_date_short(day: dt.date, digits: DigitStyle = "thai") -> str:
    """The abbreviated date of tables: day, month abbreviation, two-digit year.

    >>> thai_date_short(dt.date(2021, 9, 30))
    '๓๐ ก.ย. ๖๔'
    """
    return with_digits(f"{day.day} {MONTHS_ABBR[day.month]} {be_year(day) % 100:02d}", digits)


def slash_date_text(day: dt.date) -> str:
    """A date as typed in a cell, day/month/Buddhist year: reads the same on a PC of any locale.

    >>> slash_date_text(dt.date(2025, 3, 20))
    '20/3/2568'
    """
    return f"{day.day}/{day.month}/{day.year + 543}"


def thai_month_year(day: dt.date, digits: DigitStyle = "thai") -> str:
    """A month and its year.

    >>> thai_month_year(dt.date(2025, 1, 1))
    'มกราคม ๒๕๖๘'
    """
    return _strftime(day, "%B %Y", digits)


def thai_date_range(start: dt.date, end: dt.date, digits: DigitStyle = "thai") -> str:
    """A period, writing a repeated year (and month) once.

    >>> thai_date_range(dt.date(2021, 4, 1), dt.date(2021, 9, 30))
    '๑ เมษายน – ๓๐ กันยายน ๒๕๖๔'
    >>> thai_date_range(dt.date(2024, 10, 1), dt.date(2025, 3, 31))
    '๑ ตุลาคม ๒๕๖๗ – ๓๑ มีนาคม ๒๕๖๘'
    >>> thai_date_range(dt.date(2025, 1, 6), dt.date(2025, 1, 20))
    '๖ – ๒๐ มกราคม ๒๕๖๘'
    """
    if end < start:
        raise ValueError(f"a period cannot end ({end}) before it starts ({start})")
    if start.year != end.year:
        left = thai_date(start, digits)
    elif start.month != end.month:
        left = with_digits(f"{start.day} {MONTHS[start.month]}", digits)
    else:
        left = with_digits(str(start.day), digits)
    return f"{left} {EN_DASH} {thai_date(end, digits)}"


def thai_month_range(start: dt.date, end: dt.date, digits: DigitStyle = "thai") -> str:
    """A span of months, writing a repeated year once.

    >>> thai_month_range(dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    'มกราคม – มีนาคม ๒๕๖๘'
    >>> thai_month_range(dt.date(2024, 10, 1), dt.date(2025, 3, 31))
    'ตุลาคม ๒๕๖๗ – มีนาคม ๒๕๖๘'
    """
    if end < start:
        raise ValueError(f"a period cannot end ({end}) before it starts ({start})")
    left = MONTHS[start.month] if start.year == end.year else thai_month_year(start, digits)
    return f"{left} {EN_DASH} {thai_month_year(end, digits)}"


_MONTH_NUMBERS = {name: number for number, name in MONTHS.items()}
_MONTH_NUMBERS.update({abbr: number for number, abbr in MONTHS_ABBR.items()})
_MONTH_NUMBERS.update({abbr.replace(".", ""): number for number, abbr in MONTHS_ABBR.items()})
_WEEKDAY_PREFIX = re.compile(r"^(?:วัน)?(?:" + "|".join(n.removeprefix("วัน") for n in WEEKDAYS.values()) + r")\s*(?:ที่)?\s*")
_THAI_DATE = re.compile(r"^(\d{1,2})\s*([^\d\s]+?)\s*(?:พ\.ศ\.\s*)?(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_thai_date(text: str, century: int | None = None) -> dt.date:
    """Read a date as staff type it: Thai style with Buddhist-era year (Thai or
    Arabic digits, full or abbreviated month, optional weekday), or ISO
    ``YYYY-MM-DD`` where a year above 2300 is taken as Buddhist era.

    A two-digit year is read in ``century`` (2500 by default: ๖๔ = 2564; without a
    century given, ๐๐–๓๙ are refused, as 2500–2539 precede every round).
    Raises ``ValueError`` with a Thai and English reason for a date that does not exist.

    >>> parse_thai_date("๑๘ มกราคม ๒๕๖๘")
    datetime.date(2025, 1, 18)
    >>> parse_thai_date("วันจันทร์ที่ ๒๐ มกราคม ๒๕๖๘")
    datetime.date(2025, 1, 20)
    >>> parse_thai_date("30 ก.ย. 64")
    datetime.date(2021, 9, 30)
    >>> parse_thai_date("2568-01-18")
    datetime.date(2025, 1, 18)
    >>> parse_thai_date("๗๕ มิถุนายน ๒๕๖๔")
    Traceback (most recent call last):
    ...
    ValueError: วันที่ไม่มีจริง: มิถุนายน ๒๕๖๔ ไม่มีวันที่ ๗๕ / no such date: day 75 of month 6 of 2564 BE

    A year typed in the Common Era by habit, a two-digit year that cannot be
    meant as 25xx, and a year no letter can carry are refused, with a reason:

    >>> parse_thai_date("18 มกราคม 2025")
    Traceback (most recent call last):
    ...
    generator.base.errors.DataError: ปี 2025 เป็นปี ค.ศ. หมายถึง พ.ศ. ๒๕๖๘ หรือไม่ (วันที่ในหนังสือใช้ปี พ.ศ.) / 2025 is a Common Era year: did you mean ๒๕๖๘ (2568 BE)? Dates are written in the Buddhist era
    >>> parse_thai_date("3 ก.พ. 25")
    Traceback (most recent call last):
    ...
    generator.base.errors.DataError: ปีสองหลัก '25' อ่านได้เป็น พ.ศ. ๒๕๒๕ ซึ่งไม่น่าใช่ ให้พิมพ์ปีเต็ม เช่น ๒๕๖๘ / the two-digit year '25' would be 2525 BE, which is unlikely: write the full year, e.g. 2568
    >>> parse_thai_date("18 มกราคม 1000")
    Traceback (most recent call last):
    ...
    generator.base.errors.DataError: ปี 1000 ไม่ใช่ปี พ.ศ. ที่หนังสือราชการใช้ได้ (ระหว่าง ๒๔๐๐ ถึง ๒๘๐๐) / 1000 is not a Buddhist-era year a letter can carry (2400 to 2800)
    """
    raw = " ".join(str(text).split())
    plain = arabic_digits(raw)
    iso = _ISO_DATE.match(plain)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        year_be = year if year > 2300 else year + BE_OFFSET  # ISO dates may be in either era
        _check_year(year_be, str(year_be))
        return _make_date(year_be - BE_OFFSET, month, day, raw)
    plain = _WEEKDAY_PREFIX.sub("", plain)
    match = _THAI_DATE.match(plain)
    if not match:
        raise ValueError(
            f"อ่านวันที่ไม่ได้: '{raw}' (พิมพ์เช่น ๑๘ มกราคม ๒๕๖๘) / "
            f"cannot read the date '{raw}' (write e.g. 18 มกราคม 2568)"
        )
    day_text, month_text, year_text = match.groups()
    month = _MONTH_NUMBERS.get(month_text) or _MONTH_NUMBERS.get(month_text.replace(".", ""))
    if month is None:
        raise ValueError(f"ไม่รู้จักชื่อเดือน '{month_text}' / unknown month name '{month_text}'")
    year_be = int(year_text) + ((century or 2500) if len(year_text) == 2 else 0)
    if len(year_text) == 2 and century is None and int(year_text) < TWO_DIGIT_FROM:
        full = 2500 + int(year_text) + BE_OFFSET - 500
        raise DataError("E019",
                        f"ปีสองหลัก '{year_text}' อ่านได้เป็น พ.ศ. {with_digits(str(year_be))} ซึ่งไม่น่าใช่ "
                        f"ให้พิมพ์ปีเต็ม เช่น {with_digits(str(full))}",
                        f"the two-digit year '{year_text}' would be {year_be} BE, which is unlikely: "
                        f"write the full year, e.g. {full}")
    if len(year_text) == 4 and CE_YEARS[0] <= year_be <= CE_YEARS[1]:
        raise DataError("E018",
                        f"ปี {year_text} เป็นปี ค.ศ. หมายถึง พ.ศ. {with_digits(str(year_be + BE_OFFSET))} หรือไม่ "
                        "(วันที่ในหนังสือใช้ปี พ.ศ.)",
                        f"{year_text} is a Common Era year: did you mean {with_digits(str(year_be + BE_OFFSET))} "
                        f"({year_be + BE_OFFSET} BE)? Dates are written in the Buddhist era")
    _check_year(year_be, year_text)
    day = _make_date(year_be - BE_OFFSET, month, int(day_text), raw)
    check_typed_weekday(raw, day)  # a weekday typed with the date must be its own
    return day


# Years a letter of these offices can carry; narrower windows around a round are the checks' business.
BE_YEARS = (2400, 2800)
CE_YEARS = (1900, 2200)  # a four-digit year here is a Common Era year typed by habit
TWO_DIGIT_FROM = 40  # ๖๔ is 2564; ๒๕ would be 2525, long before any round


def _check_year(year_be: int, typed: str) -> None:
    if not BE_YEARS[0] <= year_be <= BE_YEARS[1]:
        raise DataError("E019",
                        f"ปี {typed} ไม่ใช่ปี พ.ศ. ที่หนังสือราชการใช้ได้ (ระหว่าง {with_digits(str(BE_YEARS[0]))} "
                        f"ถึง {with_digits(str(BE_YEARS[1]))})",
                        f"{typed} is not a Buddhist-era year a letter can carry ({BE_YEARS[0]} to {BE_YEARS[1]})")


def _make_date(year: int, month: int, day: int, raw: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        pass
    if not 1 <= month <= 12:
        raise ValueError(f"ไม่มีเดือนที่ {month}: '{raw}' / no month {month} in '{raw}'")
    month_name = MONTHS[month]
    year_be = year + BE_OFFSET
    raise ValueError(
        f"วันที่ไม่มีจริง: {with_digits(f'{month_name} {year_be}')} ไม่มีวันที่ {with_digits(str(day))} / "
        f"no such date: day {day} of month {month} of {year_be} BE"
    )



# ---------------------------------------------------------------- a letter dated by month and year only
DAY_LEFT_BLANK = " " * 8  # room to write the day in by hand on signing


class MonthYear(NamedTuple):
    """A letter's date of month and year only ("มกราคม ๒๕๖๘"): the day is written in on signing.

    >>> MonthYear(2025, 1).first, MonthYear(2024, 2).last
    (datetime.date(2025, 1, 1), datetime.date(2024, 2, 29))
    """

    year: int  # Common Era, as dt.date has it
    month: int

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


_TYPED_MONTH_YEAR = re.compile(r"^([^\d\s]+?)\s*(?:พ\.ศ\.\s*)?(\d{2}|\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_month_year(text: str, century: int = 2500) -> MonthYear | None:
    """A month and Buddhist-era year as staff type them, or None when ``text`` is not one.

    >>> parse_month_year("มกราคม ๒๕๖๘"), parse_month_year("ม.ค. 68"), parse_month_year("2568-01")
    (MonthYear(year=2025, month=1), MonthYear(year=2025, month=1), MonthYear(year=2025, month=1))
    >>> parse_month_year("18 มกราคม 2568") is None
    True
    """
    plain = arabic_digits(" ".join(str(text).split()))
    iso = _ISO_MONTH.match(plain)
    if iso:
        first = parse_thai_date(f"{iso.group(1)}-{iso.group(2)}-01")  # its year told as any date's would be
        return MonthYear(first.year, first.month)
    match = _TYPED_MONTH_YEAR.match(plain)
    if not match:
        return None
    month = _MONTH_NUMBERS.get(match.group(1)) or _MONTH_NUMBERS.get(match.group(1).replace(".", ""))
    if month is None:
        return None
    first = parse_thai_date(f"1 {MONTHS[month]} {match.group(2)}", century)
    return MonthYear(first.year, first.month)


def thai_letter_date(value: dt.date | MonthYear, digits: DigitStyle = "thai") -> str:
    """A letter's date line; with month and year only, the day is left blank to write in.

    >>> thai_letter_date(dt.date(2025, 1, 18))
    '๑๘ มกราคม ๒๕๖๘'
    >>> thai_letter_date(MonthYear(2025, 1))
    '        มกราคม ๒๕๖๘'
    """
    if isinstance(value, MonthYear):
        return DAY_LEFT_BLANK + thai_month_year(value.first, digits)
    return thai_date(value, digits)


def letter_year(value: dt.date | MonthYear) -> int:
    """The Buddhist-era year a letter's number belongs to.

    >>> letter_year(MonthYear(2025, 1)), letter_year(dt.date(2024, 12, 31))
    (2568, 2567)
    """
    return value.year + BE_OFFSET

# ---------------------------------------------------------------- dates inside running text
class WeekdayMismatch(ValueError):
    """A typed weekday that is not the date's own ("วันศุกร์ที่ ๒๐ มกราคม ๒๕๖๘": a Monday)."""


_SHORT_WEEKDAYS = {"พฤหัส": 3}
_WEEKDAY_NUMBERS = {name.removeprefix("วัน"): number for number, name in WEEKDAYS.items()} | _SHORT_WEEKDAYS


def typed_weekday(text: str) -> int | None:
    """The weekday a date typed with one names (0 = Monday), or None.

    >>> typed_weekday("วันจันทร์ที่ ๒๐ มกราคม ๒๕๖๘"), typed_weekday("20 มกราคม 2568")
    (0, None)
    """
    found = re.match(r"^\s*(?:วัน)?(" + "|".join(sorted(_WEEKDAY_NUMBERS, key=len, reverse=True)) + ")", text)
    return _WEEKDAY_NUMBERS[found.group(1)] if found else None


def check_typed_weekday(text: str, day: dt.date) -> None:
    """Raise :class:`WeekdayMismatch` when ``text`` names a weekday that ``day`` is not.

    >>> check_typed_weekday("วันศุกร์ที่ ๒๐ มกราคม ๒๕๖๘", dt.date(2025, 1, 20))
    Traceback (most recent call last):
    ...
    generator.thai.dates.WeekdayMismatch: วันที่ ๒๐ มกราคม ๒๕๖๘ เป็นวันจันทร์ ไม่ใช่วันศุกร์ / 20 มกราคม 2568 is a Monday, not a Friday
    """
    weekday = typed_weekday(text)
    if weekday is not None and weekday != day.weekday():
        english = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        raise WeekdayMismatch(
            f"วันที่ {thai_date(day)} เป็น{WEEKDAYS[day.weekday()]} ไม่ใช่{WEEKDAYS[weekday]} / "
            f"{thai_date(day, 'arabic')} is a {english[day.weekday()]}, not a {english[weekday]}")


@dataclass(frozen=True)
class DateInText:
    """A date or a span of months written in running text."""

    text: str  # as written
    start: dt.date
    end: dt.date  # the same day for a date; the last day of the last month for months
    weekday: int | None = None  # typed weekday, 0 = Monday
    offset: int = 0  # where it starts in the text

    @property
    def is_day(self) -> bool:
        return self.start == self.end


def _alternation(names) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_MONTH_WORD = "(" + _alternation(set(MONTHS.values()) | set(MONTHS_ABBR.values())) + ")"
_DAY_MONTH_WORD = "(" + _alternation(_MONTH_NUMBERS) + ")"  # after a day, "มค" without dots too
_YEAR = r"(?:\s*(?:พ\.ศ\.|พ\.ศ)?\s*(\d{4}|\d{2})(?!\d))"
_DAY_DATE = re.compile(
    r"(?:(?:วัน)?(" + _alternation(_WEEKDAY_NUMBERS) + r")\s*(?:ที่)?\s*)?"
    r"(?<!\d)(\d{1,2})\s*" + _DAY_MONTH_WORD + _YEAR + "?")
_MONTH_SPAN = re.compile(r"(?:เดือน)?" + _MONTH_WORD + r"(?:\s*(\d{4}))?\s*[–-]\s*(?:เดือน)?" + _MONTH_WORD + _YEAR)
_MONTH_YEAR = re.compile(r"(?:เดือน)?" + _MONTH_WORD + r"\s*(?:พ\.ศ\.\s*)?(\d{4})(?!\d)")


def _year(text: str, century: int = 2500) -> int:
    value = int(text)
    return value + century - BE_OFFSET if len(text) == 2 else value - BE_OFFSET


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def dates_in_text(text: str) -> list[DateInText]:
    """Every date (with its typed weekday) and span of months in ``text``; a date
    written without its year takes the year of the date after it ("๑ เมษายน – ๓๐ กันยายน ๒๕๖๘").

    >>> [(d.start.isoformat(), d.end.isoformat(), d.weekday) for d in dates_in_text(
    ...     "ภายในวันศุกร์ที่ ๒๐ มกราคม ๒๕๖๘ (๑ เมษายน – ๓๐ กันยายน ๒๕๖๘)")]
    [('2025-01-20', '2025-01-20', 4), ('2025-04-01', '2025-04-01', None), ('2025-09-30', '2025-09-30', None)]
    >>> [(d.start.isoformat(), d.end.isoformat()) for d in dates_in_text("ภายในวันที่ 20 ของเดือนมกราคม – มีนาคม 2568")]
    [('2025-01-01', '2025-03-31')]
    >>> [d.start.isoformat() for d in dates_in_text("ณ วันที่ 30 ก.ย. 64 และภายในเดือนมีนาคม 2568")]
    ['2021-09-30', '2025-03-01']
    """
    return list(_dates_found(text))


@lru_cache(maxsize=4096)
def _dates_found(text: str) -> tuple[DateInText, ...]:
    """dates_in_text's answer, found once per text: several rules read the same fields, and a check as a person
    types runs them again on every field left as it was."""
    plain = arabic_digits(text)  # one character for one: offsets stay those of ``text``
    found: list[DateInText] = []
    taken: list[tuple[int, int]] = []
    pending: list[tuple[re.Match, int]] = []  # dates without a year, waiting for the next year
    for match in _DAY_DATE.finditer(plain):
        weekday_text, day_text, month_text, year_text = match.groups()
        month = _MONTH_NUMBERS.get(month_text) or _MONTH_NUMBERS.get(month_text.replace(".", ""))
        if month is None:
            continue
        if year_text is None:
            pending.append((match, month))
            continue
        year = _year(year_text)
        for earlier, earlier_month in pending:
            if match.start() - earlier.end() <= 12:  # "๑ เมษายน – ๓๐ กันยายน ๒๕๖๘"
                _add_day(found, taken, text, earlier, year - (earlier_month > month), earlier_month)
        pending = []
        _add_day(found, taken, text, match, year, month)
    for match in _MONTH_SPAN.finditer(plain):
        if any(a <= match.start() < b for a, b in taken):
            continue
        first, first_year, last, year_text = match.groups()
        last_year = _year(year_text)
        first_month, last_month = _MONTH_NUMBERS.get(first.replace(".", "")) or _MONTH_NUMBERS.get(first), \
            _MONTH_NUMBERS.get(last.replace(".", "")) or _MONTH_NUMBERS.get(last)
        if not first_month or not last_month:
            continue
        start_year = _year(first_year) if first_year else last_year - (first_month > last_month)
        found.append(DateInText(text[match.start():match.end()], dt.date(start_year, first_month, 1),
                                _month_end(last_year, last_month), None, match.start()))
        taken.append((match.start(), match.end()))
    for match in _MONTH_YEAR.finditer(plain):
        if any(a <= match.start() < b or a < match.end() <= b for a, b in taken):
            continue
        month_text, year_text = match.groups()
        month = _MONTH_NUMBERS.get(month_text) or _MONTH_NUMBERS.get(month_text.replace(".", ""))
        if month is None:
            continue
        year = _year(year_text)
        found.append(DateInText(text[match.start():match.end()].strip(), dt.date(year, month, 1),
                                _month_end(year, month), None, match.start()))
    return tuple(sorted(found, key=lambda d: d.offset))


def _add_day(found, taken, text, match, year, month) -> None:
    try:
        day = dt.date(year, month, int(match.group(2)))
    except ValueError:
        return  # not a date ("๔๕ มีนาคม"); E104 is for date fields
    weekday = _WEEKDAY_NUMBERS[match.group(1)] if match.group(1) else None
    found.append(DateInText(text[match.start():match.end()], day, day, weekday, match.start()))
    taken.append((match.start(), match.end()))
