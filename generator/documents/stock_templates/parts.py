"""The pieces every stock template is built from: the page and styles, paragraphs holding one Jinja tag per run,
tables and their row loops, the letterhead, enclosures, body levels and titles.
"""
from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ... import ooxml

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
