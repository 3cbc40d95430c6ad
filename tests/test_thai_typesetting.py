"""Thai set as Word sets it: every sample round printed, its PDFs read back with pdftotext as a
clerk reads a page (no mark apart from its letter, no wide gap between the words of a justified
line, no line ending after ไม่), and its .docx files opened as Word opens them (every justified
paragraph with Word's Thai justification, thaiDistribute)."""
from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.pdf import unavailable

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = sorted(p.parent.name for p in (ROOT / "kpi_data").glob("*/round.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = "{http://www.w3.org/1999/xhtml}"
MARKS = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4eะาำ")
pytestmark = pytest.mark.skipif(unavailable() is not None, reason=str(unavailable()))


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    from generator.build import build_round
    from generator.bundle import print_round
    from tests.rounds import copy_round

    tmp = tmp_path_factory.mktemp("typeset")
    documents = []
    for name in ROUNDS:
        build = build_round(copy_round(tmp, name), tmp / "out")
        assert not build.failed, build.report.format()
        result = print_round(tmp / "out" / name, build.report)
        assert not result.failed
        documents += [(pdf.with_suffix(".docx"), pdf) for pdf in sorted((tmp / "out" / name).glob("*.pdf"))
                      if pdf.with_suffix(".docx").is_file()]
    assert len(documents) >= 20
    return documents


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def words_by_line(pdf: Path) -> list[list[tuple[str, float, float]]]:
    out = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         check=True).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True, huge_tree=True))
    return [[(w.text or "", float(w.get("xMin")), float(w.get("xMax"))) for w in line.iter(XHTML + "word")]
            for line in root.iter(XHTML + "line")]


def justified_paragraphs(docx: Path) -> tuple[list[str], list[str]]:
    """The texts of the paragraphs outside tables that are justified (on the paragraph or by its
    style), and the alignment values they carry."""
    with zipfile.ZipFile(docx) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        styles = etree.fromstring(package.read("word/styles.xml"))
    style_jc = {}
    for style in styles.iter(W + "style"):
        jc = style.find(f"{W}pPr/{W}jc")
        based = style.find(W + "basedOn")
        style_jc[style.get(W + "styleId")] = (jc.get(W + "val") if jc is not None else None,
                                              based.get(W + "val") if based is not None else None)

    def inherited(style_id):
        seen = set()
        while style_id in style_jc and style_id not in seen:
            seen.add(style_id)
            value, style_id = style_jc[style_id]
            if value:
                return value
        return None

    texts, values = [], []
    for paragraph in body.iter(W + "p"):
        jc = paragraph.find(f"{W}pPr/{W}jc")
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        value = jc.get(W + "val") if jc is not None else inherited(style.get(W + "val") if style is not None else
                                                                   "Normal")
        if value in ("both", "distribute", "thaiDistribute"):
            values.append(value)
            if not any(a.tag == W + "tc" for a in paragraph.iterancestors()):
                texts.append("".join(t.text or "" for t in paragraph.iter(W + "t")))
    return texts, values


def test_every_justified_paragraph_carries_word_thai_justification(printed):
    values = [value for docx, _ in printed for value in justified_paragraphs(docx)[1]]
    assert len(values) > 50  # body text, items and sub-items of every letter, sheet and agreement
    assert set(values) == {"thaiDistribute"}


def test_no_vowel_or_tone_mark_is_drawn_apart_from_its_letter(printed):
    detached = [(pdf.parent.name, pdf.name, " ".join(w for w, _, _ in line))
                for _, pdf in printed for line in words_by_line(pdf) if any(w[:1] in MARKS for w, _, _ in line)]
    assert detached == []


def test_no_gap_over_7_pt_between_the_words_of_a_justified_line(printed):
    gaps, lines_checked = [], 0
    for docx, pdf in printed:
        paragraphs = [squash(text) for text in justified_paragraphs(docx)[0] if text.strip()]
        stream = "\x00" + "\x00".join(paragraphs) + "\x00"
        for line in words_by_line(pdf):
            form = squash("".join(w for w, _, _ in line))
            if len(form) < 10 or form not in stream or form + "\x00" in stream:
                continue  # not a justified paragraph's line, or its last (never stretched)
            lines_checked += 1
            gaps += [(pdf.name, a[0], b[0], round(b[1] - a[2], 1)) for a, b in zip(line, line[1:]) if b[1] - a[2] > 7]
    assert lines_checked > 100
    assert gaps == []


def test_no_line_ends_after_mai(printed):
    ends = []
    for docx, pdf in printed:
        text = squash("".join(justified_paragraphs(docx)[0]))
        lines = [squash("".join(w for w, _, _ in line)) for line in words_by_line(pdf)]
        for above, below in zip(lines, lines[1:]):
            if above.endswith(("ไม่", "ไม่ได้")) and below and above[-12:] + below[:8] in text:
                ends.append((pdf.name, above[-12:], below[:8]))
    assert ends == []
