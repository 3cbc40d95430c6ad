"""Closing a round: the report form as a workbook, returned forms read and checked, scores, the summary."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook

from generator.cli import INCOMPLETE, main
from generator.documents.form_layout import ID_SHEET, SHEET

from tests.docx_text import text
from tests.results_fill import FEBRUARY, JANUARY, MARCH, ROUND, fill, form_of
from tests.rounds import ROOT, copy_round

CASES = yaml.safe_load((Path(__file__).parent / "broken_results.yaml").read_text(encoding="utf-8"))


def _form(folder: Path, target: Path) -> Path:
    """The round's report-form-kpi-04.xlsx as the build writes it."""
    return form_of(folder, target)


def _results(data: Path, out: Path, capsys) -> tuple[int, str]:
    status = main(["--data", str(data), "results", ROUND, "--output", str(out), "--pdf", "no"])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


# ---------------------------------------------------------------- the workbook sent out
def test_the_form_workbook_is_laid_out_locked_and_validated(tmp_path):
    form = _form(copy_round(tmp_path, ROUND), tmp_path / "out")
    workbook = load_workbook(form)
    sheet = workbook[SHEET]
    assert sheet["A1"].value == "แบบรายงานผลความก้าวหน้าการพัฒนาครัวเรือนยากจนเป้าหมาย"
    assert "ตัวชี้วัดที่ ๔" in sheet["A2"].value and "รอบการประเมินที่ ๑" in sheet["A3"].value
    assert [c.value for c in sheet[6]] == ["ลำดับที่", "อำเภอ", "ครัวเรือนเป้าหมาย", "จำนวนที่ช่วยเหลือ", "คงเหลือ",
                                          "ร้อยละ", "ระดับความสำเร็จ (1-5)", "วันที่รายงาน"]
    assert (sheet["B7"].value, sheet["C7"].value) == ("เมืองฉะเชิงเทรา", 52)
    assert (sheet["B17"].value, sheet["C17"].value) == ("คลองเขื่อน", 10)
    assert sheet["B18"].value == "รวมทั้งสิ้น" and sheet["C18"].value == "=SUM(C7:C17)"
    assert sheet["E7"].value == '=IF(D7="","",C7-D7)' and "ROUND(D7/C7*100,2)" in sheet["F7"].value
    assert {sheet[c].font.name for c in ("A1", "B7", "C7", "D7", "B18")} == {"TH SarabunPSK"}
    assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.fitToWidth == 1
    # protection: the sheet is protected; only a district's input cells are open
    assert sheet.protection.sheet and workbook.security.lockStructure
    for cell in ("D7", "G7", "H7", "D17"):
        assert sheet[cell].protection.locked is False, cell
    for cell in ("A1", "B7", "C7", "E7", "F7", "D18", "C18"):
        assert sheet[cell].protection.locked is True, cell
    rules = {str(v.sqref).split()[0]: v for v in sheet.data_validations.dataValidation}
    assert (rules["D7"].type, rules["D7"].operator, rules["D7"].formula1, rules["D7"].formula2) == \
        ("whole", "between", "0", "C7")
    assert (rules["G7"].type, rules["G7"].formula1, rules["G7"].formula2) == ("whole", "1", "5")
    # the report date is typed as day/month/Buddhist year (text: the same on a PC of any locale); the prompt
    # gives the limits the returned file is checked against: the round's start, 90 days after its end
    assert sheet["H7"].number_format == "@" and rules["H7"].type == "textLength"
    assert "1/10/2567" in rules["H7"].prompt and "29/6/2568" in rules["H7"].prompt and "พ.ศ." in rules["H7"].prompt
    assert abs(sheet.page_margins.left - 3 / 2.54) < 0.01  # 3 cm, as the printed forms
    identity = workbook[ID_SHEET]
    assert identity.sheet_state == "hidden" and identity.protection.sheet
    assert [identity[f"B{r}"].value for r in (1, 2)] == [ROUND, 4] and len(identity["B3"].value) == 16


