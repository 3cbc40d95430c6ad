"""The guideline sheets' template.
"""
from __future__ import annotations

from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Pt

from .parts import _body, _document, _lines, _p, _page_numbers, _tag, _titles


def guidelines() -> Document:
    """แนวทางการดำเนินงานเพื่อบรรลุตัวชี้วัด: one sheet per KPI, numbered afresh on each."""
    document = _document()
    _page_numbers(document)
    _tag(document, "for g in guidelines")
    _tag(document, "if not loop.first")
    breaker = document.add_paragraph()
    breaker.add_run().add_break(WD_BREAK.PAGE)
    _tag(document, "endif")
    _titles(document, ("{{ g.title }}", "{{ draft_mark }}"))
    _lines(document, "g.wording.round_line")
    _lines(document, "g.wording.audience_line")
    _p(document, "")
    _p(document, "ตัวชี้วัดที่ ", "{{ g.kpi_number }}", " ", "{{ g.name }}", style="DocHeading")
    _tag(document, "for section in g.sections")
    _p(document, "{{ section.heading }}", style="DocHeading")
    _body(document, "section.paragraphs", styles=("Body", "Step", "SubStep", "SubStep"))
    _tag(document, "endfor")
    _tag(document, "if g.remarks")
    _tag(document, "if g.remarks_heading")
    _p(document, "{{ g.remarks_heading }}", style="DocHeading")
    _tag(document, "endif")
    _tag(document, "for remark in g.remarks")
    _p(document, "{{ remark }}", style="Body")
    _tag(document, "endfor")
    _tag(document, "endif")
    _tag(document, "if g.owner")
    owner = _p(document, "ผู้รับผิดชอบ ", "{{ g.owner }}")  # body size, set apart from หมายเหตุ
    owner.paragraph_format.space_before = Pt(12)
    _tag(document, "endif")
    _tag(document, "endfor")
    return document
