"""Paragraphs: Word's Thai justification in the .docx, the justification LibreOffice renders in the
print copy, and the text of a document."""
from __future__ import annotations

import io

from docx.document import Document
from .names import qn
from .order import get_or_add_properties


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
