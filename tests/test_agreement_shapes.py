"""Agreements of other shapes, read as a reviewer reads them: KPIs numbered by dimension under
weighted group rows, the office's own columns and headings, criteria as numbers or one sentence
across the five cells, and KPI sheets only where written, with their own tables and contacts."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn

from generator.build.stages import build_round
from generator.register.store import Register
from tests.docx_text import paragraphs, tables, text
from tests.rounds import ROOT, copy_round

NAN = "2568-1-nan"
THAI_DIGIT = re.compile("[๐-๙]")


@pytest.fixture(scope="module")
def nan(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("nan")
    folder = copy_round(tmp, NAN)
    with Register(tmp / "register.sqlite3") as register:
        result = build_round(folder, tmp / "out", register=register)
    assert not result.failed, result.report.format()
    return tmp / "out" / NAN


def _kpi_files() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "kpi_data" / NAN / "kpis").glob("*.yaml"))]


def _agreement(nan: Path) -> list[list[str]]:
    return tables(nan / "agreement-province.docx")[0]


def test_the_offices_own_columns_and_headings(nan):
    table = _agreement(nan)
    head, levels = table[0], table[1]
    assert head[:5] == ["ลำดับ", "ตัวชี้วัดผลการปฏิบัติราชการ", "หน่วยวัด", "น้ำหนัก\n(ร้อยละ)", "ค่าเป้าหมาย"]
    assert head[5:] == ["เกณฑ์การให้คะแนน"] * 5  # one heading over the five cells
    assert levels[5:] == ["1", "2", "3", "4", "5"]  # the round's Arabic digits, not ๑–๕
    assert not any(THAI_DIGIT.search(cell) for row in table for cell in row)


def test_kpis_numbered_by_dimension_in_natural_order_under_weighted_group_rows(nan):
    table = _agreement(nan)[2:]
    numbers = [row[0] for row in table if re.fullmatch(r"\d+\.\d+", row[0])]
    files = _kpi_files()
    typed = sorted((str(f["number"]) for f in files), key=lambda n: tuple(map(int, n.split("."))))
    assert numbers == typed and len(numbers) == 27
    assert numbers[8:12] == ["1.9", "1.10", "1.11", "1.12"]  # 1.10 after 1.9, not after 1.1
    groups = [(row[0], row[3]) for row in table if row[0].startswith("มิติที่")]
    assert groups == [("มิติที่ 1 มิติด้านประสิทธิผลตามยุทธศาสตร์", "60"), ("มิติที่ 2 มิติด้านคุณภาพการให้บริการ", "15"),
                      ("มิติที่ 3 มิติด้านประสิทธิภาพของการปฏิบัติราชการ", "15"), ("มิติที่ 4 มิติด้านการพัฒนาองค์กร", "10")]
    # each group row comes right before its KPIs, whose weights sum to the group's
    for index, row in enumerate(table):
        if row[0].startswith("มิติที่"):
            dimension = row[0].split()[1]
            members = []
            for below in table[index + 1:]:
                if not below[0].startswith(dimension + "."):
                    break
                members.append(float(below[3]))
            assert sum(members) == float(row[3]), row[0]
    assert table[-1][0] == "รวม" and table[-1][3] == "100"


def test_numeric_criteria_print_as_typed_one_line_per_kpi(nan):
    table = _agreement(nan)
    rows = {row[0]: row for row in table if re.fullmatch(r"\d+\.\d+", row[0])}
    for kpi in _kpi_files():
        row = rows[str(kpi["number"])]
        assert row[1] == kpi["name"] and row[4] == kpi["target_value"]
        if kpi.get("thresholds"):
            assert row[5:10] == [str(t) for t in kpi["thresholds"]], kpi["number"]
    assert rows["1.2"][9] == "≥ 85" and rows["3.1"][5] == "> 10"  # typed ≥ and > kept as typed
    # numbers only: no level sentences, so the KPI's cell is its name alone (no empty "ระดับ n" lines)
    document = Document(str(nan / "agreement-province.docx"))
    cells = [row.cells[1] for row in document.tables[0].rows[2:] if re.fullmatch(r"\d+\.\d+", row.cells[0].text)]
    assert all(len(c.paragraphs) == 1 for c in cells)


def test_one_sentence_across_the_five_cells(nan):
    document = Document(str(nan / "agreement-province.docx"))
    rows = {row.cells[0].text: row for row in document.tables[0].rows}
    later = rows["1.8"]._tr.findall(qn("w:tc"))
    assert len(later) == 6  # number, name, unit, weight, target, and one cell spanning the five
    assert later[-1].find(qn("w:tcPr")).find(qn("w:gridSpan")).get(qn("w:val")) == "5"
    assert rows["1.8"].cells[5].text == "ประเมินผลในรอบการประเมินที่ 2"  # assessed in round 2 only
    assert rows["4.2"].cells[5].text.startswith("ใช้ผลคะแนน ITA ของสำนักงาน ป.ป.ช. : ≥ 92 คะแนน = 5")


def test_every_typed_line_of_the_agreement_is_in_the_document(nan):
    """The share of the round's typed agreement lines found in the .docx (the issue's measure)."""
    round_file = yaml.safe_load((ROOT / "kpi_data" / NAN / "round.yaml").read_text(encoding="utf-8"))
    form = round_file["agreements"][0]
    lines = [form["title"], form["subtitle"]] + [c["heading"] for c in form["columns"]] + \
        [g["title"] for g in form["groups"]]
    for kpi in _kpi_files():
        lines += [kpi["name"], kpi["unit"], kpi["target_value"]] + [str(t) for t in kpi.get("thresholds") or []]
        lines += [kpi["thresholds_text"]] if kpi.get("thresholds_text") else []
    printed = set(paragraphs(nan / "agreement-province.docx")) | {
        cell for row in _agreement(nan) for cell in row}
    found = [line for line in lines if line in printed]
    assert len(found) / len(lines) == 1.0, sorted(set(lines) - set(found))


def test_sheets_only_for_kpis_that_have_one(nan):
    body = paragraphs(nan / "kpi-sheets.docx")
    headings = [p for p in body if p.startswith("ตัวชี้วัดที่ ")]
    assert headings == ["ตัวชี้วัดที่ 1.2 : ร้อยละของเด็กอายุ 0-5 ปี มีพัฒนาการสมวัย",
                        "ตัวชี้วัดที่ 1.5 : ร้อยละของผู้ป่วยโรคเบาหวานที่ควบคุมระดับน้ำตาลได้ดี"]
    assert body.count("รายละเอียดตัวชี้วัด (KPI Template) ปีงบประมาณ พ.ศ. 2568") == 2  # each sheet's own title
    # contacts with their roles; phones exactly as typed, extension and all
    assert "ผู้กำกับดูแลตัวชี้วัด\t: นางสาวสมมุติ รักเด็ก หัวหน้ากลุ่มงานส่งเสริมสุขภาพ โทร. 0 5471 0210 ต่อ 105" in body
    assert "ผู้รับผิดชอบการรายงานผล\t: นางสมมุติ รายงานดี พยาบาลวิชาชีพชำนาญการ โทร. 0-5471-0210 ต่อ 214" in body
    assert "แบ่งเกณฑ์การให้คะแนนเป็น ๕ ระดับ ดังนี้" not in text(nan / "kpi-sheets.docx")


def test_sheet_tables_as_typed(nan):
    path = nan / "kpi-sheets.docx"
    all_tables = tables(path)
    by_level = next(t for t in all_tables if t[0][0] == "ระดับหน่วยงาน")
    assert by_level[0] == ["ระดับหน่วยงาน"] + ["ระดับคะแนน (ร้อยละ)"] * 5  # a heading over five columns
    assert by_level[1] == ["ระดับหน่วยงาน", "1", "2", "3", "4", "5"]  # one cell merged down both heading rows
    assert by_level[2] == ["จังหวัด", "75", "78", "80", "83", "≥ 85"]
    weighted = next(t for t in all_tables if t[0][0] == "เกณฑ์ย่อย")
    assert weighted[-1][:2] == ["รวม", "100"]  # the total row asked for, the weights summed
    baseline = next(t for t in all_tables if t[0][0] == "ข้อมูลพื้นฐาน")
    assert baseline[1] == ["ข้อมูลพื้นฐาน", "หน่วยวัด", "2565", "2566", "2567"] and baseline[3][2:] == ["9,812", "9,540", "9,127"]
    levels = [t for t in all_tables if t[0] == ["ระดับคะแนน", "เกณฑ์การให้คะแนน"]]
    # KPI 1.2: its own level table only; KPI 1.5 (numbers only): its thresholds, one per level
    assert [row[1] for row in levels[0][1:]] == ["ร้อยละ 75 - 77.99", "ร้อยละ 78 - 79.99", "ร้อยละ 80 - 82.99",
                                                 "ร้อยละ 83 - 84.99", "ร้อยละ 85 ขึ้นไป"]
    assert [row[1] for row in levels[1][1:]] == ["< 30", "30 - 34.99", "35 - 39.99", "40 - 44.99", "≥ 45"]
    assert len(levels) == 2
    document = Document(str(path))
    merged = next(t for t in document.tables if t.rows[0].cells[0].text == "ระดับหน่วยงาน")
    first = merged.rows[0]._tr.findall(qn("w:tc"))[0].find(qn("w:tcPr")).find(qn("w:vMerge"))
    assert first is not None and first.get(qn("w:val")) == "restart"


def test_a_typed_line_break_does_not_stretch_its_line(nan):
    with zipfile.ZipFile(nan / "kpi-sheets.docx") as package:
        body = package.read("word/document.xml").decode("utf-8")
        settings = package.read("word/settings.xml").decode("utf-8")
    # the formula typed on two lines: one paragraph with a line break, the break's line left as it is
    assert re.search(r"A = จำนวนเด็กที่มีพัฒนาการสมวัยทั้ง 5 ด้าน</w:t>\s*<w:br/>", body)
    assert "<w:doNotExpandShiftReturn/>" in settings
    with zipfile.ZipFile(nan / "agreement-province.docx") as package:  # no typed break in running text
        assert "doNotExpandShiftReturn" not in package.read("word/settings.xml").decode("utf-8")


def test_groups_in_a_form_of_todays_columns(tmp_path):
    """A Thai-digit round's form given group rows (by listing their KPIs) keeps today's columns and
    headings, prints each KPI's level sentences, and its level headings in Thai digits."""
    folder = copy_round(tmp_path, "2567-2-phayao")
    round_yaml = folder / "round.yaml"
    typed = round_yaml.read_text(encoding="utf-8")
    typed = typed.replace("    heading: เป้าหมายการปฏิบัติงานทีม   # หัวข้อเหนือตาราง\n",
                          "    heading: เป้าหมายการปฏิบัติงานทีม   # หัวข้อเหนือตาราง\n"
                          "    groups:\n"
                          "      - {title: ประเด็นที่ 1 เศรษฐกิจฐานราก, weight: 80, kpis: [1, 2]}\n"
                          "      - {title: ประเด็นที่ 2 การบริหารจัดการ, weight: 20, kpis: [3, 4]}\n", 1)
    round_yaml.write_text(typed, encoding="utf-8")
    with Register(tmp_path / "register.sqlite3") as register:
        result = build_round(folder, tmp_path / "out", register=register)
    assert not result.failed, result.report.format()
    table = tables(tmp_path / "out" / "2567-2-phayao" / "agreement-team.docx")[0]
    assert table[0][:4] == ["ยุทธศาสตร์", "เป้าหมายผลสำเร็จของงาน", "ตัวชี้วัด / เกณฑ์การวัด", "หน่วยวัด"]
    assert table[0][4:9] == ["ค่าเป้าหมาย"] * 5 and table[1][4:9] == ["๑", "๒", "๓", "๔", "๕"]
    groups = [(row[0], row[9]) for row in table if row[0].startswith("ประเด็นที่")]
    assert groups == [("ประเด็นที่ ๑ เศรษฐกิจฐานราก", "๘๐"), ("ประเด็นที่ ๒ การบริหารจัดการ", "๒๐")]
    first = next(row for row in table if row[2].startswith("ตัวชี้วัดที่ ๑ "))
    assert "\nระดับ ๕ " in first[2]  # the level sentences, as today's table prints them
    assert table[-1][0] == "รวม" and table[-1][9] == "๑๐๐"
    # a group weight its KPIs (40 + 40) do not sum to, and groups no longer summing to 100
    broken = typed.replace("weight: 80, kpis: [1, 2]", "weight: 70, kpis: [1, 2]")
    round_yaml.write_text(broken, encoding="utf-8")
    from generator.checking.validate import validate

    _, report = validate(folder, lint=False)
    assert "E307" in report.format() and "E308" in report.format()