def test_the_build_writes_the_workbook_beside_the_form_and_only_when_it_changes(tmp_path):
    folder = copy_round(tmp_path, ROUND)
    out = tmp_path / "out"
    assert main(["--data", str(folder.parent), "letters", ROUND, "--output", str(out), "--pdf", "no"]) == 0
    workbook = out / ROUND / "report-form-kpi-04.xlsx"
    first = workbook.read_bytes()
    assert (out / ROUND / "report-form-kpi-04.docx").is_file()
    stamp = workbook.stat().st_mtime_ns
    assert main(["--data", str(folder.parent), "letters", ROUND, "--output", str(out), "--pdf", "no"]) == 0
    assert workbook.stat().st_mtime_ns == stamp and workbook.read_bytes() == first
    table = folder / "tables" / "target-households.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("คลองเขื่อน,10", "คลองเขื่อน,11")
                     .replace("รวม,314", "รวม,315"), encoding="utf-8")
    assert main(["--data", str(folder.parent), "letters", ROUND, "--output", str(out), "--pdf", "no"]) == 0
    assert load_workbook(workbook)[SHEET]["C17"].value == 11


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_the_workbook_on_a4_with_thai_text(tmp_path):
    form = _form(copy_round(tmp_path, ROUND), tmp_path / "out")
    profile = tmp_path / "lo-profile"
    run = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                          "--outdir", str(tmp_path / "pdf"), str(form)], capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "pdf" / "report-form-kpi-04.pdf"
    assert pdf.is_file(), run.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "A4" in info and "Pages:           1" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    for expected in ("ครัวเรือนยากจน", "เมืองฉะเชิงเทรา", "คลองเขื่อน", "จังหวัดฉะเชิงเทรา", "314"):
        assert expected in text, expected


# ---------------------------------------------------------------- the sample round's returns
def test_the_committed_returns_are_the_helpers_filled_forms():
    """kpi_data/<round>/results/ holds what tests/results_fill.py types into the forms."""
    folder = ROOT / "kpi_data" / ROUND / "results"
    expected = {f"{d}.xlsx": {d: v} for d, v in MARCH.items()}
    expected["รวม-มกราคม-2568.xlsx"] = JANUARY
    expected["รวม-กุมภาพันธ์-2568.xlsx"] = FEBRUARY
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected)
    for name, rows in expected.items():
        sheet = load_workbook(folder / name)[SHEET]
        typed = {sheet[f"B{r}"].value: (sheet[f"D{r}"].value, sheet[f"G{r}"].value, sheet[f"H{r}"].value.date())
                 for r in range(7, 18) if sheet[f"D{r}"].value is not None}
        assert typed == rows, name


def _cells(document: Document) -> list[list[str]]:
    return [[c.text for c in row.cells] for table in document.tables for row in table.rows]


def _score(done: int, target: int, lower: float, points_off: float = 0) -> str:
    """The hand calculation as README's scoring rule writes it: the percentage as it is (not rounded), the
    level's threshold, the proportion to the next; rounded once, half away from zero, then deductions."""
    percent = Decimal(done * 100) / Decimal(target)
    score = Decimal(lower // 10 - 5) + (percent - Decimal(lower)) / 10  # thresholds 60, 70 … 100 → levels 1 … 5
    score = score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) - Decimal(str(points_off))
    return f"{score:.2f}"


