"""Tables: header rows that repeat, rows that do not split, widths that fill the page,
and a landscape section of its own for a table too wide for portrait."""
from __future__ import annotations

import copy
import functools
import re

from docx.document import Document
from docx.oxml import OxmlElement
from .names import qn

from .paragraphs import paragraph_properties
from .order import get_or_add, insert_in_order
from .runs import run_properties
from .sections import is_landscape, number_pages_after_first, section_of


def set_table_rows(document: Document, header_rows: int = 1) -> None:
    """Header rows repeat on every page; a row does not split across pages."""
    for table in document.element.body.iter(qn("w:tbl")):
        rows = table.findall(qn("w:tr"))
        marked = [row for row in rows if _row_property(row, "w:tblHeader") is not None]
        if not marked and _has_borders(table) and len(rows) > header_rows:
            for row in rows[:header_rows]:
                _set_row_property(row, "w:tblHeader")
        for row in rows:
            _set_row_property(row, "w:cantSplit")


def _has_borders(table) -> bool:
    """Layout tables (ที่ | address) have no borders and no header."""
    style = table.find(qn("w:tblPr") + "/" + qn("w:tblStyle"))
    return style is not None and "Grid" in (style.get(qn("w:val")) or "")


def _row_property(row, tag):
    trpr = row.find(qn("w:trPr"))
    return None if trpr is None else trpr.find(qn(tag))


def _set_row_property(row, tag) -> None:
    trpr = row.find(qn("w:trPr"))
    if trpr is None:
        trpr = OxmlElement("w:trPr")
        tblpr_ex = row.find(qn("w:tblPrEx"))
        (tblpr_ex.addnext(trpr) if tblpr_ex is not None else row.insert(0, trpr))
    get_or_add(trpr, tag)


def fit_wide_tables(body, landscape_above: int = 7) -> None:
    """A data table too wide for portrait gets a landscape section of its own, and
    tables of many columns a smaller type, so that every column fits the page.
    ``body`` is the w:body element of a rendered document."""
    readings: dict = {}  # each table's paragraphs read once for its widths and its rows' heights (:class:`_Readings`)
    for table in list(body.iterchildren(qn("w:tbl"))):
        columns = len(table.findall(qn("w:tblGrid") + "/" + qn("w:gridCol")))
        section = section_of(table)
        if columns > 8:
            # 12 pt, the smallest a clerk reads easily, unless the columns' unbreakable words do not fit
            # a landscape page at that size: then 11, then 10 (the OTOP table's 13 columns)
            width = _landscape_width(section)
            for size in MIN_TABLE_SIZES:
                _table_font_size(table, size)
                if width is None or sum(content_widths(table, columns)) <= width:
                    break
        elif columns > 6:
            _table_font_size(table, 13)
        read = readings[table] = _Readings()  # its type size is settled
        if section is None:
            continue
        if columns <= landscape_above or not _has_borders(table) or is_landscape(section):
            if _has_borders(table):
                fit_table_widths(table, text_width(section), read)
            continue
        # the section before the table ends at the previous paragraph (portrait, as its own section);
        # the table's section ends at the paragraph after it (landscape).
        before = table.getprevious()
        if before is not None and before.tag == qn("w:p") and "".join(before.itertext()).strip():
            before = before.getprevious()  # the table's title goes to the landscape page with it
        after = table.getnext()
        if before is None or before.tag != qn("w:p") or after is None or after.tag != qn("w:p"):
            continue
        portrait = copy.deepcopy(section)
        get_or_add(portrait, "w:type").set(qn("w:val"), "nextPage")
        insert_in_order(paragraph_properties(before), portrait)
        landscape = copy.deepcopy(portrait)
        size = landscape.find(qn("w:pgSz"))
        width, height = size.get(qn("w:w")), size.get(qn("w:h"))
        size.set(qn("w:w"), height)
        size.set(qn("w:h"), width)
        size.set(qn("w:orient"), "landscape")
        insert_in_order(paragraph_properties(after), landscape)
        fit_table_widths(table, text_width(landscape), read)
    for table in body.iterchildren(qn("w:tbl")):
        if _has_borders(table):
            split_tall_rows(table, readings.get(table))
    number_pages_after_first(body)


