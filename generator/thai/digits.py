"""Thai and Arabic digits, grouped numbers, percentages, Baht text and number words.

A *digit style* is ``"thai"`` (๐–๙) or ``"arabic"`` (0–9). Reference letters write
running text in Thai digits and many tables in Arabic ones, so every function that
prints a number takes the style.
"""
from __future__ import annotations

import re
from decimal import Decimal
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
    """
    text = str(value)
    if not text:
        return ""
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


def to_number(value: object) -> Decimal:
    """Read a number typed with Thai or Arabic digits, with or without grouping.

    >>> to_number("๑,๔๘๘")
    Decimal('1488')
    >>> to_number("16.36")
    Decimal('16.36')
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    text = arabic_digits(str(value)).replace(",", "").replace(" ", "").strip()
    return Decimal(text)


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
    """
    number = to_number(value)
    if decimals is None:
        places = max(0, -number.normalize().as_tuple().exponent) if number != number.to_integral() else 0
    else:
        places = decimals
    pattern = "#,##0" + ("." + "0" * places if places else "")
    text = format_decimal(number, format=pattern, locale="th_TH", decimal_quantization=True)
    return with_digits(text, digits)


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
    return bahttext(float(to_number(amount)))


def number_words(value: object) -> str:
    """A number in Thai words.

    >>> number_words(121)
    'หนึ่งร้อยยี่สิบเอ็ด'
    >>> number_words("๖๐๕")
    'หกร้อยห้า'
    """
    number = to_number(value)
    if number == number.to_integral():
        return num_to_thaiword(int(number))
    from pythainlp.util import num_to_thaiword_float  # only needed for fractions

    return num_to_thaiword_float(float(number))
