"""แบบรายงานผลความก้าวหน้า: blank forms prefilled with each district's target."""
from __future__ import annotations

from decimal import Decimal

from ..reading.model import KPI, ReportForm, Round
from ..reading.tables import parse_cell
from ..thai import format_number, thai_date_weekday, with_digits
from .common import office_view, round_view, sources, wording_view
from .job import DocumentJob


def deadline_sentence(kpi: KPI, digits) -> str:
    """The form's footer: when to send it, worded once, the deadline with its weekday.

    >>> import datetime as dt
    >>> from types import SimpleNamespace as S
    >>> kpi = S(schedule=S(day_of_month=20, deadline=dt.date(2025, 3, 31), channel="QR Code"))
    >>> deadline_sentence(kpi, "thai")
    'กรุณาส่งทุกวันที่ ๒๐ ของเดือน รอบสุดท้ายภายในวันจันทร์ที่ ๓๑ มีนาคม ๒๕๖๘ ผ่าน QR Code'
    >>> deadline_sentence(S(schedule=None), "thai")
    ''
    """
    schedule = kpi.schedule
    if schedule is None or not (schedule.day_of_month or schedule.deadline):
        return ""
    parts = ["กรุณาส่ง" + (f"ทุกวันที่ {schedule.day_of_month} ของเดือน" if schedule.day_of_month else "")]
    if schedule.deadline:
        parts.append(("รอบสุดท้าย" if schedule.day_of_month else "") + "ภายใน"
                     + thai_date_weekday(schedule.deadline, digits))
    if schedule.channel:
        parts.append(f"ผ่าน {schedule.channel}")
    return with_digits(" ".join(parts), digits)


def column_groups(form: ReportForm, digits) -> list[dict]:
    """The heading row above the blank columns: a group's title over its columns (one cell
    spanning them), an empty cell over a column of no group. Empty when the form has no groups.

    >>> from generator.reading.model import ReportForm
    >>> form = ReportForm(prefilled="x", columns=["ก", "ข", "ค"], groups=[{"title": "ผล", "columns": ["ข", "ค"]}])
    >>> column_groups(form, "thai")
    [{'title': '', 'span': 1}, {'title': 'ผล', 'span': 2}]
    """
    if not form.groups:
        return []
    first_of = {g.columns[0]: g for g in form.groups}
    grouped = {c for g in form.groups for c in g.columns}
    cells = []
    for column in form.columns:
        if column in first_of:
            group = first_of[column]
            cells.append({"title": with_digits(group.title, digits), "span": len(group.columns)})
        elif column not in grouped:
            cells.append({"title": "", "span": 1})
    return cells


def footer_text(round_: Round, form: ReportForm, digits) -> str:
    if form.footer is not None:
        return with_digits(form.footer, digits)
    office = office_view(round_, digits)
    return f"ส่ง {office['name']} {office['group']} {office['phone_line']}"


DEFAULT_TITLE = "แบบรายงานผลความก้าวหน้า"


def title_lines(round_: Round, kpi: KPI, district: str | None = None) -> list[tuple[str, int]]:
    """The lines above a report form's table, with their size in points, as the printed form (report_form.docx)
    and its workbook (results/workbook.py) both print them: the title, the KPI, the round line, an audience
    line, the district, the "ข้อมูล ณ วันที่" line."""
    form = kpi.report_form
    digits = round_.settings.digits
    words = wording_view(round_, digits, kpi.wording)
    lines = [(line, 18) for line in with_digits(form.title or DEFAULT_TITLE, digits).split("\n")]
    lines.append((with_digits(f"ตัวชี้วัดที่ {kpi.number} {kpi.name}", digits), 16))
    lines += [(line, 16) for line in words["report_round_line"] + words["audience_line"]]
    if district:
        lines.append((f"อำเภอ{district} จังหวัด{round_view(round_, digits)['province']}", 16))
    lines += [(line, 16) for line in words["as_of_line"]]
    return lines


def footer_lines(round_: Round, kpi: KPI) -> list[str]:
    """The lines under a report form's table, as both renderings print them: the reporter's lines, when to
    send it, and the footer (left out when the round blanks it)."""
    digits = round_.settings.digits
    lines = list(wording_view(round_, digits, kpi.wording)["reporter_lines"])
    lines += [text for text in (deadline_sentence(kpi, digits), footer_text(round_, kpi.report_form, digits)) if text]
    return lines


def form_view(round_: Round, kpi: KPI, district: str | None = None) -> dict:
    form = kpi.report_form
    table = round_.tables[(kpi.number, form.table)]
    digits = round_.settings.digits
    table_digits = table.spec.digits or round_.settings.table_digits
    column = table.header.index(form.prefilled)
    rows = [r for r in table.rows if district is None or r[0] == district]
    values = [parse_cell(r[column]) or Decimal(0) for r in rows]
    return {
        "title": with_digits(form.title or DEFAULT_TITLE, digits),
        "kpi_number": with_digits(kpi.number, digits),
        "kpi_name": with_digits(kpi.name, digits),
        "fiscal_year": with_digits(round_.settings.round.fiscal_year, digits),
        "district": district or "",
        # the table in one digit style, the round's table_digits: numbering, headings and figures
        "prefilled_title": with_digits(form.prefilled, table_digits),
        "columns": [with_digits(c, table_digits) for c in form.columns],
        "rows": [{"number": with_digits(i, table_digits), "district": r[0],
                  "prefilled": format_number(v, None, table_digits)}
                 for i, (r, v) in enumerate(zip(rows, values), start=1)],
        "prefilled_total": format_number(sum(values, Decimal(0)), None, table_digits),
        "deadline_text": deadline_sentence(kpi, digits),
        "groups": column_groups(form, table_digits),  # a spanning heading is part of the table: its digits
        "footer": footer_text(round_, form, digits),
        "wording": wording_view(round_, digits, kpi.wording),
    }


def jobs(round_: Round) -> list[DocumentJob]:
    kpis = [k for k in round_.kpis if k.report_form and (k.number, k.report_form.table) in round_.tables]
    if not round_.makes("report_forms"):
        return []
    result = []
    digits = round_.settings.digits
    for kpi in kpis:
        table_file = round_.folder / kpi.tables[kpi.report_form.table].file
        base = round_view(round_, digits)
        context = dict(base, form=form_view(round_, kpi))
        stem = f"report-form-kpi-{kpi.number:02d}"
        result.append(DocumentJob(
            kind="report_form", template="report_form.docx", output=f"{stem}.docx",
            title=f"แบบรายงานผล ตัวชี้วัดที่ {kpi.number}", context=context,
            sources=sources(round_, f"kpi:{kpi.number}") + [table_file],
        ))
        per_district = kpi.report_form.per_district
        if per_district if per_district is not None else round_.settings.report_forms_per_district:
            for index, district in enumerate(round_.settings.districts, start=1):
                context = dict(base, form=form_view(round_, kpi, district))
                result.append(DocumentJob(
                    kind="report_form", template="report_form.docx", output=f"{stem}-d{index:02d}.docx",
                    title=f"แบบรายงานผล ตัวชี้วัดที่ {kpi.number} อำเภอ{district}", context=context,
                    sources=sources(round_, f"kpi:{kpi.number}") + [table_file],
                ))
    return result