LINE_HEIGHT = 1.3  # a line of TH SarabunPSK, in type sizes (16 pt sets 20.8 pt lines)
TALL_ROW = 1 / 3  # of the text height: a row taller than this may split over two pages


def split_tall_rows(table, read=None) -> None:
    """A row estimated taller than a third of the page's text height may split over two pages
    (the header row repeats above the rest): kept whole, it leaves most of a page empty before it.
    The height is estimated from each cell's text, its type size and its column's width; ``read``: the
    table's :class:`_Readings`, when its paragraphs were read already."""
    section = section_of(table)
    if section is None or section.find(qn("w:pgSz")) is None or section.find(qn("w:pgMar")) is None:
        return
    size, margins = section.find(qn("w:pgSz")), section.find(qn("w:pgMar"))
    page_height = (int(size.get(qn("w:h"))) - int(margins.get(qn("w:top"))) - int(margins.get(qn("w:bottom")))) / 20
    widths = [int(c.get(qn("w:w")) or 0) for c in table.findall(qn("w:tblGrid") + "/" + qn("w:gridCol"))]
    for row in table.iterchildren(qn("w:tr")):
        if _row_property(row, "w:cantSplit") is None or _row_property(row, "w:tblHeader") is not None:
            continue
        if row_height_pt(row, widths, read) > TALL_ROW * page_height:
            trpr = row.find(qn("w:trPr"))
            trpr.remove(trpr.find(qn("w:cantSplit")))


def row_height_pt(row, widths: list[int], read=None) -> float:
    """The estimated height of a table row, in points: its tallest cell's lines."""
    from ..base.fonts import text_width_pt

    read = read if read is not None else _paragraph_text_size_and_weight

    tallest, index = 0.0, 0
    for cell in row.iterchildren(qn("w:tc")):
        span = _grid_span(_child(cell, qn("w:tcPr")))
        width = (sum(widths[index:index + span]) - 2 * DEFAULT_CELL_MARGIN) / TWIPS_PER_PT
        index += span
        height = 0.0
        for paragraph in cell.iter(qn("w:p")):
            text, size, bold = read(paragraph)
            lines = max(1, -(-int(text_width_pt(text, size, bold)) // max(1, int(width)))) if text.strip() else 1
            height += lines * size * LINE_HEIGHT
        tallest = max(tallest, height)
    return tallest


def set_column_widths(table, widths_cm: list[float]) -> None:
    """Column widths of a python-docx table: the grid, the cells and a fixed layout agree to
    the twip, so a re-save in Word or LibreOffice keeps them (the grid is also what
    fit_table_widths reads)."""
    twips = [round(width * 567) for width in widths_cm]
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), twips):
        column.set(qn("w:w"), str(width))
    set_cell_widths(table._tbl, twips)


def set_cell_widths(table, widths: list[int]) -> None:
    """Every cell's w:tcW from the grid's widths (twips; a merged cell spans several), and
    a fixed layout: with an autofit layout Word and LibreOffice recompute the columns from
    their content when they save, and narrow columns break inside words."""
    tblpr = table.find(qn("w:tblPr"))
    get_or_add(tblpr, "w:tblLayout").set(qn("w:type"), "fixed")
    tcpr_tag, width_tag, width_attribute, type_attribute = qn("w:tcPr"), qn("w:tcW"), qn("w:w"), qn("w:type")
    for row in table.iterchildren(qn("w:tr")):
        index = 0
        for cell in row.iterchildren(qn("w:tc")):
            tcpr = _child(cell, tcpr_tag)
            if tcpr is None:
                tcpr = OxmlElement("w:tcPr")
                cell.insert(0, tcpr)
            span = _grid_span(tcpr)
            cell_width = _child(tcpr, width_tag)
            if cell_width is None or not _first_in_cell_properties(cell_width):
                # in its place even when found: docxtpl's {% colspan %} puts w:gridSpan first
                cell_width = insert_in_order(tcpr, get_or_add(tcpr, "w:tcW"))
            cell_width.set(width_attribute, str(sum(widths[index:index + span])))
            cell_width.set(type_attribute, "dxa")
            index += span


