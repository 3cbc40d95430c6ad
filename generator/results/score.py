"""Scores: from a district's achieved value to its level, score, deductions, weighted score and rank.

Every rule is data in the KPI file (``thresholds`` and ``scoring``; see docs/results.md,
"การคิดคะแนน / Scoring"). The rules are small pure functions; :func:`score_round`
applies them to the rows read from the returned forms.

Defaults: higher is better; a result reaches a level when it meets that level's
threshold (levels without a number are skipped); a result below level 1 scores 0;
without interpolation the score is the level reached; with it, the score rises in
proportion between two thresholds (never above 5); deductions are taken off and
the score never goes below 0; a score is rounded once, half away from zero (as Excel's ROUND), to 2
places, from the exact percentage (never from a rounded one). The province's own level and score come
from its total by the same rule; the mean of the district scores is another figure, labelled apart. A form's
weighted score is Σ(weight × score) ÷ Σ(weight) over its KPIs (out of 5), and
districts are ranked by it, equal scores sharing a rank (1, 2, 2, 4).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence

from ..reading.model import KPI, Round, Scoring
from ..thai import parse_thai_date
from ..documents.form_layout import form_layout, percent_of
from ..thai.criteria import meets, threshold_rule
from .read import Return

DEFAULT = Scoring()


def _d(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def level_reached(value, thresholds: Sequence, direction: str = "higher") -> int:
    """The highest level whose threshold the value meets; 0 below level 1. A threshold is a number or
    text as the agreement writes it ("ต่ำกว่า 5", "ไม่น้อยกว่าร้อยละ ๘๐", "5 ขึ้นไป"), read by
    :func:`~generator.thai.criteria.threshold_rule`.

    >>> level_reached(90.38, [60, 70, 80, 90, 100])
    4
    >>> level_reached(100, [60, 70, 80, 90, 100])
    5
    >>> level_reached(59.99, [60, 70, 80, 90, 100])
    0
    >>> level_reached(12, [20, 15, 10, 5, 0], "lower")   # fewer is better: 12 meets level 2 (≤ 15)
    2
    >>> level_reached(85, [None, None, 80, 90, 100])     # levels without a number are skipped
    3
    >>> [level_reached(v, [9, 8, 7, 6, "ต่ำกว่า 5"], "lower") for v in (9.01, 9, 6.5, 5, 4.99)]
    [0, 1, 3, 4, 5]
    """
    value = _d(value)
    reached = 0
    for level, rule in _rules(thresholds, direction):
        if meets(value, rule):
            reached = level
    return reached


def _rules(thresholds: Sequence, direction: str) -> list[tuple[int, tuple[str, Decimal]]]:
    """Each level's threshold read once: (level, (operator, figure)); levels without a figure are skipped
    (not applicable, or left blank as on the real form; a text that names none is E918 in make check)."""
    read = [(level, threshold_rule(t, direction)) for level, t in enumerate(thresholds, start=1) if t not in (None, "")]
    return [(level, rule) for level, rule in read if rule is not None]


def interpolated_score(value, thresholds: Sequence, direction: str = "higher", below_level_1=0) -> Decimal:
    """The level reached plus the fraction of the way to the next level's threshold.

    >>> interpolated_score(90.38, [60, 70, 80, 90, 100])
    Decimal('4.038')
    >>> interpolated_score(75, [60, 70, 80, 90, 100])
    Decimal('2.5')
    >>> interpolated_score(120, [60, 70, 80, 90, 100])
    Decimal('5')
    >>> interpolated_score(12.5, [20, 15, 10, 5, 0], "lower")
    Decimal('2.5')
    >>> interpolated_score(40, [60, 70, 80, 90, 100])
    Decimal('0')
    """
    value = _d(value)
    level = level_reached(value, thresholds, direction)
    if level == 0:
        return _d(below_level_1)
    numbered = [(n, figure) for n, (_, figure) in _rules(thresholds, direction)]
    following = [(n, t) for n, t in numbered if n > level]
    if not following:
        return Decimal(5) if level == numbered[-1][0] else Decimal(level)
    here = next(t for n, t in numbered if n == level)
    next_level, there = following[0]
    fraction = (value - here) / (there - here)
    return Decimal(level) + fraction * (next_level - level)


def rounded(value, places: int = 2) -> Decimal:
    """Half away from zero, as a clerk rounds and as Excel's ROUND does; done once, on the final figure.

    >>> rounded(Decimal("4.038"))
    Decimal('4.04')
    >>> rounded(Decimal("2.125"))
    Decimal('2.13')
    """
    return _d(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def month_of(text: str) -> tuple[int, int]:
    """A reporting month typed as "มกราคม 2568", "ม.ค. 68" or "2568-01" → (Gregorian year, month).

    >>> month_of("มกราคม 2568")
    (2025, 1)
    >>> month_of("2568-03")
    (2025, 3)
    """
    text = str(text).strip()
    if len(text) == 7 and text[4] == "-":
        return int(text[:4]) - 543, int(text[5:])
    date = parse_thai_date("1 " + text)
    return date.year, date.month


def missing_months(months: Iterable[str], reported: Iterable[dt.date]) -> list[tuple[int, int]]:
    """The months (year, month) in which no report was made.

    >>> missing_months(["มกราคม 2568", "กุมภาพันธ์ 2568"], [dt.date(2025, 2, 20)])
    [(2025, 1)]
    """
    done = {(d.year, d.month) for d in reported}
    return [m for m in (month_of(t) for t in months) if m not in done]


def deductions(rules, reported: Sequence[dt.date], deadline: dt.date | None) -> list[tuple[str, Decimal]]:
    """Each deduction that applies: (why, points)."""
    taken = []
    for rule in rules:
        if rule.rule == "late" and deadline is not None and reported and max(reported) > deadline:
            taken.append(("late", _d(rule.points)))
        elif rule.rule == "missing_month" and missing_months(rule.months, reported):
            taken.append(("missing_month", _d(rule.points)))
    return taken


def weighted_score(items: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Σ(weight × score) ÷ Σ(weight): a form's score out of 5, from (weight, score) pairs.

    >>> weighted_score([(Decimal(60), Decimal(5)), (Decimal(40), Decimal("3.5"))])
    Decimal('4.4')
    >>> weighted_score([]) is None
    True
    """
    pairs = [(_d(w), _d(s)) for w, s in items]
    total = sum((w for w, _ in pairs), Decimal(0))
    if not total:
        return None
    return sum((w * s for w, s in pairs), Decimal(0)) / total


