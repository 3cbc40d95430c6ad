"""Every raw-OOXML fix in one place, applied to a rendered document.

python-docx's friendly API leaves out what Thai official documents need:

- ``font.name`` sets only w:ascii/w:hAnsi: Thai text is *complex script* and takes
  w:cs, w:szCs and w:bCs, or Word and LibreOffice pick another font;
- python-docx's default template is US Letter: official paper is A4 with margins
  left 3 cm, right 2 cm, top 2.5 cm, bottom 2 cm;
- LibreOffice drops Word's ``thaiDistribute`` justification: ``both`` justifies Thai;
- table header rows must repeat on each page, and rows should not split;
- a document's properties carry times: fixed ones make identical inputs give identical files.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from typing import Iterable

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

FONT = "TH SarabunPSK"
SIZE_PT = 16
LANGUAGE = "th-TH"
A4 = (Cm(21.0), Cm(29.7))
MARGINS = {"left": Cm(3), "right": Cm(2), "top": Cm(2.5), "bottom": Cm(2)}
THAI = re.compile(r"[\u0e00-\u0e7f]")
FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)  # no build time in the file


def set_run_font(rpr, font: str = FONT, size_pt: float | None = None, bold: bool | None = None) -> None:
    """Name the font for every script of a run (or style) and give Thai its size and weight."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), font)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            _child(rpr, tag).set(qn("w:val"), str(int(round(size_pt * 2))))
    elif rpr.find(qn("w:sz")) is not None:
        # a size set for Latin text only must hold for Thai text too
        _child(rpr, "w:szCs").set(qn("w:val"), rpr.find(qn("w:sz")).get(qn("w:val")))
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            element = _child(rpr, tag)
            element.set(qn("w:val"), "1" if bold else "0")
    elif rpr.find(qn("w:b")) is not None and rpr.find(qn("w:bCs")) is None:
        b_cs = OxmlElement("w:bCs")
        value = rpr.find(qn("w:b")).get(qn("w:val"))
        if value is not None:
            b_cs.set(qn("w:val"), value)
        rpr.find(qn("w:b")).addnext(b_cs)


def set_language(rpr, language: str = LANGUAGE) -> None:
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:bidi"), language)  # Thai is complex script: its language goes in w:bidi too


_RPR_ORDER = ["w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
              "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
              "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"]


def _child(parent, tag: str):
    """The child ``tag`` of a w:rPr, created in schema order when missing."""
    element = parent.find(qn(tag))
    if element is not None:
        return element
    element = OxmlElement(tag)
    if tag in _RPR_ORDER:
        rank = _RPR_ORDER.index(tag)
        for index, existing in enumerate(parent):
            name = existing.tag.replace("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}", "w:")
            if name in _RPR_ORDER and _RPR_ORDER.index(name) > rank:
                parent.insert(index, element)
                return element
    parent.append(element)
    return element


def _runs(element) -> Iterable:
    return element.iter(qn("w:r"))


def fix_fonts(document: Document, tag_all_runs: bool = False) -> None:
    """TH SarabunPSK for every script in every style and run; Thai language on Thai runs
    (on every run of a template, whose runs are filled with Thai text later)."""
    styles = document.styles.element
    for rpr in styles.iter(qn("w:rPr")):
        set_run_font(rpr)
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        for rpr in defaults.iter(qn("w:rPr")):
            set_language(rpr)
    for part in _story_parts(document):
        for run in _runs(part):
            rpr = run.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                run.insert(0, rpr)
            set_run_font(rpr)
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            if tag_all_runs or THAI.search(text):
                set_language(rpr)


def _story_parts(document: Document):
    yield document.element.body
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if part is not None and not part.is_linked_to_previous:
                yield part._element


def fix_justification(document: Document) -> None:
    """``thaiDistribute`` → ``both``: LibreOffice renders thaiDistribute as left-aligned."""
    for jc in document.element.iter(qn("w:jc")):
        if jc.get(qn("w:val")) in ("thaiDistribute", "distribute"):
            jc.set(qn("w:val"), "both")
    for jc in document.styles.element.iter(qn("w:jc")):
        if jc.get(qn("w:val")) in ("thaiDistribute", "distribute"):
            jc.set(qn("w:val"), "both")