def _grid_span(tcpr) -> int:
    """How many grid columns a cell spans (w:gridSpan of its w:tcPr; 1 without one)."""
    if tcpr is None:
        return 1
    span = _child(tcpr, qn("w:gridSpan"))
    return int(span.get(qn("w:val"))) if span is not None else 1


def _child(parent, tag: str):
    """The first child ``tag`` of ``parent``, or None: a walk over the children, which for a cell
    (w:tcPr comes first) and its few properties costs less than lxml's find, a path search."""
    for child in parent:
        if child.tag == tag:
            return child
    return None


def _first_in_cell_properties(cell_width) -> bool:
    """w:tcW already in its schema place: first in w:tcPr, or after w:cnfStyle, the one child the
    schema puts before it (most cells of a template: nothing to move)."""
    before = cell_width.getprevious()
    return before is None or (before.tag == qn("w:cnfStyle") and before.getprevious() is None)


def grids_match_cells(tree) -> bool:
    """Every table's grid has as many columns as its widest row has cells, counting spans, so
    docxtpl's column fixing for ``{%tc %}`` loops (``DocxTemplate.fix_tables``) would change
    nothing: its two tests, with a cell's properties found by walking its children. False as
    well for a document that test cannot read the same way (no w prefix, a table without a grid),
    so that docxtpl's own pass handles it.

    >>> from lxml import etree
    >>> W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    >>> grids_match_cells(etree.fromstring(f'<w:body {W}><w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>'
    ...     '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr></w:tc></w:tr></w:tbl></w:body>'))
    True
    >>> grids_match_cells(etree.fromstring(f'<w:body {W}><w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>'
    ...     '<w:tr><w:tc/><w:tc/></w:tr></w:tbl></w:body>'))
    False
    """
    if tree.nsmap.get("w") != qn("w:tbl")[1:].split("}")[0]:
        return False
    row_tag, cell_tag, tcpr_tag = qn("w:tr"), qn("w:tc"), qn("w:tcPr")
    for table in tree.iter(qn("w:tbl")):
        grid = table.find(qn("w:tblGrid"))
        if grid is None:
            return False
        columns = len(grid.findall(qn("w:gridCol")))
        widest = 0
        for row in table.iter(row_tag):  # as docxtpl: every row below the table, a nested table's too
            cells = row.findall(cell_tag)
            if len(cells) > columns:
                return False  # docxtpl adds columns
            spanned = 0
            for cell in cells:
                tcpr = _child(cell, tcpr_tag)
                span = None if tcpr is None else _child(tcpr, qn("w:gridSpan"))
                if span is None:
                    spanned += 1
                elif (span.get(qn("w:val")) or "").isdigit():
                    spanned += int(span.get(qn("w:val")))
                else:
                    return False  # docxtpl's own pass says what it makes of it
            widest = max(widest, spanned)
        if columns > widest:
            return False  # docxtpl removes columns
    return True


def caption_column_loop_tables(document: Document) -> None:
    """A table whose columns a ``{%tc %}`` loop repeats takes its columns from data: give it the
    district-table caption when it has none (LibreOffice drops w:tblCaption when it saves)."""
    for table in document.element.body.iter(qn("w:tbl")):
        tblpr = table.find(qn("w:tblPr"))
        if tblpr is None or tblpr.find(qn("w:tblCaption")) is not None:
            continue
        if re.search(r"\{%-?\s*tc\s", "".join(table.itertext())):
            get_or_add(tblpr, "w:tblCaption").set(qn("w:val"), DISTRICT_TABLE)


DISTRICT_TABLE = "district-table"  # caption the templates give a table whose columns come from data


MIN_TABLE_SIZES = (12, 11, 10)  # points, tried in turn for a table of many columns


