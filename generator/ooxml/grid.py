"""Tables made whole from data, as WordprocessingML: an agreement table whose columns are the
office's own, a KPI sheet's tables as typed. Header rows repeat on every page, a row never
splits, a cell may span columns (w:gridSpan) and header rows (w:vMerge), a typed line break
is a w:br. The table carries the template's styles (TableGrid, TableText, TableHead …), so
the layout fixes that run on every rendered document (widths, type size) fit it to the page.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .names import NAMESPACES, qn, xml_text
from .runs import FONT, LANGUAGE

CM = 567  # twips


@dataclass(frozen=True)
class GridCell:
    """One cell: its paragraphs (a "\\n" inside one is a typed line break), its paragraph style,
    how many columns it spans, and its place in a vertical merge ("restart" above, "continue" below)."""

    paragraphs: tuple[str, ...] = ("",)
    style: str = "TableText"
    span: int = 1
    merge: str | None = None
    bold: bool = False


def cell(text: str | list[str] | tuple[str, ...] = "", style: str = "TableText", **options) -> GridCell:
    """A cell of one or several paragraphs.

    >>> cell("ก", span=2).span, cell(["ก", "ข"]).paragraphs
    (2, ('ก', 'ข'))
    """
    paragraphs = (text,) if isinstance(text, str) else tuple(text) or ("",)
    return GridCell(paragraphs, style, **options)


@dataclass
class GridTable:
    """Rows of cells over columns of the given widths (cm); the first ``header_rows`` repeat on each page."""

    widths: list[float]
    rows: list[list[GridCell]] = field(default_factory=list)
    header_rows: int = 1
    caption: str | None = None


def _element(tag: str, parent=None, **attributes):
    element = etree.Element(qn(tag), nsmap={"w": NAMESPACES["w"]}) if parent is None \
        else etree.SubElement(parent, qn(tag))
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _run_properties(parent, bold: bool) -> None:
    rpr = _element("w:rPr", parent)
    _element("w:rFonts", rpr, ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT)
    if bold:
        _element("w:b", rpr)
        _element("w:bCs", rpr)
    _element("w:lang", rpr, val=LANGUAGE, bidi=LANGUAGE)


def _paragraph(parent, text: str, style: str, bold: bool) -> None:
    paragraph = _element("w:p", parent)
    _element("w:pStyle", _element("w:pPr", paragraph), val=style)
    if not text:
        return
    run = _element("w:r", paragraph)
    _run_properties(run, bold)
    for index, line in enumerate(xml_text(text).split("\n")):
        if index:
            _element("w:br", run)
        if line:
            element = _element("w:t", run)
            element.text = line
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def grid_table(table: GridTable):
    """The w:tbl element of ``table``."""
    twips = [round(width * CM) for width in table.widths]
    tbl = _element("w:tbl")
    tblpr = _element("w:tblPr", tbl)
    _element("w:tblStyle", tblpr, val="TableGrid")
    _element("w:tblW", tblpr, type="dxa", w=sum(twips))
    _element("w:jc", tblpr, val="center")
    _element("w:tblLayout", tblpr, type="fixed")
    _element("w:tblLook", tblpr, val="04A0", firstRow=1, lastRow=0, firstColumn=1, lastColumn=0, noHBand=0, noVBand=1)
    if table.caption:
        _element("w:tblCaption", tblpr, val=table.caption)
    grid = _element("w:tblGrid", tbl)
    for width in twips:
        _element("w:gridCol", grid, w=width)
    for index, cells in enumerate(table.rows):
        row = _element("w:tr", tbl)
        trpr = _element("w:trPr", row)
        _element("w:cantSplit", trpr)
        if index < table.header_rows:
            _element("w:tblHeader", trpr)
        column = 0
        for spec in cells:
            tc = _element("w:tc", row)
            tcpr = _element("w:tcPr", tc)
            _element("w:tcW", tcpr, type="dxa", w=sum(twips[column:column + spec.span]))
            if spec.span > 1:
                _element("w:gridSpan", tcpr, val=spec.span)
            if spec.merge:
                _element("w:vMerge", tcpr, val=spec.merge)
            for text in spec.paragraphs if spec.merge != "continue" else ("",):
                _paragraph(tc, text, spec.style, spec.bold)
            column += spec.span
    return tbl


def grid_table_xml(table: GridTable) -> str:
    """``table`` as the XML text a template prints in place of a ``{{p … }}`` paragraph.

    >>> xml = grid_table_xml(GridTable([2.0, 3.0], [[cell("ที่", "TableHead"), cell("ชื่อ\\nสกุล")]]))
    >>> "<w:gridCol w:w=\\"1134\\"/>" in xml, "<w:br/>" in xml, "<w:tblHeader/>" in xml
    (True, True, True)
    """
    text = etree.tostring(grid_table(table), encoding="unicode")
    # the namespace is declared by the document: the element is written without its own declaration
    return text.replace(f' xmlns:w="{NAMESPACES["w"]}"', "")
