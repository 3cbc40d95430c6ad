"""Thai and Arabic digits, grouped numbers, percentages, Baht text and number words.

A *digit style* is ``"thai"`` (๐–๙) or ``"arabic"`` (0–9). Reference letters write
running text in Thai digits and many tables in Arabic ones, so every function that
prints a number takes the style.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Literal

from babel.numbers import format_decimal
from pythainlp.util import (
    arabic_digit_to_thai_digit,
    bahttext,
    num_to_thaiword,
    thai_digit_to_arabic_digit,
)

DigitStyle = Literal["thai", "arabic"]
DIGIT_STYLES: tuple[str, ...] = ("thai", "arabic")

Number = int | float | Decimal


# A web address or e-mail keeps its digits: with Thai digits it no longer works.
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+")


def thai_digits(value: object) -> str:
    """Write every Arabic digit of ``value`` as a Thai digit; other text is kept,
    and so are web addresses and e-mails.

    >>> thai_digits(2568)
    '๒๕๖๘'
    >>> thai_digits("ที่ ฉช 0018/ว 226")
    'ที่ ฉช ๐๐๑๘/ว ๒๒๖'
    >>> thai_digits("ดาวน์โหลดที่ http://203.21.42.54:8088/ ภายใน 20 วัน")
    'ดาวน์โหลดที่ http://203.21.42.54:8088/ ภายใน ๒๐ วัน'
    >>> thai_digits("อีเมล cdd0018@cdd.go.th โทร 038 511 123")
    'อีเมล cdd0018@cdd.go.th โทร ๐๓๘ ๕๑๑ ๑๒๓'
    """
    text = str(value)
    if not text:
        return ""
    if "@" not in text and "http" not in text and "www." not in text:  # no address (_ADDRESS needs one of these)
        return arabic_digit_to_thai_digit(text)
    pieces, last = [], 0
    for match in _ADDRESS.finditer(text):
        pieces.append(arabic_digit_to_thai_digit(text[last : match.start()]) if match.start() > last else "")
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(arabic_digit_to_thai_digit(text[last:]) if last < len(text) else "")
    return "".join(pieces)


def arabic_digits(value: object) -> str:
    """Write every Thai digit of ``value`` as an Arabic digit; other text is kept.

    >>> arabic_digits("๐-๓๘๕๑-๑๒๓๔")
    '0-3851-1234'
    """
    return thai_digit_to_arabic_digit(str(value)) if str(value) else ""


def with_digits(text: object, digits: DigitStyle = "thai") -> str:
    """Write the digits of ``text`` in the given style.

    >>> with_digits("ระดับ 5", "thai")
    'ระดับ ๕'
    >>> with_digits("ระดับ ๕", "arabic")
    'ระดับ 5'
    """
    if digits == "thai":
        return thai_digits(text)
    if digits == "arabic":
        return arabic_digits(text)
    raise ValueError(f"digit style must be 'thai' or 'arabic', not {digits!r}")


# Office figures (households, baht, percentages) stay far below a trillion; a value beyond
# this bound, or "Infinity"/"NaN", is a typing accident and would print as nonsense (∞).
MAX_DIGITS = 15
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def bounded(number: Decimal, typed: object = None) -> Decimal:
    """``number`` when it is finite and has at most MAX_DIGITS digits before and after the point.

    >>> bounded(Decimal("1488"))
    Decimal('1488')
    >>> bounded(Decimal("1e1000000"), "1e1000000")
    Traceback (most recent call last):
    ...
    generator.base.errors.DataError: ตัวเลข '1e1000000' ใหญ่หรือยาวเกินกว่าจะเป็นจำนวนที่ใช้ในหนังสือ (ไม่เกิน 15 หลัก) / the number '1e1000000' is too large or too long to mean anything here (at most 15 digits)
    """
    from ..base.errors import DataError

    shown = str(typed if typed is not None else number)[:40]
    if not number.is_finite():
        raise DataError("E015", f"'{shown}' ไม่ใช่จำนวนที่พิมพ์ในหนังสือได้ (ไม่มีค่าอนันต์หรือ NaN)",
                        f"'{shown}' is not a number a document can print (no infinity or NaN)")
    sign, digits, exponent = number.as_tuple()
    whole = len(digits) + exponent if number else 0
    if whole > MAX_DIGITS or -exponent > MAX_DIGITS:
        raise DataError("E015", f"ตัวเลข '{shown}' ใหญ่หรือยาวเกินกว่าจะเป็นจำนวนที่ใช้ในหนังสือ (ไม่เกิน {MAX_DIGITS} หลัก)",
                        f"the number '{shown}' is too large or too long to mean anything here "
                        f"(at most {MAX_DIGITS} digits)")
    return number


def to_number(value: object) -> Decimal:
    """Read a number typed with Thai or Arabic digits, with or without grouping; commas only
    between groups of three digits, and no more digits than a figure can have.

    >>> to_number("๑,๔๘๘")
    Decimal('1488')
    >>> to_number("16.36")
    Decimal('16.36')
    >>> to_number("1,8")
    Traceback (most recent call last):
    ...
    generator.base.errors.DataError: ในตัวเลข '1,8' เครื่องหมายจุลภาคต้องคั่นทุกสามหลัก (เช่น 1,488) / in '1,8' commas may only separate groups of three digits (e.g. 1,488)
    """
    if isinstance(value, Decimal):
        return bounded(value)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return _number_of(value)  # the same figures are read in the tables, the KPIs and every form
    return _number_of(str(value))


@lru_cache(maxsize=8192, typed=True)  # typed: 1 and 1.0 read as Decimal('1') and Decimal('1.0')
def _number_of(value: str | int | float) -> Decimal:
    """to_number of a text or a number (a Decimal is immutable: one can be handed to every caller)."""
    from ..base.errors import DataError

    if isinstance(value, (int, float)):
        if isinstance(value, int) and value.bit_length() > 64:
            raise DataError("E015", "ตัวเลขยาวเกินกว่าจะเป็นจำนวนที่ใช้ในหนังสือ",
                            "the number is too long to mean anything here")
        return bounded(Decimal(str(value)), value)
    typed = str(value)
    if len(typed) > 100:
        raise DataError("E015", f"ตัวเลขยาว {len(typed):,} ตัวอักษร เกินกว่าจะเป็นจำนวนที่ใช้ในหนังสือ",
                        f"a number {len(typed):,} characters long is more than any figure here")
    text = arabic_digits(typed).replace(" ", "").strip()
    if "," in text and not _GROUPED.match(text):
        raise DataError("E016", f"ในตัวเลข '{typed}' เครื่องหมายจุลภาคต้องคั่นทุกสามหลัก (เช่น 1,488)",
                        f"in '{typed}' commas may only separate groups of three digits (e.g. 1,488)")
    return bounded(Decimal(text.replace(",", "")), typed)


def _as_decimal(value: object) -> Decimal:
    """A value to print as a Decimal: numbers as they are, text read as typed input."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    return to_number(value)


