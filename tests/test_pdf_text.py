"""The PDFs are set in the real TH SarabunPSK, and text copied out of them is the documents' text.

Staff paste KPI text from these PDFs into the department's online system: what pdftotext
and pypdf read back must be the .docx text, whitespace aside. The only additions allowed
are the ones made on purpose, each removed here at its one place: the page number "- n -"
at the top of pages after the first, the continuation words "/คำ..." at the foot of a
letter's pages, and a table's heading rows repeated at the top of the next page.
"""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx.oxml.ns import qn

import generator.base.fonts as fonts
from generator.build.stages import build_round
from generator.printing.bundle import LETTER_KINDS, print_round
from generator.printing.pdf import unavailable
from tests.docx_text import text as docx_text
from tests.rounds import copy_round

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = sorted(p.name for p in (ROOT / "kpi_data").iterdir() if (p / "round.yaml").is_file())  # every sample
REAL_WHEEL = fonts.WHEELS / fonts.WHEEL_FILE
ARABIC_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
needs_libreoffice = pytest.mark.skipif(unavailable() is not None, reason=str(unavailable()))


def squash(text: str) -> str:
    """The text without whitespace: how lines wrap and justify is the layout's business."""
    return re.sub(r"\s+", "", text)


def control_characters(text: str) -> set[str]:
    return {f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\t\r\f"}


def pdftotext_pages(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return out.split("\f")[:-1]  # a form feed ends every page


def pypdf_pages(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]


def heading_rows(docx: Path) -> list[str]:
    """Each table's repeated heading rows (w:tblHeader), as one squashed string per table."""
    from docx import Document

    headings = []
    for table in Document(str(docx)).element.body.iter(qn("w:tbl")):
        rows = []
        for row in table.findall(qn("w:tr")):
            header = row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
            if header is None or header.get(qn("w:val")) in ("0", "false"):
                break
            rows.append("".join(t.text or "" for t in row.iter(qn("w:t"))))
        if rows:
            headings.append(squash("".join(rows)))
    return headings


def splittable_rows(docx: Path) -> list[list[str]]:
    """The cells' squashed texts of each table row that may split over two pages (no w:cantSplit)."""
    from docx import Document

    rows = []
    for row in Document(str(docx)).element.body.iter(qn("w:tr")):
        properties = row.find(qn("w:trPr"))
        if properties is not None and (properties.find(qn("w:cantSplit")) is not None
                                       or properties.find(qn("w:tblHeader")) is not None):
            continue
        cells = [squash("".join(t.text or "" for t in cell.iter(qn("w:t")))) for cell in row.iter(qn("w:tc"))]
        if sum(map(len, cells)) > 40:
            rows.append(cells)
    return rows


def row_parts(cells: list[str], tail: str):
    """How much of each cell a page ending in a split row shows: each way of reading ``tail`` (the
    page's text from the row's start) as a prefix of every cell in turn, longest first.

    >>> list(row_parts(["abcd", "ef", "ghi"], "abegh"))
    [[2, 1, 2]]
    >>> list(row_parts(["abab", "ab"], "abab"))
    [[4, 0], [2, 2]]
    >>> list(row_parts(["abcd", "ef"], "abx"))
    []
    """
    def solve(index: int, at: int):
        if index == len(cells):
            if at == len(tail):
                yield []
            return
        cell, common = cells[index], 0
        while common < len(cell) and at + common < len(tail) and cell[common] == tail[at + common]:
            common += 1
        for length in range(common, -1, -1):
            for rest in solve(index + 1, at + length):
                yield [length, *rest]

    return solve(0, 0)


def compare(expected: str, pages: list[str], headings: list[str], letter: bool,
            rows: list[list[str]] = ()) -> str | None:
    """Walk the PDF's pages through the document's text; None when they agree, else where they part.
    A table row split over two pages reads, on each page, the part of every cell that page shows:
    the expected text is read that way when a page ends inside such a row."""
    try:
        return _compare(expected, pages, headings, letter, rows)
    except _SplitRow as split:
        if split.expected == expected:
            return "a split table row that cannot be read"
        return compare(split.expected, pages, headings, letter, rows)


class _SplitRow(Exception):
    def __init__(self, expected: str):
        self.expected = expected


def _compare(expected: str, pages: list[str], headings: list[str], letter: bool,
             rows: list[list[str]] = ()) -> str | None:
    position = 0
    bodies = []
    for number, page in enumerate(pages, start=1):
        body = squash(page)
        if number > 1:  # "- ๒ -" at the top (Thai or Arabic digits); whether it is there is the preflight's check
            for mark in (f"-{number}-", f"-{str(number).translate(ARABIC_TO_THAI)}-"):
                if body.startswith(mark):
                    body = body[len(mark):]
                    break
        bodies.append(body)
    for number, body in enumerate(bodies, start=1):
        if letter and number < len(bodies):  # "/คำ..." at the foot: the first word(s) of the next page
            following = bodies[number]
            cut = next((i for i in range(len(body) - 5, -1, -1)
                        if body[i] == "/" and following.startswith(body[i + 1:-3])), None) \
                if body.endswith("...") else None
            if cut is None:
                return f"page {number}: no continuation words at the foot: {body[-40:]!r}"
            body = body[:cut]
        if number > 1 and not expected.startswith(body, position):
            for heading in headings:  # a table's heading rows, repeated on the page it continues to
                if body.startswith(heading) and expected.startswith(body[len(heading):len(heading) + 30], position):
                    body = body[len(heading):]
                    break
        if not expected.startswith(body, position):
            common = 0
            while common < len(body) and position + common < len(expected) and \
                    body[common] == expected[position + common]:
                common += 1
            at = position + common
            for cells in rows:  # a page that ends inside a row that may split
                whole = "".join(cells)
                start = expected.find(whole, position)
                if start < 0 or not start <= at < start + len(whole):
                    continue
                following = bodies[number] if number < len(bodies) else ""
                for heading in headings:
                    if following.startswith(heading):
                        following = following[len(heading):]
                        break
                for tried, parts in enumerate(row_parts(cells, body[start - position:])):
                    rest = "".join(cell[n:] for cell, n in zip(cells, parts))
                    if following.startswith(rest[:30]) or tried > 200:  # the next page goes on with the rest
                        shown = "".join(cell[:n] for cell, n in zip(cells, parts))
                        raise _SplitRow(expected[:start] + shown + rest + expected[start + len(whole):])
            return (f"page {number}: the .docx reads {expected[max(0, at - 20):at + 20]!r} "
                    f"but the PDF {body[max(0, common - 20):common + 20]!r}")
        position += len(body)
    if position != len(expected):
        return f"the PDF ends early: missing {expected[position:position + 40]!r}"
    return None


def embedded_fonts(pdf: Path) -> dict[str, bytes]:
    """Every embedded TrueType font program of the PDF, by its PDF name."""
    from pypdf import PdfReader

    found = {}
    for page in PdfReader(str(pdf)).pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                found[str(font["/BaseFont"])] = descriptor.get_object()["/FontFile2"].get_object().get_data()
    return found


def font_identity(program: bytes) -> tuple[int, str, str]:
    """units per em, copyright (name 0) and version (name 5) of an embedded font."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(program))
    return font["head"].unitsPerEm, font["name"].getDebugName(0) or "", font["name"].getDebugName(5) or ""


def pdffonts_rows(pdf: Path) -> list[list[str]]:
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in listing.splitlines()[2:] if line.strip()]


# ---------------------------------------------------------------- the sample rounds, printed
@pytest.fixture(scope="module")
def real_fonts():
    reason = fonts.fetch_sarabun(download=True)
    if reason is not None:
        pytest.skip(f"the real TH SarabunPSK could not be fetched, so it cannot be checked: {reason}")
    if fonts.user_fonts():
        pytest.skip(f"fonts in {fonts.USER_FONTS} replace the fetched ones")


@pytest.fixture(scope="module")
def printed(real_fonts, tmp_path_factory) -> list[tuple[str, Path, dict]]:
    tmp = tmp_path_factory.mktemp("printed")
    documents = []
    for name in ROUNDS:
        folder = copy_round(tmp, name)
        build = build_round(folder, tmp / "out")
        target = tmp / "out" / folder.name
        result = print_round(target, build.report)
        assert not result.failed, [(r.task.docx.name, r.error) for r in result.failed]
        assert result.font_warning is None and "W810" not in {d.code for d in build.report.diagnostics}
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        documents += [(name, target, entry) for entry in manifest["documents"]]
    return documents


@needs_libreoffice
def test_every_pdf_embeds_the_real_th_sarabunpsk(printed):
    pdfs = [(round_name, target / entry["pdf"]["file"]) for round_name, target, entry in printed]
    pdfs += sorted({(round_name, target / "print-bundle.pdf") for round_name, target, _ in printed})
    for round_name, pdf in pdfs:
        rows = pdffonts_rows(pdf)
        assert all(row[-5] == "yes" for row in rows), (pdf.name, rows)  # every font embedded
        assert any(row[0].split("+")[-1].startswith("THSarabunPSK") for row in rows), (round_name, pdf.name, rows)
        programs = {name.lstrip("/"): data for name, data in embedded_fonts(pdf).items() if "THSarabun" in name}
        assert programs, pdf.name
        for name, program in programs.items():
            units, copyright_, version = font_identity(program)
            # the real font: 1000 units per em, DIP's copyright, version 1.1 (the scaled Laksaman
            # copy has 1515 units, TLWG's copyright and version 004.001)
            assert (units, version.split()[:2]) == (1000, ["Version", "1.1"]), (pdf.name, name, units, version)
            assert "Department of Intellectual Property" in copyright_, (pdf.name, name, copyright_)


@needs_libreoffice
@pytest.mark.parametrize("reader", ["pdftotext", "pypdf"])
def test_text_copied_from_every_pdf_is_the_document_text(printed, reader):
    read = pdftotext_pages if reader == "pdftotext" else pypdf_pages
    failures, compared = [], 0
    for round_name, target, entry in printed:
        docx = target / entry["file"]
        pages = read(target / entry["pdf"]["file"])
        assert len(pages) == entry["pdf"]["pages"], (docx.name, len(pages))
        stray = control_characters("".join(pages))
        if stray:
            failures.append(f"{round_name}/{docx.name}: control characters {sorted(stray)}")
            continue
        problem = compare(squash(docx_text(docx)), pages, heading_rows(docx), entry["kind"] in LETTER_KINDS,
                          splittable_rows(docx))
        if problem:
            failures.append(f"{round_name}/{docx.name}: {problem}")
        compared += 1
    assert not failures, "\n".join(failures)
    assert compared == len(printed) >= 14  # 15 documents in the first three sample rounds alone


def split_words(expected: str, text: str) -> list[str]:
    """Words of pdftotext's own reading order (``pdftotext file.pdf``: what a viewer built on
    poppler copies) that are not in the document: a Thai mark moved past the next letter
    ("ได้รบั", "เขือ่ น"). The page number and a letter's continuation line ("/๒. ร่วมกับ...")
    are not words of the document."""
    text = re.sub(r"(?m)(?:^|\s)/\S.*\.\.\.$", "", text)
    return [word for word in text.split()
            if word not in expected and not re.fullmatch(r"-?[๐-๙0-9]+-?|-[๐-๙0-9]+-?.*|-", word)]


@needs_libreoffice
def test_pdftotext_reading_order_keeps_thai_marks_on_their_letters(printed):
    """The PDF copy's marks (generator/thai/breaks.py) must not end LibreOffice's text portions
    after a Thai mark: a zero-width mark at the end of one text object is read after the next
    object's first letter."""
    split = []
    for round_name, target, entry in printed:
        out = subprocess.run(["pdftotext", str(target / entry["pdf"]["file"]), "-"], capture_output=True,
                             text=True, check=True).stdout
        words = split_words(squash(docx_text(target / entry["file"])), out)
        if words:
            split.append(f"{round_name}/{entry['file']}: {len(words)} {words[:5]}")
    assert not split, "\n".join(split)


def test_the_comparison_sees_a_split_mark_a_control_character_and_a_lost_word():
    """The comparison itself can fail: the faults the issue saw are caught."""
    expected = squash("รวมทั้งสิ้น ๓๑๔ ครัวเรือน ภายในวันจันทร์")
    assert compare(expected, ["รวมทั้งสิ้น ๓๑๔\nครัวเรือน ภายในวันจันทร์"], [], False) is None
    assert compare(expected, ["รวมทัง้ สิน้ ๓๑๔ ครัวเรือน ภายในวันจันทร์"], [], False) is not None  # split marks
    assert compare(expected, ["รวมทั้งสิ้น ๓๑๔ ครัวเรือน ภายในวันจันทร์".replace("า", "\x05")], [], False)
    assert control_characters("ภ\x05ยใน") == {"U+0005"}
    assert compare(expected, ["รวมทั้งสิ้น ๓๑๔ ครัวเรือน"], [], False) == \
        "the PDF ends early: missing 'ภายในวันจันทร์'"
    # page numbers, continuation words and repeated headings are taken off only where they belong
    two_pages = ["รวมทั้งสิ้น ๓๑๔\n/ครัวเรือน...", "- ๒ -\nครัวเรือน ภายในวันจันทร์"]
    assert compare(expected, two_pages, [], True) is None
    assert compare(expected, two_pages, [], False) is not None  # not a letter: "/ครัวเรือน..." is extra text
    assert compare(expected, ["รวมทั้งสิ้น ๓๑๔", "- ๓ -\nครัวเรือน ภายในวันจันทร์"], [], False) is not None  # page 3's?
    table = squash("ลำดับ อำเภอ จำนวน ๑ บางคล้า ๑๒ ๒ บางน้ำเปรี้ยว ๓๐")
    pages = ["ลำดับ อำเภอ จำนวน ๑ บางคล้า ๑๒", "- 2 -\nลำดับ อำเภอ จำนวน ๒ บางน้ำเปรี้ยว ๓๐"]
    assert compare(table, pages, [squash("ลำดับ อำเภอ จำนวน")], False) is None
    assert compare(table, pages, [], False) is not None
    assert split_words(expected, "รวมทั้งสิ้น ๓๑๔\n- ๒ -\nครัวเรือน /ภายใน...") == []
    assert split_words(expected, "รวมทั้งสิ้น\n/๓๑๔ ครัวเรือน...\n- ๒ -\n๓๑๔ ครัวเรือน") == []
    assert split_words(expected, "รวมทัง้ สิน้ ๓๑๔ ครัวเรือน") == ["รวมทัง้", "สิน้"]


# ---------------------------------------------------------------- fetching, and the fallback
@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    """fonts.py working in a folder of the test's own, with the wheel copied in when there is one."""
    monkeypatch.setattr(fonts, "SARABUN", tmp_path / "fonts" / "sarabun")
    monkeypatch.setattr(fonts, "WHEELS", tmp_path / "wheels")
    monkeypatch.setattr(fonts, "CACHE", tmp_path / "fonts")
    monkeypatch.setattr(fonts, "SCALED", tmp_path / "fonts" / "scaled")
    monkeypatch.setattr(fonts, "USER_FONTS", tmp_path / "no-user-fonts")
    return tmp_path


def _offline(monkeypatch, tmp_path):
    """pip with no index and no links: what a machine without a connection sees."""
    (tmp_path / "no-links").mkdir(exist_ok=True)
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path / "no-links"))
    monkeypatch.setenv("PIP_CONFIG_FILE", "/dev/null")


