"""The stock Word templates in letter_templates/, built here so they can be restored.

Staff edit the .docx files in Word; ``python -m generator templates --restore``
writes these originals back. Each Jinja tag sits in a run of its own (docxtpl
needs a tag inside one run); loops over paragraphs, table rows and columns use
docxtpl's ``{%p``, ``{%tr`` and ``{%tc`` tags. The variables are listed in
letter_templates/GUIDE.md.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .. import ooxml

BODY_INDENT = Cm(2.5)
LABEL_TAB = Cm(2.5)  # one tab stop for the text after เรื่อง, เรียน, อ้างถึง and สิ่งที่ส่งมาด้วย


# ---------------------------------------------------------------- document and styles
def _document(landscape: bool = False) -> Document:
    document = Document()
    section = document.sections[0]
    width, height = ooxml.A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    ooxml.sections.set_a4_pages(document)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = ooxml.FONT
    normal.font.size = Pt(ooxml.SIZE_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    ooxml.set_run_font(normal.element.get_or_add_rPr(), size_pt=ooxml.SIZE_PT)
    ooxml.set_language(normal.element.get_or_add_rPr())
    _style(document, "Body", first_line=BODY_INDENT, justify=True)
    _style(document, "Item", first_line=BODY_INDENT, justify=True)
    _style(document, "SubItem", first_line=Cm(3.5), justify=True)
    _style(document, "SubSubItem", first_line=Cm(4.5), justify=True)
    # guideline steps: the number hangs, the text wraps under itself (no long first-line indent)
    _style(document, "Step", hanging=Cm(1.0))  # short items: left-aligned, no stretched spaces
    _style(document, "SubStep", left=Cm(1.0), hanging=Cm(1.25))
    _style(document, "DocTitle", center=True, bold=True, size=18)
    _style(document, "DocSubtitle", center=True, bold=True)
    _style(document, "DocHeading", bold=True, space_before=Pt(8), keep_next=True)
    _style(document, "Label", hanging=LABEL_TAB)
    _style(document, "Field", hanging=Cm(5.0), tab=Cm(5.0))
    _style(document, "Signature", left=Cm(7.0), center=True, keep_lines=True)  # close, space, name, position: one page
    _style(document, "DateLine", left=Cm(7.5))
    _style(document, "TableText", size=14)
    _style(document, "TableHead", size=14, bold=True, center=True)
    _style(document, "TableNumber", size=14, right=True)
    _style(document, "TableCenter", size=14, center=True)
    _style(document, "Small", size=14)
    return document


def _style(document, name, *, first_line=None, left=None, hanging=None, justify=False, center=False,
           right=False, bold=False, size=None, space_before=None, tab=None, keep_next=False, keep_lines=False):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    fmt = style.paragraph_format
    if first_line is not None:
        fmt.first_line_indent = first_line
    if left is not None:
        fmt.left_indent = left
    if hanging is not None:
        fmt.left_indent = (left or 0) + hanging
        fmt.first_line_indent = -hanging
    if tab is not None:
        fmt.tab_stops.add_tab_stop(tab)
    if justify:
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if center:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if right:
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if space_before is not None:
        fmt.space_before = space_before
    fmt.widow_control = True  # never one line of a paragraph alone at the foot or head of a page
    if keep_next:
        fmt.keep_with_next = True
    if keep_next or keep_lines:
        fmt.keep_together = True
    if bold:
        style.font.bold = True
    if size:
        style.font.size = Pt(size)
    ooxml.set_run_font(style.element.get_or_add_rPr(), size_pt=size, bold=True if bold else None)
    return style


def _p(container, *runs: str, style: str = "Normal", bold_first: bool = False):
    """A paragraph of runs: each string one run (so each Jinja tag stays whole); \\t is a tab."""
    paragraph = container.add_paragraph(style=style)
    for index, text in enumerate(runs):
        run = paragraph.add_run(text)
        if bold_first and index == 0:
            run.bold = True
    return paragraph


def _tag(container, tag: str):
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}): it disappears when rendered."""
    return _p(container, "{%p " + tag + " %}")


def _page_numbers(document) -> None:
    """"- ๒ -" centred at the top from page 2 (the first page has none)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" -")


def _no_borders(table) -> None:
    borders = ooxml.get_or_add(table._tbl.tblPr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        ooxml.get_or_add(borders, f"w:{edge}").set(qn("w:val"), "nil")


def _cell(cell, *runs: str, style: str = "TableText"):
    """Write into a table cell's first paragraph."""
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    for text in runs:
        paragraph.add_run(text)
    return paragraph


