"""The register's exports: the clerk's CSV and Excel copies and the printed register page (.docx; PDF by the
printing stage). Entries come from :mod:`.store`; every cell is written as data (a subject typed "=…" stays text).
"""
from __future__ import annotations

import io
from pathlib import Path

from ..base.files import write_atomic
from ..thai import with_digits
from .store import COLUMNS_TH, Entry


def export_csv(entries: list[Entry], path: Path) -> None:
    from ..ooxml.spreadsheet import csv_bytes

    write_atomic(path, csv_bytes([COLUMNS_TH] + [entry.row() for entry in entries]))  # every field guarded


def export_xlsx(entries: list[Entry], path: Path) -> None:
    from openpyxl import Workbook

    from .. import ooxml

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ทะเบียนหนังสือส่ง"
    ooxml.spreadsheet.append_row(sheet, COLUMNS_TH)
    for entry in entries:
        ooxml.spreadsheet.append_row(sheet, entry.row())  # a subject typed "=…" stays text
    # a long subject wraps in its cell rather than running off the page
    ooxml.spreadsheet.print_ready(sheet, [12, 16, 14, 22, 22, 44, 18], landscape=True, wrap=True)
    write_atomic(path, ooxml.spreadsheet.workbook_bytes(workbook, "ทะเบียนหนังสือส่ง"))


def register_title(office: str, year: int | None) -> str:
    """The printed register's title, in one digit style.

    >>> register_title("ฉช 0018", 2568)
    'ทะเบียนหนังสือส่ง ฉช ๐๐๑๘ ปี พ.ศ. ๒๕๖๘'
    >>> register_title("", None)
    'ทะเบียนหนังสือส่ง'
    """
    parts = ["ทะเบียนหนังสือส่ง", office.strip(), f"ปี พ.ศ. {year}" if year else ""]
    return with_digits(" ".join(part for part in parts if part))


def print_docx(entries: list[Entry], path: Path, office_name: str, year: int | None) -> None:
    """The register as the official page: landscape, the seven columns, header repeated."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from .. import ooxml

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = ooxml.A4[1], ooxml.A4[0]
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(register_title(office_name, year))
    run.bold = True
    run.font.size = Pt(18)
    table = document.add_table(rows=1, cols=len(COLUMNS_TH))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, COLUMNS_TH):
        cell.text = label
        cell.paragraphs[0].runs[0].bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for entry in entries:
        cells = table.add_row().cells
        for cell, value in zip(cells, entry.row()):
            cell.text = value
    ooxml.set_column_widths(table, [2.6, 3.4, 3.0, 3.6, 3.6, 6.0, 2.5])
    for paragraph in document.paragraphs + [p for r in table.rows for c in r.cells for p in c.paragraphs]:
        for run in paragraph.runs:
            run.font.size = run.font.size or Pt(14)
    ooxml.apply_all(document, title="ทะเบียนหนังสือส่ง", author=office_name)
    buffer = io.BytesIO()
    document.save(buffer)
    write_atomic(path, ooxml.deterministic_zip(buffer.getvalue()))
