"""The revision table's template (ตารางการปรับปรุงตัวชี้วัด).
"""
from __future__ import annotations

from docx import Document

from .parts import _cell, _document, _grid_table, _mark_header, _p, _page_numbers, _row_loop, _tag, _titles


def revision() -> Document:
    """การปรับปรุงรายละเอียดตัวชี้วัด: only the levels that changed (landscape)."""
    document = _document(landscape=True)
    _page_numbers(document)
    _titles(document,
            ("การปรับปรุงรายละเอียดตัวชี้วัดและค่าเป้าหมายการประเมินผลการปฏิบัติราชการ", "{{ draft_mark }}"),
            ("{{ round_title }}",),
            ("จังหวัด", "{{ province }}"))
    _tag(document, "if announced_by")
    _p(document, "แนบท้าย", "{{ announced_by }}", style="DocSubtitle")
    _tag(document, "endif")
    _p(document, "")
    table = _grid_table(document, 4, [1.4, 5.0, 1.8, 6.3, 6.3, 3.9])
    head, start, row, end = table.rows
    for index, label in enumerate(["ลำดับที่", "ชื่อตัวชี้วัด", "ระดับคะแนน", "เกณฑ์การประเมิน (เดิม)",
                                   "เกณฑ์การประเมิน (ใหม่)", "ผู้รับผิดชอบ"]):
        _cell(head.cells[index], label, style="TableHead")
    _mark_header(head)
    _row_loop(start, end, "for r in changes")
    _cell(row.cells[0], "{{ r.number }}", style="TableCenter")
    _cell(row.cells[1], "{{ r.kpi }}")
    _cell(row.cells[2], "{{ r.level }}", style="TableCenter")
    _cell(row.cells[3], "{{ r.old }}")
    _cell(row.cells[4], "{{ r.new }}")
    _cell(row.cells[5], "{{ r.owner }}")
    return document
