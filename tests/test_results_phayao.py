"""The Phayao sample round closed: every district's and the province's figures recomputed by hand from
the returned cells and matched with results-summary.docx, results-summary.xlsx, the results circular and
what make results prints.

The hand calculation reads the committed returns with openpyxl and applies docs/results.md's written rule
in plain arithmetic (fractions, no call into the scorer): KPI 1 ร้อยละคงเหลือ = ยังไม่ผ่านเกณฑ์ ÷
ครัวเรือนเป้าหมาย × 100, lower is better, level n when it is at most 9, 8, 7, 6 and level 5 when it is
below 5; KPI 3 ร้อยละการเบิกจ่าย = เบิกจ่ายแล้ว ÷ วงเงินที่ได้รับจัดสรร × 100, level n from 80, 85, 90,
95, 100; a district's figures are its latest report's (by the report date typed on the form); deductions:
a month of July–September 2567 without a KPI 1 report −1, a latest KPI 1 report dated after 20 September
2567 −0.5; the province: Σ numerator ÷ Σ denominator over the districts; a form's score Σ(weight × score) ÷
Σ weight; every rounding once, to 2 places, half away from zero.
"""
from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook

from generator.cli import INCOMPLETE, main
from tests.docx_text import text
from tests.hand_calc import THAI, excel_round, plain, read_returns, shown
from tests.results_fill_phayao import ROUND, SEPTEMBER, fill, forms_of
from tests.rounds import ROOT, copy_round

RETURNS = ROOT / "kpi_data" / ROUND / "results"

# the rule as the circular writes it (checked against the KPI files below)
KPI1_AT_MOST = [9, 8, 7, 6]  # levels 1-4: ร้อยละคงเหลือไม่เกิน …; level 5: ต่ำกว่าร้อยละ 5
KPI3_AT_LEAST = [80, 85, 90, 95, 100]
DEADLINE = dt.date(2024, 9, 20)  # 20 กันยายน 2567
MONTHS = [(2024, 7), (2024, 8), (2024, 9)]
WEIGHTS = {"team": {1: 40, 3: 10}, "chief": {1: 20, 3: 10}, "staff": {1: 30}}


def _kpi1_level(percent: Fraction) -> int:
    level = 0
    for n, bound in enumerate(KPI1_AT_MOST, start=1):
        if percent <= bound:
            level = n
    return 5 if percent < 5 else level


def _kpi3_level(percent: Fraction) -> int:
    return max([n for n, bound in enumerate(KPI3_AT_LEAST, start=1) if percent >= bound], default=0)


def hand_calculation() -> dict:
    """Each KPI's districts and province, and each form's weighted scores, from the returned cells."""
    returns = read_returns(RETURNS)
    districts = yaml.safe_load((ROOT / "kpi_data" / ROUND / "round.yaml").read_text(encoding="utf-8"))["districts"]
    definitions = {1: ("ยังไม่ผ่านเกณฑ์", "ครัวเรือนเป้าหมาย", _kpi1_level),
                   3: ("เบิกจ่ายแล้ว (บาท)", "วงเงินที่ได้รับจัดสรร (บาท)", _kpi3_level)}
    result = {}
    for kpi, (numerator, denominator, level_of) in definitions.items():
        rows, above, below = {}, 0, 0
        for district in districts:
            mine = sorted((r for r in returns[kpi] if r["district"] == district), key=lambda r: r["date"])
            latest = mine[-1]
            done, target = latest["values"][numerator], latest["values"][denominator]
            percent = Fraction(done * 100, target)
            level = level_of(percent)
            off = Fraction(0)
            if kpi == 1:
                if any(m not in {(r["date"].year, r["date"].month) for r in mine} for m in MONTHS):
                    off += 1
                if latest["date"] > DEADLINE:
                    off += Fraction(1, 2)
            rows[district] = {"target": target, "done": done, "percent": percent, "level": level, "off": off,
                              "score": max(Fraction(0), excel_round(Fraction(level)) - off), "file": latest["file"]}
            above, below = above + done, below + target
        province = Fraction(above * 100, below)
        result[kpi] = {"rows": rows, "province": (below, above, province, level_of(province))}
    forms = {}
    for form, weights in WEIGHTS.items():
        forms[form] = {d: excel_round(sum(w * result[k]["rows"][d]["score"] for k, w in weights.items())
                                      / sum(weights.values())) for d in districts}
    result["forms"] = forms
    return result


