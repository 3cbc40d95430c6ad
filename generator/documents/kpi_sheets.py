"""คำอธิบายตัวชี้วัด (KPI Template): every field of each KPI, with its tables."""
from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup

from ..reading.model import KPI, Round, SheetTable
from ..ooxml.grid import GridTable, cell, grid_table_xml
from ..reading.tables import parse_cell
from ..thai import format_number, format_percent, thai_date, with_digits
from .agreement import targets
from .common import KIND_TITLES, person_text, round_view, sources, wording_view
from .job import DocumentJob
from .tables_view import table_view

SHEET_WIDTH_CM = 16.0  # a portrait page between its margins

CHECK = "✓"


def milestone_rows(kpi: KPI, digits) -> list[dict]:
    if kpi.milestones is None:
        return []
    done = kpi.milestones.done or {level: list(range(1, level + 1)) for level in range(1, 6)}
    return [{"level": with_digits(level, digits),
             "marks": [CHECK if step in done.get(level, []) else "" for step in range(1, 6)]}
            for level in range(1, 6)]


def schedule_text(kpi: KPI, digits) -> str:
    schedule = kpi.schedule
    if schedule is None:
        return ""
    parts = []
    if schedule.day_of_month:
        parts.append(f"ทุกวันที่ {schedule.day_of_month} ของเดือน")
    if schedule.deadline:
        parts.append(f"รายงานผลรอบสุดท้ายภายในวันที่ {thai_date(schedule.deadline, digits)}")
    if schedule.channel:
        parts.append(f"ผ่าน{schedule.channel}")
    return with_digits(" ".join(parts), digits)


def _forms_of(round_: Round, kpi: KPI) -> list:
    return [a for a in round_.agreements() if any(e.kpi is kpi for e in a.entries)]


def weight_text(round_: Round, kpi: KPI, digits) -> str:
    """น้ำหนัก: ร้อยละ ๒๐, or one per form when the KPI sits in several: ร้อยละ ๔๐ (ทีมอำเภอ), ร้อยละ ๒๐ (…)."""
    weights = []
    for agreement in _forms_of(round_, kpi):
        entry = next(e for e in agreement.entries if e.kpi is kpi)
        if entry.weight is not None:
            weights.append((entry.weight, agreement.form.subtitle or agreement.form.heading or agreement.id))
    if len(weights) > 1:
        return ", ".join(f"{format_percent(w, None, digits)} {with_digits(label, digits)}" for w, label in weights)
    weight = kpi.main_weight
    return format_percent(weight, None, digits) if weight is not None else ""


def group_title(round_: Round, kpi: KPI) -> str:
    forms = _forms_of(round_, kpi)
    if forms and forms[0].form.heading:
        return forms[0].form.heading
    return KIND_TITLES.get(kpi.kind or "", "")


def kpi_view(round_: Round, kpi: KPI) -> dict:
    digits = round_.settings.digits
    return {
        "group_title": group_title(round_, kpi),
        "number_text": with_digits(kpi.number, digits),
        "name": with_digits(kpi.name, digits),
        "unit": kpi.unit or "",
        "weight_percent": weight_text(round_, kpi, digits),
        "rationale": with_digits(kpi.rationale or "", digits),
        # a list prints one item per line, as the real sheets do
        "sources_text": with_digits("\n".join(f"{i}. {s}" if len(kpi.sources) > 1 else s
                                              for i, s in enumerate(kpi.sources, start=1)) or "–", digits),
        "owner_text": person_text(kpi.owner, digits),
        "coordinator_text": person_text(kpi.coordinator, digits),
        "levels": level_rows(kpi, digits),
        "contacts": contact_lines(kpi, digits),
        "title_lines": [with_digits(line, digits) for line in kpi.sheet.title] if kpi.sheet else [],
        "sheet_tables": [{"title": with_digits(t.title or "", digits), "table": sheet_table(t, digits),
                          "note": with_digits(t.note or "", digits)} for t in kpi.sheet.tables] if kpi.sheet else [],
        "conditions": _numbered(kpi.conditions, digits),
        "definitions": _numbered(kpi.definitions, digits),
        "formula": [with_digits(f, digits) for f in kpi.formula],
        "collection": _numbered(kpi.collection, digits),
        "evidence": [{"level": with_digits(e.level, digits) if e.level else "ทุกระดับ",
                      "entries": [with_digits(i, digits) for i in e.items]} for e in kpi.evidence],
        "milestones": milestone_rows(kpi, digits),
        "milestone_steps": [{"number": with_digits(i, digits), "text": with_digits(s, digits)}
                            for i, s in enumerate(kpi.milestones.steps, start=1)] if kpi.milestones else [],
        "schedule_text": schedule_text(kpi, digits),
        "tables": [table_view(round_, round_.tables[(kpi.number, index)])
                   for index in range(len(kpi.tables)) if (kpi.number, index) in round_.tables],
        "weight": format_number(kpi.main_weight, None, digits) if kpi.main_weight is not None else "",
    }


def level_rows(kpi: KPI, digits) -> list[dict]:
    """The levels table of a sheet: the level sentences, or the thresholds when the KPI gives
    numbers only (never five empty lines)."""
    if kpi.levels:
        return [{"number": with_digits(i, digits), "text": with_digits(t, digits)}
                for i, t in enumerate(kpi.levels, start=1)]
    if kpi.thresholds and not (kpi.sheet and any(t.levels for t in kpi.sheet.tables)):  # its own level table
        return [{"number": with_digits(i, digits), "text": t}
                for i, t in enumerate(targets(kpi, digits), start=1)]
    return []