def test_the_fonts_come_out_of_the_checked_wheel_only_once(real_fonts, private_cache, monkeypatch):
    if not REAL_WHEEL.is_file():
        pytest.skip(f"{REAL_WHEEL} is not there (the fonts were extracted and the wheel removed)")
    fonts.WHEELS.mkdir()
    shutil.copy(REAL_WHEEL, fonts.WHEELS)
    _offline(monkeypatch, private_cache)  # a cached wheel needs no network
    assert fonts.fetch_sarabun() is None
    made = sorted(p.relative_to(fonts.SARABUN).as_posix() for p in fonts.SARABUN.rglob("*") if p.is_file())
    assert made == sorted(fonts.SARABUN_FILES)  # the eight font files, nothing else of the wheel
    assert fonts.sarabun_file(bold=True) == fonts.SARABUN / "THSarabun" / "THSarabun-Bold.ttf"
    assert font_identity(fonts.sarabun_file().read_bytes())[:1] == (1000,)
    stamp = {p: p.stat().st_mtime_ns for p in fonts.SARABUN.rglob("*.ttf")}
    assert fonts.fetch_sarabun() is None
    assert {p: p.stat().st_mtime_ns for p in fonts.SARABUN.rglob("*.ttf")} == stamp  # idempotent
    assert fonts.font_choice().kind == "sarabun" and fonts.font_choice().warning is None
    conf = fonts.fontconfig_file().read_text(encoding="utf-8")
    assert f"<dir>{fonts.SARABUN}</dir>" in conf