def test_the_written_rule_is_the_kpi_files_rule():
    """The thresholds and weights the hand calculation uses are the ones the KPI files hold."""
    kpis = {n: yaml.safe_load((ROOT / "kpi_data" / ROUND / "kpis" / f"kpi-0{n}.yaml").read_text(encoding="utf-8"))
            for n in (1, 3)}
    assert kpis[1]["thresholds"] == KPI1_AT_MOST + ["ต่ำกว่า 5"] and kpis[1]["scoring"]["direction"] == "lower"
    assert kpis[1]["scoring"]["percent"] == {"label": "ร้อยละคงเหลือ", "numerator": ["ยังไม่ผ่านเกณฑ์"],
                                             "denominator": ["ครัวเรือนเป้าหมาย"]}
    assert kpis[3]["thresholds"] == KPI3_AT_LEAST
    for form, weights in WEIGHTS.items():
        for number, weight in weights.items():
            assert kpis[number]["forms"][form]["weight"] == weight


def test_the_committed_returns_are_the_helpers_filled_forms():
    from tests.results_fill_phayao import expected_files

    expected = expected_files()
    assert sorted(p.name for p in RETURNS.iterdir()) == sorted(expected)
    typed = read_returns(RETURNS)
    for kpi in (1, 3):
        rows = sorted((name, d, tuple(counts), date) for name, (k, found) in expected.items() if k == kpi
                      for d, (counts, date) in found.items())
        headings = {1: ("พัฒนาได้", "สงเคราะห์/อื่น ๆ", "ผ่านเกณฑ์ จปฐ.", "ยังไม่ผ่านเกณฑ์"), 3: ("เบิกจ่ายแล้ว (บาท)",)}[kpi]
        read = sorted((r["file"], r["district"], tuple(r["values"][h] for h in headings),
                       f"{r['date'].day}/{r['date'].month}/{r['date'].year + 543}") for r in typed[kpi])
        assert read == rows, kpi


@pytest.fixture(scope="module")
def closed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("phayao")
    data = copy_round(tmp, ROUND).parent
    import io
    from contextlib import redirect_stderr, redirect_stdout

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(["--data", str(data), "results", ROUND, "--output", str(tmp / "out"), "--pdf", "no"])
    return status, out.getvalue() + err.getvalue(), tmp / "out" / ROUND / "results"


def test_every_district_and_the_province_match_a_hand_calculation(closed):
    status, output, target = closed
    assert status == 0, output
    hand = hand_calculation()
    document = Document(str(target / "results-summary.docx"))
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    staff = load_workbook(target / "results-summary.xlsx")
    for index, kpi in enumerate((1, 3)):
        printed = {row[0]: row[1:] for row in tables[index][1:]}
        sheet = {row[0]: row[1:8] for row in staff[f"ตัวชี้วัดที่ {kpi}"].iter_rows(min_row=2, values_only=True)}
        for district, row in hand[kpi]["rows"].items():
            off = "–" if not row["off"] else f"-{float(row['off']):.2f}"
            assert printed[district] == [f"{row['target']:,}", f"{row['done']:,}", shown(row["percent"]),
                                         str(row["level"]), off, shown(row["score"])], (kpi, district)
            # target, done, percentage (2 places), level, score before deductions (the level), deducted, score
            assert sheet[district] == (row["target"], row["done"], plain(excel_round(row["percent"])), row["level"],
                                       row["level"], plain(row["off"]), plain(row["score"])), (kpi, district)
        below, above, percent, level = hand[kpi]["province"]
        assert printed["รวมทั้งจังหวัด"] == [f"{below:,}", f"{above:,}", shown(percent), str(level), "",
                                             f"{level:.2f}"], kpi
    # the figures a reviewer redoes with a calculator
    rows1 = hand[1]["rows"]
    assert shown(rows1["เมืองพะเยา"]["percent"]) == "4.41" and rows1["เมืองพะเยา"]["level"] == 5  # 3 of 68: below 5
    assert rows1["ดอกคำใต้"]["file"] == "ดอกคำใต้-ส่งใหม่.xlsx"  # the re-sent report (18/9) replaces 12/9
    assert shown(rows1["ดอกคำใต้"]["percent"]) == "5.17" and rows1["ดอกคำใต้"]["level"] == 4  # not below 5
    assert rows1["เชียงม่วน"]["score"] == Fraction(5, 2)  # level 3, dated 25/9: late (−0.5)
    assert rows1["ปง"]["score"] == 3  # level 4, no July report (−1)
    assert rows1["แม่ใจ"]["level"] == 0  # 3 of 29 = 10.34: above 9
    assert hand[1]["province"][:2] == (412, 27) and shown(hand[1]["province"][2]) == "6.55"
    assert hand[3]["rows"]["เชียงคำ"]["percent"] == 95 and hand[3]["rows"]["เชียงคำ"]["level"] == 4  # exactly 95


