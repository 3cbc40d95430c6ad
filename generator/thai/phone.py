"""Telephone and fax numbers in the styles of the reference letters."""
from __future__ import annotations

from typing import Literal

from .digits import DigitStyle, arabic_digits, with_digits

PhoneStyle = Literal["dash", "space"]


def format_phone(number: object, style: PhoneStyle = "dash", digits: DigitStyle = "thai") -> str:
    """A Thai phone number grouped as letters print it.

    Landlines (9 digits) group 1-4-4, mobiles (10 digits) 2-4-4; anything else
    (an extension, a short number) is returned with its digits converted only.

    >>> format_phone("038511234")
    '๐-๓๘๕๑-๑๒๓๔'
    >>> format_phone("0 5426 5055", style="space")
    '๐ ๕๔๒๖ ๕๐๕๕'
    >>> format_phone("0812345678", digits="arabic")
    '08-1234-5678'
    >>> format_phone("1111 ต่อ 12")
    '๑๑๑๑ ต่อ ๑๒'
    """
    text = arabic_digits(str(number)).strip()
    bare = "".join(ch for ch in text if ch.isdigit())
    if bare != "".join(ch for ch in text if ch not in " -") or len(bare) not in (9, 10):
        return with_digits(text, digits)
    head = 1 if len(bare) == 9 else 2
    parts = [bare[:head], bare[head : head + 4], bare[head + 4 :]]
    separator = "-" if style == "dash" else " "
    return with_digits(separator.join(parts), digits)