def _grid_table(container, rows: int, widths: list[float]):
    table = container.add_table(rows=rows, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    ooxml.set_column_widths(table, widths)
    return table


def _caption(table, text: str) -> None:
    """A table caption (Word: Table Properties > Alt Text) that tells the layout fixes what it is."""
    ooxml.get_or_add(table._tbl.tblPr, "w:tblCaption").set(qn("w:val"), text)


def _row_loop(start, end, loop: str) -> None:
    """docxtpl row tags: the rows between ``start`` and ``end`` repeat for each item of ``loop``;
    the two tag rows themselves disappear when rendered."""
    _cell(start.cells[0], "{%tr " + loop + " %}")
    _cell(end.cells[0], "{%tr endfor %}")


def _mark_header(row) -> None:
    ooxml.get_or_add(row._tr.get_or_add_trPr(), "w:tblHeader")


# ---------------------------------------------------------------- letter parts
def _letterhead(document, *, with_address: bool = True) -> None:
    _tag(document, "if emblem")
    _p(document, "{{ emblem }}", style="TableCenter")
    _tag(document, "else")
    spacer = _p(document, "")
    spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    spacer.paragraph_format.line_spacing = Cm(3.0)  # the emblem's 3 cm, kept empty
    _tag(document, "endif")
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    ooxml.set_column_widths(table, [8.5, 7.5])
    left, right = table.rows[0].cells
    left.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP  # ที่ on the line of ศาลากลางจังหวัด…
    _cell(left, "ที่ ", "{{ number_text }}", style="Normal")
    if with_address:
        _cell(right, "{{ office.letterhead }}", style="Normal")
        _tag(right, "for line in office.address_lines")
        _p(right, "{{ line }}")
        _tag(right, "endfor")


def _enclosures(document, label: str = "สิ่งที่ส่งมาด้วย") -> None:
    _tag(document, "for e in enclosures")
    paragraph = _p(document, "{% if loop.first %}" + label + "{% endif %}", "\t", "{{ e.title }}", "\t",
                   "{{ e.quantity }}", style="Normal")
    fmt = paragraph.paragraph_format
    fmt.left_indent = LABEL_TAB
    fmt.first_line_indent = -LABEL_TAB
    fmt.tab_stops.add_tab_stop(LABEL_TAB)
    fmt.tab_stops.add_tab_stop(Cm(11.5))
    _tag(document, "endfor")


def _body(document, variable: str = "body", styles=("Body", "Item", "SubItem", "SubSubItem"),
          keep_last: bool = False) -> None:
    """The body's paragraphs by level. ``keep_last``: the last one is kept with what follows
    (the close and the signature), so at least two lines of text go to the signing page."""
    _tag(document, f"for para in {variable}")
    if keep_last:
        _tag(document, "if loop.last")
        _body_levels(document, styles, keep=True)
        _tag(document, "else")
    _body_levels(document, styles)
    if keep_last:
        _tag(document, "endif")
    _tag(document, "endfor")


def _body_levels(document, styles, keep: bool = False) -> None:
    for level, style in enumerate(styles):
        _tag(document, "if para.level == 0" if level == 0 else
             "else" if level == len(styles) - 1 else f"elif para.level == {level}")
        paragraph = _p(document, "{{ para.text }}", style=style)
        if keep:
            paragraph.paragraph_format.keep_with_next = True
    _tag(document, "endif")


def _kept(paragraph):
    """A paragraph kept on the page of the one after it (the signature block's spacing)."""
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _office_footer(document) -> None:
    _p(document, "")
    _tag(document, "if qr")
    _p(document, "{{ qr }}")
    _p(document, "{{ qr_caption }}", style="Small").paragraph_format.space_after = Pt(12)  # apart from the office
    _tag(document, "endif")
    _p(document, "{{ office.name }}")
    _p(document, "{{ office.group }}")
    _p(document, "{{ office.phone_line }}")
    _tag(document, "if office.email")
    _p(document, "ไปรษณีย์อิเล็กทรอนิกส์ ", "{{ office.email }}")
    _tag(document, "endif")
    _tag(document, "if copy_to")
    _p(document, "")
    _p(document, "สำเนาส่ง")
    _tag(document, "for name in copy_to")
    _p(document, "{{ name }}", style="Item")
    _tag(document, "endfor")
    _tag(document, "endif")


def _signature_block(document, first: str, *runs: str, lines: str | None = None):
    """The close, the signing space, the name and the position lines as ONE paragraph with
    line breaks, kept together: LibreOffice honours "keep lines together" on a paragraph but
    splits a chain of short paragraphs each kept with the next."""
    paragraph = _p(document, first, style="Signature")
    for _ in range(4):  # three blank lines to sign in
        paragraph.add_run().add_break()
    for text in runs:
        paragraph.add_run(text)
    if lines:
        paragraph.add_run("{% " + lines + " %}")
        paragraph.add_run().add_break()
        paragraph.add_run("{{ line }}")
        paragraph.add_run("{% endfor %}")
    return paragraph


def circular() -> Document:
    """หนังสือภายนอก / หนังสือเวียน"""
    document = _document()
    _page_numbers(document)
    _letterhead(document)
    _p(document, "")
    _p(document, "{{ date_text }}", style="DateLine")
    _p(document, "")
    _p(document, "เรื่อง", "\t", "{{ letter.subject }}", style="Label")
    _p(document, "")
    _p(document, "{{ salutation }}", "\t", "{{ letter.to }}", style="Label")
    _p(document, "")
    _tag(document, "for r in references")
    _p(document, "{% if loop.first %}อ้างถึง{% endif %}", "\t", "{{ r.text }}", style="Label")
    _tag(document, "endfor")
    _tag(document, "if references")
    _p(document, "")
    _tag(document, "endif")
    _enclosures(document)
    _tag(document, "if enclosures")
    _p(document, "")
    _tag(document, "endif")
    _body(document, keep_last=True)
    _tag(document, "if closing")
    _kept(_p(document, ""))
    _kept(_p(document, "{{ closing }}", style="Body"))
    _tag(document, "endif")
    _kept(_p(document, ""))
    _signature_block(document, "{{ complimentary_close }}", "(", "{{ signer.name }}", ")",
                     lines="for line in signer.lines")
    _office_footer(document)
    return document


def stamped() -> Document:
    """หนังสือประทับตรา: ถึง instead of เรียน; the office's name and date at the bottom right."""
    document = _document()
    _page_numbers(document)
    _letterhead(document, with_address=False)
    _p(document, "")
    _p(document, "ถึง", "\t", "{{ letter.to }}", style="Label")
    _p(document, "")
    _enclosures(document)
    _tag(document, "if enclosures")
    _p(document, "")
    _tag(document, "endif")
    _body(document, keep_last=True)
    _kept(_p(document, ""))
    _kept(_p(document, ""))
    _signature_block(document, "{{ office.name }}", "{{ date_text }}")  # the space is for the stamp and initials
    _p(document, "")
    _p(document, "{{ office.group }}")
    _p(document, "{{ office.phone_line }}")
    _tag(document, "if office.email")
    _p(document, "ไปรษณีย์อิเล็กทรอนิกส์ ", "{{ office.email }}")
    _tag(document, "endif")
    return document


# ---------------------------------------------------------------- KPI documents
# the title lines every KPI document of a round carries under its own title
BETWEEN_PARTIES = ("ระหว่าง ", "{{ parties[0] }}", " กับ ", "{{ parties[1] }}")
ROUND_LINE = ("{{ round_title }}", " (", "{{ period_text }}", ")")


def _lines(document, variable: str, style: str = "DocSubtitle") -> None:
    """A phrase of generator/reading/wording.py: one paragraph per line, none when the data leaves it blank."""
    _tag(document, f"for line in {variable}")
    _p(document, "{{ line }}", style=style)
    _tag(document, "endfor")


def _titles(document, *lines: str) -> None:
    for index, line in enumerate(lines):
        _p(document, *([line] if isinstance(line, str) else line), style="DocTitle" if index == 0 else "DocSubtitle")


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


# ---------------------------------------------------------------- results of a round
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


STOCK = {
    "circular.docx": circular,
    "stamped.docx": stamped,
    "agreement.docx": agreement,
    "kpi_sheets.docx": kpi_sheets,
    "guidelines.docx": guidelines,
    "report_form.docx": report_form,
    "revision.docx": revision,
    "results_summary.docx": results_summary,
    "results_circular.docx": results_circular,
}


def write_stock_templates(folder: Path, only_missing: bool = False) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in STOCK.items():
        path = folder / name
        if only_missing and path.exists():
            continue
        document = build()
        ooxml.package.drop_stale_parts(document)
        ooxml.runs.set_thai_fonts(document)
        ooxml.package.set_fixed_properties(document, title=name.removesuffix(".docx"))
        import io

        buffer = io.BytesIO()
        document.save(buffer)
        path.write_bytes(ooxml.deterministic_zip(buffer.getvalue()))
        written.append(path)
    return written
