"""Preflight: every rule broken on purpose in a small .docx, converted by the project's
LibreOffice pool, read back and reported with the right code, page and words; and the
sample rounds printed with nothing found."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from generator import ooxml
from generator.printing.bundle import print_round, run_preflight, write_preview, PrintResult
from generator.printing.pdf import PdfTask, convert, unavailable
from generator.printing.preflight import check_pdf

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(unavailable() is not None, reason=str(unavailable()))
LINE = Pt(20)  # exact line height: where each line falls does not depend on the font's metrics


def _new_document() -> Document:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = LINE
    _page_number_field(document.sections[0].header.paragraphs[0])
    return document


def _finish(document: Document, path: Path) -> Path:
    ooxml.sections.set_a4_pages(document)
    ooxml.runs.set_thai_fonts(document, tag_all_runs=True)
    document.save(path)
    return path


def _narrow_table(document: Document, texts: list[str], width_cm: float):
    """One bordered column of ``width_cm``: each cell's text wraps inside it."""
    table = document.add_table(rows=len(texts), cols=1)
    table.style = "Table Grid"
    for row, text in zip(table.rows, texts):
        row.cells[0].text = text
    ooxml.set_column_widths(table, [width_cm])
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    return table


def _page_number_field(paragraph) -> None:
    """- PAGE - in a header paragraph."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("- ")
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.text = text
            run._r.append(instruction)
    paragraph.add_run(" -")


def _signature(document: Document, space_lines: int = 3) -> None:
    close = document.add_paragraph("ขอแสดงความนับถือ")
    close.paragraph_format.left_indent = Cm(7)
    for _ in range(space_lines):
        document.add_paragraph()
    for text in ("(นายทดสอบ ระบบดี)", "พัฒนาการจังหวัดฉะเชิงเทรา", "ผู้ว่าราชการจังหวัดฉะเชิงเทรา"):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER


def _filler(document: Document, lines: int) -> None:
    for number in range(1, lines + 1):
        document.add_paragraph(f"ข้อความเนื้อหนังสือบรรทัดที่ {number}")


LINES_PER_PAGE = int((Cm(29.7) - Cm(2.5) - Cm(2)) / LINE)  # 35 lines of 20 pt between the margins


def make_breaks(path: Path) -> Path:
    """Narrow cells that must break a Thai word, a Latin word and a number mid-way; a manual
    line break before ๆ and one between a number and its unit."""
    document = _new_document()
    document.add_paragraph("ตารางทดสอบการตัดคำ")
    _narrow_table(document, ["ประชาสัมพันธ์", "Management", "๑๒๓๔๕๖๗.๘๙"], 1.1)
    paragraph = document.add_paragraph("ทะเบียนต่าง")
    paragraph.add_run().add_break(WD_BREAK.LINE)
    paragraph.add_run("ๆ ที่สถาบันรับรอง")
    paragraph = document.add_paragraph("หักคะแนน จำนวน ๑")
    paragraph.add_run().add_break(WD_BREAK.LINE)
    paragraph.add_run("ครัวเรือน ตามเกณฑ์")
    return _finish(document, path)


def make_letter_spaced(path: Path) -> Path:
    """A Thai line whose letters are spread 3 pt apart (Word's expanded character spacing,
    what a distributed or over-justified line looks like)."""
    document = _new_document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run("รายงานผลการดำเนินงานในระบบ")
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), "60")  # twentieths of a point
    run._r.get_or_add_rPr().append(spacing)
    paragraph.add_run(" ภายในกำหนด")
    document.add_paragraph("ข้อความบรรทัดปกติ ไม่ได้ยืดตัวอักษร")
    return _finish(document, path)


def make_signature_split(path: Path) -> Path:
    """The close at the foot of page 1, the name on page 2."""
    document = _new_document()
    _filler(document, LINES_PER_PAGE - 2)
    _signature(document)
    return _finish(document, path)


def make_signature_alone(path: Path) -> Path:
    """Page 1 full of text; page 2 starts with the close."""
    document = _new_document()
    _filler(document, LINES_PER_PAGE)
    _signature(document)
    return _finish(document, path)


def make_landscape_without_header(path: Path) -> Path:
    """A portrait page with "- n -" headers, then a landscape section whose header is empty."""
    document = _new_document()
    _filler(document, LINES_PER_PAGE + 3)  # pages 1–2
    landscape = document.add_section(WD_SECTION.NEW_PAGE)
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Cm(29.7), Cm(21.0)
    landscape.header.is_linked_to_previous = False
    document.add_paragraph("ตารางแนวนอน หน้านี้ไม่มีเลขหน้า")  # page 3
    return _finish(document, path)


def make_heading_before_break(path: Path) -> Path:
    """A bold heading, then a page break: its text starts on page 2."""
    document = _new_document()
    document.add_paragraph("คำอธิบายตัวชี้วัด")
    heading = document.add_paragraph()
    heading.add_run("วิธีการจัดเก็บข้อมูล").bold = True
    body = document.add_paragraph("ประมวลผลจากรายงานระบบ ณ วันสิ้นเดือน")
    body.paragraph_format.page_break_before = True
    return _finish(document, path)


def make_outside_margins(path: Path) -> Path:
    """A paragraph whose right indent is negative: its lines run 2 cm into the right margin."""
    document = _new_document()
    paragraph = document.add_paragraph("ข้อความที่ยื่นเลยขอบขวา " * 12)
    paragraph.paragraph_format.right_indent = Cm(-2)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return _finish(document, path)


def make_clean(path: Path) -> Path:
    """What must not raise an alarm: a web address broken at its slashes, a column of short
    figures over a table whose figures contain them ("7" over "10" and "967,710"), page-number
    headers and the continuation words at the foot of a page."""
    document = _new_document()
    paragraph = document.add_paragraph(
        "ดาวน์โหลดแบบรายงานได้ที่ https://www.example.go.th/reporting/kpi-2568/round-1/performance/"
        "district-offices/forms/report-form-kpi-04.xlsx และส่งกลับภายในวันจันทร์ที่ ๒๐ มกราคม ๒๕๖๘")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    table = document.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    for row, (short, long) in zip(table.rows, (("7", "967,710"), ("10", "145,368,700"), ("14", "5,368,700"))):
        row.cells[0].text, row.cells[1].text = short, long
    ooxml.set_column_widths(table, [1.5, 4.0])
    _filler(document, LINES_PER_PAGE)
    return _finish(document, path)


LONG_PARAGRAPH = ("ทั้งนี้ ขอให้อำเภอแจ้งพัฒนากรผู้รับผิดชอบตำบลดำเนินการตรวจสอบข้อมูลครัวเรือนเป้าหมาย "
                  "จัดทำแผนพัฒนาครัวเรือนรายครัวเรือน ประสานภาคีการพัฒนาในพื้นที่ให้การสนับสนุน "
                  "และรายงานผลการดำเนินงานผ่านระบบออนไลน์ของกรมการพัฒนาชุมชนทุกเดือน ") * 4


def make_long_last_paragraph(path: Path) -> Path:
    """A letter whose last body paragraph (kept with the close, as the templates keep it) runs over
    the foot of page 1: Word carries its last lines to the signature page, not the whole of it."""
    document = _new_document()
    _filler(document, LINES_PER_PAGE - 12)
    paragraph = document.add_paragraph(LONG_PARAGRAPH)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(2.5)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.widow_control = True
    # the signature block as the templates make it: one paragraph, its lines kept together
    block = document.add_paragraph("ขอแสดงความนับถือ")
    block.paragraph_format.space_before = Pt(20)
    block.paragraph_format.left_indent = Cm(7)
    block.paragraph_format.keep_together = True
    block.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for _ in range(4):
        block.add_run().add_break()
    for index, text in enumerate(("(นายทดสอบ ระบบดี)", "พัฒนาการจังหวัดฉะเชิงเทรา")):
        if index:
            block.add_run().add_break()
        block.add_run(text)
    return _finish(document, path)


BROKEN = {"clean": make_clean, "long-last-paragraph": make_long_last_paragraph, "breaks": make_breaks, "letter-spaced": make_letter_spaced, "signature-split": make_signature_split,
          "signature-alone": make_signature_alone, "landscape": make_landscape_without_header,
          "heading": make_heading_before_break, "margins": make_outside_margins}


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """Every broken document, converted in one batch by the project's LibreOffice pool."""
    folder = tmp_path_factory.mktemp("preflight")
    documents = {name: make(folder / f"{name}.docx") for name, make in BROKEN.items()}
    tasks = [PdfTask(docx, docx.with_suffix(".pdf"), markers=name == "clean") for name, docx in documents.items()]
    results = convert(tasks, workers=2)
    assert all(r.error is None for r in results), [(r.task.docx.name, r.error) for r in results]
    return {name: (docx.with_suffix(".pdf"), docx) for name, docx in documents.items()}