def test_a_wheel_with_another_hash_is_refused(private_cache, monkeypatch):
    fonts.WHEELS.mkdir()
    with zipfile.ZipFile(fonts.WHEELS / fonts.WHEEL_FILE, "w") as forged:
        for name in fonts.SARABUN_FILES:
            forged.writestr("odoo/addons/l10n_th_base_utils/static/fonts/thai/" + name, b"not a font")
    _offline(monkeypatch, private_cache)
    reason = fonts.fetch_sarabun(download=False)
    assert reason is not None and "TH SarabunPSK" in reason and "sha256" in reason, reason
    reason = fonts.fetch_sarabun()  # and no download replaces it offline
    assert reason is not None and "TH SarabunPSK" in reason
    assert not fonts.SARABUN.exists()
    assert fonts.sarabun_file() is None


def test_offline_setup_warns_and_succeeds(private_cache, monkeypatch, capsys):
    _offline(monkeypatch, private_cache)
    assert fonts.main() == 0
    out = capsys.readouterr().out
    assert "คำเตือน/warning" in out and "Laksaman" in out and "make setup" in out
    assert not fonts.SARABUN.exists() and not list(fonts.WHEELS.glob("*.whl"))
    assert fonts.font_choice().kind == "scaled"


@needs_libreoffice
def test_without_the_real_fonts_the_build_warns_and_uses_the_scaled_copy(private_cache, monkeypatch, capsys):
    from generator.cli import main

    folder = copy_round(private_cache, "2568-1-chachoengsao")
    out = private_cache / "out"
    status = main(["--data", str(folder.parent), "--register", str(private_cache / "register.sqlite3"),
                   "letters", folder.name, "--output", str(out), "--pdf", "yes"])
    printed_ = capsys.readouterr().out
    assert status == 0, printed_
    assert "W810" in printed_ and "Laksaman" in printed_, printed_
    assert "W810" in (out / folder.name / "index.html").read_text(encoding="utf-8")
    programs = embedded_fonts(out / folder.name / "letter-02-stamped.pdf")
    assert programs and all(font_identity(p)[0] == 1515 for p in programs.values()), programs.keys()
    if not REAL_WHEEL.is_file():
        return
    # back online, `make setup` fetches the fonts: the next build makes every PDF again, cover included
    fonts.WHEELS.mkdir(exist_ok=True)
    shutil.copy(REAL_WHEEL, fonts.WHEELS)
    assert fonts.main() == 0
    capsys.readouterr()
    assert main(["--data", str(folder.parent), "--register", str(private_cache / "register.sqlite3"),
                 "letters", folder.name, "--output", str(out), "--pdf", "yes"]) == 0
    printed_ = capsys.readouterr().out
    assert "W810" not in printed_ and "ข้าม 0" in printed_, printed_
    bundle = embedded_fonts(out / folder.name / "print-bundle.pdf")
    assert bundle and all(font_identity(p)[0] == 1000 for p in bundle.values()), bundle.keys()
