"""The results of a round, written to ``output/<round>/results/``: read → score → plan → render → write.

- ``results-summary.docx`` (and PDF): per KPI a table of districts (value, level, score,
  the province total) with its chart; then the weighted score and rank per agreement form;
- ``results-circular.docx`` (and PDF): หนังสือแจ้งผลการประเมิน with the ranking;
- ``results-summary.xlsx``: the same figures for staff to sort and filter.

Incremental like the round's documents: the manifest keeps a hash of every input of
each document (and chart), so a changed returned workbook remakes only what it feeds
and a rebuild with nothing changed writes nothing. Nothing is written when a returned
file has an error: the previous results stay in place.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .. import program_digest
from ..base.files import write_atomic
from ..build.manifest import MANIFEST, read_manifest, sha256
from ..build.stages import render_if_changed
from ..base.diagnostics import Report
from ..documents.common import office_view, province_of, round_view, signer_view, sources
from ..documents.job import DocumentJob, Image
from ..documents.letters import EMBLEM_HEIGHT_CM, emblem_path
from ..base.errors import UserError
from ..reading.model import Round, Scoring
from ..base.paths import OUTPUT, TEMPLATES
from ..documents.render import Renderer
from ..thai import format_number, slash_date_text, thai_month_year, with_digits
from ..thai.criteria import threshold_rule
from ..checking.validate import validate
from .charts import CHART_VERSION, bar_chart, thai_font
from .read import Returns, read_returns
from .score import FormScores, KpiScores, rounded, score_forms, score_kpi

FOLDER = "results"
REASONS = {"late": "รายงานหลังกำหนด", "missing_month": "รายงานไม่ครบทุกเดือน"}


@dataclass
class ResultsBuild:
    round: str
    report: Report
    target: Path | None = None
    written: list[Path] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: bool = False
    scores: dict[int, KpiScores] = field(default_factory=dict)
    forms: list[FormScores] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # what keeps the results incomplete, for the summary

    @property
    def incomplete(self) -> bool:
        """Results made, but not every district is in (or excused): the summary and circular print as ร่าง."""
        return bool(self.missing)


# ---------------------------------------------------------------- views
def _day(day, digits) -> str:
    from ..thai import thai_date

    return "ไม่ระบุวันที่" if day is None else thai_date(day, digits)


def _num(value, digits, decimals=None) -> str:
    return "–" if value is None else format_number(value, decimals, digits)


def kpi_view(round_: Round, scored: KpiScores, chart: Image, returns: Returns | None = None) -> dict:
    kpi = scored.kpi
    digits, table_digits = round_.settings.digits, round_.settings.table_digits
    rules = kpi.scoring
    form = kpi.report_form
    rows = []
    for number, row in enumerate(scored.rows, start=1):
        rows.append({
            "number": with_digits(number, table_digits), "district": row.district,
            "target": _num(row.target, table_digits), "done": _num(row.done, table_digits),
            "value": ("รอไฟล์ที่แก้" if row.held else
                      _num(row.value, table_digits, 2) if row.value is not None else
                      "ไม่ต้องรายงาน" if row.district in round_.settings.not_reporting else "ไม่ได้รายงาน"),
            "level": with_digits(row.level, table_digits) if row.value is not None else "–",
            "base": _num(row.base, table_digits, 2),
            "deducted": "-" + _num(sum(p for _, p in row.deducted), table_digits, 2) if row.deducted else "–",
            "score": _num(row.score, table_digits, 2),
        })
    notes = []
    example = worked_example(scored)
    if example:
        notes.append(with_digits(example, digits))
    for row in scored.rows:
        for reason, points in row.deducted:
            notes.append(with_digits(f"อำเภอ{row.district} {REASONS[reason]} หัก {float(points):g} คะแนน", digits))
        if row.held:
            notes.append(f"อำเภอ{row.district} ยังไม่คิดคะแนน: ไฟล์ {row.held} มีข้อผิดพลาด รอไฟล์ที่แก้แล้ว")
    for older, newer in (returns.replaced if returns else []):
        if older.kpi == scored.kpi.number:
            notes.append(with_digits(
                f"อำเภอ{older.district} ส่งผลเดือนเดียวกันซ้ำ ใช้ฉบับวันที่ {_day(newer.reported, digits)} ({newer.file}) "
                f"แทนฉบับวันที่ {_day(older.reported, digits)} ({older.file})", digits))
    if scored.mean_score is not None:
        notes.append(with_digits(
            f"คะแนนของจังหวัดคิดจากผลรวมทั้งจังหวัดด้วยเกณฑ์เดียวกับอำเภอ; คะแนนเฉลี่ยของ {len(scored.rows)} อำเภอ "
            f"= {format_number(scored.mean_score, 2, 'arabic')} (อีกตัววัดหนึ่ง ไม่ใช่คะแนนของจังหวัด)", digits))
    if scored.reported < len(scored.rows):
        notes.append(with_digits(f"ยังไม่ครบ: อำเภอส่งรายงานแล้ว {scored.reported} จาก {len(scored.rows)} อำเภอ "
                                 f"ผลรวมทั้งจังหวัดนับเฉพาะที่ส่งแล้ว", digits))
    rule_text = scoring_sentence(scored)
    return {
        "number_text": with_digits(kpi.number, digits),
        "name": with_digits(kpi.name, digits),
        "rule_text": with_digits(rule_text, digits),
        "target_heading": with_digits(" + ".join(scored.denominator) or form.prefilled, digits),
        "done_heading": with_digits(" + ".join(scored.numerator) or form.columns[0], digits),
        "value_heading": with_digits(scored.value_heading or "ผล", digits),
        "rows": rows,  # the score is after deductions; the notes say why
        "total": {"target": _num(scored.total_target, table_digits), "done": _num(scored.total_done, table_digits),
                  "value": _num(scored.total_value, table_digits, 2),
                  "level": "–" if scored.total_level is None else with_digits(scored.total_level, table_digits),
                  "score": _num(scored.total_score, table_digits, 2)},
        "notes": notes,
        "chart": chart,
    }


def scoring_sentence(scored: KpiScores) -> str:
    """The KPI's rule as the summary states it: the measure (with its definition when it is a percentage made
    from named columns), the direction, each level's threshold as the agreement writes it.

    >>> from types import SimpleNamespace as S
    >>> from generator.reading.model import PercentOf, Scoring
    >>> rules = Scoring(direction="lower", percent=PercentOf(label="ร้อยละคงเหลือ", numerator=["ยังไม่ผ่านเกณฑ์"],
    ...                                                           denominator=["ครัวเรือนเป้าหมาย"]))
    >>> kpi = S(scoring=rules, thresholds=[9, 8, 7, 6, "ต่ำกว่า 5"])
    >>> scoring_sentence(S(kpi=kpi, value_heading="ร้อยละคงเหลือ", numerator=("ยังไม่ผ่านเกณฑ์",),
    ...                    denominator=("ครัวเรือนเป้าหมาย",)))
    'ร้อยละคงเหลือ = ยังไม่ผ่านเกณฑ์ ÷ ครัวเรือนเป้าหมาย × 100; เกณฑ์ (ค่าน้อยดี): ระดับ 1 = 9, ระดับ 2 = 8, ระดับ 3 = 7, ระดับ 4 = 6, ระดับ 5 = ต่ำกว่า 5'
    """
    kpi = scored.kpi
    rules = kpi.scoring
    direction = "ค่ามากดี" if not rules or rules.direction == "higher" else "ค่าน้อยดี"
    thresholds = ", ".join(f"ระดับ {n} = {t if isinstance(t, str) else format(t, 'g')}"
                           for n, t in enumerate(kpi.thresholds or [], start=1) if t is not None and t != "")
    definition = ""
    if rules is not None and rules.percent is not None:
        definition = (f"{scored.value_heading} = {' + '.join(scored.numerator)} ÷ {' + '.join(scored.denominator)}"
                      " × 100; ")
    return (definition + f"เกณฑ์ ({direction}): {thresholds}"
            + ("; คะแนนระหว่างระดับคิดตามสัดส่วน" if rules and rules.interpolate else ""))


def _figure(value: Decimal) -> str:
    """A figure in a worked example: whole, or to 4 places with … when it goes on (never rounded silently)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    short = value.quantize(Decimal("0.0001"), rounding="ROUND_DOWN")
    return f"{short.normalize():f}" + ("" if short == value else "…")


