"""The Thai formatting functions as Jinja filters, one table for every template.

A filter that prints digits takes ``digits="thai"|"arabic"``; when omitted it uses
the document's ``digits`` variable (set per document kind from the round's data),
and Thai digits when there is none. So a reference table can print 1,488 while the
letter around it prints ๑,๔๘๘.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Callable

from jinja2 import pass_context
from jinja2.runtime import Context

from . import dates, digits, phone

digits_module = digits  # the parameter name `digits` shadows the module inside filters


@dataclass(frozen=True)
class Filter:
    name: str
    function: Callable
    example: str  # a template expression, shown in the guides with its output
    summary: str
    takes_digits: bool = True


def _digit_style(context: Context, requested: str | None) -> str:
    if requested is not None:
        return requested
    style = context.get("digits")
    return style if style in digits.DIGIT_STYLES else "thai"


def _with_context_digits(function: Callable) -> Callable:
    @pass_context
    @functools.wraps(function)
    def filter_(context: Context, value, *args, digits: str | None = None, **kwargs):
        return function(value, *args, digits=_digit_style(context, digits), **kwargs)

    return filter_


def _range(period, digits="thai"):
    start, end = period
    return dates.thai_date_range(start, end, digits)


def _month_range(period, digits="thai"):
    start, end = period
    return dates.thai_month_range(start, end, digits)


def _be_year(day, digits="thai"):
    return digits_module.with_digits(dates.be_year(day), digits)


FILTERS: tuple[Filter, ...] = (
    Filter("thai_digits", digits.with_digits, "{{ '0018/ว 226' | thai_digits }}",
           "เลขไทย / Thai digits in any text (with digits='arabic': Arabic)"),
    Filter("number", digits.format_number, "{{ 1488 | number }}",
           "จำนวนมีจุลภาค / grouped number; decimals=2 fixes the places"),
    Filter("percent", digits.format_percent, "{{ 85 | percent }}", "ร้อยละ / a percentage"),
    Filter("baht_text", digits.baht_text, "{{ 1488 | baht_text }}", "จำนวนเงินเป็นตัวอักษร / amount in words",
           takes_digits=False),
    Filter("number_words", digits.number_words, "{{ 121 | number_words }}", "ตัวเลขเป็นคำ / number in words",
           takes_digits=False),
    Filter("thai_date", dates.thai_date, "{{ date(2025, 1, 18) | thai_date }}", "วันที่ / a date"),
    Filter("thai_date_weekday", dates.thai_date_weekday, "{{ date(2025, 1, 20) | thai_date_weekday }}",
           "วันที่พร้อมวันในสัปดาห์ / a date with its weekday"),
    Filter("thai_date_short", dates.thai_date_short, "{{ date(2021, 9, 30) | thai_date_short }}",
           "วันที่ย่อ / abbreviated date"),
    Filter("thai_month_year", dates.thai_month_year, "{{ date(2025, 1, 1) | thai_month_year }}",
           "เดือนและปี / month and year"),
    Filter("thai_date_range", _range, "{{ (date(2024, 10, 1), date(2025, 3, 31)) | thai_date_range }}",
           "ช่วงวันที่ / a period (start, end)"),
    Filter("thai_month_range", _month_range, "{{ (date(2025, 1, 1), date(2025, 3, 31)) | thai_month_range }}",
           "ช่วงเดือน / a span of months"),
    Filter("be_year", _be_year, "{{ date(2025, 1, 18) | be_year }}",
           "ปี พ.ศ. / Buddhist-era year"),
    Filter("phone", phone.format_phone, "{{ '038511234' | phone }}",
           "หมายเลขโทรศัพท์ / phone number; style='space' for ๐ ๕๔๒๖ ๕๐๕๕"),
)


def jinja_filters() -> dict[str, Callable]:
    """The filter table for a Jinja environment."""
    return {f.name: (_with_context_digits(f.function) if f.takes_digits else f.function) for f in FILTERS}


def jinja_globals() -> dict[str, object]:
    """Helpers a template may call: ``date(2025, 1, 18)`` builds a date for examples."""
    return {"date": dt.date}
