"""Every phrase a round prints is the round's to set (generator/reading/wording.py, docs/wording.md).

The Lampang round of the reference circular (FY 2560, round 2) reworded as another province writes
it: the round line with a colon and its audience, the team form with its own period and the team's name
after the parties, the individual form with a two-line title that already names the parties (so the
stock parties' line is left out), blank targets, sources one per line, a guideline sheet with its
audience below the round line and หมายเหตุ inline, and a report form with a two-line title and none of the stock lines.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator.build.stages import build_round
from generator.reading.wording import PHRASES, Wording
from tests.docx_text import paragraphs, tables
from tests.rounds import copy_round

ROOT = Path(__file__).resolve().parent.parent


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def reworded_round(tmp_path: Path) -> Path:
    folder = copy_round(tmp_path, "2560-2-lampang")

    def round_file(data):
        data["wording"] = {
            "round_line": "รอบที่ {round} ปีงบประมาณ พ.ศ. {fiscal_year} : พัฒนาการอำเภอทุกอำเภอ",
            "kpi_sheets_parties_line": "ระหว่าง พัฒนาการจังหวัดลำปาง กับ พัฒนาการอำเภอทุกอำเภอ",
            "report_round_line": "รอบที่ {round}/{fiscal_year}",
            "as_of_line": "",
            "reporter_lines": ["ผู้รายงาน ........................................",
                               "วันที่รายงาน ........................................"],
        }
        team, individual = data["agreements"]
        team["wording"] = {"parties_line": "ระหว่าง {evaluator} กับ {evaluated}",
                           "parties_suffix": "(ทีมอำเภอเมืองลำปาง)",
                           "round_line": "การประเมินรอบที่ {round} ({period})",
                           "period": "1 มิถุนายน – 30 กันยายน 2560"}
        individual["title"] = ["บันทึกข้อตกลงการประเมินผลการปฏิบัติราชการ",
                               "ระหว่าง พัฒนาการจังหวัดลำปาง กับ พัฒนาการอำเภอ"]
        individual["wording"] = {"parties_line": ""}

    def kpi_04(data):
        data["thresholds"] = ["", "", "", "", ""]  # left blank, as the real form does
        data["sources"] = ["กลุ่มงานส่งเสริมการพัฒนาชุมชน", "ทะเบียนผู้ผลิต ผู้ประกอบการ OTOP ปี 2560",
                           "แบบรายงานผลของอำเภอ"]
        data["wording"] = {"audience_line": "กลุ่มเป้าหมาย: ผู้ผลิต ผู้ประกอบการ OTOP รายใหม่"}
        data["guideline"]["remarks_inline"] = True
        data["report_form"]["title"] = ["แบบรายงานผลความก้าวหน้า",
                                        "การลงทะเบียนผู้ผลิต ผู้ประกอบการ OTOP รายใหม่"]

    edit_yaml(folder / "round.yaml", round_file)
    edit_yaml(folder / "kpis" / "kpi-04.yaml", kpi_04)
    return folder


def test_a_reworded_round_prints_every_phrase_as_typed(tmp_path):
    folder = reworded_round(tmp_path)
    result = build_round(folder, tmp_path / "out")
    assert not result.failed, result.report
    out = tmp_path / "out" / folder.name

    team = paragraphs(out / "agreement-team.docx")
    assert "ระหว่าง พัฒนาการจังหวัดลำปาง กับ พัฒนาการอำเภอ (ทีมอำเภอเมืองลำปาง)" in team
    assert "การประเมินรอบที่ ๒ (๑ มิถุนายน – ๓๐ กันยายน ๒๕๖๐)" in team
    assert not any("บันทึกข้อตกลงการประเมินผลการปฏิบัติราชการ" in p or "รอบการประเมินที่" in p for p in team)

    individual = paragraphs(out / "agreement-individual.docx")
    assert individual[0] == ("บันทึกข้อตกลงการประเมินผลการปฏิบัติราชการ\n"
                             "ระหว่าง พัฒนาการจังหวัดลำปาง กับ พัฒนาการอำเภอ")
    head = individual[:individual.index("เป้าหมายการปฏิบัติงานบุคคล")]
    assert sum(p.count("ระหว่าง") for p in head) == 1  # the parties are said once
    assert "รอบที่ ๒ ปีงบประมาณ พ.ศ. ๒๕๖๐ : พัฒนาการอำเภอทุกอำเภอ" in head
    row = next(r for r in tables(out / "agreement-individual.docx")[0] if "OTOP ที่ลงทะเบียนใหม่" in r[2])
    assert row[4:9] == ["", "", "", "", ""]  # blank targets print blank, not "–"
    assert row[10].split("\n")[:3] == ["กลุ่มงานส่งเสริมการพัฒนาชุมชน", "ทะเบียนผู้ผลิต ผู้ประกอบการ OTOP ปี ๒๕๖๐",
                                       "แบบรายงานผลของอำเภอ"]
    other = next(r for r in tables(out / "agreement-individual.docx")[0] if r[2].startswith("ตัวชี้วัดที่ ๕"))
    assert other[4] != ""  # a KPI with targets keeps them

    sheets = paragraphs(out / "kpi-sheets.docx")
    assert sheets[1:3] == ["ระหว่าง พัฒนาการจังหวัดลำปาง กับ พัฒนาการอำเภอทุกอำเภอ",
                           "รอบที่ ๒ ปีงบประมาณ พ.ศ. ๒๕๖๐ : พัฒนาการอำเภอทุกอำเภอ"]
    assert "แหล่งข้อมูล\t: ๑. กลุ่มงานส่งเสริมการพัฒนาชุมชน\n๒. ทะเบียนผู้ผลิต ผู้ประกอบการ OTOP ปี ๒๕๖๐\n" \
           "๓. แบบรายงานผลของอำเภอ" in sheets

    guide = [p for p in paragraphs(out / "guidelines.docx") if p]
    round_at = guide.index("รอบที่ ๒ ปีงบประมาณ พ.ศ. ๒๕๖๐ : พัฒนาการอำเภอทุกอำเภอ")
    assert guide[round_at + 1] == "กลุ่มเป้าหมาย: ผู้ผลิต ผู้ประกอบการ OTOP รายใหม่"  # below the round line
    assert "หมายเหตุ นับเฉพาะผู้ผลิต ผู้ประกอบการที่ยังไม่เคยลงทะเบียนในปี ๒๕๕๗ – ๒๕๕๘" in guide  # inline
    assert "หมายเหตุ" not in guide

    form = paragraphs(out / "report-form-kpi-04.docx")
    assert form[0] == "แบบรายงานผลความก้าวหน้า\nการลงทะเบียนผู้ผลิต ผู้ประกอบการ OTOP รายใหม่"
    assert "รอบที่ ๒/๒๕๖๐" in form and "กลุ่มเป้าหมาย: ผู้ผลิต ผู้ประกอบการ OTOP รายใหม่" in form
    assert "ผู้รายงาน ........................................" in form
    assert not any(p.startswith(("ข้อมูล ณ วันที่", "โทร. ....", "ลงชื่อ ....")) for p in form)


def test_the_sample_rounds_print_todays_words_by_default(tmp_path):
    folder = copy_round(tmp_path, "2567-2-phayao")
    assert not build_round(folder, tmp_path / "out").failed
    out = tmp_path / "out" / folder.name
    team = paragraphs(out / "agreement-team.docx")
    assert ("บันทึกข้อตกลงการประเมินผลการปฏิบัติราชการ ระหว่าง พัฒนาการจังหวัดพะเยา กับ หัวหน้าทีมพัฒนาการอำเภอ"
            in team)
    assert "รอบการประเมินที่ ๒ ปีงบประมาณ พ.ศ. ๒๕๖๗ (๑ เมษายน – ๓๐ กันยายน ๒๕๖๗)" in team
    form = paragraphs(out / "report-form-kpi-01.docx")
    assert "รอบการประเมินที่ ๒ ปีงบประมาณ พ.ศ. ๒๕๖๗" in form
    assert any(p.startswith("ข้อมูล ณ วันที่") for p in form) and any(p.startswith("โทร. ....") for p in form)


def test_an_unknown_phrase_is_refused_with_its_line(tmp_path, capsys):
    from generator.cli import main

    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    with (folder / "round.yaml").open("a", encoding="utf-8") as f:
        f.write("wording:\n  round_lne: รอบที่ {round}\n")
    assert main(["--data", str(folder.parent), "check", folder.name]) == 1
    out = capsys.readouterr().out
    assert re.search(r"round\.yaml:\d+:\d+: E101", out) and "round_lne" in out and "round_line" in out


def test_placeholders_never_reach_into_objects():
    from generator.reading.wording import fill

    assert fill("{round.__class__} {fiscal_year}", {"round": "2", "fiscal_year": "2567"}) == "{round.__class__} 2567"


def test_docs_list_every_phrase_with_its_default():
    docs = (ROOT / "docs" / "wording.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(\w+)` \|", docs, re.M))
    assert listed == set(PHRASES) == set(Wording.model_fields)
    for key, phrase in PHRASES.items():
        row = next(line for line in docs.splitlines() if line.startswith(f"| `{key}` |"))
        for line in phrase.default:
            assert line in row or line == "{round_period}", key  # the round's own period, described in words
    assert "docs/wording.md" in (ROOT / "README.md").read_text(encoding="utf-8")