def worked_example(scored: KpiScores) -> str:
    """One district's score worked through, for a reviewer to redo with a calculator: a district with a
    deduction when there is one, else the first that reported.

    >>> from types import SimpleNamespace as S
    >>> from generator.reading.model import Deduction, Scoring
    >>> kpi = S(thresholds=[9, 8, 7, 6, "ต่ำกว่า 5"], scoring=Scoring(direction="lower"))
    >>> row = S(district="เชียงม่วน", value=Decimal(2) / 32 * 100, level=3, base=Decimal(3), target=Decimal(32),
    ...         done=Decimal(2), score=Decimal("2.50"), deducted=[("late", Decimal("0.5"))], held=None)
    >>> worked_example(S(kpi=kpi, rows=[row], value_heading="ร้อยละคงเหลือ", numerator=("ยังไม่ผ่านเกณฑ์",)))
    'ตัวอย่างการคิดคะแนน อำเภอเชียงม่วน: ร้อยละคงเหลือ = 2 ÷ 32 × 100 = 6.25 → ระดับ 3 (≤ 7) → 3.00 − 0.50 (รายงานหลังกำหนด) = 2.50'
    >>> kpi = S(thresholds=[60, 70, 80, 90, 100], scoring=Scoring(interpolate=True))
    >>> row = S(district="เมือง", value=Decimal(47) / 52 * 100, level=4, base=Decimal("4.04"), target=Decimal(52),
    ...         done=Decimal(47), score=Decimal("4.04"), deducted=[], held=None)
    >>> worked_example(S(kpi=kpi, rows=[row], value_heading="ร้อยละ", numerator=("จำนวนที่ช่วยเหลือ",)))
    'ตัวอย่างการคิดคะแนน อำเภอเมือง: ร้อยละ = 47 ÷ 52 × 100 = 90.3846… → ระดับ 4 (≥ 90) → 4 + (90.3846… − 90) ÷ (100 − 90) = 4.0384… → 4.04'
    """
    kpi, rules = scored.kpi, scored.kpi.scoring or Scoring()
    reported = [r for r in scored.rows if r.value is not None and not r.held]
    row = next((r for r in reported if r.deducted), reported[0] if reported else None)
    if row is None or not kpi.thresholds:
        return ""
    text = f"ตัวอย่างการคิดคะแนน อำเภอ{row.district}: {scored.value_heading} = "
    if scored.numerator and row.target is not None and row.done is not None:
        text += f"{_figure(row.done)} ÷ {_figure(row.target)} × 100 = "
    text += _figure(row.value)
    if row.level == 0:
        text += f" → ไม่ถึงระดับ 1 → {row.base:.2f}"
    else:
        here = threshold_rule(kpi.thresholds[row.level - 1], rules.direction)
        symbol = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}[here[0]]
        text += f" → ระดับ {row.level} ({symbol} {_figure(here[1])})"
        numbered = [(n, threshold_rule(t, rules.direction)) for n, t in enumerate(kpi.thresholds, start=1)
                    if t not in (None, "")]
        following = [(n, rule[1]) for n, rule in numbered if rule is not None and n > row.level]
        if rules.interpolate and following:
            there = following[0][1]
            exact = row.level + (Decimal(row.value) - here[1]) / (there - here[1]) * (following[0][0] - row.level)
            text += (f" → {row.level} + ({_figure(row.value)} − {_figure(here[1])}) ÷ ({_figure(there)} − "
                     f"{_figure(here[1])}) = {_figure(exact)} → {row.base:.2f}")
        else:
            text += f" → {row.base:.2f}"
    for reason, points in row.deducted:
        text += f" − {points:.2f} ({REASONS[reason]})"
    if row.deducted:
        text += f" = {row.score:.2f}"
    return text


