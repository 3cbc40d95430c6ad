"""Returned report forms, filled as a district clerk fills them: open the form sent out, type
into the open cells of one's own row, save under a new name.

The sample round's returns in kpi_data/2568-1-chachoengsao/results/ were made with
``python -m tests.results_fill`` from the generated report-form-kpi-04.xlsx.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import load_workbook

ROUND = "2568-1-chachoengsao"
SHEET = "ผลการดำเนินงาน"
COUNT, LEVEL, DATE = "D", "G", "H"  # จำนวนที่ช่วยเหลือ, ระดับความสำเร็จ (1-5), วันที่รายงาน

# The final (March) report of each district: helped households, self-assessed level, date reported.
MARCH = {
    "เมืองฉะเชิงเทรา": (47, 4, dt.date(2025, 3, 20)),
    "บางคล้า": (18, 5, dt.date(2025, 3, 18)),
    "บางน้ำเปรี้ยว": (28, 4, dt.date(2025, 3, 20)),
    "บางปะกง": (19, 3, dt.date(2025, 3, 19)),
    "บ้านโพธิ์": (19, 5, dt.date(2025, 3, 20)),
    "พนมสารคาม": (35, 2, dt.date(2025, 3, 20)),
    "ราชสาส์น": (12, 5, dt.date(2025, 3, 17)),
    "สนามชัยเขต": (40, 3, dt.date(2025, 3, 20)),
    "แปลงยาว": (20, 4, dt.date(2025, 3, 20)),
    "ท่าตะเกียบ": (30, 2, dt.date(2025, 4, 3)),  # after the deadline of 31 March 2568
    "คลองเขื่อน": (9, 4, dt.date(2025, 3, 20)),
}
# The monthly reports the province keyed into one combined form (คลองเขื่อน missed January).
JANUARY = {d: (max(0, n - 20), 1, dt.date(2025, 1, 20)) for d, (n, _, _) in MARCH.items() if d != "คลองเขื่อน"}
FEBRUARY = {d: (max(0, n - 8), 2, dt.date(2025, 2, 20)) for d, (n, _, _) in MARCH.items()}


def row_of(workbook, district: str) -> int:
    sheet = workbook[SHEET]
    for row in range(1, 240):
        if sheet[f"B{row}"].value == district:
            return row
    raise KeyError(district)


def fill(form: Path, target: Path, rows: dict, edit=None) -> Path:
    """Open the form, type each district's values into its open cells, save as ``target``.
    ``edit(workbook)`` makes a further change (the broken-return corpus uses it)."""
    workbook = load_workbook(form)
    sheet = workbook[SHEET]
    for district, (count, level, date) in rows.items():
        row = row_of(workbook, district)
        sheet[f"{COUNT}{row}"] = count
        sheet[f"{LEVEL}{row}"] = level
        sheet[f"{DATE}{row}"] = date
    if edit is not None:
        edit(workbook)
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return target


def form_of(folder: Path, target: Path) -> Path:
    """The round's report-form-kpi-04.xlsx as the build writes it, written into ``target``."""
    from generator.documents.form_workbook import form_workbook, planned
    from generator.checking.validate import validate

    round_, report = validate(folder, lint=False)
    assert round_ is not None, report.format()
    name, kpi, layout = planned(round_)[0]
    target.mkdir(parents=True, exist_ok=True)
    (target / name).write_bytes(form_workbook(round_, kpi, layout))
    return target / name


def sample_returns(form: Path, folder: Path) -> list[Path]:
    """The sample round's returns: one file per district for March, two combined monthly forms."""
    made = [fill(form, folder / f"{district}.xlsx", {district: values}) for district, values in MARCH.items()]
    made.append(fill(form, folder / "รวม-มกราคม-2568.xlsx", JANUARY))
    made.append(fill(form, folder / "รวม-กุมภาพันธ์-2568.xlsx", FEBRUARY))
    return made


if __name__ == "__main__":  # python -m tests.results_fill [output/<round>/report-form-kpi-04.xlsx]
    root = Path(__file__).resolve().parent.parent
    form = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "output" / ROUND / "report-form-kpi-04.xlsx"
    for path in sample_returns(form, root / "kpi_data" / ROUND / "results"):
        print(path)
