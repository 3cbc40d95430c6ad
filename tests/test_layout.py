"""Pages a clerk would accept: the .docx carries the layout rules (signature kept together,
headings kept with what follows, one tab stop, page numbers in every section, one digit
style per table) and the PDF shows them (the signature block on one page with body text
above it, "- n -" on every page after the first, no line starting with ๆ or a closing
mark, no word, number or number-and-unit cut at a line end, no break marks in the text)."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from generator.build.stages import build_round
from generator.printing.bundle import print_round
from generator.ooxml.breaks import LAYOUT_LANGUAGE, print_copy
from generator.ooxml.package import read_package
from generator.printing.pdf import unavailable
from generator.thai.breaks import BREAK, JOIN, NBSP, break_marks, mark_line_breaks, plain_text
from tests.docx_text import paragraphs
from tests.rounds import copy_round

ROUNDS = ("2568-1-chachoengsao", "2560-2-lampang", "2565-2-chachoengsao")
needs_libreoffice = pytest.mark.skipif(unavailable() is not None, reason=str(unavailable()))
PAGE_NUMBER = re.compile(r"^-\s*[๐-๙0-9]+\s*-$")
LINE_STARTS_FORBIDDEN = "ๆ)]}”’,;!?%"  # not ":", which opens a field's value


# ---------------------------------------------------------------- the marks themselves
@pytest.mark.parametrize("text, whole", [
    ("ผลการดำเนินงาน Fiscal Management", "Fiscal"),
    ("ผู้ประกอบการ OTOP รายใหม่", "OTOP"),
    ("กิจกรรม/โครงการ (BPM) ข้อมูล", "(BPM)"),
    ("ผ่าน QR Code รูปแบบ Real-time ภายใน", "Real-time"),
    ("เป้าหมายการปฏิบัติงานบุคคล (พัฒนาการจังหวัด) ที่อยู่", "(พัฒนาการ"),  # not "(พัฒนากา|ร"
    ("ระหว่างตัวชี้วัดที่ ๔ ร้อยละ", "ที่ ๔"),
    ("สำหรับรอบการประเมินที่ ๑ (๑ ตุลาคม ๒๕๖๗", "(๑ ตุลาคม ๒๕๖๗"),
    ("ภายในวันที่ ๒๕ กรกฎาคม ๒๕๖๐ ให้", "๒๕ กรกฎาคม ๒๕๖๐"),
    ("ได้อย่างน้อยร้อยละ ๘๐ ของ", "ร้อยละ ๘๐"),
    ("แบบสรุป จำนวน ๑ ชุด", "จำนวน ๑ ชุด"),
    ("กิจกรรมต่าง ๆ ที่", "ต่าง ๆ"),
    ("เป้าหมาย ๑๖.๓๖ ครัวเรือน", "๑๖.๓๖"),
])
def test_no_break_opportunity_inside_what_must_stay_whole(text, whole):
    inserts, spaces = break_marks(text)
    start = text.index(whole)
    for i in range(start + 1, start + len(whole)):
        assert inserts.get(i) != BREAK, (whole, text[:i] + "|" + text[i:])
        assert text[i] != " " or i in spaces, (whole, text[:i] + "|" + text[i + 1:])
    assert plain_text(mark_line_breaks(text)) == text


def test_words_get_break_opportunities_between_them():
    marked = mark_line_breaks("ตัวชี้วัดที่ ๔ ร้อยละของครัวเรือนยากจนเป้าหมาย")
    assert marked.count(BREAK) >= 3  # ร้อยละ|ของ|ครัวเรือน|ยากจน|เป้าหมาย


def test_print_copy_marks_the_copy_and_leaves_the_docx_clean(tmp_path):
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    build_round(folder, tmp_path / "out")
    docx = tmp_path / "out" / folder.name / "letter-01-circular.docx"
    original = docx.read_bytes()
    printed = read_package(print_copy(original))
    copy, styles = (printed[name].decode("utf-8") for name in ("word/document.xml", "word/styles.xml"))
    assert docx.read_bytes() == original
    clean = read_package(original)["word/document.xml"].decode("utf-8")
    assert not any(mark in clean for mark in (BREAK, JOIN, NBSP))  # Word search finds whole words
    assert BREAK in copy and JOIN in copy and NBSP in copy
    # no mark that ends a LibreOffice text portion (U+2060), and no break right after a Thai vowel or
    # tone mark: a zero-width mark at the end of a text object is read after the next letter
    assert "\u2060" not in copy
    assert not re.search("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]" + BREAK, copy)
    # the layout language is the styles', which every run inherits: none names a language of its own
    assert 'w:bidi="th-TH"' not in copy and 'w:bidi="th-TH"' not in styles
    assert f'w:bidi="{LAYOUT_LANGUAGE}"' in styles and "<w:lang " not in copy


def test_print_copy_keeps_every_style_its_parts_name_and_drops_the_rest(tmp_path):
    """LibreOffice opens the copy with only the styles in use: each one a paragraph, run, table or
    numbering names is there with the styles it is based on; the template's unused table styles are not."""
    folder = copy_round(tmp_path, "2567-2-phayao")
    build_round(folder, tmp_path / "out")
    checked = 0
    for docx in sorted((tmp_path / "out" / folder.name).glob("*.docx")):
        original, copy = read_package(docx.read_bytes()), read_package(print_copy(docx.read_bytes()))
        defined = {style.get(qn("w:styleId")): style for style in
                   etree.fromstring(copy["word/styles.xml"]).iterchildren(qn("w:style"))}
        named = set()
        for name, data in copy.items():
            if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
                named |= set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', data.decode("utf-8")))
        originally = set(re.findall(r'w:styleId="([^"]+)"', original["word/styles.xml"].decode("utf-8")))
        assert named & originally <= set(defined), (docx.name, sorted(named & originally - set(defined)))
        for style in defined.values():  # the chain of each style is whole
            based_on = style.find(qn("w:basedOn"))
            assert based_on is None or based_on.get(qn("w:val")) in defined, (docx.name, style.get(qn("w:styleId")))
        assert len(defined) < len(originally) / 4, (docx.name, len(defined), len(originally))
        assert "LightShading" in originally and "LightShading" not in defined
        checked += 1
    assert checked >= 6