def fix_page_setup(document: Document) -> None:
    """A4 and the official margins, keeping each section's orientation."""
    for section in document.sections:
        landscape = section.orientation == WD_ORIENT.LANDSCAPE or section.page_width > section.page_height
        width, height = A4
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
        section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
        section.header_distance, section.footer_distance = Cm(1.25), Cm(1.0)


def fix_tables(document: Document, header_rows: int = 1) -> None:
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
    if trpr.find(qn(tag)) is None:
        trpr.append(OxmlElement(tag))


def fit_wide_tables(body, landscape_above: int = 7) -> None:
    """A data table too wide for portrait gets a landscape section of its own, and
    tables of many columns a smaller type, so that every column fits the page.
    ``body`` is the w:body element of a rendered document."""
    for table in list(body.iterchildren(qn("w:tbl"))):
        columns = len(table.findall(qn("w:tblGrid") + "/" + qn("w:gridCol")))
        if columns > 12:
            _table_font_size(table, 10)
        elif columns > 8:
            _table_font_size(table, 12)
        elif columns > 6:
            _table_font_size(table, 13)
        section = _section_of(table)
        if section is None:
            continue
        if columns <= landscape_above or not _has_borders(table) or _is_landscape(section):
            if _has_borders(table):
                fit_table_widths(table, _text_width(section))
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
        _strip_headers(portrait)
        portrait_type = OxmlElement("w:type")
        portrait_type.set(qn("w:val"), "nextPage")
        portrait.insert(0, portrait_type)
        _ppr(before).append(portrait)
        landscape = copy.deepcopy(portrait)
        size = landscape.find(qn("w:pgSz"))
        width, height = size.get(qn("w:w")), size.get(qn("w:h"))
        size.set(qn("w:w"), height)
        size.set(qn("w:h"), width)
        size.set(qn("w:orient"), "landscape")
        _ppr(after).append(landscape)
        fit_table_widths(table, _text_width(landscape))


def set_column_widths(table, widths_cm: list[float]) -> None:
    """Column widths of a python-docx table, in the grid as well as the cells: the grid is
    what Word, LibreOffice and fit_table_widths read."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
        column.set(qn("w:w"), str(int(width * 567)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


DISTRICT_TABLE = "district-table"  # caption the templates give a table whose columns come from data


def _text_width(sect) -> int:
    """Width between the margins of a section, in twips."""
    size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    return int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))


def fit_table_widths(table, available: int) -> None:
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
    widths = [int(available * share) for share in shares]
    for column, width in zip(columns, widths):
        column.set(qn("w:w"), str(width))
    tblpr = table.find(qn("w:tblPr"))
    table_width = tblpr.find(qn("w:tblW"))
    if table_width is None:
        table_width = OxmlElement("w:tblW")
        tblpr.append(table_width)
    table_width.set(qn("w:w"), str(sum(widths)))
    table_width.set(qn("w:type"), "dxa")
    for row in table.findall(qn("w:tr")):
        index = 0
        for cell in row.findall(qn("w:tc")):
            tcpr = cell.find(qn("w:tcPr"))
            if tcpr is None:
                tcpr = OxmlElement("w:tcPr")
                cell.insert(0, tcpr)
            span_element = tcpr.find(qn("w:gridSpan"))
            span = int(span_element.get(qn("w:val"))) if span_element is not None else 1
            cell_width = tcpr.find(qn("w:tcW"))
            if cell_width is None:
                cell_width = OxmlElement("w:tcW")
                tcpr.insert(0, cell_width)
            cell_width.set(qn("w:w"), str(sum(widths[index:index + span])))
            cell_width.set(qn("w:type"), "dxa")
            index += span


def _narrow_cell_margins(table, twips: int = 57) -> None:
    tblpr = table.find(qn("w:tblPr"))
    margins = tblpr.find(qn("w:tblCellMar"))
    if margins is None:
        margins = OxmlElement("w:tblCellMar")
        tblpr.append(margins)
    for side in ("left", "right"):
        element = margins.find(qn(f"w:{side}"))
        if element is None:
            element = OxmlElement(f"w:{side}")
            margins.append(element)
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")


def _table_font_size(table, size_pt: int) -> None:
    for run in table.iter(qn("w:r")):
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            run.insert(0, rpr)
        for tag in ("w:sz", "w:szCs"):
            _child(rpr, tag).set(qn("w:val"), str(size_pt * 2))


def _section_of(element):
    """The w:sectPr that governs ``element``: the next paragraph's, or the body's last."""
    for following in element.itersiblings():
        if following.tag == qn("w:p"):
            sect = following.find(qn("w:pPr") + "/" + qn("w:sectPr"))
            if sect is not None:
                return sect
        if following.tag == qn("w:sectPr"):
            return following
    return None


def _is_landscape(sect) -> bool:
    size = sect.find(qn("w:pgSz"))
    return size is not None and int(size.get(qn("w:w"), 0)) > int(size.get(qn("w:h"), 1))


def _strip_headers(sect) -> None:
    for tag in ("w:headerReference", "w:footerReference", "w:titlePg"):
        for element in sect.findall(qn(tag)):
            sect.remove(element)


def _ppr(paragraph):
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        paragraph.insert(0, ppr)
    return ppr


def thai_page_numbers(document: Document) -> None:
    """Page numbers print in Thai digits (- ๒ -): the section's number format, for PAGE fields."""
    for sect in document.element.body.iter(qn("w:sectPr")):
        number_type = sect.find(qn("w:pgNumType"))
        if number_type is None:
            # schema order: … pgMar, paperSrc, pgBorders, lnNumType, pgNumType, cols …
            number_type = OxmlElement("w:pgNumType")
            follower = next((sect.find(qn(t)) for t in ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
                             "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid")
                             if sect.find(qn(t)) is not None), None)
            (follower.addprevious(number_type) if follower is not None else sect.append(number_type))
        number_type.set(qn("w:fmt"), "thaiNumbers")


