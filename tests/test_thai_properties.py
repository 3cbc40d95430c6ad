"""Properties of the Thai formatting core, over many generated inputs."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.util import thai_strftime

from generator.thai import (
    arabic_digits,
    format_number,
    parse_thai_date,
    thai_date,
    thai_date_range,
    thai_date_short,
    thai_date_weekday,
    thai_digits,
    thai_month_range,
)
from generator.thai.dates import MONTHS, WEEKDAYS
from generator.thai.digits import _ADDRESS

# 1 January 2400 BE … 31 December 2700 BE
FIRST, LAST = dt.date(2400 - 543, 1, 1), dt.date(2700 - 543, 12, 31)
dates = st.dates(min_value=FIRST, max_value=LAST)
A_KNOWN_MONDAY = dt.date(2025, 1, 20)  # วันจันทร์ที่ ๒๐ มกราคม ๒๕๖๘ in reference letter 001
WEEKDAY_NAMES = ["วันจันทร์", "วันอังคาร", "วันพุธ", "วันพฤหัสบดี", "วันศุกร์", "วันเสาร์", "วันอาทิตย์"]


@given(st.text())
def test_thai_then_arabic_digits_gives_back_text_without_thai_digits(text):
    plain = arabic_digits(text)
    assert arabic_digits(thai_digits(plain)) == plain
    if not _ADDRESS.search(text):  # web addresses keep their digits
        assert not any(ch in "0123456789" for ch in thai_digits(text))


@given(st.text())
def test_arabic_then_thai_digits_gives_back_text_without_arabic_digits(text):
    thai = thai_digits(text)
    assert thai_digits(arabic_digits(thai)) == thai


@given(dates)
@settings(max_examples=500)
def test_every_date_from_2400_to_2700_be_formats_and_parses_back(day):
    text = thai_date(day)
    assert parse_thai_date(text) == day
    assert parse_thai_date(thai_date(day, digits="arabic")) == day
    assert parse_thai_date(thai_date_weekday(day)) == day
    assert thai_digits(str(day.year + 543)) in text
    assert MONTHS[day.month] in text


@given(dates)
@settings(max_examples=500)
def test_weekday_agrees_with_the_calendar(day):
    # counted from a Monday printed in a real letter, not from the code under test
    expected = WEEKDAY_NAMES[(day - A_KNOWN_MONDAY).days % 7]
    assert thai_date_weekday(day).startswith(expected + "ที่ ")
    # and pythainlp's own calendar agrees
    assert thai_strftime(dt.datetime(day.year, day.month, day.day), "%A") == expected


@given(dates)
def test_short_dates_parse_back_within_their_century(day):
    century = (day.year + 543) // 100 * 100
    assert parse_thai_date(thai_date_short(day), century=century) == day


@given(dates, st.integers(min_value=0, max_value=800))
def test_ranges_write_the_year_once_unless_it_changes(start, length):
    end = start + dt.timedelta(days=length)
    text = thai_date_range(start, end)
    left, right = text.split(" – ")
    assert parse_thai_date(right) == end
    start_year, end_year = thai_digits(start.year + 543), thai_digits(end.year + 543)
    if start.year == end.year:
        assert start_year not in left
        assert text.count(end_year) == 1
    else:
        assert parse_thai_date(left) == start
    months = thai_month_range(start, end)
    assert months.endswith(MONTHS[end.month] + " " + end_year)
    assert months.startswith(MONTHS[start.month])


def test_ranges_across_month_and_year_ends():
    assert thai_date_range(dt.date(2025, 1, 31), dt.date(2025, 2, 1)) == "๓๑ มกราคม – ๑ กุมภาพันธ์ ๒๕๖๘"
    assert thai_date_range(dt.date(2024, 12, 31), dt.date(2025, 1, 1)) == "๓๑ ธันวาคม ๒๕๖๗ – ๑ มกราคม ๒๕๖๘"
    assert thai_date_range(dt.date(2024, 2, 28), dt.date(2024, 2, 29)) == "๒๘ – ๒๙ กุมภาพันธ์ ๒๕๖๗"


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_grouping_of_large_numbers(number):
    arabic = format_number(number, digits="arabic")
    groups = arabic.lstrip("-").split(",")
    assert all(len(group) == 3 for group in groups[1:])
    assert 1 <= len(groups[0]) <= 3
    assert int(arabic.replace(",", "")) == number
    assert arabic_digits(format_number(number)) == arabic


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_decimals_keep_their_places(number):
    text = format_number(number, decimals=2, digits="arabic")
    assert text.split(".")[1] and len(text.split(".")[1]) == 2
    assert float(text.replace(",", "")) == float(number)


def test_reference_values():
    assert format_number(1488, digits="arabic") == "1,488"
    assert format_number(639880187) == "๖๓๙,๘๘๐,๑๘๗"
    assert format_number(16.36) == "๑๖.๓๖"
    assert thai_date_short(dt.date(2021, 9, 30)) == "๓๐ ก.ย. ๖๔"
    assert WEEKDAYS[A_KNOWN_MONDAY.weekday()] == "วันจันทร์"