def _landscape_width(sect) -> int | None:
    """The text width of a landscape page of ``sect``, in twips (None without a section)."""
    if sect is None or sect.find(qn("w:pgSz")) is None or sect.find(qn("w:pgMar")) is None:
        return None
    size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    long_side = max(int(size.get(qn("w:w"))), int(size.get(qn("w:h"))))
    return long_side - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))


def text_width(sect) -> int:
    """Width between the margins of a section, in twips."""
    size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    return int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))


def fit_table_widths(table, available: int, read=None) -> None:
    """Columns that fill the text width. A district table (columns from data) gets a narrow
    first column (ที่), a wider second (อำเภอ) and equal shares for the figures; other tables
    keep their designed proportions."""
    grid = table.find(qn("w:tblGrid"))
    if grid is None:
        return
    columns = grid.findall(qn("w:gridCol"))
    caption = table.find(qn("w:tblPr") + "/" + qn("w:tblCaption"))
    if caption is not None and caption.get(qn("w:val")) == DISTRICT_TABLE and len(columns) > 2:
        first, second = (0.04, 0.10) if len(columns) > 10 else (0.06, 0.16) if len(columns) > 6 else (0.08, 0.25)
        _narrow_cell_margins(table)
        rest = (1 - first - second) / (len(columns) - 2)
        shares = [first, second] + [rest] * (len(columns) - 2)
    else:
        widths = [int(c.get(qn("w:w")) or 0) for c in columns]
        total = sum(widths) or 1
        shares = [w / total for w in widths]
    widths = widths_for_content([int(available * share) for share in shares],
                                content_widths(table, len(columns), read))
    for column, width in zip(columns, widths):
        column.set(qn("w:w"), str(width))
    tblpr = table.find(qn("w:tblPr"))
    table_width = get_or_add(tblpr, "w:tblW")
    table_width.set(qn("w:w"), str(sum(widths)))
    table_width.set(qn("w:type"), "dxa")
    set_cell_widths(table, widths)


TWIPS_PER_PT = 20
DEFAULT_CELL_MARGIN = 108  # twips each side: Word's and LibreOffice's default
TABLE_SIZE_PT = 14  # the table styles' size when a run names none


def content_widths(table, count: int, read=None) -> list[int]:
    """The narrowest each column can be, in twips: its widest unbreakable piece of text
    (a number, a word, a number with its unit) plus the cell margins. Cells spanning
    several columns do not count. ``read``: the table's :class:`_Readings`."""
    read = read if read is not None else _paragraph_text_size_and_weight
    margin = DEFAULT_CELL_MARGIN
    margins = table.find(qn("w:tblPr") + "/" + qn("w:tblCellMar"))
    if margins is not None and margins.find(qn("w:left")) is not None:
        margin = int(margins.find(qn("w:left")).get(qn("w:w")) or margin)
    needed = [0] * count
    tcpr_tag, paragraph_tag = qn("w:tcPr"), qn("w:p")
    for row in table.iterchildren(qn("w:tr")):
        index = 0
        for cell in row.iterchildren(qn("w:tc")):
            span = _grid_span(_child(cell, tcpr_tag))
            if span == 1 and index < count:
                for paragraph in cell.iter(paragraph_tag):
                    text, size, bold = read(paragraph)
                    if not text.strip():
                        continue
                    widest = widest_part_pt(text, size, bold)
                    # a tenth more: justification and the layout's rounding need a little room
                    needed[index] = max(needed[index], int(widest * TWIPS_PER_PT * 1.1) + 2 * margin)
            index += span
    return needed


@functools.lru_cache(maxsize=20_000)  # the same headings, names and figures recur in every document
def widest_part_pt(text: str, size: float, bold: bool) -> float:
    """Width in points of the widest piece of ``text`` no line may break."""
    from ..base.fonts import text_width_pt
    from ..thai.breaks import unbreakable_parts

    return max(text_width_pt(part, size, bold) for part in unbreakable_parts(text))