def findings(broken, name: str, kind: str = "", digits: str = "thai"):
    pdf, docx = broken[name]
    return check_pdf(pdf, docx, kind, digits)


def codes(found) -> set[str]:
    return {f.code for f in found}


def test_a_thai_word_cut_inside_a_syllable_is_found(broken):
    found = [f for f in findings(broken, "breaks") if f.code == "P101"]
    assert found and all(f.page == 1 for f in found)
    assert any("|" in f.words and f.words.replace("|", "").startswith("ประชาส") for f in found), found


def test_a_latin_word_cut_is_found(broken):
    found = [f for f in findings(broken, "breaks") if f.code == "P102"]
    assert found and found[0].page == 1
    assert all(f.words.replace("|", "") == "Management" for f in found), found


def test_a_number_cut_is_found(broken):
    found = [f for f in findings(broken, "breaks") if f.code == "P103"]
    assert found and found[0].page == 1
    assert all(f.words.replace("|", "") == "๑๒๓๔๕๖๗.๘๙" for f in found), found


def test_a_number_parted_from_its_unit_is_found(broken):
    found = [f for f in findings(broken, "breaks") if f.code == "P104"]
    assert len(found) == 1 and found[0].page == 1 and "จำนวน ๑|ครัวเรือน" in found[0].words, found


