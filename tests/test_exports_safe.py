"""Every spreadsheet the program writes holds data, never a formula the data typed: a report-form title, a
column heading, an agreement heading or a register subject starting with =, +, -, @, a tab or a carriage
return opens in Excel as the text typed (openpyxl reads each such cell as a string, not a formula), and the
register's CSV guards such a field with a leading ' (OWASP)."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from generator.cli import main
from generator.register.exports import export_csv, export_xlsx
from generator.register.store import Register
from generator.thai import arabic_digits
from tests.results_fill import ROUND, sample_returns
from tests.rounds import copy_round

CORPUS = yaml.safe_load((Path(__file__).parent / "corpus_formula_injection.yaml").read_text(encoding="utf-8"))
TEXTS = [case["text"] for case in CORPUS]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PROGRAM_FORMULA = re.compile(r"^=(SUM|IF)\(")  # what the report form computes: totals, remainders, percentages


def same(shown: str, typed: str) -> bool:
    """The text shown is the text typed, digits aside (a document's digit style may print 1 as ๑)."""
    return arabic_digits(shown) == arabic_digits(typed)


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


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


def test_the_corpus_holds_every_formula_character():
    assert {text[0] for text in TEXTS} >= set(FORMULA_START) and len(TEXTS) >= 10


@pytest.mark.parametrize("text", TEXTS, ids=[c["why"] for c in CORPUS])
def test_a_round_whose_data_starts_with_formula_characters_gives_workbooks_of_text(text, tmp_path, capsys):
    # the round's text fields are read without their leading and trailing white space
    title, heading, agreement = text.strip(), f"{text} ร้อยละ".strip(), text.strip()
    folder = copy_round(tmp_path, ROUND)
    kpi = folder / "kpis" / "kpi-04.yaml"
    data = kpi.read_text(encoding="utf-8")
    data = data.replace("  title: แบบรายงานผลความก้าวหน้าการพัฒนาครัวเรือนยากจนเป้าหมาย", f"  title: {quoted(title)}")
    data = data.replace("columns: [จำนวนที่ช่วยเหลือ, คงเหลือ, ร้อยละ,", f"columns: [จำนวนที่ช่วยเหลือ, คงเหลือ, {quoted(heading)},")
    data = data.replace("  value: ร้อยละ ", f"  value: {quoted(heading)} ")
    assert data.count(quoted(heading)) == 2 and quoted(title) in data
    kpi.write_text(data, encoding="utf-8")
    round_yaml = folder / "round.yaml"
    round_yaml.write_text(round_yaml.read_text(encoding="utf-8")
                          + f"\nagreements:\n  - id: individual\n    heading: {quoted(agreement)}\n", encoding="utf-8")
    out = tmp_path / "out"
    status = main(["--data", str(folder.parent), "letters", ROUND, "--output", str(out), "--pdf", "no"])
    said = capsys.readouterr()
    assert status == 0, said.out + said.err
    form = out / ROUND / "report-form-kpi-04.xlsx"
    sheet = load_workbook(form).worksheets[0]
    assert same(sheet["A1"].value, title) and sheet["A1"].data_type == "s"  # shown as typed
    assert same(sheet["F6"].value, heading) and sheet["F6"].data_type == "s"
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
    shown = {arabic_digits(t) for t in texts(summary)}
    assert {arabic_digits(agreement), arabic_digits(heading)} <= shown


@pytest.mark.parametrize("text", TEXTS, ids=[c["why"] for c in CORPUS])
def test_register_exports_keep_subjects_recipients_and_remarks_as_text(text, tmp_path):
    with Register(tmp_path / "r.sqlite3") as register:
        register.allocate("ฉช 0018", True, 2568, "a", sender="สำนักงานพัฒนาชุมชนจังหวัดฉะเชิงเทรา",
                          recipient="นายอำเภอ ทุกอำเภอ", subject=text)
        register.allocate("ฉช 0018", True, 2568, "b", sender="สำนักงานพัฒนาชุมชนจังหวัดฉะเชิงเทรา",
                          recipient=text, subject="การดำเนินงานตัวชี้วัด")
        voided = register.allocate("ฉช 0018", True, 2568, "c", subject="ยกเลิก")
        register.void(voided.id, text)
        entries = register.entries()
    export_xlsx(entries, tmp_path / "r.xlsx")
    export_csv(entries, tmp_path / "r.csv")
    assert formulas(tmp_path / "r.xlsx") == []
    sheet = load_workbook(tmp_path / "r.xlsx").active
    shown = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert same(shown[0][5], text) and same(shown[1][4], text)  # shown as typed (digits as the register prints them)
    assert arabic_digits(" ".join(text.split())) in arabic_digits(shown[2][6])  # the reason, spaces tidied

    with open(tmp_path / "r.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    guard = "'" if text.startswith(FORMULA_START) else ""
    assert same(rows[1][5], guard + text) and same(rows[2][4], guard + text)
    for row in rows:
        for field in row:
            assert not field.startswith(FORMULA_START), field
            if field.startswith("'"):
                assert field[1:] in [e for r in shown for e in r if isinstance(e, str)]
    with open(tmp_path / "r.csv", encoding="utf-8-sig", newline="") as f:
        raw = f.read()
    quoted_all = io.StringIO()
    csv.writer(quoted_all, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    assert raw == quoted_all.getvalue()  # every field quoted, as OWASP also recommends
