"""The Chachoengsao sample round closed: every district's and the province's figures recomputed by hand from
the returned cells (openpyxl) with docs/results.md's written rule, and matched with results-summary.docx,
results-summary.xlsx and the results circular.

The rule, as the KPI file and the circular write it: ร้อยละ = จำนวนที่ช่วยเหลือ ÷ ครัวเรือนเป้าหมาย × 100;
level n from 60, 70, 80, 90, 100; the score is the level plus the share of the way to the next threshold
(5 at 100), rounded once to 2 places half away from zero; then −1 for a month of January–March 2568 without
a report and −0.5 when the latest report is dated after 31 March 2568; a district's figures are its latest
report's; the province: Σ helped ÷ Σ target of the districts, by the same rule.
"""
from __future__ import annotations

import datetime as dt
from fractions import Fraction

import yaml
from docx import Document
from openpyxl import load_workbook

from generator.cli import main
from tests.docx_text import text
from tests.hand_calc import THAI, excel_round, plain, read_returns, shown
from tests.rounds import ROOT, copy_round

ROUND = "2568-1-chachoengsao"
THRESHOLDS = [60, 70, 80, 90, 100]
MONTHS = [(2025, 1), (2025, 2), (2025, 3)]
DEADLINE = dt.date(2025, 3, 31)


def _level_and_score(percent: Fraction) -> tuple[int, Fraction]:
    level = max([n for n, t in enumerate(THRESHOLDS, start=1) if percent >= t], default=0)
    if level in (0, 5):
        return level, Fraction(level)
    here, there = THRESHOLDS[level - 1], THRESHOLDS[level]
    return level, level + (percent - here) / (there - here)


def hand_calculation() -> dict:
    returns = read_returns(ROOT / "kpi_data" / ROUND / "results")[4]
    districts = yaml.safe_load((ROOT / "kpi_data" / ROUND / "round.yaml").read_text(encoding="utf-8"))["districts"]
    rows, helped, targets = {}, 0, 0
    for district in districts:
        mine = sorted((r for r in returns if r["district"] == district), key=lambda r: r["date"])
        latest = mine[-1]
        done, target = latest["values"]["จำนวนที่ช่วยเหลือ"], latest["values"]["ครัวเรือนเป้าหมาย"]
        percent = Fraction(done * 100, target)
        level, base = _level_and_score(percent)
        off = Fraction(0)
        if any(m not in {(r["date"].year, r["date"].month) for r in mine} for m in MONTHS):
            off += 1
        if latest["date"] > DEADLINE:
            off += Fraction(1, 2)
        rows[district] = {"target": target, "done": done, "percent": percent, "level": level,
                          "base": excel_round(base), "off": off, "score": max(Fraction(0), excel_round(base) - off)}
        helped, targets = helped + done, targets + target
    province = Fraction(helped * 100, targets)
    return {"rows": rows, "province": (targets, helped, province, *_level_and_score(province))}


def test_the_written_rule_is_the_kpi_files_rule():
    kpi = yaml.safe_load((ROOT / "kpi_data" / ROUND / "kpis" / "kpi-04.yaml").read_text(encoding="utf-8"))
    assert kpi["thresholds"] == THRESHOLDS and kpi["scoring"]["interpolate"] is True
    assert [d["points"] for d in kpi["scoring"]["deductions"]] == [1, 0.5]


def test_every_district_and_the_province_match_a_hand_calculation(tmp_path, capsys):
    data = copy_round(tmp_path, ROUND).parent
    status = main(["--data", str(data), "results", ROUND, "--output", str(tmp_path / "out"), "--pdf", "no"])
    output = capsys.readouterr()
    assert status == 0, output
    target = tmp_path / "out" / ROUND / "results"
    hand = hand_calculation()
    document = Document(str(target / "results-summary.docx"))
    printed = {row.cells[0].text: [c.text for c in row.cells][1:] for row in document.tables[0].rows}
    sheet = {row[0]: row[1:8] for row in load_workbook(target / "results-summary.xlsx")["ตัวชี้วัดที่ 4"]
             .iter_rows(min_row=2, values_only=True)}
    for district, row in hand["rows"].items():
        off = "–" if not row["off"] else f"-{float(row['off']):.2f}"
        assert printed[district] == [str(row["target"]), str(row["done"]), shown(row["percent"]), str(row["level"]),
                                     off, shown(row["score"])], district
        assert sheet[district] == (row["target"], row["done"], plain(excel_round(row["percent"])), row["level"],
                                   plain(row["base"]), plain(row["off"]), plain(row["score"])), district
    targets, helped, percent, level, base = hand["province"]
    assert printed["รวมทั้งจังหวัด"][:4] == [str(targets), str(helped), shown(percent), str(level)]
    assert printed["รวมทั้งจังหวัด"][-1] == shown(base)
    # one agreement form holding this KPI alone: its weighted score is the KPI's score; the circular names the best
    best = max(r["score"] for r in hand["rows"].values())
    leaders = " ".join(f"อำเภอ{d}" for d, r in hand["rows"].items() if r["score"] == best)
    circular = text(target / "results-circular.docx").translate(THAI)
    assert f"อำเภอที่ได้คะแนนรวมสูงสุด ได้แก่ {leaders} ได้คะแนน {shown(best)}" in circular
    # the summary works one district through: ท่าตะเกียบ, whose score has both deductions
    row = hand["rows"]["ท่าตะเกียบ"]
    assert f"ตัวอย่างการคิดคะแนน อำเภอท่าตะเกียบ: ร้อยละ = {row['done']} ÷ {row['target']} × 100 = 78.9473… → ระดับ 2 " \
           f"(≥ 70) → 2 + (78.9473… − 70) ÷ (80 − 70) = 2.8947… → {shown(row['base'])} − 1.00 (รายงานไม่ครบทุกเดือน) " \
           f"− 0.50 (รายงานหลังกำหนด) = {shown(row['score'])}" in text(target / "results-summary.docx").translate(THAI)
    ranking = {row.cells[1].text: row.cells[-1].text for row in document.tables[1].rows[1:]}
    assert ranking == {d: shown(r["score"]) for d, r in hand["rows"].items()}