def test_the_weighted_scores_ranks_circular_and_printed_summary_match(closed):
    status, output, target = closed
    hand = hand_calculation()
    document = Document(str(target / "results-summary.docx"))
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables][2:]
    circular = text(target / "results-circular.docx").translate(THAI)
    staff = load_workbook(target / "results-summary.xlsx")
    titles = {"team": "เป้าหมายการปฏิบัติงานทีม (ทีมอำเภอ)",
              "chief": "เป้าหมายการปฏิบัติงานบุคคล (พัฒนาการอำเภอ รายบุคคล)",
              "staff": "เป้าหมายการปฏิบัติงานบุคคล (เจ้าหน้าที่สำนักงานพัฒนาชุมชนอำเภอ)"}
    for index, (form, scores) in enumerate(hand["forms"].items()):
        ranks = {d: 1 + sum(1 for other in scores.values() if other > s) for d, s in scores.items()}
        printed = {row[1]: (row[0], row[-1]) for row in tables[index][1:]}
        assert printed == {d: (str(ranks[d]), shown(s)) for d, s in scores.items()}, form
        sheet = staff[f"คะแนนรวม {index + 1}"]
        assert sheet["A1"].value == titles[form]
        # the title spans the table on one line, not wrapped in the rank column; a row is tall enough for Thai marks
        assert f"A1:{sheet.cell(2, sheet.max_column).column_letter}1" in {str(r) for r in sheet.merged_cells.ranges}
        assert all(sheet.row_dimensions[r].height >= 16 * 1.3 for r in range(1, sheet.max_row + 1))
        assert {r[1]: (r[0], r[-1]) for r in sheet.iter_rows(min_row=3, values_only=True)} == \
            {d: (ranks[d], plain(s)) for d, s in scores.items()}
        best = max(scores.values())
        leaders = " ".join(f"อำเภอ{d}" for d in scores if scores[d] == best)
        assert f"{titles[form]} อำเภอที่ได้คะแนนรวมสูงสุด ได้แก่ {leaders} ได้คะแนน {shown(best)}" in circular
        top = sorted(scores, key=lambda d: (ranks[d], list(scores).index(d)))[:3]
        assert f"{titles[form]}: " + ", ".join(f"{ranks[d]}. {d} {shown(scores[d])}" for d in top) in output
    # ดอกคำใต้ in the team form: (40 × 4 + 10 × 2) ÷ 50 = 3.60; in the chief's: (20 × 4 + 10 × 2) ÷ 30 = 3.33
    assert hand["forms"]["team"]["ดอกคำใต้"] == Fraction(18, 5)
    assert shown(hand["forms"]["chief"]["ดอกคำใต้"]) == "3.33"


