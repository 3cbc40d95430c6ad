"""Rules on how a KPI's returned results are scored (the ``thresholds`` and ``scoring`` that make results reads).

A KPI with a report form is scored from its returns: each level's threshold must be one the scoring can
read (a number, or a bound as agreements write it: "ต่ำกว่า 5", "ไม่น้อยกว่าร้อยละ ๘๐", "5 ขึ้นไป"), and the
columns its percentage is made from must be columns of its form that hold numbers.
"""
from __future__ import annotations

from .rules import _at, rule
from ..base.diagnostics import Report
from ..reading.model import Round
from ..thai.criteria import series_direction, threshold_rule

NUMBER_KINDS = ("count",)  # the blank columns a district types a number into (with the form's prefilled column)


@rule
def scored_thresholds_are_readable(round_: Round, report: Report) -> None:
    """E918: a scored KPI's threshold text names a figure the scoring can compare with."""
    for kpi in round_.kpis:
        if not kpi.report_form or not kpi.thresholds or len(kpi.thresholds) != 5:
            continue
        direction = kpi.scoring.direction if kpi.scoring else "higher"
        for index, typed in enumerate(kpi.thresholds):
            if typed in (None, "") or threshold_rule(typed, direction) is not None:
                continue
            report.add("E918", _at(round_, f"kpi:{kpi.number}", "thresholds", index),
                       f"ตัวชี้วัดที่ {kpi.number}: อ่านเกณฑ์ระดับ {index + 1} '{typed}' เป็นตัวเลขไม่ได้ จึงคิดคะแนนจากแบบรายงานไม่ได้ "
                       "เขียนเป็นตัวเลข (80) หรือขอบเขตที่มีตัวเลขหนึ่งตัว เช่น 'ต่ำกว่า 5', 'ไม่น้อยกว่าร้อยละ 80', '5 ขึ้นไป' "
                       "(ระดับที่ไม่มีเกณฑ์ใส่ null)",
                       f"KPI {kpi.number}: the threshold of level {index + 1}, '{typed}', names no figure the scoring "
                       "can compare a result with: type a number (80) or a bound with one figure, e.g. 'ต่ำกว่า 5', "
                       "'ไม่น้อยกว่าร้อยละ 80', '5 ขึ้นไป' (null for a level without one)")


@rule
def percent_columns_are_on_the_form(round_: Round, report: Report) -> None:
    """E919: ``scoring.percent`` names columns of the KPI's report form that hold numbers (the prefilled
    target or a count column), none of them twice."""
    from ..documents.form_layout import column_kind

    for kpi in round_.kpis:
        named = kpi.scoring.percent if kpi.scoring else None
        if named is None:
            continue
        form = kpi.report_form
        numbers = ([form.prefilled] if form else []) + [c for c in (form.columns if form else [])
                                                       if column_kind(c, form.column_kinds) in NUMBER_KINDS]
        for part in ("numerator", "denominator"):
            seen = set()
            for index, heading in enumerate(getattr(named, part)):
                problem = None
                if form is None:
                    problem = ("ตัวชี้วัดนี้ไม่มีแบบรายงาน (report_form)", "this KPI has no report form (report_form)")
                elif heading not in numbers:
                    problem = (f"ไม่ใช่คอลัมน์ตัวเลขของแบบรายงาน (มี: {', '.join(numbers)})",
                               f"not a number column of the report form (it has: {', '.join(numbers)})")
                elif heading in seen:
                    problem = ("ซ้ำ", "named twice")
                seen.add(heading)
                if problem:
                    report.add("E919", _at(round_, f"kpi:{kpi.number}", "scoring", "percent", part, index),
                               f"ตัวชี้วัดที่ {kpi.number}: scoring.percent.{part} '{heading}' {problem[0]}",
                               f"KPI {kpi.number}: scoring.percent.{part} '{heading}': {problem[1]}")


@rule
def direction_follows_thresholds(round_: Round, report: Report) -> None:
    """E920: a scored KPI's levels run the way its scoring.direction says: rising thresholds with higher
    (the default), falling ones (9, 8, 7, 6, ต่ำกว่า 5) with ``direction: lower``."""
    for kpi in round_.kpis:
        if not kpi.report_form or not kpi.thresholds or len(kpi.thresholds) != 5:
            continue
        direction = kpi.scoring.direction if kpi.scoring else "higher"
        runs = series_direction(list(kpi.thresholds))
        if runs is None or runs == direction:
            continue
        report.add("E920", _at(round_, f"kpi:{kpi.number}", "thresholds"),
                   f"ตัวชี้วัดที่ {kpi.number}: เกณฑ์ระดับ 1–5 {'ลดลง' if runs == 'lower' else 'เพิ่มขึ้น'} "
                   f"แต่ scoring.direction คือ {direction}: ใส่ direction: {runs} ใต้ scoring "
                   f"({'ค่าน้อยยิ่งดี' if runs == 'lower' else 'ค่ามากยิ่งดี'}) หรือแก้เกณฑ์",
                   f"KPI {kpi.number}: the thresholds of levels 1–5 {'fall' if runs == 'lower' else 'rise'} but "
                   f"scoring.direction is {direction}: set direction: {runs} under scoring, or correct the thresholds")
