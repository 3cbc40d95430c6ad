"""One report form, two renderings: the .docx a clerk prints and the .xlsx a district fills carry the same title
lines, headings and footer, and both print on one A4 page."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from generator.cli import main
from generator.documents.form_layout import SHEET
from tests.rounds import copy_round

FORMS = [("2568-1-chachoengsao", "report-form-kpi-04"), ("2567-2-phayao", "report-form-kpi-01"),
         ("2567-2-phayao", "report-form-kpi-03"),
         ("2560-2-lampang", "report-form-kpi-04")]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("forms")
    out = root / "out"
    for name in {round_ for round_, _ in FORMS}:
        folder = copy_round(root, name)
        assert main(["--data", str(folder.parent), "letters", name, "--output", str(out), "--pdf", "no"]) == 0
    return out


def _docx_parts(path: Path) -> tuple[list[str], list[str], list[str]]:
    """(lines above the table, heading cells, lines below it) of the printed form."""
    document = Document(str(path))
    body = document.element.body
    above, below, seen_table = [], [], False
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            seen_table = True
        elif tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")).strip()
            if text:
                (below if seen_table else above).append(text)
    table = document.tables[0]
    headings = []
    for row in table.rows:  # the heading rows: those repeated on every page
        if not any(e.tag.endswith("}tblHeader") for e in row._tr.iter()):
            break
        for cell in row.cells:
            if cell.text.strip() and cell.text.strip() not in headings:
                headings.append(cell.text.strip())
    return above, headings, below


def _xlsx_parts(path: Path) -> tuple[list[str], list[str], list[str]]:
    sheet = load_workbook(path)[SHEET]
    rows = [[str(c.value).strip() for c in row if c.value is not None and not str(c.value).startswith("=")]
            for row in sheet.iter_rows()]
    first_heading = next(i for i, r in enumerate(rows) if r[:2] == ["ลำดับที่", "อำเภอ"])
    first_row = next(i for i, r in enumerate(rows) if i > first_heading and r and r[0] in ("1", "๑"))
    above = [r[0] for r in rows[:first_heading] if r]
    headings = []
    for row in rows[first_heading:first_row]:  # the group row, when the form has one, and the heading row
        for text in row:
            if text not in headings:
                headings.append(text)
    total = next(i for i, r in enumerate(rows) if "รวมทั้งสิ้น" in r)
    below = [r[0] for r in rows[total + 1:] if r]
    return above, headings, below


@pytest.mark.parametrize("round_, stem", FORMS)
def test_the_workbook_carries_the_printed_forms_titles_headings_and_footer(built, round_, stem):
    above, headings, below = _docx_parts(built / round_ / f"{stem}.docx")
    x_above, x_headings, x_below = _xlsx_parts(built / round_ / f"{stem}.xlsx")
    assert x_above == above
    assert set(headings) <= set(x_headings) and set(x_headings) - set(headings) <= {"วันที่รายงาน"}, (headings, x_headings)
    assert x_below == below


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("round_, stem", FORMS)
def test_both_renderings_print_on_one_a4_page(built, round_, stem, tmp_path):
    from generator.printing.pdf import office_environment

    for suffix in (".docx", ".xlsx"):
        source = built / round_ / f"{stem}{suffix}"
        target = tmp_path / suffix[1:]
        subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(target), str(source)], capture_output=True,
                       timeout=240, env=office_environment())
        info = subprocess.run(["pdfinfo", str(target / f"{stem}.pdf")], capture_output=True, text=True,
                              check=True).stdout
        assert "Pages:           1" in info and "(A4)" in info, (suffix, info)
