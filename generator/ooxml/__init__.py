"""The raw-OOXML layer, split by XML area as python-docx's ``oxml`` is.

python-docx's friendly API leaves out what Thai official documents need; each module
makes one area right:

- :mod:`.runs` — TH SarabunPSK for every script, Thai size, weight and language;
- :mod:`.paragraphs` — justification LibreOffice renders for Thai; reading a document's text;
- :mod:`.tables` — repeating header rows, unsplit rows, widths, landscape for wide tables;
- :mod:`.sections` — A4, the official margins, page numbers;
- :mod:`.package` — zip parts and properties fixed, so identical inputs give identical bytes;
  no stale parts;
- :mod:`.revisions` — a template as Word's Accept All leaves it; tags no markup cuts; a rendered body checked;
- :mod:`.order` — every child in the place the schema's sequence demands (Word calls a file
  that breaks it unreadable);
- :mod:`.grid` — tables made whole from data (an agreement's own columns, a KPI sheet's tables);
- :mod:`.settings` — document settings a rendered document needs (typed line breaks not stretched);
- :mod:`.plain` — small documents written whole as XML, with no template (the cover sheet, the warm-up);
- :mod:`.joined` — documents of one template laid out as one, a section each (the PDF stage's report forms);
- :mod:`.spreadsheet` — the same for the .xlsx workbooks openpyxl writes, and a writer of its own for
  workbooks made in bulk (the report forms), giving the bytes openpyxl's save would.

May import: base, thai.
"""
from __future__ import annotations

from docx.document import Document
from .names import qn

from . import grid, order, package, paragraphs, plain, revisions, runs, sections, settings, spreadsheet, tables
from .order import get_or_add, insert_in_order
from .package import core_properties, deterministic_zip, read_package, write_package
from .plain import thai_table_document
from .paragraphs import paragraph_texts
from .runs import FONT, LANGUAGE, SIZE_PT, set_language, set_run_font
from .sections import A4, MARGINS
from .tables import DISTRICT_TABLE, fit_wide_tables, set_column_widths


def apply_all(document: Document, title: str, subject: str = "", author: str = "") -> None:
    """Every fix, for a document made whole by python-docx (the register)."""
    prepare_template(document)
    tables.fit_wide_tables(document.element.body)
    package.set_fixed_properties(document, title, subject, author)


def prepare_template(document: Document) -> None:
    """The fixes that hold for every document made from a template, applied once to the
    template itself: rows, runs and paragraphs that loops copy carry them along."""
    package.drop_stale_parts(document)
    sections.set_a4_pages(document)
    runs.set_thai_fonts(document, tag_all_runs=True)
    paragraphs.justify_thai(document)
    tables.set_table_rows(document)
    tables.caption_column_loop_tables(document)
    sections.thai_page_numbers(document)




__all__ = ["A4", "DISTRICT_TABLE", "FONT", "LANGUAGE", "MARGINS", "SIZE_PT", "apply_all", "core_properties",
           "deterministic_zip", "fit_wide_tables", "get_or_add", "insert_in_order", "order", "package",
           "paragraph_texts", "paragraphs", "prepare_template", "qn", "read_package", "revisions", "runs", "sections",
           "settings", "grid",
           "set_column_widths", "set_language", "set_run_font", "spreadsheet", "tables", "thai_table_document",
           "write_package"]
