"""แบบกำหนดตัวชี้วัด ค่าเป้าหมายและน้ำหนัก: one document per agreement form, each with its own
title, KPIs numbered within it, its total weight, and the signatures of both its parties."""
from __future__ import annotations

from markupsafe import Markup

from ..reading.model import COLUMN_HEADINGS, DEFAULT_COLUMNS, KPI, Agreement, AgreementColumn, FormEntry, Party, Round
from ..ooxml.grid import GridTable, cell, grid_table_xml
from ..thai import format_number, with_digits
from .common import round_view, sources, wording_view
from .job import DocumentJob

DEFAULT_ROLES = ("ผู้ประเมิน", "ผู้รับการประเมิน")
BLANK_NAME = "........................................................"


def targets(kpi: KPI, digits) -> list[str]:
    """ค่าเป้าหมาย ๑–๕: a level's number, its criterion as typed, blank where the data leaves it blank (""),
    or "–" where the data says it has none (null, a dash).

    >>> from generator.reading.model import KPI
    >>> kpi = KPI(number=1, name="x", thresholds=[None, "ต่ำกว่า ร้อยละ 5", 80, "", 90.5])
    >>> targets(kpi, "thai")
    ['–', 'ต่ำกว่า ร้อยละ ๕', '๘๐', '', '๙๐.๕']
    """
    values = list(kpi.thresholds or [])[:5]
    values += [None] * (5 - len(values))
    return ["–" if t is None else with_digits(t, digits) if isinstance(t, str) else format_number(t, None, digits)
            for t in values]


def kpi_row(kpi: KPI, number: int, weight: float | None, digits) -> dict:
    sources_list = list(kpi.sources)
    if kpi.owner is not None:
        sources_list.append(f"ผู้รับผิดชอบ: {kpi.owner.position or kpi.owner.name}")
    return {
        "number_text": with_digits(number, digits),
        "name": with_digits(kpi.name, digits),
        "strategy": with_digits(kpi.strategy or "", digits),
        "goal": with_digits(kpi.goal or "", digits),
        "unit": kpi.unit or "",
        "levels": [{"number": with_digits(i, digits), "text": with_digits(t, digits)}
                   for i, t in enumerate(kpi.levels or [], start=1)],
        "conditions": [with_digits(c, digits) for c in kpi.conditions],
        "targets": targets(kpi, digits),
        "weight_text": format_number(weight, None, digits) if weight is not None else "",
        "sources_text": with_digits("\n".join(sources_list), digits),  # one item per line
    }


# widths (cm) of the columns an office names: the table is then scaled to the page
WIDTHS = {"number": 1.1, "group": 3.0, "strategy": 2.8, "goal": 3.4, "kpi": 7.0, "name": 7.0, "levels": 6.0,
          "unit": 1.7, "target": 1.8, "thresholds": 1.5, "weight": 1.4, "sources": 3.4, "owner": 2.6}
LEVEL_HEADINGS = ("1", "2", "3", "4", "5")


def needs_own_table(agreement: Agreement, round_number: int) -> bool:
    """Whether the form's table is made from its data (its own columns, group rows, criteria
    as numbers only or spanning the five cells); otherwise the template's table prints it."""
    form = agreement.form
    return bool(form.columns or form.groups) or any(
        not e.kpi.levels or e.kpi.thresholds_text or e.kpi.target_value or not e.kpi.assessed(round_number)
        for e in agreement.entries)


def columns_of(agreement: Agreement) -> list[AgreementColumn]:
    return list(agreement.form.columns or [AgreementColumn(field=f) for f in DEFAULT_COLUMNS])


def spanning_text(kpi: KPI, round_number: int, digits) -> str | None:
    """The one sentence across the five threshold cells: as typed, or the rounds the KPI is assessed in.

    >>> from generator.reading.model import KPI
    >>> spanning_text(KPI(number=1, name="x", assessed_in=[2]), 1, "thai")
    'ประเมินผลในรอบการประเมินที่ ๒'
    >>> spanning_text(KPI(number=1, name="x", thresholds=[1, 2, 3, 4, 5]), 1, "thai") is None
    True
    """
    if kpi.thresholds_text:
        return with_digits(kpi.thresholds_text, digits)
    if not kpi.assessed(round_number):
        rounds = " และ ".join(str(r) for r in kpi.assessed_in or [])
        return with_digits(f"ประเมินผลในรอบการประเมินที่ {rounds}", digits)
    return None


def _number_text(entry: FormEntry, digits) -> str:
    return with_digits(str(entry.number), digits)


def _kpi_paragraphs(entry: FormEntry, digits, with_name: bool = True, with_levels: bool = True) -> list[str]:
    kpi = entry.kpi
    lines = [f"ตัวชี้วัดที่ {_number_text(entry, digits)} {with_digits(kpi.name, digits)}"] if with_name else []
    if with_levels:
        lines += [with_digits(f"ระดับ {i} {t}", digits) for i, t in enumerate(kpi.levels or [], start=1)]
        lines += [with_digits(f"เงื่อนไข: {c}", digits) for c in kpi.conditions]
    return lines