def forms_view(round_: Round, forms: list[FormScores]) -> list[dict]:
    table_digits = round_.settings.table_digits
    views = []
    for form in forms:
        districts = sorted(form.scores, key=lambda d: (form.ranks[d], round_.settings.districts.index(d)))
        headings = [with_digits(f"ตัวชี้วัดที่ {k.number} (น้ำหนัก {float(w):g})", round_.settings.digits)
                    for k, w in form.kpis]
        views.append({
            "title": form.title,
            "title_short": "คะแนน (เต็ม ๕)",
            "headings": headings,
            "rows": [{"rank": with_digits(form.ranks[d], table_digits), "district": d,
                      "scores": [_num(form.kpi_scores[d][i], table_digits, 2) for i in range(len(form.kpis))],
                      "total": _num(form.scores[d], table_digits, 2)} for d in districts],
            "rule_text": "คะแนนถ่วงน้ำหนัก = ผลรวมของ (น้ำหนัก × คะแนน) ÷ ผลรวมน้ำหนัก; คะแนนเท่ากันได้อันดับเดียวกัน",
        })
    return views


# ---------------------------------------------------------------- plan
def _chart(round_: Round, scored: KpiScores) -> bytes:
    kpi = scored.kpi
    digits = round_.settings.digits
    target_level = kpi.target
    typed = (kpi.thresholds or [None] * 5)[target_level - 1] if kpi.thresholds else None
    rule = threshold_rule(typed, kpi.scoring.direction if kpi.scoring else "higher") if typed not in (None, "") else None
    threshold = rule[1] if rule else None
    shown = typed if isinstance(typed, str) else f"{threshold:g}" if threshold is not None else ""
    values = [_printed(r.value) for r in scored.rows]  # labelled as the table prints them: 2 places
    label = with_digits(f"เป้าหมาย ระดับ {target_level}" + (f" ({scored.value_heading} {shown})" if threshold is not None else ""),
                        digits)
    return bar_chart([r.district for r in scored.rows], values, threshold,
                     title=with_digits(f"ตัวชี้วัดที่ {kpi.number} ผลรายอำเภอ", digits),
                     axis_label=with_digits(scored.value_heading or kpi.unit, digits), target_label=label, digits=digits)