def test_a_line_starting_with_mai_yamok_is_found(broken):
    found = [f for f in findings(broken, "breaks") if f.code == "P105"]
    assert len(found) == 1 and found[0].page == 1 and "ทะเบียนต่าง|ๆ ที่" in found[0].words, found


def test_a_letter_spaced_line_is_found(broken):
    found = [f for f in findings(broken, "letter-spaced") if f.code == "P106"]
    assert found and found[0].page == 1
    assert "".join(found[0].words.split()).startswith("รายงานผล"), found


def test_a_finding_knows_its_place_on_the_page(broken):
    """The letter-spaced line is the document's first paragraph: its box (fractions of the page) is that line,
    above the normal line under it, from the left margin; the office server draws it on the page image."""
    from generator.printing.preflight.layout import read_layout

    [found] = [f for f in findings(broken, "letter-spaced") if f.code == "P106"]
    left, top, right, bottom = found.box
    page = read_layout(broken["letter-spaced"][0])[0]
    normal = next(line for line in page.lines if line.text.startswith("ข้อความบรรทัดปกติ"))
    spaced = max((line for line in page.lines if line.y0 < normal.y0), key=lambda line: line.y0)  # the one above
    assert abs(top - spaced.y0 / page.height) < 0.002 and abs(left - spaced.x0 / page.width) < 0.002
    assert bottom < (normal.y0 + normal.y1) / 2 / page.height < normal.y1 / page.height  # above the next line
    assert 0.05 < left < 0.2 and right > left + 0.2
    assert all(f.box is None or 0 <= f.box[0] < f.box[2] <= 1 for f in findings(broken, "breaks"))


def test_the_place_of_a_gap_is_the_two_words_around_it():
    from generator.printing.preflight import check

    pages = _layout([[("ตัวชี้วัดรายทีม", 85, 150), ("และรายบุคคล", 162, 220), ("พร้อมทั้งค่าเป้าหมาย", 224, 300)],
                     [("ลงในแบบประเมิน", 85, 150)]])
    text = "ตัวชี้วัดรายทีม และรายบุคคล พร้อมทั้งค่าเป้าหมาย ลงในแบบประเมิน"
    [found] = [f for f in check(pages, _outline((text, True))) if f.code == "P113"]
    assert found.box == (round(85 / 595.3, 4), round(80 / 842, 4), round(220 / 595.3, 4), round(98 / 842, 4))


def test_a_signature_block_split_over_two_pages_is_an_error(broken):
    found = findings(broken, "signature-split", kind="circular")
    split = [f for f in found if f.code == "P107"]
    assert len(split) == 1 and split[0].error, found
    assert split[0].page == 1 and "ขอแสดงความนับถือ" in split[0].words and "(นายทดสอบ ระบบดี)" in split[0].words
    assert "1–2" in split[0].english


def test_a_signature_block_without_body_text_above_it_is_an_error(broken):
    found = findings(broken, "signature-alone", kind="circular")
    alone = [f for f in found if f.code == "P108"]
    assert len(alone) == 1 and alone[0].error and alone[0].page == 2, found
    assert "P107" not in codes(found)


