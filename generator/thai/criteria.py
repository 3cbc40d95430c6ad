"""A level's threshold as offices write it, read as the range of values it admits.

Agreements give each level a number (80), a bound ("≥ 80", "> 80", "< 5", "≤ 5", "80 ขึ้นไป",
"ต่ำกว่า 5", "ไม่เกิน 5", "ไม่น้อยกว่า 80"), or a range ("70-79", "70 – 79.99"), in Thai or Arabic
digits, often with ร้อยละ or a unit around the figure. The text is printed as typed; this reading
serves the check that the five levels rise (or fall) steadily and, through :func:`threshold_rule`,
the scoring of returned results (generator/results/score.py): the same text, one reading.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal

from .digits import arabic_digits

_NUMBER = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
_RANGE = re.compile(_NUMBER + r"\s*[-–—]\s*" + _NUMBER)
_ANY = re.compile(_NUMBER)
# A bound's words, longest first so that "ไม่น้อยกว่า" is never read as "น้อยกว่า", nor "≥" as ">".
_OPERATOR_WORDS = (
    (">=", ("≥", ">=", "ไม่น้อยกว่า", "ไม่ต่ำกว่า", "มากกว่าหรือเท่ากับ", "ตั้งแต่", "อย่างน้อย")),
    ("<=", ("≤", "<=", "ไม่เกิน", "ไม่มากกว่า", "ไม่สูงกว่า", "น้อยกว่าหรือเท่ากับ", "สูงสุด")),
    (">", (">", "มากกว่า", "สูงกว่า", "เกินกว่า")),
    ("<", ("<", "ต่ำกว่า", "น้อยกว่า")),
)
_WORDS = sorted(((w, op) for op, words in _OPERATOR_WORDS for w in words), key=lambda item: -len(item[0]))
_PREFIX = re.compile("(" + "|".join(re.escape(w) for w, _ in _WORDS) + r")\s*(?:ร้อยละ\s*)?" + _NUMBER)
_SUFFIX = re.compile(_NUMBER + r"\s*(?:%\s*)?(ขึ้นไป|or more|ลงมา|or less)")
_RULE_WORDS = dict(_WORDS)


def _figure(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def read_threshold(value: object) -> tuple[str, Decimal, Decimal] | None:
    """A threshold as written: ("=", n, n) for a bare figure, ("range", low, high), or a bound (">=", ">", "<=",
    "<") with its figure twice; None when it names no figure. The one reading both the order check and the
    scoring use.

    >>> read_threshold("ไม่ต่ำกว่า ๘๐"), read_threshold("70-79.99"), read_threshold(9)
    (('>=', Decimal('80'), Decimal('80')), ('range', Decimal('70'), Decimal('79.99')), ('=', Decimal('9'), Decimal('9')))
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        return "=", Decimal(str(value)), Decimal(str(value))
    text = arabic_digits(str(value))
    if match := _RANGE.search(text):
        return "range", _figure(match.group(1)), _figure(match.group(2))
    if match := _PREFIX.search(text):
        return _RULE_WORDS[match.group(1)], _figure(match.group(2)), _figure(match.group(2))
    if match := _SUFFIX.search(text):
        operator = ">=" if match.group(2) in ("ขึ้นไป", "or more") else "<="
        return operator, _figure(match.group(1)), _figure(match.group(1))
    numbers = _ANY.findall(text)
    if len(numbers) == 1:
        return "=", _figure(numbers[0]), _figure(numbers[0])
    return None


def threshold_bounds(value: object) -> tuple[float, float] | None:
    """The lowest and highest value a threshold admits; None when it names no figure.

    >>> threshold_bounds(80), threshold_bounds("≥ 80"), threshold_bounds("< ๕")
    ((80.0, 80.0), (80.0, inf), (-inf, 5.0))
    >>> threshold_bounds("ร้อยละ 70 - 79.99"), threshold_bounds("ร้อยละ 90 ขึ้นไป"), threshold_bounds("ไม่มี")
    ((70.0, 79.99), (90.0, inf), None)
    >>> threshold_bounds("ไม่น้อยกว่า 80"), threshold_bounds("ไม่มากกว่า 3"), threshold_bounds("ไม่ต่ำกว่า 80")
    ((80.0, inf), (-inf, 3.0), (80.0, inf))
    """
    read = read_threshold(value)
    if read is None:
        return None
    kind, low, high = read
    if kind in (">=", ">"):
        return float(low), math.inf
    if kind in ("<=", "<"):
        return -math.inf, float(high)
    return float(low), float(high)