def test_the_summary_names_the_replaced_report_and_the_deductions(closed):
    status, output, target = closed
    summary = text(target / "results-summary.docx")
    assert summary.split("\n")[0] == "สรุปผลการประเมินผลการปฏิบัติราชการ"  # complete: no draft mark
    assert "ร้อยละคงเหลือ = ยังไม่ผ่านเกณฑ์ ÷ ครัวเรือนเป้าหมาย × ๑๐๐; เกณฑ์ (ค่าน้อยดี)" in summary
    assert "ระดับ ๕ = ต่ำกว่า ๕" in summary
    assert "ใช้ฉบับวันที่ ๑๘ กันยายน ๒๕๖๗ (results/ดอกคำใต้-ส่งใหม่.xlsx) แทนฉบับวันที่ ๑๒ กันยายน ๒๕๖๗ " \
           "(results/ดอกคำใต้.xlsx)" in summary
    assert "อำเภอเชียงม่วน รายงานหลังกำหนด หัก ๐.๕ คะแนน" in summary
    # one district's score worked through, as a reviewer redoes it with a calculator
    assert "ตัวอย่างการคิดคะแนน อำเภอเชียงม่วน: ร้อยละคงเหลือ = ๒ ÷ ๓๒ × ๑๐๐ = ๖.๒๕ → ระดับ ๓ (≤ ๗) → ๓.๐๐ " \
           "− ๐.๕๐ (รายงานหลังกำหนด) = ๒.๕๐" in summary
    assert "อำเภอปง รายงานไม่ครบทุกเดือน หัก ๑ คะแนน" in summary
    assert "W910" in output and "12/9/2567" in output and "18/9/2567" in output


def test_a_broken_return_holds_back_only_its_district(tmp_path, capsys):
    """A broken re-send from จุน: the others are scored as by hand, จุน waits, the summary is a draft, exit 3."""
    folder = copy_round(tmp_path, ROUND)
    forms = forms_of(folder, tmp_path / "forms")
    fill(forms[1], folder / "results" / "จุน-แก้.xlsx", {"จุน": ((40, 5, 41, "สี่"), "19/9/2567")})
    status = main(["--data", str(folder.parent), "results", ROUND, "--output", str(tmp_path / "out"), "--pdf", "no"])
    output = capsys.readouterr()
    output = output.out + output.err
    assert status == INCOMPLETE, output
    assert "results/จุน-แก้.xlsx has errors (E907" in output and "จุน wait for a fixed file" in output
    target = tmp_path / "out" / ROUND / "results"
    rows = {r[0]: r for r in [[c.text for c in row.cells] for row in Document(str(target / "results-summary.docx")).tables[0].rows]}
    hand = hand_calculation()[1]["rows"]
    assert rows["จุน"][3] == "รอไฟล์ที่แก้"
    for district in SEPTEMBER:
        if district != "จุน":
            assert rows[district][-1] == shown(hand[district]["score"]), district
    assert text(target / "results-summary.docx").split("\n")[0].endswith("(ร่าง – ผลยังไม่ครบ)")
    assert "อำเภอจุน ยังไม่คิดคะแนน: ไฟล์ results/จุน-แก้.xlsx มีข้อผิดพลาด" in text(target / "results-summary.docx")


def test_a_percentage_typed_over_the_formula_is_checked_by_the_same_definition(tmp_path, capsys):
    """ภูซาง types 99 over its ร้อยละการเบิกจ่าย formula: 494,000 ÷ 520,000 × 100 = 95.00, so the reader names the
    cell (E909) with the figure the definition gives, and holds back ภูซาง's KPI 3 only."""
    folder = copy_round(tmp_path, ROUND)
    forms = forms_of(folder, tmp_path / "forms")
    path = folder / "results" / "เบิกจ่าย-ภูซาง.xlsx"

    def typed_over(workbook):
        sheet = workbook["ผลการดำเนินงาน"]
        row = next(r for r in range(1, 40) if sheet[f"B{r}"].value == "ภูซาง")
        sheet[f"E{row}"] = 99

    fill(forms[3], path, {"ภูซาง": ((494_000,), "27/9/2567")}, typed_over, kpi=3)
    status = main(["--data", str(folder.parent), "results", ROUND, "--output", str(tmp_path / "out"), "--pdf", "no"])
    output = capsys.readouterr()
    output = output.out + output.err
    assert status == INCOMPLETE, output
    line = next(line for line in output.splitlines() if " E909 " in line)
    assert f"{ROUND}/results/เบิกจ่าย-ภูซาง.xlsx:ผลการดำเนินงาน!E" in line and "ร้อยละการเบิกจ่าย" in line and "99" in line
    assert "95" in line  # the figure the definition gives
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in
            Document(str(tmp_path / "out" / ROUND / "results" / "results-summary.docx")).tables[1].rows}
    assert rows["ภูซาง"][3] == "รอไฟล์ที่แก้" and rows["เชียงคำ"][3] == "95.00"