def test_a_stamped_letter_has_no_signature_block_to_check(broken):
    assert not {"P107", "P108"} & codes(findings(broken, "signature-alone", kind="stamped"))


def test_a_landscape_section_without_its_page_number_is_found(broken):
    found = [f for f in findings(broken, "landscape") if f.code == "P109"]
    assert [(f.page, f.words) for f in found] == [(3, "- ๓ -")]


def test_page_numbers_in_arabic_digits_are_expected_when_the_document_says_so(broken):
    found = [f for f in findings(broken, "landscape", digits="arabic") if f.code == "P109"]
    assert [(f.page, f.words) for f in found] == [(2, "- 2 -"), (3, "- 3 -")]
    assert "- ๒ -" in found[0].english  # what was there instead


def test_a_heading_left_at_the_foot_of_a_page_is_found(broken):
    found = findings(broken, "heading")
    assert [(f.code, f.page, f.words) for f in found if f.code == "P110"] == [("P110", 1, "วิธีการจัดเก็บข้อมูล")]


def test_text_outside_the_right_margin_is_found(broken):
    found = [f for f in findings(broken, "margins") if f.code == "P111"]
    assert found and {f.page for f in found} == {1} and all("right" in f.english for f in found), found


def test_well_made_documents_give_no_false_alarms(broken):
    """Each broken document reports only its own fault: the rest of it passes."""
    pdf, _ = broken["clean"]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = "".join(text.split())
    assert "/ข้อความ..." in flat and "-๒-" in flat, text  # the continuation words and the page number are there
    assert findings(broken, "clean", kind="circular") == []
    assert codes(findings(broken, "heading")) == {"P110"}
    assert codes(findings(broken, "signature-split", kind="circular")) == {"P107"}
    assert codes(findings(broken, "landscape")) == {"P109"}
    assert codes(findings(broken, "letter-spaced")) == {"P106"}  # the address itself is whole