def chart_key(round_: Round, scored: KpiScores) -> str:
    payload = [program_digest(), CHART_VERSION, str(thai_font()), scored.kpi.number, scored.kpi.target, scored.kpi.thresholds, scored.value_heading,
               round_.settings.digits, [(r.district, str(r.value)) for r in scored.rows]]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def plan_results(round_: Round, returns: Returns, scores: dict[int, KpiScores], forms: list[FormScores],
                 charts: dict[int, bytes], missing: list[str] = ()) -> list[DocumentJob]:
    digits = round_.settings.digits
    base = round_view(round_, digits)
    if missing:  # made for the districts that are in: a draft until every district is in or excused
        base = dict(base, draft_mark=" (ร่าง – ผลยังไม่ครบ)")
    kpis = [kpi_view(round_, scores[n], Image(height_cm=8.0, data=charts[n]), returns) for n in sorted(scores)]
    files = sources(round_, *[f"kpi:{n}" for n in sorted(scores)]) + list(returns.files)
    summary = DocumentJob(kind="results_summary", template="results_summary.docx", output="results-summary.docx",
                          title=with_digits(f"สรุปผลการประเมิน {base['round_title']}", digits),
                          context=dict(base, kpis=kpis, forms=forms_view(round_, forms)), sources=files)
    latest = max((r.reported for r in returns.returns if r.reported), default=None)
    province = province_of(round_)
    emblem = emblem_path(round_)
    subject = f"แจ้งผลการประเมินผลการปฏิบัติราชการ {base['round_title']}"
    body = [{"level": 0, "text": with_digits(
        f"ตามที่ จังหวัด{province.name} ได้จัดทำบันทึกข้อตกลงการประเมินผลการปฏิบัติราชการกับอำเภอ "
        f"{base['round_title']} และให้อำเภอรายงานผลการดำเนินงานตามแบบรายงานที่กำหนด นั้น", digits)},
        {"level": 0, "text": with_digits(
            f"บัดนี้ จังหวัด{province.name} ได้ประเมินผลการดำเนินงานของอำเภอตามตัวชี้วัด "
            f"{len(scores)} ตัวชี้วัด เรียบร้อยแล้ว " + _leaders(forms) +
            " รายละเอียดคะแนนและอันดับของทุกอำเภอปรากฏตามสิ่งที่ส่งมาด้วย", digits)}]
    circular = DocumentJob(
        kind="circular", template="results_circular.docx", output="results-circular.docx",
        title=with_digits(subject, digits),
        context=dict(base, office=office_view(round_, digits), signer=signer_view(round_, digits),
                     emblem=Image(EMBLEM_HEIGHT_CM, path=emblem) if emblem else "",
                     number_text=with_digits(f"{province.code} {round_.settings.office.department_number}/ว", digits),
                     date_text=("" if latest is None else "        " + thai_month_year(latest, digits)),
                     subject=with_digits(subject, digits) + base["draft_mark"], to="นายอำเภอ ทุกอำเภอ",
                     enclosures=[{"title": with_digits(f"สรุปผลการประเมิน {base['round_title']}", digits),
                                  "quantity": "จำนวน ๑ ชุด"}],
                     body=body, forms=forms_view(round_, forms),
                     closing="จึงเรียนมาเพื่อโปรดทราบ และแจ้งเจ้าหน้าที่ผู้เกี่ยวข้องทราบต่อไป"),
        sources=files)
    return [summary, circular]