def out_of_order(values: list) -> int | None:
    """The index of the first level whose threshold breaks the series' direction (rising or
    falling, both bounds of a range moving the same way), or None when the series is in order.

    >>> out_of_order(["< 60", "60-69", "70-79", "80-89", "≥ 90"]) is None
    True
    >>> out_of_order([9, 8, 7, 6, "ต่ำกว่า 5"]) is None
    True
    >>> out_of_order(["≥ 50", "≥ 60", "≥ 55", "≥ 70", "≥ 80"])
    2
    """
    read = [(index, threshold_bounds(v)) for index, v in enumerate(values)]
    read = [(index, bounds) for index, bounds in read if bounds is not None]
    direction = 0
    for (_, a), (index, b) in zip(read, read[1:]):
        rises = b[0] >= a[0] and b[1] >= a[1] and b != a
        falls = b[0] <= a[0] and b[1] <= a[1] and b != a
        step = 1 if rises and not falls else -1 if falls and not rises else 0
        if step == 0 or (direction and step != direction):
            return index
        direction = step
    return None



def series_direction(values: list) -> str | None:
    """Which way the levels' thresholds run: "higher" when they rise (more is better), "lower" when they fall,
    None when fewer than two name a figure.

    >>> series_direction([9, 8, 7, 6, "ต่ำกว่า 5"]), series_direction([60, 70, 80, 90, 100])
    ('lower', 'higher')
    >>> series_direction(["< 60", "60-69", "70-79", "80-89", "≥ 90"]), series_direction([None, None, 80, None, ""])
    ('higher', None)
    """
    read = [bounds for bounds in (threshold_bounds(v) for v in values) if bounds is not None]
    if len(read) < 2 or read[0] == read[-1]:
        return None
    first, last = read[0], read[-1]
    if last[0] >= first[0] and last[1] >= first[1]:
        return "higher"
    if last[0] <= first[0] and last[1] <= first[1]:
        return "lower"
    return None


def threshold_rule(value: object, direction: str = "higher") -> tuple[str, Decimal] | None:
    """How a result is compared with a level's threshold: (operator, figure); None when the text
    names no figure the scoring can use. A bare number is met from its side of the KPI's direction
    (≥ when higher is better, ≤ when lower is); a range by its near end; a bound as written.

    >>> threshold_rule(80), threshold_rule(9, "lower")
    (('>=', Decimal('80')), ('<=', Decimal('9')))
    >>> threshold_rule("ต่ำกว่า 5", "lower"), threshold_rule("ไม่เกินร้อยละ ๘", "lower")
    (('<', Decimal('5')), ('<=', Decimal('8')))
    >>> threshold_rule("ไม่น้อยกว่าร้อยละ ๘๐"), threshold_rule("5 ขึ้นไป"), threshold_rule("มากกว่า 90.5")
    (('>=', Decimal('80')), ('>=', Decimal('5')), ('>', Decimal('90.5')))
    >>> threshold_rule("ไม่ต่ำกว่า 1,000 บาท"), threshold_rule("≤ 3"), threshold_rule("2 ลงมา", "lower")
    (('>=', Decimal('1000')), ('<=', Decimal('3')), ('<=', Decimal('2')))
    >>> threshold_rule("ร้อยละ 70 - 79.99"), threshold_rule("70-79.99", "lower"), threshold_rule("ร้อยละ ๙๐")
    (('>=', Decimal('70')), ('<=', Decimal('79.99')), ('>=', Decimal('90')))
    >>> threshold_rule("ครบทุกหมู่บ้าน") is None, threshold_rule("8 หรือ 9") is None, threshold_rule(True) is None
    (True, True, True)
    """
    read = read_threshold(value)
    if read is None:
        return None
    kind, low, high = read
    if kind == "=":
        return (">=" if direction == "higher" else "<="), low
    if kind == "range":  # met from its near end
        return (">=", low) if direction == "higher" else ("<=", high)
    return kind, low


def meets(value: Decimal, rule: tuple[str, Decimal]) -> bool:
    """Whether a result meets a threshold read by :func:`threshold_rule`.

    >>> meets(Decimal(5), ("<", Decimal(5))), meets(Decimal("4.99"), ("<", Decimal(5)))
    (False, True)
    >>> meets(Decimal(80), (">=", Decimal(80))), meets(Decimal(80), (">", Decimal(80)))
    (True, False)
    """
    operator, figure = rule
    return {">=": value >= figure, ">": value > figure, "<=": value <= figure, "<": value < figure}[operator]
