"""The KPI sheets' template (KPI Template): one sheet per KPI, its fields, level tables and district tables.
"""
from __future__ import annotations

from docx import Document
from docx.enum.text import WD_BREAK

from ... import ooxml
from .parts import (
    _caption, _cell, _document, _grid_table, _lines, _mark_header, _p, _page_numbers, _row_loop, _tag, _titles,
)


def _field(container, label: str, value: str) -> None:
    _p(container, label, "\t", ": ", value, style="Field")


def kpi_sheets() -> Document:
    """คำอธิบายตัวชี้วัด (KPI Template), one KPI after another."""
    document = _document()
    _page_numbers(document)
    _titles(document,
            ("คำอธิบายตัวชี้วัด ค่าเป้าหมาย และน้ำหนัก การประเมินผลการปฏิบัติราชการ", "{{ draft_mark }}"))
    _lines(document, "wording.kpi_sheets_parties_line")
    _lines(document, "wording.round_line")
    _lines(document, "wording.audience_line")
    _tag(document, "for kpi in kpis")
    _tag(document, "if not loop.first")
    breaker = document.add_paragraph()
    breaker.add_run().add_break(WD_BREAK.PAGE)
    _tag(document, "endif")
    _tag(document, "for line in kpi.title_lines")  # the sheet's own title block, when the office writes one
    _p(document, "{{ line }}", style="DocSubtitle")
    _tag(document, "endfor")
    _p(document, "{{ kpi.group_title }}", style="DocHeading")
    _p(document, "ตัวชี้วัดที่ ", "{{ kpi.number_text }}", " : ", "{{ kpi.name }}", style="DocHeading")
    _field(document, "หน่วยวัด", "{{ kpi.unit }}")
    _field(document, "น้ำหนัก", "{{ kpi.weight_percent }}")
    _tag(document, "if kpi.rationale")
    _field(document, "เหตุผลในการวัด", "{{ kpi.rationale }}")
    _tag(document, "endif")
    _field(document, "แหล่งข้อมูล", "{{ kpi.sources_text }}")
    _tag(document, "if kpi.owner_text")
    _field(document, "ผู้รับผิดชอบตัวชี้วัด", "{{ kpi.owner_text }}")
    _tag(document, "endif")
    _tag(document, "if kpi.coordinator_text")
    _field(document, "ผู้ประสานงานตัวชี้วัด", "{{ kpi.coordinator_text }}")
    _tag(document, "endif")
    _tag(document, "for c in kpi.contacts")  # several people with their roles, phones as typed
    _field(document, "{{ c.role }}", "{{ c.text }}")
    _tag(document, "endfor")
    _tag(document, "if kpi.levels")
    _field(document, "เกณฑ์การให้คะแนน", "{{ levels_intro }}")
    _p(document, "")
    head, start, row, end = _grid_table(document, 4, [2.5, 13.5]).rows
    _cell(head.cells[0], "ระดับคะแนน", style="TableHead")
    _cell(head.cells[1], "เกณฑ์การให้คะแนน", style="TableHead")
    _row_loop(start, end, "for level in kpi.levels")
    _cell(row.cells[0], "{{ level.number }}", style="TableCenter")
    _cell(row.cells[1], "{{ level.text }}")
    _tag(document, "endif")
    _tag(document, "for t in kpi.sheet_tables")  # the sheet's own tables, rows and columns as typed
    _tag(document, "if t.title")
    _p(document, "{{ t.title }}", style="DocHeading")
    _tag(document, "endif")
    _p(document, "{{p t.table }}")
    _tag(document, "if t.note")
    _p(document, "{{ t.note }}", style="Small")
    _tag(document, "endif")
    _tag(document, "endfor")
    _tag(document, "if kpi.conditions")
    _p(document, "")
    _p(document, "เงื่อนไข :", style="DocHeading")
    _tag(document, "for c in kpi.conditions")
    _p(document, "{{ c }}", style="Item")
    _tag(document, "endfor")
    _tag(document, "endif")
    _tag(document, "if kpi.milestones")
    _p(document, "")
    _p(document, "ความก้าวหน้าของขั้นตอนการดำเนินงานตามเป้าหมายแต่ละระดับ (Milestone)", style="DocHeading")
    head, start, row, end = _grid_table(document, 4, [2.5, 2.7, 2.7, 2.7, 2.7, 2.7]).rows
    _cell(head.cells[0], "ระดับคะแนน", style="TableHead")
    for step in range(5):
        _cell(head.cells[1 + step], "ขั้นตอนที่ ", "{{ level_numbers[" + str(step) + "] }}", style="TableHead")
    _row_loop(start, end, "for m in kpi.milestones")
    _cell(row.cells[0], "{{ m.level }}", style="TableCenter")
    for step in range(5):
        _cell(row.cells[1 + step], "{{ m.marks[" + str(step) + "] }}", style="TableCenter")
    _tag(document, "for step in kpi.milestone_steps")
    _p(document, "ขั้นตอนที่ ", "{{ step.number }}", " ", "{{ step.text }}", style="Item")
    _tag(document, "endfor")
    _tag(document, "endif")
    for title, variable in (("คำนิยาม/คำอธิบาย", "definitions"), ("สูตรการคำนวณ", "formula"),
                            ("วิธีการจัดเก็บข้อมูล", "collection")):
        _tag(document, f"if kpi.{variable}")
        _p(document, "")
        _p(document, title, style="DocHeading")
        _tag(document, f"for text in kpi.{variable}")
        _p(document, "{{ text }}", style="Item")
        _tag(document, "endfor")
        _tag(document, "endif")
    _tag(document, "if kpi.evidence")
    _p(document, "")
    _p(document, "หลักฐานเชิงประจักษ์", style="DocHeading")
    head, start, row, end = _grid_table(document, 4, [2.5, 13.5]).rows
    _cell(head.cells[0], "ระดับคะแนน", style="TableHead")
    _cell(head.cells[1], "หลักฐานเชิงประจักษ์", style="TableHead")
    _row_loop(start, end, "for e in kpi.evidence")
    _cell(row.cells[0], "{{ e.level }}", style="TableCenter")
    _cell(row.cells[1], "{%p for item in e.entries %}")  # in the cell's first paragraph: no blank line above
    _p(row.cells[1], "{{ item }}", style="TableText")
    _tag(row.cells[1], "endfor")
    _tag(document, "endif")
    _tag(document, "if kpi.schedule_text")
    _p(document, "")
    _field(document, "การรายงานผล", "{{ kpi.schedule_text }}")
    _tag(document, "endif")
    _district_tables(document, "kpi.tables")
    _tag(document, "endfor")
    return document