def test_make_results_on_the_sample_round_matches_a_hand_calculation(tmp_path, capsys):
    data = copy_round(tmp_path, ROUND).parent
    status, output = _results(data, tmp_path / "out", capsys)
    assert status == 0, output
    target = tmp_path / "out" / ROUND / "results"
    document = Document(str(target / "results-summary.docx"))
    rows = {r[0]: r for r in _cells(document)}
    # เมืองฉะเชิงเทรา: 47 of 52 = 90.38 % → level 4 (≥ 90), 4 + 0.38/10 = 4.04, nothing deducted
    assert _score(47, 52, 90) == "4.04"
    assert rows["เมืองฉะเชิงเทรา"][1:] == ["52", "47", "90.38", "4", "–", "4.04"]
    # บางปะกง: 19 of 22 = 86.36 % → level 3 (≥ 80), 3 + 6.36/10 = 3.64
    assert _score(19, 22, 80) == "3.64" and rows["บางปะกง"][-1] == "3.64"
    # ท่าตะเกียบ: 30 of 38 = 78.947… % (printed 78.95) → level 2, 2.8947… → 2.89 (not 2.90: the score is
    # made from the percentage, not from its rounded print); reported 3 April (after 31 March: −0.5) and so
    # nothing in March (−1): 1.39
    assert _score(30, 38, 70, 1.5) == "1.39"
    assert rows["ท่าตะเกียบ"][1:] == ["38", "30", "78.95", "2", "-1.50", "1.39"]
    # คลองเขื่อน: 9 of 10 = 90 % → 4.00, no January report (−1): 3.00
    assert rows["คลองเขื่อน"][4:] == ["4", "-1.00", "3.00"]
    assert rows["บางคล้า"][1:] == ["18", "18", "100.00", "5", "–", "5.00"]
    # the province: 277 households of 314 = 88.22 % → level 3
    done = sum(values[0] for values in MARCH.values())
    assert done == 277 and f"{Decimal(done * 100) / 314:.2f}" == "88.22"
    # its score by the same rule as a district's: 3 + 8.2165…/10 = 3.82; the districts' mean is said apart
    assert _score(277, 314, 80) == "3.82"
    assert rows["รวมทั้งจังหวัด"][1:5] == ["314", "277", "88.22", "3"] and rows["รวมทั้งจังหวัด"][-1] == "3.82"
    assert "คะแนนเฉลี่ยของ ๑๑ อำเภอ" in "\n".join(p.text for p in document.paragraphs)
    # the agreement form: one KPI, so the weighted score is its score; three districts share rank 1
    ranking = [r for r in _cells(document) if r[0] in "1234567891011" and len(r) == 4]
    assert [r[:2] for r in ranking[:4]] == [["1", "บางคล้า"], ["1", "บ้านโพธิ์"], ["1", "ราชสาส์น"], ["4", "แปลงยาว"]]
    assert ranking[-1][1:] == ["ท่าตะเกียบ", "1.39", "1.39"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "อำเภอท่าตะเกียบ รายงานหลังกำหนด หัก ๐.๕ คะแนน" in text
    assert "อำเภอคลองเขื่อน รายงานไม่ครบทุกเดือน หัก ๑ คะแนน" in text
    assert len(document.inline_shapes) == 1  # the chart
    circular = Document(str(target / "results-circular.docx"))
    circular_text = "\n".join(p.text for p in circular.paragraphs)
    assert "แจ้งผลการประเมินผลการปฏิบัติราชการ รอบการประเมินที่ ๑ ปีงบประมาณ พ.ศ. ๒๕๖๘" in circular_text
    assert "เมษายน ๒๕๖๘" in circular_text
    staff = load_workbook(target / "results-summary.xlsx")
    sheet = staff["ตัวชี้วัดที่ 4"]
    by_district = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=2)}
    assert by_district["เมืองฉะเชิงเทรา"][1:8] == [52, 47, 90.38, 4, 4.04, 0.0, 4.04]
    assert by_district["ท่าตะเกียบ"][6:8] == [1.5, 1.39]


def test_a_changed_return_remakes_only_what_it_feeds(tmp_path, capsys):
    data = copy_round(tmp_path, ROUND).parent
    out = tmp_path / "out"
    assert main(["--data", str(data), "letters", ROUND, "--output", str(out), "--pdf", "no"]) == 0
    assert _results(data, out, capsys)[0] == 0
    target = out / ROUND / "results"
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / ROUND).rglob("*") if p.is_file()}
    status, output = _results(data, out, capsys)
    assert status == 0 and "0 written" in output
    assert {p.name: p.stat().st_mtime_ns for p in (out / ROUND).rglob("*") if p.is_file()} == stamps
    returned = data / ROUND / "results" / "บางปะกง.xlsx"
    fill(returned, returned, {"บางปะกง": (22, 5, dt.date(2025, 3, 19))})
    status, output = _results(data, out, capsys)
    assert status == 0, output
    changed = {p.name for p in (out / ROUND).rglob("*") if p.is_file() and p.stat().st_mtime_ns != stamps.get(p.name)}
    assert changed == {"chart-kpi-04.png", "results-summary.docx", "results-circular.docx", "results-summary.xlsx",
                       "manifest.json"}
    assert not any(name.startswith(("letter-", "kpi-sheets", "report-form")) for name in changed)


