"""Paragraphs: justification that LibreOffice renders for Thai, and the text of a document."""
from __future__ import annotations

import io

from docx.document import Document
from .names import qn
from .order import get_or_add_properties


def justify_thai(document: Document) -> None:
    """``thaiDistribute`` → ``both``: LibreOffice renders thaiDistribute as left-aligned."""
    for jc in document.element.iter(qn("w:jc")):
        if jc.get(qn("w:val")) in ("thaiDistribute", "distribute"):
            jc.set(qn("w:val"), "both")
    for jc in document.styles.element.iter(qn("w:jc")):
        if jc.get(qn("w:val")) in ("thaiDistribute", "distribute"):
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