def _leaders(forms: list[FormScores]) -> str:
    """The first-ranked districts of each form, as a sentence of the letter."""
    parts = []
    for form in forms:
        first = [d for d in form.scores if form.ranks[d] == 1]
        if first and form.scores[first[0]] is not None:
            parts.append(f"{form.title} อำเภอที่ได้คะแนนรวมสูงสุด ได้แก่ " + " ".join(f"อำเภอ{d}" for d in first)
                         + f" ได้คะแนน {form.scores[first[0]]:.2f} จากคะแนนเต็ม 5")
    return " ".join(parts)


# ---------------------------------------------------------------- staff workbook
def summary_workbook(round_: Round, scores: dict[int, KpiScores], forms: list[FormScores]) -> bytes:
    """results-summary.xlsx: one sheet per KPI and one per agreement form, figures as numbers (Arabic digits)
    formatted as the printed summary shows them, each sheet printing one A4 page wide."""
    from openpyxl import Workbook

    from .. import ooxml
    from ..ooxml.spreadsheet import append_row, print_ready  # every cell data: a heading typed "=…" stays text

    workbook = Workbook()
    workbook.remove(workbook.active)
    for number in sorted(scores):
        scored = scores[number]
        sheet = workbook.create_sheet(f"ตัวชี้วัดที่ {number}")
        append_row(sheet, ["อำเภอ", " + ".join(scored.denominator) or "เป้าหมาย", " + ".join(scored.numerator)
                           or "ผลการดำเนินงาน", scored.value_heading or "ค่าที่วัด", "ระดับ",
                           "คะแนนก่อนหัก", "หัก", "คะแนนสุทธิ", "วันที่รายงานล่าสุด", "จำนวนรายงาน", "ไฟล์"])
        for row in scored.rows:
            append_row(sheet, [row.district, _plain(row.target), _plain(row.done), _plain(_printed(row.value)),
                               row.level, _plain(row.base), float(sum((p for _, p in row.deducted), Decimal(0))),
                               _plain(row.score), slash_date_text(row.reported) if row.reported else None, row.reports, row.held or row.file or ""])
        append_row(sheet, ["รวมทั้งจังหวัด", _plain(scored.total_target), _plain(scored.total_done),
                           _plain(_printed(scored.total_value)), scored.total_level, _plain(scored.total_score)])
        if scored.mean_score is not None:
            append_row(sheet, ["คะแนนเฉลี่ยของอำเภอ (อีกตัววัดหนึ่ง)", None, None, None, None, None, None,
                               _plain(scored.mean_score)])
        percent = "percent" if scored.value_heading and "ร้อยละ" in scored.value_heading else "score"
        print_ready(sheet, [22, 11, 13, 12, 8, 11, 8, 11, 14, 10, 30],
                    [None, "count", "count", percent, "level", "score", "score", "score", None, "count", None])
    for index, form in enumerate(forms, start=1):
        sheet = workbook.create_sheet(f"คะแนนรวม {index}")
        append_row(sheet, [form.title])
        append_row(sheet, ["อันดับ", "อำเภอ"] + [f"ตัวชี้วัดที่ {k.number} (น้ำหนัก {float(w):g})" for k, w in form.kpis]
                   + ["คะแนนถ่วงน้ำหนัก (เต็ม 5)"])
        for district in sorted(form.scores, key=lambda d: form.ranks[d]):
            append_row(sheet, [form.ranks[district], district] + [_plain(s) for s in form.kpi_scores[district]]
                       + [_plain(form.scores[district])])
        print_ready(sheet, [8, 22] + [13] * len(form.kpis) + [17], [None, None] + ["score"] * (len(form.kpis) + 1),
                    heading_rows=2)
        _title_across(sheet, len(form.kpis) + 3)
    return ooxml.spreadsheet.workbook_bytes(workbook, "สรุปผลการประเมิน")