def test_the_chart_font_draws_thai():
    from generator.results.charts import SAMPLE, has_glyphs, thai_font

    assert has_glyphs(thai_font(), SAMPLE + "เมืองฉะเชิงเทราบ้านโพธิ์ราชสาส์น")


# ---------------------------------------------------------------- the corpus of bad returns
def _broken(case: dict, tmp_path: Path) -> Path:
    folder = copy_round(tmp_path, ROUND)
    results = folder / "results"
    shutil.rmtree(results, ignore_errors=True)
    results.mkdir()
    form = _form(folder, tmp_path / "forms")
    path = results / case["file"]
    rows = {d: v for d, v in MARCH.items() if d != case.get("skip_district")}
    if "write_bytes" in case:
        path.write_bytes(bytes.fromhex(case["write_bytes"]))
    elif "write_text" in case:
        path.write_text(case["write_text"], encoding="utf-8")
        fill(form, results / "ทุกอำเภอ.xlsx", rows)
    elif "symlink_to" in case:
        os.symlink(case["symlink_to"], path)
    elif "big" in case:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    else:
        def edit(workbook):
            if "set" in case:
                workbook[case["set"]["sheet"]][case["set"]["cell"]] = case["set"]["value"]
            if "drop_sheet" in case:
                workbook.remove(workbook[case["drop_sheet"]])
        fill(form, path, rows, edit)
    if "also" in case:
        district = case["also"]["district"]
        fill(form, results / case["also"]["file"], {district: MARCH[district]})
    if case.get("round_append"):
        round_yaml = folder / "round.yaml"
        round_yaml.write_text(round_yaml.read_text(encoding="utf-8") + "\n" + case["round_append"] + "\n",
                              encoding="utf-8")
    if case.get("thresholds_removed"):
        kpi = folder / "kpis" / "kpi-04.yaml"
        kpi.write_text(kpi.read_text(encoding="utf-8").replace("thresholds: [60, 70, 80, 90, 100]", ""), encoding="utf-8")
    return folder


@pytest.mark.parametrize("case", CASES, ids=[f"{c['code']}-{i}" for i, c in enumerate(CASES)])
def test_a_bad_return_is_reported_at_its_file_sheet_and_cell(case, tmp_path, capsys):
    folder = _broken(case, tmp_path)
    status, output = _results(folder.parent, tmp_path / "out", capsys)
    assert "Traceback" not in output and "Internal error" not in output, output
    assert status == case.get("exit", INCOMPLETE), output
    matching = [line for line in output.splitlines() if f" {case['code']} " in line]
    assert matching, output
    place = f"{ROUND}/{case['place']}"
    assert any(place in line for line in matching), (place, matching)
    if status == INCOMPLETE:
        # a bad file holds back only what it reports: the results are made for the rest, as a draft that
        # names the file and its error
        summary = tmp_path / "out" / ROUND / "results" / "results-summary.docx"
        assert "(ร่าง – ผลยังไม่ครบ)" in text(summary).split("\n")[0]
        assert f"{case['file']} has errors ({case['code']}" in output or case["code"].startswith("W")
    elif status:
        assert not (tmp_path / "out" / ROUND / "results").exists()  # nothing written


