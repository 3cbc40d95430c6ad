"""Paragraphs: Word's Thai justification in the .docx, the justification LibreOffice renders in the
print copy, and the text of a document."""
from __future__ import annotations

import functools
import io
import re

from docx.document import Document
from .names import qn
from .order import get_or_add, get_or_add_properties


WORD_JUSTIFIED = ("both", "distribute")


def justify_thai(document: Document) -> None:
    """Justified paragraphs (``both``, ``distribute``) → ``thaiDistribute``, Word's Thai justification
    (กระจายแบบไทย): Word spreads a line's slack over the gaps between character clusters, so no wide
    gap opens between words and no mark leaves its letter. Paragraph properties only (a table's
    own w:jc is its position on the page)."""
    for root in (document.element, document.styles.element):
        for jc in root.iter(qn("w:jc")):
            if jc.getparent().tag == qn("w:pPr") and jc.get(qn("w:val")) in WORD_JUSTIFIED:
                jc.set(qn("w:val"), "thaiDistribute")


def justify_for_libreoffice(root) -> None:
    """``thaiDistribute`` → ``both`` in a part of the print copy: LibreOffice 7.4 renders
    thaiDistribute as left alignment."""
    for jc in root.iter(qn("w:jc")):
        if jc.getparent().tag == qn("w:pPr") and jc.get(qn("w:val")) in ("thaiDistribute", "distribute"):
            jc.set(qn("w:val"), "both")


def paragraph_properties(paragraph):
    """The w:pPr of a paragraph, made when missing."""
    return get_or_add_properties(paragraph, "w:pPr")


def paragraph_texts(data: bytes) -> list[str]:
    """The text of every paragraph of a .docx (body and tables), tabs as \\t, line breaks as \\n."""
    from docx import Document as open_document

    return texts_of_paragraphs(open_document(io.BytesIO(data)).element.body)


def texts_of_paragraphs(element) -> list[str]:
    """The text of every paragraph under ``element`` (a body, a document's tree), as :func:`paragraph_texts`."""
    texts = []
    for paragraph in element.iter(qn("w:p")):
        parts = []
        for piece in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
            if piece.tag == qn("w:t"):
                parts.append(piece.text or "")
            elif piece.tag == qn("w:br"):
                parts.append("\n")
            elif piece.getparent().tag == qn("w:r"):  # not a tab stop of the paragraph's settings
                parts.append("\t")
        texts.append("".join(parts))
    return texts


_ITEM_NUMBER = re.compile(r"^\s*([0-9๐-๙]+(?:\.[0-9๐-๙]+)+)\.?\s")


def item_depth(text: str) -> int:
    """How many levels an item's number has (๑.๑ → 2, ๑.๑.๑ → 3), 0 for no such number.

    >>> item_depth("๑.๑.๒ ครัวเรือนที่ขอรับการสงเคราะห์"), item_depth("๑.๑ ตรวจสอบ"), item_depth("๑. ให้")
    (3, 2, 0)
    """
    match = _ITEM_NUMBER.match(text)
    return match.group(1).count(".") + 1 if match else 0


def indent_sub_items(body, styles_xml: bytes | None = None) -> None:
    """Sub-items one step further in per level: among consecutive paragraphs of one style that are
    numbered items (๑.๑, ๑.๑.๑ …), those numbered deeper than the first are indented by the style's
    hanging indent once per extra level (its own hanging indent kept), so ๑.๑.๑ stands under the
    text of ๑.๑, as a typist sets it."""
    indents = _hanging_styles(styles_xml) if styles_xml else {}
    if not indents:
        return
    base: tuple[str, int] | None = None
    style_path, value, text_tag = f"{qn('w:pPr')}/{qn('w:pStyle')}", qn("w:val"), qn("w:t")
    for paragraph in body.iter(qn("w:p")):
        style = paragraph.find(style_path)
        style_id = style.get(value) if style is not None else None
        # the style first: most paragraphs (table cells, headings) have none with a hanging indent
        depth = item_depth("".join(paragraph.itertext(text_tag, with_tail=False))) if style_id in indents else 0
        if not depth:
            base = None
            continue
        if base is None or base[0] != style_id:
            base = (style_id, depth)
        extra = depth - base[1]
        if extra > 0 and paragraph.find(f"{qn('w:pPr')}/{qn('w:ind')}") is None:
            left, hanging = indents[style_id]
            ind = get_or_add(paragraph_properties(paragraph), "w:ind")
            ind.set(qn("w:left"), str(left + extra * hanging))
            ind.set(qn("w:hanging"), str(hanging))


@functools.lru_cache(maxsize=16)  # a template's styles part is the same in every document made from it
def _hanging_styles(styles_xml: bytes) -> dict[str, tuple[int, int]]:
    """{style id: (left, hanging)} of the paragraph styles with a hanging indent."""
    from lxml import etree

    indents = {}
    for style in etree.fromstring(styles_xml).iter(qn("w:style")):
        ind = style.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        if ind is not None and ind.get(qn("w:hanging")):
            indents[style.get(qn("w:styleId"))] = (int(ind.get(qn("w:left"), 0)), int(ind.get(qn("w:hanging"))))
    return indents