def _title_across(sheet, columns: int) -> None:
    """The form's title (A1) spans the table's width on one line, not wrapped inside the narrow rank column."""
    from openpyxl.styles import Alignment

    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    sheet["A1"].alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    sheet.row_dimensions[1].height = 16 * 1.35 + 2


def _printed(value):
    """A measure as the forms print it: 2 places, half away from zero (the score was made from it unrounded)."""
    return None if value is None else rounded(value, 2)


def _plain(value):
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


# ---------------------------------------------------------------- the build
def build_results(folder: Path, output_root: Path = OUTPUT, templates: Path = TEMPLATES) -> ResultsBuild:
    round_, report = validate(folder, lint=False)
    result = ResultsBuild(folder.name, report)
    if round_ is None:
        result.failed = True
        return result
    if not (folder / FOLDER).is_dir():
        raise UserError(f"ไม่พบโฟลเดอร์ {folder / FOLDER} (วางแบบรายงานที่อำเภอส่งกลับไว้ที่นี่)",
                        f"no folder {folder / FOLDER}: put the returned report forms there")
    # a returned file with errors holds back only the districts it reports: the others are scored
    returns = read_returns(round_, report)
    kpis = [k for k in round_.kpis if k.report_form and (k.number, k.report_form.table) in round_.tables]
    for kpi in kpis:
        if not kpi.thresholds:
            from ..base.diagnostics import Location

            where = round_.positions[f"kpi:{kpi.number}"].at(("report_form",)) if f"kpi:{kpi.number}" in round_.positions \
                else Location(folder)
            report.add("W901", where, f"ตัวชี้วัดที่ {kpi.number} ไม่มี thresholds จึงคิดระดับไม่ได้ (ทุกอำเภอได้ระดับ ๐)",
                       f"KPI {kpi.number} has no thresholds: no level can be given")
    held = {pair: h.file for h in returns.held_back for pair in h.reports}
    scores = {kpi.number: score_kpi(round_, kpi, returns.returns, held) for kpi in kpis}
    excused = set(round_.settings.not_reporting)
    for name in sorted(excused - set(round_.settings.districts)):
        from ..base.diagnostics import Location

        report.add("W905", round_.positions["round"].at(("not_reporting",), key=True) if "round" in round_.positions
                   else Location(folder / "round.yaml"),
                   f"not_reporting: '{name}' ไม่ใช่อำเภอของรอบนี้", f"not_reporting: '{name}' is not a district of this round")
    for kpi_scores in scores.values():
        for row in kpi_scores.rows:
            if row.reports == 0 and not row.held and row.district not in excused:
                from ..base.diagnostics import Location

                report.add("W904", Location(folder / FOLDER),
                           f"อำเภอ{row.district} ไม่ได้ส่งผลตัวชี้วัดที่ {kpi_scores.kpi.number} (คะแนน ๐) ผลจึงยังไม่ครบ: "
                           f"รอไฟล์ หรือระบุใน not_reporting ของ round.yaml",
                           f"{row.district} returned no result for KPI {kpi_scores.kpi.number} (scored 0), so the "
                           f"results are incomplete: wait for the file, or list it under not_reporting in round.yaml")
    for kpi_scores in scores.values():
        _check_typed_levels(round_, kpi_scores, report)
    result.missing = _missing(returns, scores, excused)
    forms = score_forms(round_, scores)
    result.scores, result.forms = scores, forms

    target = output_root / folder.name / FOLDER
    result.target = target
    previous = read_manifest(target)
    charts_before = previous.get("charts", {})
    charts, chart_entries = {}, {}
    for number, scored in scores.items():
        key = chart_key(round_, scored)
        path = target / f"chart-kpi-{number:02d}.png"
        old = charts_before.get(str(number))
        if old and old.get("input") == key and path.is_file():
            charts[number] = path.read_bytes()
        else:
            charts[number] = _chart(round_, scored)
        chart_entries[str(number)] = {"file": path.name, "input": key}

    renderer = Renderer(templates)
    author = round_.settings.office.name or province_of(round_).office
    before = {entry["file"]: entry for entry in previous.get("documents", [])}
    documents = []
    for job in plan_results(round_, returns, scores, forms, charts, result.missing):
        old = before.get(job.output)
        key, data = render_if_changed(job, renderer, author, old, target)
        if data is None:
            documents.append((job, None, old))
            continue
        entry = {"file": job.output, "kind": job.kind, "title": job.title, "template": job.template,
                 "template_sha256": renderer.template_sha(job.template), "input": key, "sha256": sha256(data),
                 "digits": job.context.get("digits", "thai"), "attach": [],
                 "sources": sorted(str(p.relative_to(folder)) for p in job.sources if p.is_file())}
        documents.append((job, data, entry))

    target.mkdir(parents=True, exist_ok=True)
    for number, data in charts.items():
        path = target / chart_entries[str(number)]["file"]
        _write_if_changed(path, data, result)
    for job, data, entry in documents:
        if data is None:
            result.unchanged.append(job.output)
        else:
            _write_if_changed(target / job.output, data, result)
    _write_if_changed(target / "results-summary.xlsx", summary_workbook(round_, scores, forms), result)
    manifest = {"generator": program_digest(), "round": folder.name,
                "round_title": round_view(round_, round_.settings.digits)["round_title"],
                "documents": [entry for _, _, entry in documents], "charts": chart_entries}
    for _, _, entry in documents:  # a PDF stays valid while its .docx is the same
        old = before.get(entry["file"])
        if old and old.get("pdf") and "pdf" not in entry:
            entry["pdf"] = old["pdf"]
    encoded = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    if not ((target / MANIFEST).is_file() and (target / MANIFEST).read_bytes() == encoded):
        write_atomic(target / MANIFEST, encoded)
    return result


