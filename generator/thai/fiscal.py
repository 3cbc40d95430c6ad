"""Fiscal years and evaluation rounds.

Fiscal year N (พ.ศ.) runs 1 October N-1 to 30 September N. Round 1 covers
1 October to 31 March, round 2 1 April to 30 September; an office may move an end.
"""
from __future__ import annotations

import datetime as dt

from .dates import BE_OFFSET


def fiscal_year(day: dt.date) -> int:
    """The Buddhist-era fiscal year a date belongs to.

    >>> fiscal_year(dt.date(2024, 10, 1))
    2568
    >>> fiscal_year(dt.date(2025, 9, 30))
    2568
    """
    return day.year + BE_OFFSET + (1 if day.month >= 10 else 0)


def fiscal_year_period(year_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of a fiscal year.

    >>> fiscal_year_period(2568)
    (datetime.date(2024, 10, 1), datetime.date(2025, 9, 30))
    """
    year = year_be - BE_OFFSET
    return dt.date(year - 1, 10, 1), dt.date(year, 9, 30)


def round_period(
    year_be: int, round_no: int, start: dt.date | None = None, end: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """First and last day of evaluation round 1 or 2 of a fiscal year, with
    optional overrides for offices that move a date.

    >>> round_period(2568, 1)
    (datetime.date(2024, 10, 1), datetime.date(2025, 3, 31))
    >>> round_period(2568, 2, end=dt.date(2025, 10, 31))
    (datetime.date(2025, 4, 1), datetime.date(2025, 10, 31))
    """
    year = year_be - BE_OFFSET
    if round_no == 1:
        default = (dt.date(year - 1, 10, 1), dt.date(year, 3, 31))
    elif round_no == 2:
        default = (dt.date(year, 4, 1), dt.date(year, 9, 30))
    else:
        raise ValueError(f"รอบการประเมินมีเพียงรอบที่ 1 และ 2 / a round is 1 or 2, not {round_no}")
    return (start or default[0], end or default[1])