# ---------------------------------------------------------------- the .docx
@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("layout-docx")
    for name in ROUNDS:
        build_round(copy_round(tmp, name), tmp / "out")
    return tmp / "out"


def _style_chain(paragraph, attribute):
    style = paragraph.style
    while style is not None:
        value = getattr(style.paragraph_format, attribute)
        if value is not None:
            return value
        style = style.base_style
    return None


def test_signature_block_is_one_paragraph_kept_together_with_the_text_above(built):
    document = Document(str(built / "2568-1-chachoengsao" / "letter-01-circular.docx"))
    texts = [p.text for p in document.paragraphs]
    index = next(i for i, t in enumerate(texts) if t.startswith("ขอแสดงความนับถือ"))
    block = document.paragraphs[index]
    assert "(นายชลอ พงษ์ชูบ)" in block.text and "ผู้ว่าราชการจังหวัดฉะเชิงเทรา" in block.text
    assert _style_chain(block, "keep_together") is True
    closing = next(i for i in range(index - 1, 0, -1) if texts[i].startswith("จึงเรียน"))
    last_body = closing - 2
    for paragraph in document.paragraphs[last_body:index]:  # body, blank, closing, blank: all kept with the next
        assert paragraph.paragraph_format.keep_with_next or _style_chain(paragraph, "keep_with_next"), paragraph.text
    assert texts[last_body].strip()


def test_one_tab_stop_for_the_header_labels(built):
    document = Document(str(built / "2568-1-chachoengsao" / "letter-01-circular.docx"))
    labelled = [p for p in document.paragraphs if p.text.split("\t")[0] in ("เรื่อง", "เรียน", "อ้างถึง", "สิ่งที่ส่งมาด้วย")]
    assert {p.text.split("\t")[0] for p in labelled} >= {"เรื่อง", "เรียน", "สิ่งที่ส่งมาด้วย"}
    indents = {round((p.paragraph_format.left_indent or _style_chain(p, "left_indent")) / Cm(1), 2) for p in labelled}
    assert indents == {2.5}


def test_number_is_level_with_the_office_block(built):
    document = Document(str(built / "2568-1-chachoengsao" / "letter-01-circular.docx"))
    cell = document.tables[0].rows[0].cells[0]
    assert cell.text.startswith("ที่ ")
    align = cell._tc.find(qn("w:tcPr") + "/" + qn("w:vAlign"))
    assert align is not None and align.get(qn("w:val")) == "top"


def test_headings_are_kept_with_what_follows(built):
    document = Document(str(built / "2560-2-lampang" / "kpi-sheets.docx"))
    headings = [p for p in document.paragraphs if p.text in ("วิธีการจัดเก็บข้อมูล", "หลักฐานเชิงประจักษ์",
                                                               "คำนิยาม/คำอธิบาย", "สูตรการคำนวณ")]
    assert headings
    assert all(_style_chain(p, "keep_with_next") for p in headings)


def test_every_section_numbers_its_pages_after_the_first(built):
    body = Document(str(built / "2560-2-lampang" / "kpi-sheets.docx")).element.body
    sections = list(body.iter(qn("w:sectPr")))
    assert len(sections) > 1  # the landscape sales table has a section of its own
    for index, sect in enumerate(sections):
        assert sect.find(qn("w:headerReference")) is not None, index
        assert (sect.find(qn("w:titlePg")) is not None) == (index == 0), index


