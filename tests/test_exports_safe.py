"""Every spreadsheet the program writes holds data, never a formula the data typed: a report-form title, a
column heading, an agreement heading or a register subject starting with =, +, -, @, a tab or a carriage
return opens in Excel as the text typed (openpyxl reads each such cell as a string, not a formula), and the
register's CSV guards such a field with a leading ' (OWASP)."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from openpyxl import load_workbook

from generator.cli import main
from generator.register import Register, export_csv, export_xlsx
from tests.results_fill import ROUND, sample_returns
from tests.rounds import copy_round

# what an attacker or a careless clerk types; each starts with a character a spreadsheet takes for a formula
TITLE = '=HYPERLINK("http://example.invalid/x","คลิก")'
HEADING = "@SUM(1+1)*cmd|' /C calc'!A0"
AGREEMENT = "+เป้าหมาย-บุคคล"
SUBJECTS = ['=HYPERLINK("http://example.invalid","ดู")', "-ยกเลิก+เพิ่ม", "@SUM(A)", "\t=A+B", "\r=A+B"]
RECIPIENT = "+นายอำเภอ ทุกอำเภอ"
PROGRAM_FORMULA = re.compile(r"^=(SUM|IF)\(")  # what the report form computes: totals, remainders, percentages


def formulas(path: Path) -> list[tuple[str, str]]:
    """(sheet!cell, formula) of every formula cell of a workbook, as openpyxl reads it."""
    found = []
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.data_type != "s"):
                    found.append((f"{sheet.title}!{cell.coordinate}", str(cell.value)))
    return found


def texts(path: Path) -> set[str]:
    return {c.value for s in load_workbook(path).worksheets for r in s.iter_rows() for c in r
            if isinstance(c.value, str) and c.data_type == "s"}


def test_a_round_whose_data_starts_with_formula_characters_gives_workbooks_of_text(tmp_path, capsys):
    folder = copy_round(tmp_path, ROUND)
    kpi = folder / "kpis" / "kpi-04.yaml"
    text = kpi.read_text(encoding="utf-8")
    text = text.replace("  title: แบบรายงานผลความก้าวหน้าการพัฒนาครัวเรือนยากจนเป้าหมาย", f"  title: '{TITLE}'")
    text = text.replace("columns: [จำนวนที่ช่วยเหลือ, คงเหลือ, ร้อยละ,",
                        f"columns: [จำนวนที่ช่วยเหลือ, คงเหลือ, \"{HEADING} ร้อยละ\",")
    text = text.replace("  value: ร้อยละ ", f"  value: \"{HEADING} ร้อยละ\" ")
    assert TITLE in text and HEADING in text
    kpi.write_text(text, encoding="utf-8")
    round_yaml = folder / "round.yaml"
    round_yaml.write_text(round_yaml.read_text(encoding="utf-8")
                          + f"\nagreements:\n  - id: individual\n    heading: '{AGREEMENT}'\n", encoding="utf-8")
    out = tmp_path / "out"
    status = main(["--data", str(folder.parent), "letters", ROUND, "--output", str(out), "--pdf", "no"])
    said = capsys.readouterr()
    assert status == 0, said.out + said.err
    form = out / ROUND / "report-form-kpi-04.xlsx"
    sheet = load_workbook(form).worksheets[0]
    assert sheet["A1"].value == TITLE and sheet["A1"].data_type == "s"  # shown as typed
    assert sheet["F6"].value == f"{HEADING} ร้อยละ" and sheet["F6"].data_type == "s"
    made = formulas(form)
    assert made and all(PROGRAM_FORMULA.match(f) for _, f in made), made  # only the form's own sums
    assert {place for place, _ in made} >= {"ผลการดำเนินงาน!C18", "ผลการดำเนินงาน!E7"}

    results = folder / "results"
    for old in results.iterdir():
        old.unlink()
    sample_returns(form, results)
    status = main(["--data", str(folder.parent), "results", ROUND, "--output", str(out), "--pdf", "no"])
    said = capsys.readouterr()
    assert status == 0, said.out + said.err
    summary = out / ROUND / "results" / "results-summary.xlsx"
    assert formulas(summary) == []
    assert {AGREEMENT, f"{HEADING} ร้อยละ"} <= texts(summary)


def test_register_exports_keep_subjects_and_recipients_as_text(tmp_path):
    with Register(tmp_path / "r.sqlite3") as register:
        for number, subject in enumerate(SUBJECTS):
            register.allocate("ฉช 0018", True, 2568, f"letter-{number}", sender="สำนักงานพัฒนาชุมชนจังหวัดฉะเชิงเทรา",
                              recipient=RECIPIENT, subject=subject)
        entries = register.entries()
    export_xlsx(entries, tmp_path / "r.xlsx")
    export_csv(entries, tmp_path / "r.csv")
    assert formulas(tmp_path / "r.xlsx") == []
    sheet = load_workbook(tmp_path / "r.xlsx").active
    assert [sheet[f"F{row}"].value for row in range(2, 2 + len(SUBJECTS))] == SUBJECTS  # shown as typed
    assert {sheet[f"E{row}"].value for row in range(2, 2 + len(SUBJECTS))} == {RECIPIENT}

    with open(tmp_path / "r.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert [r[5] for r in rows[1:]] == ["'" + s for s in SUBJECTS]
    assert {r[4] for r in rows[1:]} == {"'" + RECIPIENT}
    for row in rows:
        for field in row:
            assert not field.startswith(("=", "+", "-", "@", "\t", "\r")), field
    with open(tmp_path / "r.csv", encoding="utf-8-sig", newline="") as f:
        raw = f.read()
    quoted = io.StringIO()
    csv.writer(quoted, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    assert raw == quoted.getvalue()  # every field quoted, as OWASP also recommends