def _check_typed_levels(round_: Round, scored: KpiScores, report: Report) -> None:
    """W906: the level a district typed is not the one its figures reach by the KPI's thresholds (the figures
    count; the typed level is shown so that the district can correct the one that is wrong)."""
    from ..base.diagnostics import Location
    from ..documents.form_layout import SHEET, form_layout
    from .read import cell_location

    column = form_layout(round_, scored.kpi).column("level")
    for row in scored.rows:
        if row.typed_level is None or row.value is None or row.held or not scored.kpi.thresholds:
            continue
        if row.typed_level != row.level:
            path = round_.folder / row.file
            where = (Location(path, int(row.where.removeprefix("line "))) if row.where.startswith("line ") else
                     cell_location(path, SHEET, f"{column.letter}{row.where.split('!B')[-1]}"))
            report.add("W906", where,
                       f"อำเภอ{row.district} กรอกระดับ {row.typed_level} แต่ผล {format_number(row.value, 2, 'arabic')} "
                       f"ได้ระดับ {row.level} ตามเกณฑ์ตัวชี้วัดที่ {scored.kpi.number} (ใช้ระดับตามผล)",
                       f"{row.district} typed level {row.typed_level}, but its result "
                       f"{format_number(row.value, 2, 'arabic')} reaches level {row.level} by KPI "
                       f"{scored.kpi.number}'s thresholds (the result's level counts)")


