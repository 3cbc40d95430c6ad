"""The results templates: the results summary and the results circular.
"""
from __future__ import annotations

from docx import Document

from .parts import (
    BETWEEN_PARTIES, ROUND_LINE, _body, _cell, _document, _enclosures, _grid_table, _letterhead, _mark_header, _p, _page_numbers, _row_loop, _tag, _titles,
)


def results_summary() -> Document:
    """สรุปผลการประเมินตัวชี้วัด: per KPI a table of districts and a chart; then the score per agreement form."""
    document = _document()
    _page_numbers(document)
    _titles(document,
            ("สรุปผลการประเมินผลการปฏิบัติราชการ", "{{ draft_mark }}"),
            BETWEEN_PARTIES,
            ROUND_LINE)
    _tag(document, "for kpi in kpis")
    _p(document, "")
    _p(document, "ตัวชี้วัดที่ ", "{{ kpi.number_text }}", " ", "{{ kpi.name }}", style="DocHeading")
    _p(document, "{{ kpi.rule_text }}", style="Small")
    table = _grid_table(document, 5, [3.6, 2.2, 2.2, 2.0, 1.4, 1.6, 2.0])
    head, start, row, end, total = table.rows
    for index, label in enumerate(["อำเภอ", "{{ kpi.target_heading }}", "{{ kpi.done_heading }}",
                                   "{{ kpi.value_heading }}", "ระดับ", "หักคะแนน", "คะแนน"]):
        _cell(head.cells[index], label, style="TableHead")
    _mark_header(head)
    _row_loop(start, end, "for r in kpi.rows")
    for index, (name, style) in enumerate([("district", "TableText"), ("target", "TableNumber"),
                                           ("done", "TableNumber"), ("value", "TableNumber"),
                                           ("level", "TableCenter"), ("deducted", "TableNumber"),
                                           ("score", "TableNumber")]):
        _cell(row.cells[index], "{{ r." + name + " }}", style=style)
    _cell(total.cells[0], "รวมทั้งจังหวัด", style="TableHead")
    _cell(total.cells[1], "{{ kpi.total.target }}", style="TableNumber")
    _cell(total.cells[2], "{{ kpi.total.done }}", style="TableNumber")
    _cell(total.cells[3], "{{ kpi.total.value }}", style="TableNumber")
    _cell(total.cells[4], "{{ kpi.total.level }}", style="TableCenter")
    _cell(total.cells[6], "{{ kpi.total.score }}", style="TableNumber")
    _tag(document, "for note in kpi.notes")
    _p(document, "{{ note }}", style="Small")
    _tag(document, "endfor")
    _p(document, "{{ kpi.chart }}", style="TableCenter")
    _tag(document, "endfor")
    _tag(document, "for form in forms")
    heading = _p(document, "คะแนนรวมถ่วงน้ำหนัก ", "{{ form.title }}", style="DocHeading")
    heading.paragraph_format.page_break_before = True  # each form's ranking on a page of its own
    table = _grid_table(document, 4, [1.4, 3.6, 1.0, 2.0, 1.0, 2.4])
    head, start, row, end = table.rows
    _cell(head.cells[0], "อันดับ", style="TableHead")
    _cell(head.cells[1], "อำเภอ", style="TableHead")
    _cell(head.cells[2], "{%tc for h in form.headings %}", style="TableHead")
    _cell(head.cells[3], "{{ h }}", style="TableHead")
    _cell(head.cells[4], "{%tc endfor %}", style="TableHead")
    _cell(head.cells[5], "คะแนนถ่วงน้ำหนัก (เต็ม ๕)", style="TableHead")
    _mark_header(head)
    _row_loop(start, end, "for r in form.rows")
    _cell(row.cells[0], "{{ r.rank }}", style="TableCenter")
    _cell(row.cells[1], "{{ r.district }}")
    _cell(row.cells[2], "{%tc for s in r.scores %}")
    _cell(row.cells[3], "{{ s }}", style="TableNumber")
    _cell(row.cells[4], "{%tc endfor %}")
    _cell(row.cells[5], "{{ r.total }}", style="TableNumber")
    _p(document, "{{ form.rule_text }}", style="Small")
    _tag(document, "endfor")
    return document


def results_circular() -> Document:
    """หนังสือแจ้งผลการประเมิน: the circular that sends the results summary; the body names the first-ranked
    districts, the whole ranking is in the summary it sends (a letter of one page at any number of districts)."""
    document = _document()
    _page_numbers(document)
    _letterhead(document)
    _p(document, "")
    _p(document, "{{ date_text }}", style="DateLine")
    _p(document, "")
    _p(document, "เรื่อง", "\t", "{{ subject }}", style="Label")
    _p(document, "")
    _p(document, "เรียน", "\t", "{{ to }}", style="Label")
    _p(document, "")
    _enclosures(document)
    _p(document, "")
    _body(document)
    _p(document, "")
    _p(document, "{{ closing }}", style="Body")
    _p(document, "")
    # the close, the space to sign, the name and the first position line stay on one page
    signature = [_p(document, "ขอแสดงความนับถือ", style="Signature")]
    signature += [_p(document, "", style="Signature") for _ in range(3)]
    signature.append(_p(document, "(", "{{ signer.name }}", ")", style="Signature"))
    for paragraph in signature:
        paragraph.paragraph_format.keep_with_next = True
    _tag(document, "for line in signer.lines")
    _p(document, "{{ line }}", style="Signature")
    _tag(document, "endfor")
    _p(document, "")
    _p(document, "{{ office.name }}")
    _p(document, "{{ office.group }}")
    _p(document, "{{ office.phone_line }}")
    return document