_TEXT, _SIZE_CS, _SIZE, _BOLD = qn("w:t"), qn("w:szCs"), qn("w:sz"), qn("w:b")
_STYLE = qn("w:pPr") + "/" + qn("w:pStyle")


def _paragraph_text_size_and_weight(paragraph) -> tuple[str, float, bool]:
    """The paragraph's text, its type size (its first w:szCs, else its first w:sz, else the table
    styles') and whether it is bold (a w:b in it, or a heading style: TableHead is bold); one walk
    over the paragraph finds all three.

    >>> from lxml import etree
    >>> W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    >>> _paragraph_text_size_and_weight(etree.fromstring(f'<w:p {W}><w:pPr><w:pStyle w:val="TableHead"/></w:pPr>'
    ...     '<w:r><w:rPr><w:sz w:val="28"/><w:szCs w:val="24"/></w:rPr><w:t>รวม</w:t></w:r><w:r><w:t> ๑๒</w:t></w:r></w:p>'))
    ('รวม ๑๒', 12.0, True)
    >>> _paragraph_text_size_and_weight(etree.fromstring(f'<w:p {W}><w:r><w:t>x</w:t></w:r></w:p>'))
    ('x', 14, False)
    """
    texts, size_cs, size, bold = [], None, None, False
    for element in paragraph.iter(_TEXT, _SIZE_CS, _SIZE, _BOLD):
        tag = element.tag
        if tag == _TEXT:
            texts.append(element.text or "")
        elif tag == _SIZE_CS:
            size_cs = element if size_cs is None else size_cs
        elif tag == _SIZE:
            size = element if size is None else size
        else:
            bold = True
    if size_cs is not None:
        size = size_cs
    if not bold:
        style = paragraph.find(_STYLE)
        bold = style is not None and "Head" in (style.get(qn("w:val")) or "")
    return "".join(texts), (int(size.get(qn("w:val"))) / 2 if size is not None else TABLE_SIZE_PT), bold


class _Readings(dict):
    """What :func:`_paragraph_text_size_and_weight` gives for each paragraph of one table, read once for the passes
    that change neither its text nor its type (its columns' widths, its rows' heights), called as that function is.

    >>> from lxml import etree
    >>> W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    >>> paragraph, read = etree.fromstring(f'<w:p {W}><w:r><w:t>x</w:t></w:r></w:p>'), _Readings()
    >>> read(paragraph), read(paragraph) is read(paragraph), len(read)
    (('x', 14, False), True, 1)
    """

    def __call__(self, paragraph) -> tuple[str, float, bool]:
        found = self.get(paragraph)
        if found is None:
            found = self[paragraph] = _paragraph_text_size_and_weight(paragraph)
        return found


def widths_for_content(widths: list[int], needed: list[int]) -> list[int]:
    """Column widths, each at least what its content needs, the extra taken from the columns
    with room to spare in proportion to their widths (equal columns stay equal); the total
    stays the same when it can.

    >>> widths_for_content([100, 600, 300], [200, 100, 100])
    [200, 534, 267]
    >>> widths_for_content([100, 300, 300], [150, 100, 120])
    [150, 275, 275]
    >>> widths_for_content([100, 100], [150, 150])
    [150, 150]
    """
    short = sum(max(0, n - w) for w, n in zip(widths, needed))
    if short == 0:
        return widths
    donors = sum(w for w, n in zip(widths, needed) if w > n)
    return [n if n >= w else max(n, w - int(short * w / donors)) for w, n in zip(widths, needed)]


def _narrow_cell_margins(table, twips: int = 57) -> None:
    tblpr = table.find(qn("w:tblPr"))
    margins = get_or_add(tblpr, "w:tblCellMar")
    for side in ("left", "right"):
        element = get_or_add(margins, f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")


def _table_font_size(table, size_pt: int) -> None:
    for run in table.iter(qn("w:r")):
        rpr = run_properties(run)
        for tag in ("w:sz", "w:szCs"):
            get_or_add(rpr, tag).set(qn("w:val"), str(size_pt * 2))