def _missing(returns: Returns, scores: dict[int, KpiScores], excused: set[str]) -> list[str]:
    """What keeps the results incomplete, a line each (Thai / English): files held back, districts not in."""
    lines = []
    for held in returns.held_back:
        who = " ".join(f"อำเภอ{d}" for d in held.districts) or "อำเภอที่ไฟล์นี้รายงาน"
        lines.append(f"ไฟล์ {held.file} มีข้อผิดพลาด ({held.code} ที่ {held.where}) {who} จึงรอไฟล์ที่แก้แล้ว / "
                     f"{held.file} has errors ({held.code} at {held.where}): "
                     f"{', '.join(held.districts) or 'its districts'} wait for a fixed file")
    for number, scored in sorted(scores.items()):
        silent = [r.district for r in scored.rows if r.reports == 0 and not r.held and r.district not in excused]
        if silent:
            lines.append(f"ตัวชี้วัดที่ {number}: ยังไม่ได้รับผลจาก " + " ".join(f"อำเภอ{d}" for d in silent)
                         + f" / KPI {number}: no return yet from " + ", ".join(silent))
    return lines


def _write_if_changed(path: Path, data: bytes, result: ResultsBuild) -> None:
    if path.is_file() and path.read_bytes() == data:
        result.unchanged.append(path.name)
        return
    write_atomic(path, data)
    result.written.append(path)


def results_jobs(round_: Round) -> list[DocumentJob]:
    """The results documents of a round with returned forms (for the template guide); none when a file is bad."""
    report = Report()
    if not (round_.folder / FOLDER).is_dir():
        return []
    returns = read_returns(round_, report)
    if report.errors:
        return []
    kpis = [k for k in round_.kpis if k.report_form and (k.number, k.report_form.table) in round_.tables]
    scores = {kpi.number: score_kpi(round_, kpi, returns.returns) for kpi in kpis}
    charts = {number: _chart(round_, scored) for number, scored in scores.items()}
    return plan_results(round_, returns, scores, score_forms(round_, scores), charts)
