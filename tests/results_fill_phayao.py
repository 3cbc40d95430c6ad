"""The Phayao sample round's returns (kpi_data/2567-2-phayao/results/), filled as district clerks fill
the report forms sent out: open report-form-kpi-NN.xlsx, type the counts of one's own row and the report
date as the form's prompt asks (day/month/Buddhist year, e.g. "18/9/2567"), save under a new name.

Made with ``python -m tests.results_fill_phayao`` from the generated forms. What the returns show:
KPI 1 (households still below the จปฐ. line): monthly combined forms for July and August (ปง missed July),
one final September report per district, เชียงม่วน's dated after the deadline of 20 September 2567, and
ดอกคำใต้'s sent twice (the later replaces the earlier). KPI 3 (budget disbursed, in the team and the
chief's forms only): one form keyed by the province from GFMIS for eight districts, ภูซาง's own file.
"""
from __future__ import annotations

import sys
from pathlib import Path

from tests.results_fill import SHEET, row_of
from tests.results_fill import fill as fill_form

ROUND = "2567-2-phayao"
FORMS = {1: "report-form-kpi-01.xlsx", 3: "report-form-kpi-03.xlsx"}
# each form's blank columns a district types numbers into, in its order, and its report date
COLUMNS = {1: ("พัฒนาได้", "สงเคราะห์/อื่น ๆ", "ผ่านเกณฑ์ จปฐ.", "ยังไม่ผ่านเกณฑ์"), 3: ("เบิกจ่ายแล้ว (บาท)",)}
DATE = "วันที่รายงาน"

# The final (September) report of each district: (พัฒนาได้, สงเคราะห์/อื่น ๆ, ผ่านเกณฑ์ จปฐ., ยังไม่ผ่านเกณฑ์), date.
SEPTEMBER = {
    "เมืองพะเยา": ((60, 8, 65, 3), "16/9/2567"),
    "จุน": ((40, 5, 41, 4), "18/9/2567"),
    "เชียงคำ": ((62, 9, 66, 5), "19/9/2567"),
    "เชียงม่วน": ((28, 4, 30, 2), "25/9/2567"),  # after the deadline of 20 September 2567
    "ดอกคำใต้": ((52, 6, 55, 3), "18/9/2567"),  # sent again: replaces FIRST_SENT below
    "ปง": ((46, 8, 51, 3), "17/9/2567"),
    "แม่ใจ": ((25, 4, 26, 3), "13/9/2567"),
    "ภูซาง": ((22, 4, 24, 2), "19/9/2567"),
    "ภูกามยาว": ((26, 3, 27, 2), "20/9/2567"),
}
FIRST_SENT = {"ดอกคำใต้": ((50, 8, 53, 5), "12/9/2567")}  # ดอกคำใต้'s first September report


def _earlier(counts: tuple, behind: int) -> tuple:
    developed, welfare, passed, remaining = counts
    return developed, welfare, max(0, passed - behind), remaining + min(passed, behind)


# The monthly reports the province keyed into combined forms (ปง sent nothing in July).
JULY = {d: (_earlier(c, 6), "5/7/2567") for d, (c, _) in SEPTEMBER.items() if d != "ปง"}
AUGUST = {d: (_earlier(c, 3), "5/8/2567") for d, (c, _) in SEPTEMBER.items()}

# KPI 3: baht disbursed by 30 September 2567 (of the allocation in tables/budget.csv).
DISBURSED = {
    "เมืองพะเยา": 1_250_000, "จุน": 800_000, "เชียงคำ": 1_121_000, "เชียงม่วน": 608_000, "ดอกคำใต้": 850_000,
    "ปง": 736_000, "แม่ใจ": 450_000, "ภูกามยาว": 540_000,
}
BUDGET_PROVINCE = {d: ((n,), "30/9/2567") for d, n in DISBURSED.items()}  # keyed by the province from GFMIS
BUDGET_OWN = {"ภูซาง": ((494_000,), "27/9/2567")}  # ภูซาง's own return


def columns_of(sheet) -> dict[str, str]:
    """The column letter of each heading: the row of ลำดับที่ and the one below it (the group headings' row
    and the columns' row when the form has groups)."""
    for row in range(1, 40):
        if sheet[f"A{row}"].value == "ลำดับที่":
            return {str(c.value).strip(): c.column_letter for r in (row, row + 1) for c in sheet[r] if c.value}
    raise KeyError("ลำดับที่")


def fill(form: Path, target: Path, rows: dict, edit=None, kpi: int = 1) -> Path:
    """Open the form, type each district's counts and report date into its row, save as ``target``
    (results_fill.fill opens and saves; this types by the headings of this round's forms)."""
    def typed(workbook):
        sheet = workbook[SHEET]
        letters = columns_of(sheet)
        for district, (counts, date) in rows.items():
            row = row_of(workbook, district)
            for heading, value in zip(COLUMNS[kpi], counts):
                sheet[f"{letters[heading]}{row}"] = value
            sheet[f"{letters[DATE]}{row}"] = date
        if edit is not None:
            edit(workbook)

    return fill_form(form, target, {}, typed)


def expected_files() -> dict[str, tuple[int, dict]]:
    """Each committed return's name, the KPI of its form, and the rows typed into it."""
    files = {f"{district}.xlsx": (1, {district: values}) for district, values in SEPTEMBER.items()}
    files["ดอกคำใต้.xlsx"] = (1, FIRST_SENT)
    files["ดอกคำใต้-ส่งใหม่.xlsx"] = (1, {"ดอกคำใต้": SEPTEMBER["ดอกคำใต้"]})
    files["รวม-กรกฎาคม-2567.xlsx"] = (1, JULY)
    files["รวม-สิงหาคม-2567.xlsx"] = (1, AUGUST)
    files["เบิกจ่าย-กันยายน-2567-GFMIS.xlsx"] = (3, BUDGET_PROVINCE)
    files["เบิกจ่าย-ภูซาง.xlsx"] = (3, BUDGET_OWN)
    return files


def forms_of(folder: Path, target: Path) -> dict[int, Path]:
    """The round's report-form workbooks as the build writes them, written into ``target``: KPI → path."""
    from generator.documents.form_workbook import form_workbook, planned
    from generator.checking.validate import validate

    round_, report = validate(folder, lint=False)
    assert round_ is not None, report.format()
    target.mkdir(parents=True, exist_ok=True)
    made = {}
    for name, kpi, layout in planned(round_):
        (target / name).write_bytes(form_workbook(round_, kpi, layout))
        made[kpi.number] = target / name
    return made


def sample_returns(forms: dict[int, Path], folder: Path) -> list[Path]:
    return [fill(forms[kpi], folder / name, rows, kpi=kpi) for name, (kpi, rows) in expected_files().items()]


if __name__ == "__main__":  # python -m tests.results_fill_phayao
    root = Path(__file__).resolve().parent.parent
    forms = forms_of(root / "kpi_data" / ROUND, Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp") / f"{ROUND}-forms")
    for path in sample_returns(forms, root / "kpi_data" / ROUND / "results"):
        print(path)