def fix_properties(document: Document, title: str, subject: str = "", author: str = "") -> None:
    """Fixed document properties: same inputs, same bytes."""
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = author
    properties.last_modified_by = author
    properties.created = FIXED_TIME.replace(tzinfo=None)
    properties.modified = FIXED_TIME.replace(tzinfo=None)
    properties.revision = 1
    properties.language = LANGUAGE


def apply_all(document: Document, title: str, subject: str = "", author: str = "") -> None:
    """Every fix, for a document made whole by python-docx (the register, the cover sheet)."""
    prepare_template(document)
    fit_wide_tables(document.element.body)
    fix_properties(document, title, subject, author)


def prepare_template(document: Document) -> None:
    """The fixes that hold for every document made from a template, applied once to the
    template itself: rows, runs and paragraphs that loops copy carry them along."""
    fix_page_setup(document)
    fix_fonts(document, tag_all_runs=True)
    fix_justification(document)
    fix_tables(document)
    thai_page_numbers(document)


def write_package(parts: dict[str, bytes]) -> bytes:
    """A .docx from its parts with fixed entry times and order: identical documents, identical bytes."""
    ordered = sorted(parts, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    # level 1: a third of the time of the default for files a few KB larger
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, parts[name])
    return out.getvalue()


def read_package(data: bytes) -> dict[str, bytes]:
    source = zipfile.ZipFile(io.BytesIO(data))
    return {name: source.read(name) for name in source.namelist()}


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a .docx with fixed entry times and order."""
    return write_package(read_package(data))


def core_properties(title: str, author: str = "", subject: str = "") -> bytes:
    """docProps/core.xml with fixed times: no build time inside the file."""
    from xml.sax.saxutils import escape

    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:subject>{escape(subject)}</dc:subject>"
        f"<dc:creator>{escape(author)}</dc:creator><cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy>"
        f"<cp:revision>1</cp:revision><dc:language>{LANGUAGE}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode("utf-8")


def paragraph_texts(data: bytes) -> list[str]:
    """The text of every paragraph of a .docx (body and tables), tabs as \\t, line breaks as \\n."""
    from docx import Document as open_document

    document = open_document(io.BytesIO(data))
    texts = []
    for paragraph in document.element.body.iter(qn("w:p")):
        parts = []
        for element in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
            if element.tag == qn("w:t"):
                parts.append(element.text or "")
            elif element.tag == qn("w:br"):
                parts.append("\n")
            elif element.getparent().tag == qn("w:r"):  # not a tab stop of the paragraph's settings
                parts.append("\t")
        texts.append("".join(parts))
    return texts
