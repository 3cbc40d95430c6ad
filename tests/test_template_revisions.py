"""Templates edited in Word: tracked changes, comments, smart tags, proofing marks and bookmarks inside
a tag render as Word's "Accept All" leaves the template, or the build stops naming the template and
the tag (E710, E711); never a document whose body ends early."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from generator.build.stages import build_round
from generator.base.errors import UserError
from generator.ooxml import revisions
from tests.docx_text import paragraphs
from tests.rounds import copy_round

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "letter_templates"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
STAMP = 'w:author="ธุรการ" w:date="2025-01-06T09:00:00Z"'
COMMENT_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENT_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"


def rewrite(path: Path, change) -> None:
    """Rewrite a .docx's parts in place: ``change(parts)`` edits the dict of name → text."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    texts = {name: data.decode("utf-8") for name, data in parts.items() if name.endswith((".xml", ".rels"))}
    change(texts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name in parts:
            package.writestr(name, texts[name].encode("utf-8") if name in texts else parts[name])
        for name in texts.keys() - parts.keys():
            package.writestr(name, texts[name].encode("utf-8"))


def split_tag(xml: str, tag: str, at: int, middle: str, end: int | None = None) -> str:
    """The run holding ``tag`` cut after ``at`` characters, ``middle`` (Word markup) put in the cut; with
    ``end``, the characters from ``at`` to ``end`` are left to ``middle`` (which then carries them)."""
    found = re.search(r"<w:t>" + re.escape(tag) + r"</w:t></w:r>", xml)
    assert found, tag
    rest = tag[end if end is not None else at:]
    return (xml[:found.start()] + f"<w:t>{tag[:at]}</w:t></w:r>" + middle
            + f'<w:r w:rsidR="00C3A1F2"><w:t xml:space="preserve">{rest}</w:t></w:r>' + xml[found.end():])


def add_comment(texts: dict[str, str], note: str) -> None:
    """The comments part Word writes, with its relationship and content type."""
    texts["word/comments.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {W}><w:comment w:id="7" {STAMP} '
        f'w:initials="ธก"><w:p><w:r><w:t>{note}</w:t></w:r></w:p></w:comment></w:comments>')
    rels = "word/_rels/document.xml.rels"
    texts[rels] = texts[rels].replace(
        "</Relationships>", f'<Relationship Id="rIdNote7" Type="{COMMENT_TYPE}" Target="comments.xml"/></Relationships>')
    types = "[Content_Types].xml"
    texts[types] = texts[types].replace(
        "</Types>", f'<Override PartName="/word/comments.xml" ContentType="{COMMENT_CONTENT}"/></Types>')


COMMENT_IN_NAME = ('<w:commentRangeStart w:id="7"/><w:r><w:t>na</w:t></w:r><w:commentRangeEnd w:id="7"/>'
                   '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="7"/></w:r>')


def word_edits(texts: dict[str, str]) -> None:
    """What Word writes when a clerk edits the stamped letter's template with Track Changes on."""
    xml = texts["word/document.xml"]
    # a smart tag and the spelling check's marks inside {{ office.group }}
    xml = split_tag(xml, "{{ office.group }}", len("{{ office.gr"),
                    '<w:proofErr w:type="spellStart"/><w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" '
                    'w:element="place"><w:smartTagPr><w:attr w:name="x" w:val="y"/></w:smartTagPr>'
                    '<w:r><w:t>ou</w:t></w:r></w:smartTag><w:proofErr w:type="spellEnd"/>', len("{{ office.grou"))
    # a comment on part of {{ office.name }}
    xml = split_tag(xml, "{{ office.name }}", len("{{ office."), COMMENT_IN_NAME, len("{{ office.na"))
    # "too" deleted and "to" typed inside {{ letter.to }}, in runs of other editing sessions
    xml = split_tag(xml, "{{ letter.to }}", len("{{ letter."),
                    f'<w:del w:id="11" {STAMP}><w:r w:rsidDel="00A1B2C3"><w:delText>too</w:delText></w:r></w:del>'
                    f'<w:ins w:id="12" {STAMP}><w:r w:rsidR="00B2C3D4"><w:t>to</w:t></w:r></w:ins>'
                    '<w:bookmarkStart w:id="3" w:name="_GoBack"/><w:bookmarkEnd w:id="3"/>', len("{{ letter.to"))
    # "phone" moved into {{ office.phone_line }} from the line of the addressee
    xml = split_tag(xml, "{{ office.phone_line }}", len("{{ office."),
                    f'<w:moveToRangeStart w:id="21" {STAMP} w:name="move1"/><w:moveTo w:id="22" {STAMP}>'
                    '<w:r><w:t>phone</w:t></w:r></w:moveTo><w:moveToRangeEnd w:id="21"/>', len("{{ office.phone"))
    xml = xml.replace("<w:t>ถึง</w:t></w:r>", f'<w:t>ถึง</w:t></w:r><w:moveFromRangeStart w:id="23" {STAMP} '
                      f'w:name="move1"/><w:moveFrom w:id="24" {STAMP}><w:r><w:t>phone</w:t></w:r></w:moveFrom>'
                      '<w:moveFromRangeEnd w:id="23"/>', 1)
    # a paragraph whose mark was deleted: its text joins the next paragraph, {{ office.group }}'s
    first = xml.index("<w:t>{{ office.gr</w:t>")
    start = xml.rindex("<w:p>", 0, first)
    xml = (xml[:start] + f'<w:p><w:pPr><w:pStyle w:val="Signature"/><w:rPr><w:del w:id="31" {STAMP}/></w:rPr>'
           f'<w:pPrChange w:id="32" {STAMP}><w:pPr><w:jc w:val="left"/></w:pPr></w:pPrChange></w:pPr>'
           f'<w:r><w:rPr><w:b/><w:rPrChange w:id="33" {STAMP}><w:rPr/></w:rPrChange></w:rPr>'
           '<w:t xml:space="preserve">กลุ่มงาน </w:t></w:r></w:p>' + xml[start:])
    texts["word/document.xml"] = xml
    add_comment(texts, "ตรวจชื่อสำนักงาน")


def test_word_markup_inside_tags_renders_as_accept_all(tmp_path):
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    rewrite(templates / "stamped.docx", word_edits)
    planted = zipfile.ZipFile(templates / "stamped.docx").read("word/document.xml").decode()
    for mark in ("<w:del ", "<w:ins ", "<w:moveFrom ", "<w:moveTo ", "<w:smartTag ", "<w:proofErr ",
                 "<w:commentReference ", "<w:pPrChange ", "<w:rPrChange ", "<w:bookmarkStart "):
        assert mark in planted, mark

    result = build_round(folder, tmp_path / "out", templates)
    assert not result.failed
    letter = tmp_path / "out" / folder.name / "letter-02-stamped.docx"
    stock = tmp_path / "stock"
    build_round(folder, stock)
    expected = paragraphs(stock / folder.name / "letter-02-stamped.docx")
    body = paragraphs(letter)
    group = next(p for p in expected if p.startswith("กลุ่ม"))
    # the accepted template: the deleted paragraph mark joined "กลุ่มงาน " to the group's line, "phone" left
    # the addressee's line; everything else as the stock template prints it
    assert [p for p in body if p != f"กลุ่มงาน {group}"] == [p for p in expected if p != group]
    assert f"กลุ่มงาน {group}" in body
    xml = zipfile.ZipFile(letter).read("word/document.xml").decode()
    for mark in ("<w:del ", "<w:ins ", "moveFrom", "moveTo", "smartTag", "proofErr", "comment", "Change"):
        assert mark not in xml, mark
    assert "word/comments.xml" not in zipfile.ZipFile(letter).namelist()


def test_a_tag_typed_over_two_paragraphs_stops_the_build_naming_template_and_tag(tmp_path):
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    rewrite(templates / "stamped.docx", lambda t: t.update({"word/document.xml": split_tag(
        t["word/document.xml"], "{{ office.group }}", len("{{ office.gr"), "</w:p><w:p>")}))
    with pytest.raises(UserError) as raised:
        build_round(folder, tmp_path / "out", templates)
    message = raised.value.message
    assert "E710" in message and "stamped.docx" in message and "{{ office.group }}" in message
    assert not (tmp_path / "out" / folder.name).exists()


def cut_table(path: Path) -> None:
    """The stock stamped letter with ``{% if false %}`` in its number table's cell, closed after the table."""
    document = Document(str(TEMPLATES / "stamped.docx"))
    document.tables[0].cell(0, 1).paragraphs[0].add_run("{% if false %}")
    document.add_paragraph("{% endif %}ท้ายหนังสือ")
    document.save(str(path))


def test_a_block_that_cuts_a_table_stops_the_build_instead_of_a_short_body(tmp_path):
    """``{% if %}`` in a table cell closed after the table: the rendered XML loses the table's end.
    Parsed leniently (as docxtpl does) the body would end there; the build stops with E711."""
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    cut_table(templates / "stamped.docx")
    with pytest.raises(UserError) as raised:
        build_round(folder, tmp_path / "out", templates)
    assert "E711" in raised.value.message and "stamped.docx" in raised.value.message
    assert not (tmp_path / "out" / folder.name).exists()


def test_structure_check_finds_a_body_that_closes_early():
    early = etree.fromstring(
        f'<w:document {W}><w:body><w:p><w:r><w:t>เรื่อง ทดสอบ</w:t></w:r></w:p></w:body>'
        '<w:p><w:r><w:t>ข้อความที่เหลือของหนังสือ</w:t></w:r></w:p><w:sectPr/></w:document>')
    problems = revisions.structure_problems(early, revisions.fixed_text_length(["เรื่อง", "ข้อความที่เหลือของหนังสือ"]))
    english = " ".join(p[1] for p in problems)
    assert "outside the body" in english and "w:sectPr" in english and "fewer than" in english
    whole = etree.fromstring(f'<w:document {W}><w:body><w:p><w:r><w:t>เรื่อง ทดสอบ</w:t></w:r></w:p>'
                             '<w:sectPr/></w:body></w:document>')
    assert revisions.structure_problems(whole, revisions.fixed_text_length(["เรื่อง {{ x }}"])) == []


def test_deleted_table_row_and_inserted_row_mark_as_accept_all():
    root = etree.fromstring(
        f'<w:tbl {W}><w:tr><w:trPr><w:del w:id="1" {STAMP}/></w:trPr><w:tc><w:p><w:r><w:t>ลบ</w:t></w:r></w:p>'
        f'</w:tc></w:tr><w:tr><w:trPr><w:ins w:id="2" {STAMP}/></w:trPr><w:tc><w:p><w:r><w:t>คงไว้</w:t></w:r>'
        '</w:p></w:tc></w:tr></w:tbl>')
    revisions.accept_all(root)
    assert "".join(root.itertext()) == "คงไว้"
    assert root.find(".//{*}trPr/{*}ins") is None


# --- a template saved by LibreOffice with change recording on -------------------------------------------

UNO_PYTHON = Path("/usr/bin/python3")


def _uno_available() -> bool:
    if shutil.which("soffice") is None or not UNO_PYTHON.exists():
        return False
    return subprocess.run([str(UNO_PYTHON), "-c", "import uno"], capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def libreoffice_template(tmp_path_factory) -> Path:
    """The stock circular edited in LibreOffice with RecordChanges on (tests/uno_tracked_template.py) and
    saved as .docx by LibreOffice."""
    if not _uno_available():
        pytest.skip("LibreOffice with python3-uno is not installed")
    folder = tmp_path_factory.mktemp("lo")
    source = folder / "source.docx"
    shutil.copy(TEMPLATES / "circular.docx", source)
    target = folder / "circular.docx"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["HOME"] = str(folder)
    subprocess.run([str(UNO_PYTHON), str(ROOT / "tests" / "uno_tracked_template.py"), str(source), str(target),
                    str(folder / "profile")], check=True, timeout=180, env=env, capture_output=True)
    return target


def test_libreoffice_tracked_changes_in_tags_render_the_accepted_text(tmp_path, libreoffice_template):
    saved = zipfile.ZipFile(libreoffice_template)
    xml = saved.read("word/document.xml").decode()
    # what LibreOffice wrote, inside the tags: the test is about these
    assert re.search(r"\{\{ letter\.subj</w:t>.*?<w:del .*?<w:delText>x }}</w:delText>.*?<w:ins .*?ect }}", xml, re.S)
    assert re.search(r"\{\{ office\.gr</w:t>.*?<w:del .*?<w:delText>x</w:delText>", xml, re.S)
    assert re.search(r"\{\{ salu</w:t>.*?<w:moveFrom .*?<w:moveTo ", xml, re.S)
    assert "<w:rPrChange " in xml and '<w:bookmarkStart w:id="0" w:name="phone"/>' in xml

    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    shutil.copy(libreoffice_template, templates / "circular.docx")

    def word_marks(texts):
        """What LibreOffice cannot make here, as Word writes it, into LibreOffice's file: a comment inside
        {{ office.name }} and a date smart tag inside {{ date_text }}."""
        xml = split_tag(texts["word/document.xml"], "{{ office.name }}", len("{{ office."), COMMENT_IN_NAME,
                        len("{{ office.na"))
        xml = split_tag(xml, "{{ date_text }}", len("{{ da"),
                        '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="date">'
                        '<w:r><w:t>te</w:t></w:r></w:smartTag>', len("{{ date"))
        texts["word/document.xml"] = xml
        add_comment(texts, "ตรวจชื่อสำนักงาน")

    rewrite(templates / "circular.docx", word_marks)
    assert not build_round(folder, tmp_path / "out", templates).failed
    stock = tmp_path / "stock"
    build_round(folder, stock)
    expected = paragraphs(stock / folder.name / "letter-01-circular.docx")
    body = paragraphs(tmp_path / "out" / folder.name / "letter-01-circular.docx")
    subject = next(p for p in expected if p.startswith("เรื่อง"))
    assert subject + " (ฉบับแก้ไข)" in body  # the tracked insertion after the tag, accepted
    assert [p for p in body if p != subject + " (ฉบับแก้ไข)"] == [p for p in expected if p != subject]
    rendered = zipfile.ZipFile(tmp_path / "out" / folder.name / "letter-01-circular.docx")
    out = rendered.read("word/document.xml").decode()
    for mark in ("<w:del ", "<w:ins ", "moveFrom", "moveTo", "comment", "smartTag", "Change "):
        assert mark not in out, mark
    assert "word/comments.xml" not in rendered.namelist()


def test_the_command_exits_1_naming_the_template_never_0_with_a_broken_body(tmp_path, capsys):
    """The same cut table in a round's own template (templates/stamped.docx), through the command line."""
    from generator.cli import main

    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    (folder / "templates").mkdir()
    cut_table(folder / "templates" / "stamped.docx")
    out = tmp_path / "out"
    assert main(["--data", str(folder.parent), "letters", folder.name, "--output", str(out), "--pdf", "no"]) == 1
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert "E711" in said and "stamped.docx" in said and "Traceback" not in said
    assert not (out / folder.name / "letter-02-stamped.docx").exists()