def _district_tables(document, variable: str) -> None:
    """A per-district table with any number of columns ({%tc %} repeats the columns)."""
    _tag(document, f"for t in {variable}")
    _p(document, "")
    _p(document, "{{ t.title }}", style="DocSubtitle")
    table = _grid_table(document, 5, [1.2, 1.0, 3.0, 1.0])
    _caption(table, ooxml.DISTRICT_TABLE)
    head, start, row, end, total = table.rows
    _cell(head.cells[0], "ที่", style="TableHead")
    _cell(head.cells[1], "{%tc for h in t.header %}", style="TableHead")
    _cell(head.cells[2], "{{ h }}", style="TableHead")
    _cell(head.cells[3], "{%tc endfor %}", style="TableHead")
    _row_loop(start, end, "for r in t.rows")
    _cell(row.cells[0], "{{ r.number }}", style="TableCenter")
    _cell(row.cells[1], "{%tc for value in r.cells %}")
    _name_or_number(row.cells[2])
    _cell(row.cells[3], "{%tc endfor %}")
    _cell(total.cells[0], "")
    _cell(total.cells[1], "{%tc for value in t.total %}")
    _name_or_number(total.cells[2])
    _cell(total.cells[3], "{%tc endfor %}")
    _mark_header(head)
    _tag(document, "endfor")


def _name_or_number(cell) -> None:
    """A cell of a {%tc %} column loop: the first column (the district) left-aligned,
    the figures right-aligned."""
    _cell(cell, "{%p if loop.first %}")
    _p(cell, "{{ value }}", style="TableText")
    _tag(cell, "else")
    _p(cell, "{{ value }}", style="TableNumber")
    _tag(cell, "endif")