def contact_lines(kpi: KPI, digits) -> list[dict]:
    """ผู้กำกับดูแลตัวชี้วัด, ผู้จัดเก็บข้อมูล …: each with name, position and phone as typed.

    >>> from generator.reading.model import KPI
    >>> kpi = KPI(number=1, name="x", contacts=[{"role": "ผู้จัดเก็บข้อมูล", "name": "นางสาวก ข",
    ...                                            "phone": "0 5471 0210 ต่อ 105"}])
    >>> contact_lines(kpi, "arabic")
    [{'role': 'ผู้จัดเก็บข้อมูล', 'text': 'นางสาวก ข โทร. 0 5471 0210 ต่อ 105'}]
    """
    lines = []
    for contact in kpi.contacts:
        parts = [contact.name] + ([contact.position] if contact.position else []) + \
            ([f"โทร. {contact.phone}"] if contact.phone else [])
        lines.append({"role": with_digits(contact.role or "ผู้ประสานงาน", digits),
                      "text": with_digits(" ".join(parts), digits)})
    return lines


def _total_row(spec: SheetTable, width: int, digits) -> list[str]:
    """The label, then each column's sum where every row holds a number there."""
    totals = []
    for column in range(1, width):
        values = []
        for row in spec.rows:
            text = row[column] if column < len(row) else ""
            try:
                value = parse_cell(text)
            except Exception:
                value = None
            values.append(value)
        numbers = [v for v in values if v is not None]
        totals.append(format_number(sum(numbers, Decimal(0)), None, digits) if numbers and len(numbers) == len(values)
                      else "")
    return [with_digits(spec.total or "", digits)] + totals


def sheet_table(spec: SheetTable, digits) -> Markup:
    """A table of a KPI sheet as typed: its header rows (cells spanning columns and rows), its rows,
    a total row when asked; in the round's digits unless the table names its own."""
    digits = spec.digits or digits
    if spec.levels:
        header = [[cell("ระดับคะแนน", "TableHead"), cell("เกณฑ์การให้คะแนน", "TableHead")]]
        rows = [[cell(with_digits(i, digits), "TableCenter"), cell(with_digits(t, digits))]
                for i, t in enumerate(spec.levels, start=1)]
        return Markup(grid_table_xml(GridTable([2.5, 13.5], header + rows, header_rows=1)))
    width = max([sum(c.span for c in r) for r in spec.header] + [len(r) for r in spec.rows] + [1])
    header: list[list] = []
    below: dict[tuple[int, int], int] = {}  # (row, column) -> rows still merged into from above
    for index, typed in enumerate(spec.header):
        cells, column = [], 0
        for header_cell in typed:
            while below.get((index, column)):
                cells.append(cell("", "TableHead", merge="continue"))
                column += 1
            merge = "restart" if header_cell.rows > 1 else None
            for extra in range(1, header_cell.rows):
                below[(index + extra, column)] = 1
            cells.append(cell(with_digits(header_cell.text, digits), "TableHead", span=header_cell.span, merge=merge))
            column += header_cell.span
        while column < width:
            cells.append(cell("", "TableHead", merge="continue" if below.get((index, column)) else None))
            column += 1
        header.append(cells)
    rows = []
    for typed in spec.rows + ([_total_row(spec, width, digits)] if spec.total else []):
        padded = list(typed) + [""] * (width - len(typed))
        rows.append([cell(with_digits(text, digits), _cell_style(text, first=(i == 0)))
                     for i, text in enumerate(padded)])
    widths = list(spec.widths or []) + [1.0] * (width - len(spec.widths or []))
    scale = SHEET_WIDTH_CM / sum(widths[:width])
    return Markup(grid_table_xml(GridTable([w * scale for w in widths[:width]], header + rows,
                                           header_rows=len(header))))


def _cell_style(text: str, first: bool) -> str:
    """Figures right-aligned, other text left; the first column as typed.

    >>> _cell_style("1,488", first=False), _cell_style("ร้อยละ 80", first=False), _cell_style("12", first=True)
    ('TableNumber', 'TableText', 'TableText')
    """
    if first:
        return "TableText"
    try:
        return "TableNumber" if parse_cell(text) is not None else "TableText"
    except Exception:
        return "TableText"


def _numbered(texts: list[str], digits) -> list[str]:
    if len(texts) <= 1:
        return [with_digits(t, digits) for t in texts]
    return [with_digits(f"{i}. {t}", digits) for i, t in enumerate(texts, start=1)]


def jobs(round_: Round) -> list[DocumentJob]:
    kpis = [k for k in round_.kpis if k.has_sheet]  # a sheet only for a KPI that has one
    if not round_.makes("kpi_sheets") or not kpis:
        return []
    context = round_view(round_, round_.settings.digits)
    context["kpis"] = [kpi_view(round_, k) for k in kpis]
    context["wording"] = wording_view(round_, round_.settings.digits, parties=tuple(context["parties"]))
    table_files = [round_.folder / spec.file for k in kpis for spec in k.tables]
    return [DocumentJob(
        kind="kpi_sheets", template="kpi_sheets.docx", output="kpi-sheets.docx",
        title="คำอธิบายตัวชี้วัด ค่าเป้าหมาย และน้ำหนัก", context=context,
        sources=sources(round_, *(f"kpi:{k.number}" for k in kpis)) + table_files,
    )]
