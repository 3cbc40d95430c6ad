"""The generated documents, opened with python-docx and read as a clerk would."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from generator.build.stages import build_round
from generator.cli import main
from tests.docx_text import paragraphs, tables, text
from tests.rounds import copy_round

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ["2568-1-chachoengsao", "2560-2-lampang", "2565-2-chachoengsao"]
KINDS = {"circular", "stamped", "agreement", "kpi_sheets", "guidelines", "report_form", "revision"}


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("output")
    assert main(["letters", "all", "--output", str(out)]) == 0
    return out


def all_documents(output: Path) -> list[Path]:
    return sorted(output.glob("*/*.docx"))


def test_all_seven_kinds_are_made(output):
    import json

    kinds = set()
    for round_name in SAMPLES:
        manifest = json.loads((output / round_name / "manifest.json").read_text(encoding="utf-8"))
        kinds |= {d["kind"] for d in manifest["documents"]}
        for entry in manifest["documents"]:
            assert (output / round_name / entry["file"]).is_file()
            assert entry["sources"], entry["file"]
    assert kinds == KINDS


def test_no_template_tag_or_none_is_left(output):
    for path in all_documents(output):
        body = text(path)
        assert "{{" not in body and "{%" not in body and "}}" not in body, path.name
        assert not re.search(r"\bNone\b", body), path.name


def test_pages_are_a4_with_official_margins(output):
    for path in all_documents(output):
        for section in Document(str(path)).sections:
            size = sorted([section.page_width, section.page_height])
            assert abs(size[0] - Cm(21.0)) < Cm(0.05) and abs(size[1] - Cm(29.7)) < Cm(0.05), path.name
            assert abs(section.left_margin - Cm(3)) < Cm(0.02) and abs(section.right_margin - Cm(2)) < Cm(0.02)


def test_thai_runs_are_th_sarabunpsk_for_complex_script(output):
    for path in all_documents(output):
        document = Document(str(path))
        thai_runs = 0
        for run in document.element.body.iter(qn("w:r")):
            content = "".join(t.text or "" for t in run.iter(qn("w:t")))
            if not re.search(r"[\u0e00-\u0e7f]", content):
                continue
            thai_runs += 1
            fonts = run.find(qn("w:rPr") + "/" + qn("w:rFonts"))
            assert fonts is not None and fonts.get(qn("w:cs")) == "TH SarabunPSK", (path.name, content)
            lang = run.find(qn("w:rPr") + "/" + qn("w:lang"))
            assert lang is not None and lang.get(qn("w:bidi")) == "th-TH"
        assert thai_runs > 0, path.name
        normal = document.styles["Normal"].element.rPr
        assert normal.find(qn("w:szCs")).get(qn("w:val")) == "32"  # 16 pt for Thai too


def test_circular_letter_reads_as_the_reference(output):
    body = paragraphs(output / "2568-1-chachoengsao" / "letter-01-circular.docx")
    joined = "\n".join(body)
    assert "ที่ ฉช ๐๐๑๘/ว ๒๒๖" in joined
    assert "๑๘ มกราคม ๒๕๖๘" in body
    assert "ศาลากลางจังหวัดฉะเชิงเทรา" in body and "ถนนหน้าเมือง ฉช ๒๔๐๐๐" in body
    assert any(p.startswith("เรื่อง") and "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘" in p for p in body)
    assert "เรียน\tนายอำเภอ ทุกอำเภอ" in body
    assert "สิ่งที่ส่งมาด้วย\t๑. สรุปบทหน้า\tจำนวน ๑ ฉบับ" in body
    assert "\t๕. แบบรายงานผลฯ\tจำนวน ๑ ชุด" in body
    item = next(p for p in body if p.startswith("๑. ตรวจสอบ"))
    assert "ภายในวันจันทร์ที่ ๒๐ มกราคม ๒๕๖๘ (สิ่งที่ส่งมาด้วย ๑ - ๒) โดยแยกสถานะ ดังนี้" in item
    assert "๑.๔ ครัวเรือนอื่น ๆ (เช่น เสียชีวิต/ย้าย)" in body
    # the close, three empty lines to sign on, the name and the position: one paragraph, kept together
    signature = next(p for p in body if p.startswith("ขอแสดงความนับถือ"))
    assert signature.split("\n") == ["ขอแสดงความนับถือ", "", "", "", "(นายชลอ พงษ์ชูบ)",
                                     "พัฒนาการจังหวัด ปฏิบัติราชการแทน", "ผู้ว่าราชการจังหวัดฉะเชิงเทรา"]
    assert "โทร./โทรสาร ๐-๓๘๕๑-๑๒๓๔" in body
    assert not any(re.search(r"[0-9]", p) for p in body if "@" not in p and "http" not in p)


def test_circular_has_page_numbers_from_page_two_and_a_qr_code(output):
    document = Document(str(output / "2568-1-chachoengsao" / "letter-01-circular.docx"))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    header = section.header._element
    assert any("PAGE" in (f.get(qn("w:instr")) or "") for f in header.iter(qn("w:fldSimple")))
    assert "- " in "".join(t.text for t in header.iter(qn("w:t")))
    assert len(document.inline_shapes) == 1  # the QR code (no Garuda image in the sample)


def test_stamped_letter_has_office_and_date_but_no_signature(output):
    body = paragraphs(output / "2568-1-chachoengsao" / "letter-02-stamped.docx")
    assert "ถึง\tสำนักงานพัฒนาชุมชนอำเภอ ทุกอำเภอ" in body
    # the office, the space for the stamp and initials, the date: one paragraph, kept together
    assert "สำนักงานพัฒนาชุมชนจังหวัดฉะเชิงเทรา\n\n\n\n๓ กุมภาพันธ์ ๒๕๖๘" in body
    assert "ขอแสดงความนับถือ" not in body and not any(p.startswith("(") and p.endswith(")") for p in body)
    assert "ที่ ฉช ๐๐๑๘/๔๑๒" in "\n".join(body)  # no ว: not a circular


def test_agreement_has_every_level_weights_and_totals(output):
    """The Lampang agreement is two forms, team and individual, each its own signed document."""
    team_path = output / "2560-2-lampang" / "agreement-team.docx"
    individual_path = output / "2560-2-lampang" / "agreement-individual.docx"
    assert not (output / "2560-2-lampang" / "agreement.docx").exists()
    for path, subtitle, count in ((team_path, "(ทีมอำเภอ)", 2), (individual_path, "(รายบุคคล)", 6)):
        body = paragraphs(path)
        assert body[0] == "แบบกำหนดตัวชี้วัด ค่าเป้าหมายและน้ำหนัก" and body[1] == subtitle
        assert "บันทึกข้อตกลงการประเมินผลการปฏิบัติราชการ ระหว่าง พัฒนาการจังหวัดลำปาง กับ พัฒนาการอำเภอ" in body
        assert "รอบการประเมินที่ ๒ ปีงบประมาณ พ.ศ. ๒๕๖๐ (๑ เมษายน – ๓๐ กันยายน ๒๕๖๐)" in body
        joined = "\n".join(body)
        for level in range(1, 6):
            assert joined.count(f"ระดับ {'๑๒๓๔๕'[level - 1]} ") >= count
        # both parties sign each form: the evaluated on the left, the evaluator on the right
        signatures = tables(path)[-1][0]
        assert "ผู้รับการประเมิน" in signatures[0] and "พัฒนาการอำเภอ" in signatures[0]
        assert "ผู้ประเมิน" in signatures[1] and "พัฒนาการจังหวัดลำปาง" in signatures[1]
        assert signatures[0].count("ลงชื่อ") == 1 and signatures[1].count("ลงชื่อ") == 1
    team, individual = tables(team_path)[0], tables(individual_path)[0]
    assert team[-1][9] == "๑๐๐" and individual[-1][9] == "๑๐๐"
    kpi1 = next(row for row in team if row[2].startswith("ตัวชี้วัดที่ ๑ "))
    assert kpi1[4:9] == ["๘๐", "๘๕", "๙๐", "๙๕", "๑๐๐"] and kpi1[9] == "๖๐"
    # the real circular numbers the individual form on from the team form: ๓–๘
    numbers = [row[2].split()[1] for row in individual if row[2].startswith("ตัวชี้วัดที่ ")]
    assert numbers == ["๓", "๔", "๕", "๖", "๗", "๘"]
    document = Document(str(team_path))
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape
    header_rows = document.tables[0].rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader"))
    assert header_rows is not None


def test_kpi_sheets_carry_the_district_tables_and_totals(output):
    path = output / "2560-2-lampang" / "kpi-sheets.docx"
    all_tables = tables(path)
    producers = next(t for t in all_tables if any("เป้าหมายลงทะเบียนใหม่" in c for c in t[0]))
    total = producers[-1]
    assert total[1:] == ["รวม", "605", "121"]
    assert len(producers) == 1 + 13 + 1
    sales = next(t for t in all_tables if any("รวม 10 เดือน" in c for c in t[0]))
    assert sales[-1][1] == "จังหวัด"
    assert "639,880,187" in sales[-1] and "531,487,984" in sales[-1]
    assert "20.39" in sales[-1]  # growth computed from the totals: 108,392,203 / 531,487,984
    body = text(path)
    for number in range(1, 9):
        assert f"ตัวชี้วัดที่ {'๑๒๓๔๕๖๗๘'[number - 1]} : " in body
    assert "ขั้นตอนที่ ๕" in body  # KPI 7's milestone matrix
    assert "หัก ๑ คะแนน" in body


def test_report_form_prefills_targets_and_total(output):
    path = output / "2568-1-chachoengsao" / "report-form-kpi-04.docx"
    table = tables(path)[0]
    assert table[0][:3] == ["ลำดับที่", "อำเภอ", "ครัวเรือนเป้าหมาย"]
    # one digit style in the table, the round's table_digits (arabic): headings and numbering too
    assert table[0][3:] == ["จำนวนที่ช่วยเหลือ", "คงเหลือ", "ร้อยละ", "ระดับความสำเร็จ (1-5)"]
    assert [row[0] for row in table[1:4]] == ["1", "2", "3"]
    assert table[-1][1:3] == ["รวมทั้งสิ้น", "314"]
    assert len(table) == 1 + 11 + 1
    body = paragraphs(path)
    assert any(p.startswith("ลงชื่อ ....") and p.endswith("ผู้รายงาน") for p in body)
    assert any(p.startswith("ตำแหน่ง ....") for p in body)


def test_revision_table_lists_only_changed_levels(output):
    path = output / "2565-2-chachoengsao" / "revision.docx"
    rows = tables(path)[0]
    assert rows[0] == ["ลำดับที่", "ชื่อตัวชี้วัด", "ระดับคะแนน", "เกณฑ์การประเมิน (เดิม)",
                       "เกณฑ์การประเมิน (ใหม่)", "ผู้รับผิดชอบ"]
    levels = [(r[0], r[2]) for r in rows[1:]]
    assert [l for _, l in levels] == ["ระดับ ๔", "ระดับ ๒", "ระดับ ๕", "ระดับ ๒"]
    assert rows[1][3].endswith("ร้อยละ ๔") and rows[1][4].endswith("ร้อยละ ๕")
    assert "แนบท้ายหนังสือจังหวัดฉะเชิงเทรา ที่ ฉช ๐๐๑๘/ว ๕๐๑๑ ลงวันที่ ๒๒ สิงหาคม ๒๕๖๕" in text(path)


def test_guidelines_number_steps_under_their_kpi(output):
    body = paragraphs(output / "2568-1-chachoengsao" / "guidelines.docx")
    assert any(p.startswith("๑.๑ ตรวจสอบฐานข้อมูล") and "ภายในวันจันทร์ที่ ๒๐ มกราคม ๒๕๖๘" in p for p in body)
    assert "๑.๑.๔ ครัวเรือนอื่น ๆ (เช่น เสียชีวิต/ย้าย)" in body




def test_data_with_markup_and_long_words_renders_as_typed(tmp_path):
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    letter = folder / "letters" / "01-circular.yaml"
    long_word = "ครัวเรือน" * 30
    tricky = f"R&D <b>ตัวหนา</b> {{{{ office.name }}}} {{% if x %}} {{_{{ x }}_}} {{_% if y %_}} {long_word}"
    text_ = letter.read_text(encoding="utf-8").replace(
        "  - ทั้งนี้ สามารถดาวน์โหลดเอกสาร", f"  - '{tricky}'\n  - ทั้งนี้ สามารถดาวน์โหลดเอกสาร")
    letter.write_text(text_, encoding="utf-8")
    result = build_round(folder, tmp_path / "out")
    assert not result.failed
    body = paragraphs(tmp_path / "out" / folder.name / "letter-01-circular.docx")
    assert tricky in body


def test_failed_build_leaves_the_previous_output(tmp_path, capsys):
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    out = tmp_path / "out"
    assert not build_round(folder, out).failed
    before = {p.name: p.read_bytes() for p in (out / folder.name).iterdir()}
    kpi = folder / "kpis" / "kpi-04.yaml"
    kpi.write_text(kpi.read_text(encoding="utf-8").replace("weight: 20", "weight: ยี่สิบ"), encoding="utf-8")
    assert main(["--data", str(folder.parent), "letters", folder.name, "--output", str(out)]) == 1
    after = {p.name: p.read_bytes() for p in (out / folder.name).iterdir()}
    assert after == before


def test_a_template_escape_prints_braces_from_the_template_only(tmp_path):
    """docxtpl's escapes ({_{ prints as {{) act on a template's own text, never on the data it prints."""
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "letter_templates", templates)
    document = Document(str(templates / "stamped.docx"))
    document.add_paragraph("แม่แบบ {_{ ตัวอย่าง }_} และ {_% คำสั่ง %_}")
    document.save(str(templates / "stamped.docx"))
    letter = folder / "letters" / "02-stamped.yaml"
    text = letter.read_text(encoding="utf-8")
    assert "2568 นั้น\n" in text
    letter.write_text(text.replace("2568 นั้น\n", "2568 นั้น {_{ ข้อมูล }_}\n", 1), encoding="utf-8")
    result = build_round(folder, tmp_path / "out", templates=templates)
    assert not result.failed
    body = "\n".join(paragraphs(tmp_path / "out" / folder.name / "letter-02-stamped.docx"))
    assert "แม่แบบ {{ ตัวอย่าง }} และ {% คำสั่ง %}" in body
    assert "{_{ ข้อมูล }_}" in body and "{{ ข้อมูล }}" not in body


def test_a_missing_template_variable_names_template_and_variable(tmp_path, capsys):

    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "letter_templates", templates)
    document = Document(str(templates / "stamped.docx"))
    document.add_paragraph("{{ office.fax_number }}")
    document.save(str(templates / "stamped.docx"))
    from generator.base.errors import UserError

    with pytest.raises(UserError) as raised:
        build_round(folder, tmp_path / "out", templates)
    assert "stamped.docx" in raised.value.message and "fax_number" in raised.value.message
    assert not (tmp_path / "out" / folder.name).exists()


def test_same_inputs_give_identical_files(tmp_path):
    folder = copy_round(tmp_path, "2560-2-lampang")
    build_round(folder, tmp_path / "a")
    build_round(folder, tmp_path / "b")
    for path in (tmp_path / "a" / folder.name).iterdir():
        assert path.read_bytes() == (tmp_path / "b" / folder.name / path.name).read_bytes(), path.name