def test_a_csv_return_is_read_like_a_workbook(tmp_path, capsys):
    folder = copy_round(tmp_path, ROUND)
    results = folder / "results"
    shutil.rmtree(results)
    results.mkdir()
    lines = ["อำเภอ,ครัวเรือนเป้าหมาย,จำนวนที่ช่วยเหลือ,คงเหลือ,ร้อยละ,ระดับความสำเร็จ (1-5),วันที่รายงาน"]
    for district, (done, level, date) in MARCH.items():
        target = {"เมืองฉะเชิงเทรา": 52}.get(district, "")
        lines.append(f"{district},{target},{done},,,{level},{date.day} มีนาคม 2568")
    (results / "kpi-04-มีนาคม.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, output = _results(folder.parent, tmp_path / "out", capsys)
    assert status == 0, output
    rows = {r[0]: r for r in _cells(Document(str(tmp_path / "out" / ROUND / "results" / "results-summary.docx")))}
    # ท่าตะเกียบ dated 3 มีนาคม here: not late, but no January or February report (−1): 2.90 − 1 = 1.90
    assert rows["ท่าตะเกียบ"][3:] == ["78.95", "2", "-1.00", "1.89"]  # 2.8947… − 1, rounded once
    lines[2] = lines[2].replace(",18,", ",ยังไม่ได้นับ,", 1)
    (results / "kpi-04-มีนาคม.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, output = _results(folder.parent, tmp_path / "out", capsys)
    assert status == INCOMPLETE and f"{ROUND}/results/kpi-04-มีนาคม.csv:3:3: E907" in output, output


def test_a_per_district_workbook_opens_only_its_own_row(tmp_path, capsys):
    folder = copy_round(tmp_path, ROUND)
    kpi = folder / "kpis" / "kpi-04.yaml"
    kpi.write_text(kpi.read_text(encoding="utf-8").replace("  prefilled: ครัวเรือนเป้าหมาย",
                                                            "  prefilled: ครัวเรือนเป้าหมาย\n  per_district: true"),
                   encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--data", str(folder.parent), "letters", ROUND, "--output", str(out), "--pdf", "no"]) == 0
    capsys.readouterr()
    form = out / ROUND / "report-form-kpi-04-d02.xlsx"  # บางคล้า, the second district
    workbook = load_workbook(form)
    sheet = workbook[SHEET]
    assert "อำเภอบางคล้า" in sheet["A4"].value and workbook[ID_SHEET]["B4"].value == "บางคล้า"
    # the printed form's five title lines (its district among them), a blank row, the heading row at 7
    assert sheet["B7"].value == "อำเภอ" and sheet["B9"].value == "บางคล้า"
    assert sheet["D9"].protection.locked is False
    assert all(sheet[f"D{r}"].protection.locked for r in range(8, 19) if r != 9)
    shutil.rmtree(folder / "results")
    fill(form, folder / "results" / "บางคล้า.xlsx", {"บางคล้า": (18, 5, dt.date(2025, 3, 18))})
    status, output = _results(folder.parent, out, capsys)
    assert status == INCOMPLETE and "W904" in output  # the other ten districts sent nothing: a draft
    rows = {r[0]: r for r in _cells(Document(str(out / ROUND / "results" / "results-summary.docx")))}
    assert rows["บางคล้า"][3:] == ["100.00", "5", "-1.00", "4.00"]  # no January or February report
    assert rows["คลองเขื่อน"][3:] == ["ไม่ได้รายงาน", "–", "–", "0.00"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_results_print_on_a4_with_thai_text_and_the_chart(tmp_path, capsys):
    data = copy_round(tmp_path, ROUND).parent
    out = tmp_path / "out"
    status = main(["--data", str(data), "results", ROUND, "--output", str(out), "--pdf", "yes", "--workers", "1"])
    output = capsys.readouterr()
    assert status == 0, output
    pdf = out / ROUND / "results" / "results-summary.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "595.3" in info and "841.89" in info  # A4 portrait
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    for expected in ("สรุปผลการประเมินผลการปฏิบัติราชการ", "เมืองฉะเชิงเทรา", "4.04", "88.22", "รวมทั้งจังหวัด"):
        assert expected in text, expected
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
    assert len(images.strip().splitlines()) >= 3  # header lines and the chart
    letter = subprocess.run(["pdftotext", str(out / ROUND / "results" / "results-circular.pdf"), "-"],
                            capture_output=True, text=True).stdout
    assert "แจ้งผลการประเมิน" in letter and "บางคล้า" in letter


def test_a_resent_month_and_a_broken_file_never_block_the_province(tmp_path, capsys):
    """บางปะกง sends March again with a later date and a new count; แปลงยาว's file has text in a number cell.
    The results are made for everyone else: บางปะกง from its later report (the earlier one named as replaced,
    with both dates), แปลงยาว waiting for its fixed file, the documents marked ร่าง, and the exit code 3."""
    folder = copy_round(tmp_path, ROUND)
    results = folder / "results"
    form = _form(folder, tmp_path / "forms")
    fill(form, results / "บางปะกง-ส่งใหม่.xlsx", {"บางปะกง": (21, 4, dt.date(2025, 3, 27))})
    fill(form, results / "แปลงยาว.xlsx", {"แปลงยาว": MARCH["แปลงยาว"]},
         lambda workbook: workbook[SHEET].__setitem__(f"D{15}", "ยี่สิบ"))
    status, output = _results(folder.parent, tmp_path / "out", capsys)
    assert status == INCOMPLETE, output
    assert "W910" in output and "results/บางปะกง.xlsx" in output and "27/3/2568" in output and "19/3/2568" in output
    assert "results/แปลงยาว.xlsx has errors (E907" in output and "แปลงยาว wait for a fixed file" in output
    target = tmp_path / "out" / ROUND / "results"
    document = Document(str(target / "results-summary.docx"))
    rows = {r[0]: r for r in _cells(document)}
    # บางปะกง: 21 of 22 = 95.45… % → level 4 → 4.545… → 4.55 (not 3.64 from the replaced report)
    assert _score(21, 22, 90) == "4.55" and rows["บางปะกง"][1:] == ["22", "21", "95.45", "4", "–", "4.55"]
    assert rows["แปลงยาว"][3] == "รอไฟล์ที่แก้"
    assert rows["เมืองฉะเชิงเทรา"][-1] == "4.04"  # the others are scored as before
    summary = text(target / "results-summary.docx")
    assert summary.split("\n")[0] == "สรุปผลการประเมินผลการปฏิบัติราชการ (ร่าง – ผลยังไม่ครบ)"
    assert "ใช้ฉบับวันที่ ๒๗ มีนาคม ๒๕๖๘ (results/บางปะกง-ส่งใหม่.xlsx) แทนฉบับวันที่ ๑๙ มีนาคม ๒๕๖๘ " \
           "(results/บางปะกง.xlsx)" in summary
    assert "อำเภอแปลงยาว ยังไม่คิดคะแนน: ไฟล์ results/แปลงยาว.xlsx มีข้อผิดพลาด" in summary
    assert "(ร่าง – ผลยังไม่ครบ)" in text(target / "results-circular.docx")
    # once the file is fixed, the results are complete: no draft, exit 0
    fill(form, results / "แปลงยาว.xlsx", {"แปลงยาว": MARCH["แปลงยาว"]})
    status, output = _results(folder.parent, tmp_path / "out", capsys)
    assert status == 0, output
    assert "ร่าง" not in text(target / "results-summary.docx").split("\n")[0]


def test_a_district_excused_from_reporting_completes_the_results(tmp_path, capsys):
    folder = copy_round(tmp_path, ROUND)
    (folder / "results" / "คลองเขื่อน.xlsx").unlink()
    for name in ("รวม-มกราคม-2568.xlsx", "รวม-กุมภาพันธ์-2568.xlsx"):
        (folder / "results" / name).unlink()
    status, output = _results(folder.parent, tmp_path / "out", capsys)
    assert status == INCOMPLETE and "no return yet from คลองเขื่อน" in output, output
    round_yaml = folder / "round.yaml"
    round_yaml.write_text(round_yaml.read_text(encoding="utf-8") + "\nnot_reporting: [คลองเขื่อน]\n", encoding="utf-8")
    status, output = _results(folder.parent, tmp_path / "out", capsys)
    assert status == 0, output
    rows = {r[0]: r for r in _cells(Document(str(tmp_path / "out" / ROUND / "results" / "results-summary.docx")))}
    assert rows["คลองเขื่อน"][3] == "ไม่ต้องรายงาน"


def test_results_without_the_charts_package_say_how_to_install_it(tmp_path, capsys, monkeypatch):
    """make letters does not install matplotlib (requirements-results.lock): the results command says what to run."""
    import sys

    for name in ("matplotlib", "matplotlib.backends.backend_agg", "matplotlib.figure", "matplotlib.font_manager",
                 "matplotlib.ticker"):
        monkeypatch.setitem(sys.modules, name, None)  # an import of it fails, as when it is not installed
    data = copy_round(tmp_path, ROUND).parent
    status, output = _results(data, tmp_path / "out", capsys)
    assert status != 0
    assert "make results" in output and "matplotlib" in output and "Traceback" not in output, output
    assert not (tmp_path / "out" / ROUND / "results" / "results-summary.docx").exists()
