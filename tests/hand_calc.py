"""A reviewer's hand calculation of a round's results: the returned workbooks read cell by cell with openpyxl
and the figures rounded as docs/results.md writes the rule (once, to 2 places, half away from zero), in
fractions, without calling the scorer."""
from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

from openpyxl import load_workbook

THAI = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def excel_round(value: Fraction, places: int = 2) -> Fraction:
    """Half away from zero, as Excel's ROUND."""
    scale = 10 ** places
    magnitude = (abs(value) * scale + Fraction(1, 2)).__floor__()
    return Fraction(magnitude if value >= 0 else -magnitude, scale)


def shown(value: Fraction) -> str:
    """As the summary prints a figure: rounded once to 2 places, half away from zero."""
    rounded = excel_round(value)
    return f"{rounded.numerator // rounded.denominator}.{(rounded * 100).numerator // (rounded * 100).denominator % 100:02d}"


def plain(value: Fraction):
    """A figure as the staff workbook holds it: a whole number as int, else float."""
    return int(value) if value == int(value) else float(value)


def read_returns(folder: Path) -> dict[int, list[dict]]:
    """Every row typed in the returns of ``folder``: KPI → [{district, values by heading, date, file}]."""
    found: dict[int, list[dict]] = {}
    for path in sorted(folder.glob("*.xlsx")):
        workbook = load_workbook(path)
        kpi = int(workbook["ข้อมูลแบบฟอร์ม"]["B2"].value)
        sheet = workbook["ผลการดำเนินงาน"]
        top = next(r for r in range(1, 40) if sheet[f"A{r}"].value == "ลำดับที่")
        headings = {}
        grouped = sheet[f"A{top + 1}"].value is None  # ลำดับที่ merged down from the group row over the columns' row
        for row in (top, top + 1) if grouped else (top,):
            for cell in sheet[row]:
                if isinstance(cell.value, str):
                    headings[cell.value.strip()] = cell.column
        row = top + 1
        while sheet.cell(row, 2).value != "รวมทั้งสิ้น":
            district = sheet.cell(row, 2).value
            typed = sheet.cell(row, headings["วันที่รายงาน"]).value
            if district and typed:
                if isinstance(typed, dt.datetime):  # typed as a real date
                    date = typed.date()
                else:  # typed as the form asks: day/month/Buddhist year
                    day, month, year = (int(p) for p in str(typed).translate(THAI).split("/"))
                    date = dt.date(year - 543, month, day)
                values = {h: sheet.cell(row, c).value for h, c in headings.items()}
                found.setdefault(kpi, []).append({"district": district, "values": values, "file": path.name,
                                                  "date": date})
            row += 1
    return found