def ranks(scores: Sequence) -> list[int]:
    """Competition ranking, highest first; equal scores share a rank.

    >>> ranks([4, 5, 4, 3])
    [2, 1, 2, 4]
    """
    return [1 + sum(1 for other in scores if other > score) for score in scores]


# ---------------------------------------------------------------- applied to a round
@dataclass
class DistrictScore:
    district: str
    target: Decimal | None  # the denominator of the scored percentage (the prefilled target by default)
    done: Decimal | None  # its numerator (the count reported by default), from the latest report
    value: Decimal | None  # what is compared with the thresholds
    level: int
    base: Decimal  # score before deductions
    deducted: list[tuple[str, Decimal]]
    score: Decimal
    reported: dt.date | None
    reports: int
    file: str | None
    held: str | None = None  # a returned file with errors that this district's result waits for: not scored yet
    typed_level: int | None = None  # the level the district typed in its latest report (checked against ``level``)
    where: str | None = None  # that report's row: sheet!cell of the district, or "line N" of a CSV


@dataclass
class KpiScores:
    kpi: KPI
    value_heading: str
    rows: list[DistrictScore]
    total_target: Decimal
    total_done: Decimal
    total_value: Decimal | None  # the province as a whole, by the same measure (exact; rounded where printed)
    total_level: int | None = None  # the province's level and score, from total_value by the KPI's rule
    total_score: Decimal | None = None
    mean_score: Decimal | None = None  # the mean of the district scores: another measure, printed apart
    numerator: tuple[str, ...] = ()  # the columns ``done`` and ``target`` add up (the KPI's percent definition)
    denominator: tuple[str, ...] = ()

    @property
    def reported(self) -> int:
        return sum(1 for row in self.rows if row.reports)


@dataclass
class FormScores:
    """One agreement form: its KPIs with weights, and each district's weighted score and rank."""

    title: str
    kpis: list[tuple[KPI, Decimal]]
    scores: dict[str, Decimal | None] = field(default_factory=dict)
    kpi_scores: dict[str, list[Decimal]] = field(default_factory=dict)  # per district, in the order of kpis
    ranks: dict[str, int] = field(default_factory=dict)


def value_of(kpi: KPI, values: dict, layout) -> tuple[str, Decimal | None]:
    """The measure compared with the thresholds, as (its name, its value in ``values``): the scoring's column,
    else the scored percentage (``scoring.percent``, or the form's percent column), else the first count."""
    chosen = (kpi.scoring or DEFAULT).value
    named = kpi.scoring.percent if kpi.scoring else None
    if chosen and chosen != layout.percent[0]:
        return chosen, values.get(chosen)
    if named is not None or layout.column("percent") is not None:
        return layout.percent[0], percent_of(layout, values) if values else None
    count = layout.column("count")
    heading = count.heading if count else None
    return heading, values.get(heading)


