"""Several agreement forms, letters sent to many (ว), guideline sheets per KPI, report forms
with spanning headings, and one message per mistake — read as a clerk would read them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.build.stages import build_round
from generator.cli import main
from generator.register.store import Register
from tests.docx_text import paragraphs, tables
from tests.rounds import copy_round

PHAYAO = "2567-2-phayao"
THAI = "๐๑๒๓๔๕๖๗๘๙"


def thai(number: int) -> str:
    return "".join(THAI[int(d)] for d in str(number))


@pytest.fixture(scope="module")
def phayao(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("phayao")
    folder = copy_round(tmp, PHAYAO)
    with Register(tmp / "register.sqlite3") as register:
        result = build_round(folder, tmp / "out", register=register)
    assert not result.failed, result.report.format()
    return tmp / "out" / PHAYAO


def _kpi_rows(table: list[list[str]]) -> list[list[str]]:
    return [row for row in table if row[2].startswith("ตัวชี้วัดที่ ")]


FORMS = {  # output, sub-title, evaluator, evaluated, weights in order
    "team": ("(ทีมอำเภอ)", "พัฒนาการจังหวัดพะเยา", "หัวหน้าทีมพัฒนาการอำเภอ", [40, 40, 10, 10]),
    "chief": ("(พัฒนาการอำเภอ รายบุคคล)", "พัฒนาการจังหวัดพะเยา", "พัฒนาการอำเภอ", [20, 20, 10, 10, 20, 20]),
    "staff": ("(เจ้าหน้าที่สำนักงานพัฒนาชุมชนอำเภอ)", "พัฒนาการอำเภอ", "นักวิชาการพัฒนาชุมชน / เจ้าพนักงานพัฒนาชุมชน",
              [30, 20, 20, 30]),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_each_agreement_form_is_its_own_signed_document(phayao, form):
    subtitle, evaluator, evaluated, weights = FORMS[form]
    path = phayao / f"agreement-{form}.docx"
    body = paragraphs(path)
    assert body[0] == "แบบกำหนดตัวชี้วัด ค่าเป้าหมายและน้ำหนัก" and body[1] == subtitle
    assert f"บันทึกข้อตกลงการประเมินผลการปฏิบัติราชการ ระหว่าง {evaluator} กับ {evaluated}" in body
    table = tables(path)[0]
    rows = _kpi_rows(table)
    # numbered ๑, ๒, ๓ … within the form, whatever the KPI's own number
    assert [row[2].split()[1] for row in rows] == [thai(n) for n in range(1, len(weights) + 1)]
    assert [row[9] for row in rows] == [thai(w) for w in weights]
    assert table[-1][2] == "รวม" and table[-1][9] == "๑๐๐"
    # both parties sign this form
    left, right = tables(path)[-1][0]
    assert left.count("ลงชื่อ") == right.count("ลงชื่อ") == 1
    assert evaluated in left and "ผู้รับการประเมิน" in left
    assert evaluator in right and "ผู้ประเมิน" in right and "ผู้รับการประเมิน" not in right
    # no owner in the data: no "ผู้รับผิดชอบ: …" on the rows
    assert not any("ผู้รับผิดชอบ" in row[10] for row in rows)


def test_a_kpi_in_several_forms_has_its_number_and_weight_of_each(phayao):
    savings = "ระดับความสำเร็จของการส่งเสริมกลุ่มออมทรัพย์เพื่อการผลิตให้มีธรรมาภิบาล"
    chief = next(r for r in _kpi_rows(tables(phayao / "agreement-chief.docx")[0]) if savings in r[2])
    staff = next(r for r in _kpi_rows(tables(phayao / "agreement-staff.docx")[0]) if savings in r[2])
    assert chief[2].startswith("ตัวชี้วัดที่ ๖ ") and chief[9] == "๒๐"
    assert staff[2].startswith("ตัวชี้วัดที่ ๔ ") and staff[9] == "๓๐"
    assert not (phayao / "agreement.docx").exists()


def test_targets_print_numbers_criteria_as_typed_and_a_dash_for_none(phayao):
    rows = _kpi_rows(tables(phayao / "agreement-team.docx")[0])
    poor, village, _, data = rows
    assert poor[4:9] == ["๙", "๘", "๗", "๖", "ต่ำกว่า ๕"]  # a criterion prints as typed
    assert village[4:9] == ["–"] * 5  # levels without a numeric target
    assert data[4:9] == ["–", "–", "๙๐", "๑๐๐", "–"]
    text = "\n".join(paragraphs(phayao / "agreement-team.docx"))
    assert "✓" not in text


def test_stamped_letter_sent_to_many_prints_its_wor_and_has_no_subject(phayao):
    body = paragraphs(phayao / "letter-01-stamped.docx")
    assert "ที่ พย ๐๐๑๙.๔/ว ๖๓๑" in "\n".join(body)
    assert not any(p.startswith("เรื่อง") for p in body)
    assert "ถึง\tพัฒนาการอำเภอ ทุกอำเภอ" in body


def test_a_stamped_letter_numbered_auto_takes_the_wor_series(tmp_path):
    folder = copy_round(tmp_path, PHAYAO)
    letter = folder / "letters" / "01-stamped.yaml"
    letter.write_text(letter.read_text(encoding="utf-8").replace("number: ว631", "number: ว auto"), encoding="utf-8")
    with Register(tmp_path / "register.sqlite3") as register:
        register.set_start("พย 0019.4", True, 2567, 631)
        result = build_round(folder, tmp_path / "out", register=register)
        entries = register.entries(2567)
    assert not result.failed, result.report.format()
    assert [(e.circular, e.number) for e in entries] == [(True, 631)]
    assert "ที่ พย ๐๐๑๙.๔/ว ๖๓๑" in "\n".join(paragraphs(tmp_path / "out" / PHAYAO / "letter-01-stamped.docx"))


def test_guideline_numbering_restarts_on_each_kpi_sheet(phayao):
    body = paragraphs(phayao / "guidelines.docx")
    titles = [i for i, p in enumerate(body) if p.startswith("แนวทางการดำเนินงานตัวชี้วัดที่")]
    assert len(titles) == 2
    first, second = body[titles[0]:titles[1]], body[titles[1]:]
    for sheet in (first, second):
        assert "๑. แนวทางการดำเนินงาน" in sheet and "๒. แนวทางการรายงานผล" in sheet
        assert any(p.startswith("๑.๑ ") for p in sheet)
        assert not any(re.match(r"[๒-๙]\.๑ ", p) and "รายงาน" not in p for p in sheet[:sheet.index("๒. แนวทางการรายงานผล")])
    assert any(p.startswith("๑.๑.๔ ครัวเรือนอื่น") for p in first)
    # a deadline sentence without a number of its own
    deadline = next(p for p in first if p.startswith("ส่งผลการจำแนกสถานะ"))
    assert "ภายในวันศุกร์ที่ ๓๑ พฤษภาคม ๒๕๖๗" in deadline
    # each sheet on its own page
    document = Document(str(phayao / "guidelines.docx"))
    breaks = document.element.body.findall(".//" + qn("w:br"))
    assert any(b.get(qn("w:type")) == "page" for b in breaks)


def test_report_form_heading_spans_its_columns(phayao):
    path = phayao / "report-form-kpi-01.docx"
    table = Document(str(path)).tables[0]
    first = table.rows[0]._tr.findall(qn("w:tc"))
    spans = [int(tc.find(qn("w:tcPr")).find(qn("w:gridSpan")).get(qn("w:val")))
             if tc.find(qn("w:tcPr")).find(qn("w:gridSpan")) is not None else 1 for tc in first]
    texts = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in first]
    assert texts == ["ลำดับที่", "อำเภอ", "ครัวเรือนเป้าหมาย", "ผลการจำแนกสถานะ (ครัวเรือน)", "ผลการพัฒนา (ครัวเรือน)"]
    assert spans == [1, 1, 1, 2, 2]
    rows = tables(path)[0]
    assert rows[1][3:] == ["พัฒนาได้", "สงเคราะห์/อื่น ๆ", "ผ่านเกณฑ์ จปฐ.", "ยังไม่ผ่านเกณฑ์"]
    assert [r[1] for r in rows[2:11]] == ["เมืองพะเยา", "จุน", "เชียงคำ", "เชียงม่วน", "ดอกคำใต้", "ปง", "แม่ใจ",
                                          "ภูซาง", "ภูกามยาว"]
    assert rows[-1][1:3] == ["รวมทั้งสิ้น", "412"]
    body = paragraphs(path)
    assert body[-1] == "ส่ง กลุ่มงานยุทธศาสตร์การพัฒนาชุมชน สำนักงานพัฒนาชุมชนจังหวัดพะเยา โทร./โทรสาร ๐ ๕๔๔๔ ๙๕๓๓"


# ---------------------------------------------------------------- messages
def _check(tmp_path, capsys, edits: dict[str, tuple[str, str]], round_name: str = "2560-2-lampang") -> list[str]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    folder = copy_round(tmp_path, round_name)
    for name, (old, new) in edits.items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    main(["--data", str(folder.parent), "check", "--no-lint", round_name])
    out = capsys.readouterr().out
    return [line for line in out.splitlines() if re.search(r": E\d{3} ", line)]


def test_a_misspelt_key_gives_one_error_with_its_suggestion(tmp_path, capsys):
    errors = _check(tmp_path, capsys, {"kpis/kpi-02.yaml": ("team: {number: 2, weight: 40}",
                                                            "team: {number: 2, weigth: 40}")})
    assert len(errors) == 1, errors
    assert " E101 " in errors[0] and "weight" in errors[0] and "kpi-02.yaml:7" in errors[0]


def test_a_misspelt_top_level_key_gives_one_error(tmp_path, capsys):
    errors = _check(tmp_path, capsys, {"kpis/kpi-02.yaml": ("\nunit:", "\nunti:")})
    assert len(errors) == 1 and " E101 " in errors[0] and "'unit'" in errors[0], errors


def test_a_wrong_weight_is_reported_beside_an_unrelated_error(tmp_path, capsys):
    errors = _check(tmp_path, capsys, {
        "kpis/kpi-01.yaml": ("  day_of_month: 5", "  day_of_month: ห้า"),
        "kpis/kpi-02.yaml": ("team: {number: 2, weight: 40}", "team: {number: 2, weight: 30}"),
    })
    assert any(" E103 " in e and "kpi-01.yaml" in e for e in errors), errors
    assert any(" E301 " in e and "kpi-02.yaml:7" in e for e in errors), errors


@pytest.mark.parametrize("typed", ["ว631", "ว 631", "ว๖๓๑", "631", "ว", "ว blank"])
def test_a_letter_number_with_or_without_wor_is_accepted(tmp_path, capsys, typed):
    errors = _check(tmp_path, capsys, {"letters/02-stamped.yaml": ("number: 13410", f"number: {typed}")})
    assert errors == []


def test_a_wrong_letter_number_names_the_field_in_plain_words(tmp_path, capsys):
    errors = _check(tmp_path, capsys, {"letters/02-stamped.yaml": ("number: 13410", "number: ว63x")})
    assert len(errors) == 1 and " E103 " in errors[0], errors
    assert "'number'" in errors[0] and "ว631" in errors[0] and "auto" in errors[0] and "blank" in errors[0]
    assert "function-before" not in errors[0] and "literal[" not in errors[0] and "_whole" not in errors[0]


def test_a_stamped_letter_needs_no_subject_but_an_external_one_does(tmp_path, capsys):
    stamped = "letters/02-stamped.yaml"
    subject = "subject: ขอส่งแบบรายงานผลการลงทะเบียนผู้ผลิต ผู้ประกอบการ OTOP รายใหม่\n"
    assert _check(tmp_path / "a", capsys, {stamped: (subject, "")}) == []
    errors = _check(tmp_path / "b", capsys, {stamped: ("kind: stamped\n" + "number: 13410\ndate: 1 มิถุนายน 2560\n" + subject,
                                                        "kind: external\nnumber: 13410\ndate: 1 มิถุนายน 2560\n")})
    assert len(errors) == 1 and " E105 " in errors[0] and "subject" in errors[0], errors


def test_a_round_that_starts_after_it_ends_is_said_once(tmp_path, capsys):
    errors = _check(tmp_path, capsys, {"round.yaml": ("  number: 2 ", "  start: 1 ตุลาคม 2560\n  number: 2 ")})
    assert len(errors) == 1 and " E106 " in errors[0] and "round.yaml" in errors[0], errors


def test_kpis_of_different_forms_may_share_a_number(tmp_path, capsys):
    """Phayao: ๑–๔ in the team form, ๑–๖ in the chief's, ๑–๔ in the staff's, all valid."""
    assert main(["check", "--no-lint", PHAYAO]) == 0
    capsys.readouterr()
    errors = _check(tmp_path, capsys, {"kpis/kpi-05.yaml": ("chief: {number: 5,", "chief: {number: 4,")}, PHAYAO)
    duplicate = [e for e in errors if " E302 " in e]
    assert len(duplicate) == 1 and "kpi-05.yaml" in duplicate[0]


def test_a_bare_wor_leaves_the_number_blank_for_signing(tmp_path):
    folder = copy_round(tmp_path, PHAYAO)
    letter = folder / "letters" / "01-stamped.yaml"
    letter.write_text(letter.read_text(encoding="utf-8").replace("number: ว631", "number: ว"), encoding="utf-8")
    with Register(tmp_path / "register.sqlite3") as register:
        result = build_round(folder, tmp_path / "out", register=register)
        assert register.entries(2567) == []  # nothing taken from the register
    assert not result.failed, result.report.format()
    body = paragraphs(tmp_path / "out" / PHAYAO / "letter-01-stamped.docx")
    assert "ที่ พย ๐๐๑๙.๔/ว" in body
