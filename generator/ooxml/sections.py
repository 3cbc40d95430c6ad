"""Sections and pages: A4 and the official margins, landscape sections, page numbers."""
from __future__ import annotations

import copy
import itertools

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm

from .names import qn
from .order import get_or_add

A4 = (Cm(21.0), Cm(29.7))
MARGINS = {"left": Cm(3), "right": Cm(2), "top": Cm(2.5), "bottom": Cm(2)}


def set_a4_pages(document: Document) -> None:
    """A4 and the official margins, keeping each section's orientation."""
    for section in document.sections:
        landscape = section.orientation == WD_ORIENT.LANDSCAPE or section.page_width > section.page_height
        width, height = A4
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
        section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
        section.header_distance, section.footer_distance = Cm(1.25), Cm(1.0)


def section_of(element):
    """The w:sectPr that governs ``element``: its own when it is the paragraph that ends a section, else
    the next such paragraph's, or the body's last. (A paragraph's w:sectPr is looked for by walking its
    few property children, not by a path search in every paragraph that follows.)

    >>> from lxml import etree
    >>> body = etree.fromstring('<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    ...     '<w:p><w:pPr><w:sectPr w:rsidR="1"/></w:pPr></w:p><w:p/><w:sectPr w:rsidR="2"/></w:body>')
    >>> [section_of(paragraph).get(qn("w:rsidR")) for paragraph in body[:2]]
    ['1', '2']
    """
    paragraph, properties, sect_tag = qn("w:p"), qn("w:pPr"), qn("w:sectPr")
    for following in itertools.chain((element,), element.itersiblings()):
        tag = following.tag
        if tag == paragraph:
            for ppr in following:
                if ppr.tag == properties:
                    for child in ppr:
                        if child.tag == sect_tag:
                            return child
                    break
        elif tag == sect_tag:
            return following
    return None


def is_landscape(sect) -> bool:
    size = sect.find(qn("w:pgSz"))
    return size is not None and int(size.get(qn("w:w"), 0)) > int(size.get(qn("w:h"), 1))


def number_pages_after_first(body) -> None:
    """"- n -" on every page but the document's first, in every section: the first section
    alone keeps a first page without a header (titlePg); sections made later (a landscape
    table's) carry the document's headers."""
    sections = [sect for sect in body.iter(qn("w:sectPr"))]
    if not sections:
        return
    references = [ref for ref in sections[-1] if ref.tag in (qn("w:headerReference"), qn("w:footerReference"))]
    for index, sect in enumerate(sections):
        if not any(child.tag == qn("w:headerReference") for child in sect):
            for ref in reversed(references):
                sect.insert(0, copy.deepcopy(ref))
        if index > 0:
            for title_page in sect.findall(qn("w:titlePg")):
                sect.remove(title_page)


def thai_page_numbers(document: Document) -> None:
    """Page numbers print in Thai digits (- ๒ -): the section's number format, for PAGE fields."""
    for sect in document.element.body.iter(qn("w:sectPr")):
        get_or_add(sect, "w:pgNumType").set(qn("w:fmt"), "thaiNumbers")


