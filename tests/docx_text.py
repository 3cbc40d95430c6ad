"""Reading generated documents as a user would check them."""
from __future__ import annotations

from pathlib import Path

from docx import Document

from generator.ooxml import paragraph_texts


def paragraphs(path: Path) -> list[str]:
    """Every paragraph's text (tabs as \\t), body and tables, in order."""
    return paragraph_texts(path.read_bytes())


def text(path: Path) -> str:
    return "\n".join(paragraphs(path))


def tables(path: Path) -> list[list[list[str]]]:
    document = Document(str(path))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