def test_district_tables_left_align_names_and_keep_one_digit_style(built):
    document = Document(str(built / "2560-2-lampang" / "kpi-sheets.docx"))
    table = next(t for t in document.tables if any("เมืองลำปาง" in c.text for c in t.columns[1].cells))
    names = [c for c in table.columns[1].cells if c.text in ("เมืองลำปาง", "แม่เมาะ")]
    assert names and all(c.paragraphs[0].style.name == "TableText" for c in names)
    figures = [c for c in table.columns[2].cells[1:] if re.fullmatch(r"[0-9,]+", c.text)]
    assert figures and all(c.paragraphs[0].style.name == "TableNumber" for c in figures)
    text = "".join(c.text for row in table.rows for c in row.cells)
    assert re.search(r"[0-9]", text) and not re.search(r"[๐-๙]", text)  # table_digits: arabic, numbering too
    form = Document(str(built / "2568-1-chachoengsao" / "report-form-kpi-04.docx")).tables[0]
    numbers = "".join(row.cells[0].text + row.cells[2].text for row in form.rows[1:])
    assert not re.search(r"[๐-๙]", numbers)


def test_report_form_title_and_footer_say_it_once(built):
    body = paragraphs(built / "2568-1-chachoengsao" / "report-form-kpi-04.docx")
    assert sum(p.count("ปีงบประมาณ พ.ศ. ๒๕๖๘") for p in body) == 1
    footer = next(p for p in body if p.startswith("กรุณาส่ง"))
    assert footer.count("ภายใน") == 1 and "วันจันทร์ที่ ๓๑ มีนาคม ๒๕๖๘" in footer


def test_evidence_cells_start_with_their_text(built):
    document = Document(str(built / "2568-1-chachoengsao" / "kpi-sheets.docx"))
    evidence = [t for t in document.tables if t.rows[0].cells[-1].text == "หลักฐานเชิงประจักษ์"]
    assert evidence
    for table in evidence:
        for row in table.rows[1:]:
            assert row.cells[1].paragraphs[0].text.strip(), row.cells[0].text


# ---------------------------------------------------------------- the PDF
@pytest.fixture(scope="module")
def printed(built) -> list[tuple[str, Path]]:
    documents = []
    for name in ROUNDS:
        target = built / name
        result = print_round(target)
        assert not result.failed, [(r.task.docx.name, r.error) for r in result.failed]
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        documents += [(entry["kind"], target / entry["pdf"]["file"]) for entry in manifest["documents"]]
    return documents


def _pages(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in out.split("\f")[:-1]]


@needs_libreoffice
def test_pdf_text_has_no_break_marks(printed):
    for _, pdf in printed:
        text = "\n".join("\n".join(page) for page in _pages(pdf))
        assert not any(mark in text for mark in (BREAK, JOIN, NBSP, "\u00a0")), pdf.name


@needs_libreoffice
def test_signature_block_on_one_page_with_two_body_lines_above(printed):
    letters = [pdf for kind, pdf in printed if kind == "circular"]
    assert len(letters) == 3
    for pdf in letters:
        pages = _pages(pdf)
        (page,) = [p for p in pages if any(line == "ขอแสดงความนับถือ" for line in p)]
        close = page.index("ขอแสดงความนับถือ")
        assert any(line.startswith("(") and line.endswith(")") for line in page[close + 1:]), pdf
        above = [line for line in page[:close] if not PAGE_NUMBER.match(line)]
        assert len(above) >= 2, (pdf, above)


@needs_libreoffice
def test_every_page_after_the_first_has_its_number(printed):
    for _, pdf in printed:
        for number, page in enumerate(_pages(pdf)[1:], start=2):
            assert page and PAGE_NUMBER.match(page[0]), (pdf.name, number, page[:1])


@needs_libreoffice
def test_no_line_starts_with_mai_yamok_or_a_closing_mark(printed):
    for _, pdf in printed:
        for page in _pages(pdf):
            for line in page:
                for cell in re.split(r"\s{2,}", line):  # -layout puts table cells side by side
                    assert cell[:1] not in LINE_STARTS_FORBIDDEN, (pdf.name, line)


@needs_libreoffice
def test_listed_words_are_never_cut(printed):
    words = ("Fiscal", "OTOP", "(BPM)", "Real-time", "Template", "Management", "ตัวชี้วัดที่ ๔")
    for _, pdf in printed:
        raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                             check=True).stdout
        joined = re.sub(r"\s+", " ", raw)
        for word in words:
            # a word the document prints is found whole on one line, never only across a line end
            if word in joined:
                lines = raw.splitlines()
                assert any(word in line for line in lines), (pdf.name, word)
                for a, b in zip(lines, lines[1:]):
                    for cut in range(1, len(word)):
                        assert not (a.endswith(word[:cut]) and b.startswith(word[cut:])), (pdf.name, word, a, b)