def test_findings_are_shown_next_to_their_document_on_the_preview_page(broken, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    pdf, docx = broken["signature-split"]
    target = tmp_path / "round"
    target.mkdir()
    shutil.copy(docx, target / "letter-01-circular.docx")
    shutil.copy(pdf, target / "letter-01-circular.pdf")
    entry = {"file": "letter-01-circular.docx", "kind": "circular", "title": "หนังสือทดสอบ", "digits": "thai",
             "pdf": {"file": "letter-01-circular.pdf", "pages": 2}}
    result = PrintResult("test")
    run_preflight(target, [entry], result)
    assert [f.code for f in result.preflight["letter-01-circular.docx"]] == ["P107"]
    index = write_preview(target, {"round": "test"}, [entry], None)
    if chromium is None:
        pytest.skip("Debian chromium is not installed")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([chromium, *flags, "--dump-dom", index.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    card = dom.split("หนังสือทดสอบ", 1)[1]
    assert "P107" in card and "หน้า 1" in card and "ขอแสดงความนับถือ" in card and "signature block split" in card


def test_the_build_summary_fails_on_a_split_signature(capsys):
    from generator.cli import _preflight_summary
    from generator.printing.preflight import Finding

    result = PrintResult("test")
    result.preflight = {"letter-01-circular.docx": [Finding("P107", 1, "ขอแสดงความนับถือ … (นายทดสอบ)", "1–2")],
                        "kpi-sheets.docx": [Finding("P110", 3, "วิธีการจัดเก็บข้อมูล")]}
    assert _preflight_summary(result) is False
    out = capsys.readouterr()
    assert "letter-01-circular.pdf หน้า/page 1: P107" in out.out and "kpi-sheets.pdf หน้า/page 3: P110" in out.out
    assert "letter-01-circular.docx" in out.err
    result.preflight.pop("letter-01-circular.docx")
    assert _preflight_summary(result) is True  # other findings are warnings


REPORTED_ONLY = {"P115", "P116"}  # compound cuts and emptier pages are counted for the clerk, not yet all avoided


def test_every_sample_round_prints_with_nothing_found(tmp_path):
    from generator.build.stages import build_round
    from tests.rounds import copy_round

    found = {}
    for name in sorted(p.parent.name for p in (ROOT / "kpi_data").glob("*/round.yaml")):
        folder = copy_round(tmp_path, name)
        build = build_round(folder, tmp_path / "out")
        assert not build.failed, build.report.format()
        result = print_round(tmp_path / "out" / name, build.report)
        assert not result.failed
        for document, items in result.preflight.items():
            for finding in (f for f in items if f.code not in REPORTED_ONLY):
                found.setdefault(f"{name}/{document}", []).append((finding.code, finding.page, finding.words))
        manifest = json.loads((tmp_path / "out" / name / "manifest.json").read_text(encoding="utf-8"))
        assert all("preflight" in entry["pdf"] for entry in manifest["documents"])
    small = found.pop("2560-2-lampang/kpi-sheets.docx", [])
    assert [(code, page) for code, page, _ in small] == [("P119", 5)]  # the OTOP table's 15 columns, said so
    assert found == {}, "\n".join(f"{document}: {item}" for document, items in found.items() for item in items)


# ---------------------------------------------------------------- what a clerk sees, on a page read back
def _layout(lines: list[list[tuple[str, float, float]]], page_height: float = 842.0, top: float = 80.0):
    """A one-page pdftotext -bbox-layout reading: each line a list of (word, x0, x1), 20 pt apart."""
    from generator.printing.preflight.layout import parse_bbox_layout

    body = []
    for index, words in enumerate(lines):
        y0 = top + 20 * index
        body.append("<line>" + "".join(f'<word xMin="{x0}" yMin="{y0}" xMax="{x1}" yMax="{y0 + 18}">{text}</word>'
                                       for text, x0, x1 in words) + "</line>")
    xml = (f'<html xmlns="http://www.w3.org/1999/xhtml"><body><doc><page width="595.3" height="{page_height}">'
           f'<flow><block>{"".join(body)}</block></flow></page></doc></body></html>')
    return parse_bbox_layout(xml.encode())


def _outline(*paragraphs: tuple[str, bool], new_page: str = ""):
    from generator.ooxml.outline import Outline, ParagraphRecord

    records = [ParagraphRecord(text, "Body", False, False, False, False, justified=justified,
                               new_page=text == new_page) for text, justified in paragraphs]
    return Outline(records, [], [])


def test_a_vowel_drawn_apart_from_its_letter_is_an_error():
    from generator.printing.preflight import check

    pages = _layout([[("บัดน", 100, 118), ("ี้", 127, 127), ("จังหวัดฉะเชิงเทรา", 131, 200)]])
    found = [f for f in check(pages, _outline(("บัดนี้ จังหวัดฉะเชิงเทรา", False))) if f.code == "P112"]
    assert [(f.page, f.words, f.error) for f in found] == [(1, "บัดน ี้", True)]
    pages = _layout([[("บัดนี้", 100, 127), ("จังหวัดฉะเชิงเทรา", 131, 200)]])
    assert not [f for f in check(pages, _outline(("บัดนี้ จังหวัดฉะเชิงเทรา", False))) if f.code == "P112"]


def test_a_wide_gap_in_a_justified_line_is_an_error_but_not_on_its_last_line():
    from generator.printing.preflight import check

    text = "ตัวชี้วัดรายทีม และรายบุคคล พร้อมทั้งค่าเป้าหมาย ลงในแบบประเมิน"
    pages = _layout([[("ตัวชี้วัดรายทีม", 85, 150), ("และรายบุคคล", 162, 220), ("พร้อมทั้งค่าเป้าหมาย", 224, 300)],
                     [("ลงในแบบประเมิน", 85, 150)]])
    found = [f for f in check(pages, _outline((text, True))) if f.code == "P113"]
    assert [(f.words, f.detail, f.error) for f in found] == [("ตัวชี้วัดรายทีม และรายบุคคล", "12.0", True)]
    assert "12.0 พอยต์" in found[0].thai and "12.0 pt" in found[0].english
    # the same line in a paragraph that is not justified (a tab, a table's left-aligned cell) is no fault
    assert not [f for f in check(pages, _outline((text, False))) if f.code == "P113"]
    # nor a gap on the paragraph's last line, which is never stretched
    last = _layout([[("ลงในแบบประเมิน", 85, 150), ("ผลการ", 170, 200)]])
    assert not [f for f in check(last, _outline(("ตัวชี้วัด " + "ลงในแบบประเมิน ผลการ", True))) if f.code == "P113"]


def test_a_line_ending_after_mai_is_found():
    from generator.printing.preflight import check

    text = "ครัวเรือนมีรายได้เฉลี่ยไม่น้อยกว่าร้อยละ ๘๐ ของเป้าหมาย"
    pages = _layout([[("ครัวเรือนมีรายได้เฉลี่ยไม่", 85, 200)], [("น้อยกว่าร้อยละ", 85, 150), ("๘๐", 154, 165)]])
    found = [f for f in check(pages, _outline((text, False))) if f.code == "P114"]
    assert [f.words for f in found] == ["ครัวเรือนมีรายได้เฉลี่ยไม่|น้อยกว่าร้อยละ ๘๐"]


def test_a_compound_word_cut_is_reported_but_not_a_compound_next_to_another():
    from generator.printing.preflight import check

    text = "ผ่านการประเมินธรรมาภิบาล ประจำปีงบประมาณ"
    pages = _layout([[("ผ่านการประเมินธรรมาภิ", 85, 200)], [("บาล", 85, 100), ("ประจำ", 104, 130)],
                     [("ปีงบประมาณ", 85, 140)]])
    found = [f for f in check(pages, _outline((text, False))) if f.code == "P115"]
    assert [(f.words, f.detail, f.error) for f in found] == [("ผ่านการประเมินธรรมาภิ|บาล ประจำ", "ธรรมาภิบาล", False)]


def test_a_page_more_than_a_third_empty_is_found_unless_a_page_break_follows():
    from generator.printing.preflight import check
    from generator.printing.preflight.layout import Page

    first = _layout([[("ข้อความ", 85, 120)]] * 12)[0]  # 12 lines from 80 pt: the rest of the page empty
    second = _layout([[("หัวข้อใหม่", 85, 130)]])[0]
    second.number = 2
    for line in second.lines:
        line.page = 2
    pages = [first, second]
    found = [f for f in check(pages, _outline(("ข้อความ", False), ("หัวข้อใหม่", False))) if f.code == "P116"]
    assert [(f.page, f.error) for f in found] == [(1, False)] and found[0].detail.split("\t")[0].endswith("%")
    # the block that moved whole to the next page is named by its first words, as the .docx has them
    assert found[0].thai.endswith("เพราะ «หัวข้อใหม่…» ต้องขึ้นหน้าถัดไปทั้งส่วน)")
    assert found[0].english.endswith("empty: «หัวข้อใหม่…» is kept whole on the next page)")
    after_break = _outline(("ข้อความ", False), ("หัวข้อใหม่", False), new_page="หัวข้อใหม่")
    assert not [f for f in check(pages, after_break) if f.code == "P116"]
    assert isinstance(pages[-1], Page)


def test_a_page_left_empty_by_a_signature_block_kept_whole_names_the_block():
    """Page 1 ends a third empty because the close, the signing space, the name and position moved whole to page 2,
    with the last line of the body: the finding says so with the words the clerk sees at the top of page 2."""
    from generator.printing.preflight import check, from_dicts

    body = "จึงเรียนมาเพื่อโปรดพิจารณา ทั้งนี้ ขอให้แจ้งผลการดำเนินงานภายในวันที่ ๓๐ มีนาคม ๒๕๖๘ ด้วย จะเป็นพระคุณ"
    first = _layout([[("ข้อความ", 85, 120)]] * 14)[0]
    second = _layout([[("ภายในวันที่", 85, 130), ("๓๐", 134, 146), ("มีนาคม", 150, 180), ("๒๕๖๘", 184, 208),
                       ("ด้วย", 212, 230), ("จะเป็นพระคุณ", 234, 290)],
                      [("ขอแสดงความนับถือ", 300, 380)], [("(นายสมชาย", 300, 350), ("ใจดี)", 354, 380)]])[0]
    second.number = 2
    for line in second.lines:
        line.page = 2
    outline = _outline(("ข้อความ " * 14, False), (body, True), ("ขอแสดงความนับถือ", False), ("(นายสมชาย ใจดี)", False))
    (found,) = [f for f in check([first, second], outline) if f.code == "P116"]
    assert found.page == 1 and "«ภายในวันที่ ๓๐ มีนาคม ๒๕๖๘…»" in found.thai, found.thai
    assert found.english.endswith("empty: «ภายในวันที่ ๓๐ มีนาคม ๒๕๖๘…» is kept whole on the next page)")
    assert from_dicts([found.as_dict()]) == [found]  # kept in the manifest as it is


def test_the_signature_page_takes_the_last_lines_of_a_kept_paragraph_not_the_whole(broken):
    pdf, docx = broken["long-last-paragraph"]
    found = findings(broken, "long-last-paragraph", kind="circular")
    assert not [f for f in found if f.code in ("P107", "P108", "P116")], found
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    first, second = text.split("\f")[:2]
    assert "ทั้งนี้" in first and "ขอแสดงความนับถือ" in second  # the paragraph starts on page 1
    body = [line for line in second.splitlines() if line.strip() and "- ๒ -" not in line]
    assert body.index(next(line for line in body if "ขอแสดงความนับถือ" in line)) >= 2  # two lines above the close


def test_a_word_carried_to_the_next_line_though_it_would_fit_is_found():
    """The Lampang circular once printed "… เว็บเบราว์เซอร์" / "Mozilla" / "Firefox …": LibreOffice wrapped the
    last word of a composed line onto a line of its own, and the line above ended 39 pt short."""
    from generator.printing.preflight import check

    text = ("ให้ข้าราชการทุกระดับจัดทำรายละเอียดตัวชี้วัด ขอแนะนำให้ใช้โปรแกรมเว็บเบราว์เซอร์ Mozilla "
            "Firefox หรือ Google Chrome ในการเข้าระบบเพื่อทำแบบประเมิน")
    pages = _layout([[("ให้ข้าราชการทุกระดับจัดทำรายละเอียดตัวชี้วัด", 85, 510)],
                     [("ขอแนะนำให้ใช้โปรแกรมเว็บเบราว์เซอร์", 85, 471)],
                     [("Mozilla", 85, 110)],
                     [("Firefox", 85, 110), ("หรือ", 114, 130), ("Google", 134, 160), ("Chrome", 164, 190),
                      ("ในการเข้าระบบเพื่อทำแบบประเมิน", 194, 300)]])
    found = [f for f in check(pages, _outline((text, True))) if f.code == "P117"]
    assert [(f.words, f.detail, f.error) for f in found] == [("ขอแนะนำให้ใช้โปรแกรมเว็บเบราว์เซอร์|Mozilla", "39.0", False)]
    assert "39.0 pt left" in found[0].english
    # a line short of the edge because its next word is too long to fit is as composed: nothing found
    pages = _layout([[("ให้ข้าราชการทุกระดับจัดทำรายละเอียดตัวชี้วัด", 85, 510)],
                     [("ขอแนะนำให้ใช้โปรแกรมเว็บเบราว์เซอร์", 85, 471)],
                     [("Mozilla", 85, 140), ("Firefox", 144, 170), ("หรือ", 174, 190), ("Google", 194, 220),
                      ("Chrome", 224, 250), ("ในการเข้าระบบเพื่อทำแบบประเมิน", 254, 360)]])
    text_long = text.replace("Mozilla Firefox", "MozillaFirefoxBrowserNavigator Firefox")
    pages_long = _layout([[("ให้ข้าราชการทุกระดับจัดทำรายละเอียดตัวชี้วัด", 85, 510)],
                          [("ขอแนะนำให้ใช้โปรแกรมเว็บเบราว์เซอร์", 85, 471)],
                          [("MozillaFirefoxBrowserNavigator", 85, 140), ("Firefox", 144, 170), ("หรือ", 174, 190),
                           ("Google", 194, 220), ("Chrome", 224, 250), ("ในการเข้าระบบเพื่อทำแบบประเมิน", 254, 360)]])
    assert not [f for f in check(pages_long, _outline((text_long, True))) if f.code == "P117"]
    # nor when the word carried over is wider than the room left (Mozilla 55 pt, 39 pt left)
    assert not [f for f in check(pages, _outline((text, True))) if f.code == "P117"]


def test_a_line_short_because_a_date_kept_whole_does_not_fit_is_as_composed():
    """An item of a circular ends "… ภายในวันจันทร์" 66 pt short of the edge: its next line starts with the date the
    composer keeps whole ("ที่ ๒๐ มกราคม ๒๕๖๘", 96 pt), which never fitted. Not P117 (it once was, from "ที่" alone,
    and the document was converted a second time for nothing); the same line with a word of 40 pt next is."""
    from generator.printing.preflight import check

    text = "ขอให้อำเภอดำเนินการตามแนวทางที่กำหนดไว้ ดังนี้ ๑. ศึกษาตัวชี้วัดและค่าเป้าหมาย และแจ้งผู้รับผิดชอบ ภายในวันจันทร์ที่ ๒๐ มกราคม ๒๕๖๘ (สิ่งที่ส่งมาด้วย ๑)"
    first = [("๑.", 156, 166), ("ศึกษาตัวชี้วัดและค่าเป้าหมาย", 172, 302), ("และแจ้งผู้รับผิดชอบ", 308, 397),
             ("ภายในวันจันทร์", 403, 472.6)]
    date = [("ที่", 85.2, 92.1), ("๒๐", 95.5, 109.8), ("มกราคม", 113.2, 148.7), ("๒๕๖๘", 152.2, 180.8),
            ("(สิ่งที่ส่งมาด้วย", 184.5, 245.0), ("๑)", 248.4, 258.7)]
    edge = [("ขอให้อำเภอดำเนินการตามแนวทางที่กำหนดไว้", 85.2, 500), ("ดังนี้", 504, 538.8)]  # reaching the edge
    pages = _layout([edge, first, date])
    assert not [f for f in check(pages, _outline((text, True))) if f.code == "P117"]
    moved = text.replace("ภายในวันจันทร์ที่ ๒๐ มกราคม ๒๕๖๘ (สิ่งที่ส่งมาด้วย ๑)", "ภายใน กำหนด")
    pages = _layout([edge, first[:3], [("ภายใน", 85.2, 112), ("กำหนด", 115.5, 140)]])
    found = [f for f in check(pages, _outline((moved, True))) if f.code == "P117"]
    assert [(f.words, f.detail) for f in found] == [("ศึกษาตัวชี้วัดและค่าเป้าหมาย และแจ้งผู้รับผิดชอบ|ภายใน กำหนด", "141.8")]


def test_a_short_line_inside_a_justified_paragraph_is_found_but_not_its_last_line():
    from generator.printing.preflight import check

    text = ("ให้ข้าราชการทุกระดับจัดทำรายละเอียดตัวชี้วัด ขอแนะนำให้ใช้โปรแกรมเว็บเบราว์เซอร์ Mozilla "
            "Firefox หรือ Google Chrome ในการเข้าระบบเพื่อทำแบบประเมิน")
    pages = _layout([[("ให้ข้าราชการทุกระดับจัดทำรายละเอียดตัวชี้วัด", 85, 510)],
                     [("ขอแนะนำให้ใช้โปรแกรมเว็บเบราว์เซอร์", 85, 508)],
                     [("Mozilla", 85, 110)],
                     [("Firefox", 85, 110), ("หรือ", 114, 130), ("ในการเข้าระบบเพื่อทำแบบประเมิน", 134, 200)]])
    found = [f for f in check(pages, _outline((text, True))) if f.code == "P118"]
    assert [(f.words, f.detail) for f in found] == [("Mozilla|Firefox หรือ", "6%")]
    # the paragraph's last line is short by nature
    ending = _layout([[("ให้ข้าราชการทุกระดับจัดทำรายละเอียดตัวชี้วัด", 85, 510)], [("ขอแนะนำ", 85, 120)]])
    paragraph = _outline(("ให้ข้าราชการทุกระดับจัดทำรายละเอียดตัวชี้วัด ขอแนะนำ", True))
    assert not [f for f in check(ending, paragraph) if f.code == "P118"]
    # a paragraph that is not justified is not composed: its lines end where they may
    assert not [f for f in check(pages, _outline((text, False))) if f.code == "P118"]


def test_type_below_12_pt_is_said_once_per_page_with_its_size():
    from generator.printing.preflight import check
    from generator.printing.preflight.layout import parse_bbox_layout

    def word(text, x0, y0, height):
        return f'<word xMin="{x0}" yMin="{y0}" xMax="{x0 + 40}" yMax="{y0 + height}">{text}</word>'

    body = ("<line>" + word("ยอดขาย", 85, 100, 20.8) + "</line>"  # 16 pt
            + "<line>" + word("เม.ย.", 85, 130, 13.0) + word("60", 130, 130, 13.0) + "</line>"  # 10 pt
            + "<line>" + word("พ.ค.", 85, 150, 13.0) + "</line>")
    xml = ('<html xmlns="http://www.w3.org/1999/xhtml"><body><doc><page width="842" height="595.3">'
           f'<flow><block>{body}</block></flow></page></doc></body></html>')
    found = [f for f in check(parse_bbox_layout(xml.encode()), _outline(("ยอดขาย", False))) if f.code == "P119"]
    assert [(f.page, f.words, f.detail, f.error) for f in found] == [(1, "เม.ย. 60 พ.ค.", "10", False)]
    assert "(10 pt)" in found[0].english
    # 14 pt (a table's usual size, box 18.2) is no finding
    plain = xml.replace('13.0', '18.2').replace('yMax="143.0"', 'yMax="148.2"').replace('yMax="163.0"', 'yMax="168.2"')
    assert not [f for f in check(parse_bbox_layout(plain.encode()), _outline(("ยอดขาย", False))) if f.code == "P119"]
