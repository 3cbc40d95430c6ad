"""The blank report form's template: its title lines, the district table and the footer.
"""
from __future__ import annotations

from docx import Document

from ... import ooxml
from .parts import (
    _caption, _cell, _document, _grid_table, _lines, _mark_header, _p, _page_numbers, _row_loop, _tag, _titles,
)


def report_form() -> Document:
    """แบบรายงานผลความก้าวหน้า: a blank form, one per KPI (or per district)."""
    document = _document()
    _page_numbers(document)  # a long form runs onto a second page
    _titles(document,
            ("{{ form.title }}",),
            ("ตัวชี้วัดที่ ", "{{ form.kpi_number }}", " ", "{{ form.kpi_name }}"))
    _lines(document, "form.wording.report_round_line")  # names the fiscal year once
    _lines(document, "form.wording.audience_line")
    _tag(document, "if form.district")
    _p(document, "อำเภอ", "{{ form.district }}", " ", "จังหวัด", "{{ province }}", style="DocSubtitle")
    _tag(document, "endif")
    _lines(document, "form.wording.as_of_line")
    _p(document, "")
    _tag(document, "if form.groups")
    _report_table(document, grouped=True)
    _tag(document, "else")
    _report_table(document, grouped=False)
    _tag(document, "endif")
    _p(document, "")
    _p(document, "")
    _lines(document, "form.wording.reporter_lines", style="Signature")
    _p(document, "")
    _tag(document, "if form.deadline_text")
    _p(document, "{{ form.deadline_text }}", style="Small")
    _tag(document, "endif")
    _p(document, "{{ form.footer }}", style="Small")
    return document


def _report_table(document, grouped: bool) -> None:
    """The form's table; ``grouped``: a first heading row where a group's title spans its columns
    ({% colspan %}), and ลำดับที่, อำเภอ and the prefilled column merged down both heading rows."""
    table = _grid_table(document, 6 if grouped else 5, [1.3, 3.2, 2.5, 1.0, 2.0, 1.0])
    _caption(table, ooxml.DISTRICT_TABLE)
    rows = list(table.rows)
    groups, head = (rows.pop(0), rows[0]) if grouped else (None, rows[0])
    head, start, row, end, total = rows
    top = groups if grouped else head
    _cell(top.cells[0], "ลำดับที่", style="TableHead")
    _cell(top.cells[1], "อำเภอ", style="TableHead")
    _cell(top.cells[2], "{{ form.prefilled_title }}", style="TableHead")
    if grouped:
        for index in range(3):
            groups.cells[index].merge(head.cells[index])
        _cell(groups.cells[3], "{%tc for g in form.groups %}", style="TableHead")
        _cell(groups.cells[4], "{% colspan g.span %}", "{{ g.title }}", style="TableHead")
        _cell(groups.cells[5], "{%tc endfor %}", style="TableHead")
        _mark_header(groups)
    _cell(head.cells[3], "{%tc for h in form.columns %}", style="TableHead")
    _cell(head.cells[4], "{{ h }}", style="TableHead")
    _cell(head.cells[5], "{%tc endfor %}", style="TableHead")
    _row_loop(start, end, "for r in form.rows")
    _cell(row.cells[0], "{{ r.number }}", style="TableCenter")
    _cell(row.cells[1], "{{ r.district }}")
    _cell(row.cells[2], "{{ r.prefilled }}", style="TableNumber")
    _cell(row.cells[3], "{%tc for h in form.columns %}")
    _cell(row.cells[4], "")
    _cell(row.cells[5], "{%tc endfor %}")
    _cell(total.cells[1], "รวมทั้งสิ้น", style="TableHead")
    _cell(total.cells[2], "{{ form.prefilled_total }}", style="TableNumber")
    _cell(total.cells[3], "{%tc for h in form.columns %}")
    _cell(total.cells[4], "")
    _cell(total.cells[5], "{%tc endfor %}")
    _mark_header(head)
