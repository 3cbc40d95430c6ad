"""Thai formatting: digits, numbers, Buddhist-era dates, fiscal rounds, phones.

Small pure functions; :mod:`generator.thai.filters` registers them for templates.

May import: base.
"""
from .dates import (
    be_year,
    parse_thai_date,
    slash_date_text,
    thai_date,
    thai_date_range,
    thai_date_short,
    thai_date_weekday,
    thai_month_range,
    thai_month_year,
)
from .digits import (
    DIGIT_STYLES,
    DigitStyle,
    arabic_digits,
    baht_text,
    format_number,
    format_percent,
    number_words,
    thai_digits,
    to_number,
    with_digits,
)
from .fiscal import fiscal_year, fiscal_year_period, round_period
from .phone import format_phone

__all__ = [
    "DIGIT_STYLES", "DigitStyle", "arabic_digits", "baht_text", "be_year", "fiscal_year",
    "fiscal_year_period", "format_number", "format_percent", "format_phone", "number_words",
    "parse_thai_date", "slash_date_text", "round_period", "thai_date", "thai_date_range", "thai_date_short",
    "thai_date_weekday", "thai_digits", "thai_month_range", "thai_month_year", "to_number",
    "with_digits",
]