def _cells_of(column: AgreementColumn, entry: FormEntry, row: dict, digits, round_number: int) -> list:
    kpi, kind = entry.kpi, column.field
    if kind == "thresholds":
        spanning = spanning_text(kpi, round_number, digits)
        if spanning is not None:
            return [cell(spanning, "TableCenter", span=5)]
        return [cell(t, "TableCenter") for t in row["targets"]]
    texts = {
        "number": (_number_text(entry, digits), "TableCenter"),
        "strategy": (row["strategy"], "TableText"),
        "goal": (row["goal"], "TableText"),
        "kpi": (_kpi_paragraphs(entry, digits), "TableText"),
        "name": (with_digits(kpi.name, digits), "TableText"),
        "levels": (_kpi_paragraphs(entry, digits, with_name=False) or [""], "TableText"),
        "unit": (row["unit"], "TableCenter"),
        "target": (with_digits(kpi.target_value or "", digits), "TableCenter"),
        "weight": (row["weight_text"], "TableCenter"),
        "sources": (row["sources_text"], "TableText"),
        "owner": (with_digits(kpi.owner.position or kpi.owner.name, digits) if kpi.owner else "", "TableText"),
    }
    text, style = texts[kind]
    return [cell(text, style)]


def own_table(agreement: Agreement, round_number: int, digits) -> Markup:
    """The agreement table made from the form's data: its columns and headings, a row per group
    with the group's weight, a row per KPI (never padded with empty level lines), the total."""
    columns = columns_of(agreement)
    widths: list[float] = []
    for column in columns:
        width = column.width or WIDTHS[column.field]
        widths += [width] * (5 if column.field == "thresholds" else 1)
    two_rows = any(c.field == "thresholds" for c in columns)
    head, levels = [], []
    for column in columns:
        heading = with_digits(column.heading if column.heading is not None else COLUMN_HEADINGS[column.field], digits)
        if column.field == "thresholds":
            head.append(cell(heading, "TableHead", span=5))
            levels += [cell(with_digits(h, digits), "TableHead") for h in column.levels or LEVEL_HEADINGS]
        elif two_rows:
            head.append(cell(heading, "TableHead", merge="restart"))
            levels.append(cell("", "TableHead", merge="continue"))
        else:
            head.append(cell(heading, "TableHead"))
    table = GridTable(widths, [head] + ([levels] if two_rows else []), header_rows=2 if two_rows else 1)
    spans = [5 if c.field == "thresholds" else 1 for c in columns]
    weight_at = next((i for i, c in enumerate(columns) if c.field == "weight"), None)

    def label_row(label: str, weight: str, bold: bool = True) -> list:
        if weight_at is None:
            return [cell(label + (f" ({weight})" if weight else ""), span=sum(spans), bold=bold)]
        cells = []
        if weight_at:
            cells.append(cell(label, span=sum(spans[:weight_at]), bold=bold))
        cells.append(cell(weight, "TableCenter", bold=bold))
        after = sum(spans[weight_at + 1:])
        if after:
            cells.append(cell("", span=after))
        return cells

    for group, entries in agreement.grouped():
        if group is not None:
            weight = format_number(group.weight, None, digits) if group.weight is not None else ""
            table.rows.append(label_row(with_digits(group.title, digits), weight))
        for index, entry in enumerate(entries):
            row = kpi_row(entry.kpi, entry.number, entry.weight, digits)
            cells = []
            for column in columns:
                if column.field == "group":
                    title = with_digits(group.title, digits) if group is not None else ""
                    cells.append(cell(title, merge=None if len(entries) < 2 else "restart" if index == 0
                                      else "continue"))
                else:
                    cells += _cells_of(column, entry, row, digits, round_number)
            table.rows.append(cells)
    table.rows.append(label_row("รวม", format_number(agreement.total_weight, None, digits)))
    return Markup(grid_table_xml(table))


def party_view(party: Party, index: int, digits) -> dict:
    return {"name": with_digits(party.name, digits) if party.name else BLANK_NAME,
            "position": with_digits(party.position, digits),
            "role": party.role or DEFAULT_ROLES[index]}


def form_view(agreement: Agreement, digits, round_number: int = 1) -> dict:
    form = agreement.form
    view = {
        "id": form.id,
        "title": with_digits(form.title, digits),
        "subtitle": with_digits(form.subtitle or "", digits),
        "heading": with_digits(form.heading or "", digits),
        "parties": [party_view(p, i, digits) for i, p in enumerate(agreement.parties)],
        "kpis": [kpi_row(e.kpi, e.number, e.weight, digits) for e in agreement.entries],
        "total_weight": format_number(agreement.total_weight, None, digits),
    }
    view["table"] = own_table(agreement, round_number, digits) if needs_own_table(agreement, round_number) else ""
    return view


def jobs(round_: Round) -> list[DocumentJob]:
    if not round_.makes("agreement"):
        return []
    digits = round_.settings.digits
    result = []
    for agreement in round_.agreements():
        context = round_view(round_, digits)
        view = form_view(agreement, digits, round_.settings.round.number)
        context["agreement"] = view
        context["parties"] = [p["position"] for p in view["parties"]]
        context["wording"] = wording_view(round_, digits, agreement.form.wording, parties=tuple(context["parties"]))
        title = agreement.form.title.replace("\n", " ") + (f" {agreement.form.subtitle}" if agreement.form.subtitle else "")
        result.append(DocumentJob(
            kind="agreement", template="agreement.docx", output=f"agreement-{agreement.id}.docx",
            title=title, context=context,
            sources=sources(round_, *(f"kpi:{e.kpi.number}" for e in agreement.entries)),
        ))
    return result