def score_kpi(round_: Round, kpi: KPI, returns: list[Return], held: dict[tuple[int, str], str] | None = None) -> KpiScores:
    """Each district's result for ``kpi``; ``held``: (KPI, district) → the file with errors its result waits for.
    A district's figures are its latest report's; the province's are the sums over the districts that reported,
    by the same definition (Σ numerator ÷ Σ denominator × 100 for a percentage)."""
    held = held or {}
    rules = kpi.scoring or DEFAULT
    layout = form_layout(round_, kpi)
    _, numerator, denominator = layout.percent
    deadline = kpi.schedule.deadline if kpi.schedule else None
    rows = []
    heading = value_of(kpi, {}, layout)[0]
    is_percent = heading == layout.percent[0] and bool(numerator)
    for district, target in zip(layout.districts, layout.targets):
        mine = sorted((r for r in returns if r.kpi == kpi.number and r.district == district),
                      key=lambda r: (r.reported or dt.date.min, r.file))
        dates = [r.reported for r in mine if r.reported]
        latest = mine[-1] if mine else None
        values = dict(latest.values) if latest else {layout.columns[0].heading: target}
        value = value_of(kpi, latest.values, layout)[1] if latest else None
        level, base = level_and_score(value, kpi.thresholds, rules)
        taken = deductions(rules.deductions, dates, deadline) if latest else []
        score = max(Decimal(0), rounded(base, rules.decimals) - sum((p for _, p in taken), Decimal(0)))
        rows.append(DistrictScore(district, _sum(values, denominator), _sum(values, numerator),
                                  value, level, rounded(base, rules.decimals), taken, score,
                                  max(dates) if dates else None, len(mine), latest.file if latest else None,
                                  held.get((kpi.number, district)), _typed_level(layout, latest),
                                  latest.where if latest else None))
    counted = [r for r in rows if r.reports] or rows  # the province: the districts that reported
    total_target = sum((r.target for r in counted if r.target is not None), Decimal(0))
    total_done = sum((r.done for r in counted if r.done is not None), Decimal(0))
    total_value = percentage(total_done, total_target) if is_percent and any(r.reports for r in rows) else None
    scored = KpiScores(kpi, heading, rows, total_target, total_done, total_value)
    scored.numerator, scored.denominator = numerator, denominator
    if total_value is not None and kpi.thresholds:
        level, base = level_and_score(total_value, kpi.thresholds, rules)
        scored.total_level, scored.total_score = level, rounded(base, rules.decimals)
    if rows:
        scored.mean_score = rounded(sum((r.score for r in rows), Decimal(0)) / len(rows), rules.decimals)
    return scored


def _sum(values: dict, headings: tuple[str, ...]) -> Decimal | None:
    """The sum of the named columns of a row; None while one of them is blank."""
    parts = [values.get(h) for h in headings]
    if not parts or any(p is None or p == "" for p in parts):
        return None
    return sum(parts, Decimal(0))


def _typed_level(layout, latest: Return | None) -> int | None:
    column = layout.column("level")
    typed = latest.values.get(column.heading) if latest and column else None
    return int(typed) if typed is not None else None


def percentage(done, target) -> Decimal | None:
    """done ÷ target × 100, exact: rounded only where it is printed, never before it is scored.

    >>> percentage(Decimal(30), Decimal(107))  # printed 28.04; scored from this
    Decimal('28.03738317757009345794392523')
    >>> percentage(1, 0) is None
    True
    """
    return _d(done) / _d(target) * 100 if target else None


def level_and_score(value, thresholds, rules: Scoring = DEFAULT) -> tuple[int, Decimal]:
    """The level a value reaches and its score before deductions, unrounded, by the KPI's rule.

    >>> level_and_score(Decimal("90.38"), [60, 70, 80, 90, 100], Scoring(interpolate=True))
    (4, Decimal('4.038'))
    >>> level_and_score(None, [60, 70, 80, 90, 100])
    (0, Decimal('0'))
    """
    if value is None or not thresholds:
        return 0, _d(rules.below_level_1)
    level = level_reached(value, thresholds, rules.direction)
    if rules.interpolate:
        return level, interpolated_score(value, thresholds, rules.direction, rules.below_level_1)
    return level, Decimal(level) if level else _d(rules.below_level_1)


def agreement_forms(round_: Round) -> list[tuple[str, list[tuple[KPI, Decimal]]]]:
    """The round's agreement forms as (title, [(KPI, weight there)]): a form is just KPIs with weights."""
    forms = []
    for agreement in round_.agreements():
        kpis = [(e.kpi, _d(e.weight if e.weight is not None else 0)) for e in agreement.entries]
        named = " ".join(t for t in (agreement.form.heading, agreement.form.subtitle) if t)  # two forms may share a heading
        title = named or agreement.form.title
        if kpis:
            forms.append((title, kpis))
    return forms


def score_forms(round_: Round, scored: dict[int, KpiScores]) -> list[FormScores]:
    found = []
    for title, kpis in agreement_forms(round_):
        kpis = [(k, w) for k, w in kpis if k.number in scored]
        if not kpis:
            continue
        form = FormScores(title, kpis)
        districts = [r.district for r in scored[kpis[0][0].number].rows]
        for district in districts:
            rows = [next(r for r in scored[k.number].rows if r.district == district) for k, _ in kpis]
            pairs = [(w, row.score) for (_, w), row in zip(kpis, rows)]
            form.kpi_scores[district] = [score for _, score in pairs]
            total = weighted_score(pairs)
            waiting = any(row.held for row in rows)  # not ranked until its fixed file is in
            form.scores[district] = rounded(total) if total is not None and not waiting else None
        order = [form.scores[d] if form.scores[d] is not None else Decimal(-1) for d in districts]
        form.ranks = dict(zip(districts, ranks(order)))
        found.append(form)
    return found
