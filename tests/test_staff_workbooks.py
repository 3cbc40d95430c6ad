"""The workbooks staff print, as LibreOffice prints them: results-summary.xlsx and the register export each
print one A4 page wide (landscape where wide), Thai font, headings repeated, figures formatted."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.cli import main
from generator.register.exports import export_xlsx
from generator.register.store import Register
from tests.rounds import copy_round

ROUND = "2568-1-chachoengsao"
pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def _printed(workbook: Path, folder: Path) -> tuple[str, str]:
    """(pdfinfo, pdftotext -layout) of the workbook printed by LibreOffice Calc, with a profile of its own and
    the fonts the PDFs use (the real TH SarabunPSK, as on the office's PCs)."""
    from generator.printing.pdf import office_environment

    profile = folder / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(workbook)], capture_output=True, text=True, timeout=240,
                   env=office_environment())
    pdf = folder / workbook.with_suffix(".pdf").name
    assert pdf.is_file()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return info, text


def _pages(info: str) -> tuple[int, tuple[float, float]]:
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    return pages, (width, height)


def test_results_summary_workbook_prints_one_page_per_sheet_on_a4(tmp_path, capsys):
    folder = copy_round(tmp_path, ROUND)
    assert main(["--data", str(folder.parent), "results", ROUND, "--output", str(tmp_path / "out"), "--pdf", "no"]) == 0
    capsys.readouterr()
    workbook = tmp_path / "out" / ROUND / "results" / "results-summary.xlsx"
    opened = load_workbook(workbook)
    sheet = opened["ตัวชี้วัดที่ 4"]
    assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet["A1"].alignment.wrap_text and sheet["A1"].font.name == "TH SarabunPSK"
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "เมืองฉะเชิงเทรา")
    assert row[3].number_format == '0.00"%"' and row[7].number_format == "0.00" and row[1].number_format == "#,##0"
    assert row[8].value == "20/3/2568"  # the report date, Buddhist era, the same in any locale
    info, text = _printed(workbook, tmp_path)
    pages, (width, height) = _pages(info)
    assert pages == len(opened.sheetnames), info  # each sheet one page: nothing cut off to the right
    assert width > height and abs(width - 842) < 2  # A4 landscape
    assert "เมืองฉะเชิงเทรา" in text and "รวมทั้งจังหวัด" in text and "บางคล้า" in text and "90.38%" in text and "4.04" in text and "3.82" in text and "20/3/2568" in text


def test_register_export_prints_one_page_wide_on_a4_landscape(tmp_path):
    with Register(tmp_path / "r.sqlite3") as register:
        for number in range(1, 31):
            register.allocate("ฉช 0018", True, 2568, f"l{number}", sender="สำนักงานพัฒนาชุมชนจังหวัดฉะเชิงเทรา",
                              recipient="นายอำเภอ ทุกอำเภอ",
                              subject="การดำเนินงานตามตัวชี้วัดการประเมินผลการปฏิบัติราชการ รอบการประเมินที่ ๑ "
                                      "ปีงบประมาณ พ.ศ. ๒๕๖๘ ของสำนักงานพัฒนาชุมชนอำเภอ")
        export_xlsx(register.entries(), tmp_path / "ทะเบียน.xlsx")
        export_xlsx(register.entries()[:2], tmp_path / "สองรายการ.xlsx")
    info, text = _printed(tmp_path / "ทะเบียน.xlsx", tmp_path)
    pages, (width, height) = _pages(info)
    assert width > height and abs(width - 842) < 2
    # one page wide: every page carries the heading row whole, its last column included (the export was
    # cut at the right before, onto pages of their own)
    assert text.count("หมายเหตุ") == pages and 2 <= pages <= 4, info
    assert "ฉช ๐๐๑๘/ว ๓๐" in text
    info, _ = _printed(tmp_path / "สองรายการ.xlsx", tmp_path)
    assert _pages(info)[0] == 1
