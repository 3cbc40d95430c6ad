"""The KPI agreement's template: title lines, the parties, the table with its groups and levels, the signatures.
"""
from __future__ import annotations

from docx import Document

from ... import ooxml
from .parts import (
    _cell, _document, _grid_table, _lines, _mark_header, _no_borders, _p, _page_numbers, _row_loop, _tag, _titles,
)


def agreement() -> Document:
    """แบบกำหนดตัวชี้วัด ค่าเป้าหมายและน้ำหนัก (landscape): one agreement form, signed by both its parties."""
    document = _document(landscape=True)
    _page_numbers(document)
    _titles(document, ("{{ agreement.title }}", "{{ draft_mark }}"))
    _tag(document, "if agreement.subtitle")
    _p(document, "{{ agreement.subtitle }}", style="DocSubtitle")
    _tag(document, "endif")
    _lines(document, "wording.parties_line")
    _lines(document, "wording.round_line")
    _lines(document, "wording.audience_line")
    widths = [2.8, 3.4, 7.0, 1.7, 1.0, 1.0, 1.0, 1.0, 1.0, 1.4, 3.4]
    _tag(document, "if agreement.heading")
    _p(document, "{{ agreement.heading }}", style="DocHeading")
    _tag(document, "endif")
    # a form with its own columns, group rows or criteria as numbers: the table made from its data
    _tag(document, "if agreement.table")
    _p(document, "{{p agreement.table }}")
    _tag(document, "else")
    table = _grid_table(document, 6, widths)
    head, levels_row, start, row, end, total = table.rows
    labels = ["ยุทธศาสตร์", "เป้าหมายผลสำเร็จของงาน", "ตัวชี้วัด / เกณฑ์การวัด", "หน่วยวัด"]
    for index, label in enumerate(labels):
        _cell(head.cells[index], label, style="TableHead")
        head.cells[index].merge(levels_row.cells[index])
    merged = head.cells[4].merge(head.cells[8])
    _cell(merged, "ค่าเป้าหมาย", style="TableHead")
    for level in range(5):
        _cell(levels_row.cells[4 + level], "{{ level_numbers[" + str(level) + "] }}", style="TableHead")
    _cell(head.cells[9], "น้ำหนัก (ร้อยละ)", style="TableHead")
    head.cells[9].merge(levels_row.cells[9])
    _cell(head.cells[10], "แหล่งข้อมูล / หลักฐานเชิงประจักษ์", style="TableHead")
    head.cells[10].merge(levels_row.cells[10])
    _mark_header(head)
    _mark_header(levels_row)
    _row_loop(start, end, "for kpi in agreement.kpis")
    c = row.cells
    _cell(c[0], "{{ kpi.strategy }}")
    _cell(c[1], "{{ kpi.goal }}")
    _cell(c[2], "ตัวชี้วัดที่ ", "{{ kpi.number_text }}", " ", "{{ kpi.name }}")
    _tag(c[2], "for level in kpi.levels")
    _p(c[2], "ระดับ ", "{{ level.number }}", " ", "{{ level.text }}", style="TableText")
    _tag(c[2], "endfor")
    _tag(c[2], "for condition in kpi.conditions")
    _p(c[2], "เงื่อนไข: ", "{{ condition }}", style="TableText")
    _tag(c[2], "endfor")
    _cell(c[3], "{{ kpi.unit }}", style="TableCenter")
    for level in range(5):
        _cell(c[4 + level], "{{ kpi.targets[" + str(level) + "] }}", style="TableCenter")
    _cell(c[9], "{{ kpi.weight_text }}", style="TableCenter")
    _cell(c[10], "{{ kpi.sources_text }}")
    _cell(total.cells[2], "รวม", style="TableHead")
    _cell(total.cells[9], "{{ agreement.total_weight }}", style="TableCenter")
    _tag(document, "endif")
    _p(document, "")
    sign = document.add_table(rows=1, cols=2)
    _no_borders(sign)
    ooxml.set_column_widths(sign, [12.35, 12.35])
    for index, who in enumerate(("agreement.parties[1]", "agreement.parties[0]")):
        cell = sign.rows[0].cells[index]
        _cell(cell, "ลงชื่อ ........................................................", style="TableCenter")
        _p(cell, "(", "{{ " + who + ".name }}", ")", style="TableCenter")
        _p(cell, "{{ " + who + ".position }}", style="TableCenter")
        _p(cell, "{{ " + who + ".role }}", style="TableCenter")
    return document