def format_number(value: object, decimals: int | None = None, digits: DigitStyle = "thai") -> str:
    """A number with thousands grouping, in Thai or Arabic digits.

    ``decimals`` fixes the number of decimal places; by default an integer prints
    without and a fraction keeps the places it has.

    >>> format_number(1488)
    '๑,๔๘๘'
    >>> format_number(639880187, digits="arabic")
    '639,880,187'
    >>> format_number(16.36)
    '๑๖.๓๖'
    >>> format_number(20.4, decimals=2, digits="arabic")
    '20.40'

    A half rounds away from zero, as Excel's ROUND does (so a workbook and a printed table agree):

    >>> format_number(Decimal("2.125"), decimals=2, digits="arabic"), format_number(-2.5, decimals=0, digits="arabic")
    ('2.13', '-3')
    """
    number = _as_decimal(value)
    if decimals is None:
        places = max(0, -number.normalize().as_tuple().exponent) if number != number.to_integral() else 0
    else:
        places = decimals
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return with_digits(_grouped(number, places), digits)


@lru_cache(maxsize=8192)  # babel's formatting is slow, and a round prints its figures in many documents
def _grouped(number: Decimal, places: int) -> str:
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(number, format=pattern, locale="th_TH", decimal_quantization=True)


def format_percent(value: object, decimals: int | None = None, digits: DigitStyle = "thai") -> str:
    """A percentage as Thai official text writes it: "ร้อยละ" before the number.

    >>> format_percent(85)
    'ร้อยละ ๘๕'
    >>> format_percent(16.36, digits="arabic")
    'ร้อยละ 16.36'
    """
    return "ร้อยละ " + format_number(value, decimals, digits)


def baht_text(amount: object) -> str:
    """An amount of money in words, as on a cheque or a budget line.

    >>> baht_text(1488)
    'หนึ่งพันสี่ร้อยแปดสิบแปดบาทถ้วน'
    >>> baht_text("๒๕.๕๐")
    'ยี่สิบห้าบาทห้าสิบสตางค์'
    """
    return bahttext(float(_as_decimal(amount)))


def number_words(value: object) -> str:
    """A number in Thai words.

    >>> number_words(121)
    'หนึ่งร้อยยี่สิบเอ็ด'
    >>> number_words("๖๐๕")
    'หกร้อยห้า'
    """
    number = _as_decimal(value)
    if number == number.to_integral():
        return num_to_thaiword(int(number))
    from pythainlp.util import num_to_thaiword_float  # only needed for fractions

    return num_to_thaiword_float(float(number))
