"""Reading generated documents as a user would check them."""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.ns import qn


def _text(paragraph) -> str:
    parts = []
    for element in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if element.tag == qn("w:t"):
            parts.append(element.text or "")
        elif element.tag == qn("w:tab") and element.getparent().tag == qn("w:r"):
            parts.append("\t")
        elif element.tag == qn("w:br"):
            parts.append("\n")
    return "".join(parts)


def paragraphs(path: Path) -> list[str]:
    """Every paragraph's text (tabs as \\t), body and tables, in order."""
    document = Document(str(path))
    return [_text(p) for p in document.element.body.iter(qn("w:p"))]


def text(path: Path) -> str:
    return "\n".join(paragraphs(path))


def tables(path: Path) -> list[list[list[str]]]:
    document = Document(str(path))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
