"""Preflight: every printed PDF read back and checked as a สารบรรณ clerk checks a page
before it goes for signing.

One ``pdftotext -bbox-layout`` call per PDF gives its lines and words with their boxes
(:mod:`.layout`); the .docx it was made from gives the paragraphs, their styles and where
a line may end (:mod:`generator.ooxml.outline`, :mod:`.breaks`); :mod:`.rules` compares them.
Findings carry a P-code (P101–P199, apart from the data checks' E/W codes), the page,
the words around, and a Thai and an English text. A split signature block is an error
(``make print`` exits non-zero); the others are warnings.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from ...ooxml.outline import read_outline
from . import rules
from .layout import read_layout

VERSION = 6  # findings kept in the manifest are remade when the rules change (5: P117, P118, P119; 6: P117 measures the unbreakable start of the next line, P116 names the block moved)

# code: (Thai, English, error?)
CODES: dict[str, tuple[str, str, bool]] = {
    "P101": ("ตัดบรรทัดกลางพยางค์", "line broken inside a Thai syllable", False),
    "P102": ("ตัดบรรทัดกลางคำภาษาอังกฤษ", "line broken inside a Latin word", False),
    "P103": ("ตัดบรรทัดกลางตัวเลข", "line broken inside a number", False),
    "P104": ("ตัวเลขแยกบรรทัดจากคำ หน่วย หรือเดือน", "number split from its word, unit or month", False),
    "P105": ("บรรทัดขึ้นต้นด้วย ๆ หรือเครื่องหมายปิด (หรือจบด้วยเครื่องหมายเปิด)",
             "line starts with ๆ or a closing mark (or ends with an opening one)", False),
    "P106": ("บรรทัดถูกยืดจนตัวอักษรห่างกัน", "letter-spaced line: justification spread the letters", False),
    "P107": ("ส่วนลงนามแยกหน้า (คำลงท้าย ชื่อ ตำแหน่ง ไม่อยู่หน้าเดียวกัน)",
             "signature block split over pages (close, name and position not on one page)", True),
    "P108": ("ส่วนลงนามมีข้อความเนื้อหาอยู่เหนือไม่ถึง ๒ บรรทัดในหน้าเดียวกัน",
             "fewer than two lines of text above the signature block on its page", True),
    "P109": ("หน้าไม่มีเลขหน้า \"- n -\" ที่หัวกระดาษ", "page without its page number \"- n -\" at the top", False),
    "P110": ("หัวข้ออยู่ท้ายหน้า เนื้อหาขึ้นหน้าถัดไป", "heading at the foot of a page, its text on the next", False),
    "P111": ("ข้อความล้ำขอบกระดาษ", "text outside the page margins", False),
    "P112": ("สระหรือวรรณยุกต์แยกจากตัวอักษร", "vowel or tone mark drawn apart from its letter", True),
    "P113": ("ช่องว่างระหว่างคำในบรรทัดที่จัดเต็มแนวกว้างเกิน ๗ พอยต์",
             "gap wider than 7 pt between two words of a justified line", True),
    "P114": ("บรรทัดจบที่คำว่า ไม่ คำที่ถูกปฏิเสธขึ้นบรรทัดใหม่", "line ends after ไม่: the word it negates starts the next",
             False),
    "P115": ("ตัดบรรทัดกลางคำประสม", "line broken inside a compound word", False),
    "P116": ("หน้าว่างเกินหนึ่งในสามของหน้า", "page more than a third empty", False),
    "P117": ("บรรทัดจบก่อนขอบทั้งที่คำแรกของบรรทัดถัดไปวางได้ (บรรทัดไม่ตรงกับที่จัดไว้)",
             "a line ends short though the next line's first word would fit: not set as composed", False),
    "P118": ("บรรทัดสั้นไม่ถึงครึ่งกลางย่อหน้าที่จัดเต็มแนว (บรรทัดไม่ตรงกับที่จัดไว้)",
             "a line inside a justified paragraph fills less than half the column: not set as composed", False),
    "P119": ("ตัวอักษรเล็กกว่า ๑๒ พอยต์ (ตารางคอลัมน์มากที่วางในหน้าไม่ได้ด้วยขนาดอื่น)",
             "text set below 12 pt (a table of many columns that fits the page no other way)", False),
}
SET_AGAIN = {"P117", "P118"}  # a document with these is set again with more room at each line's end
SIDES = {"left": "ซ้าย", "right": "ขวา", "top": "บน", "bottom": "ล่าง"}
DETAILS = {  # how a finding's detail reads after its text, Thai and English ({} is the detail)
    "P107": ("หน้า {}", "pages {}"),
    "P108": ("มี {} บรรทัด", "{} found"),
    "P109": ("พบ {}", "found {}"),
    "P113": ("{} พอยต์", "{} pt"),
    "P115": ("{}", "{}"),
    "P116": ("ว่าง {}", "{} empty"),  # and when the block that moved to the next page is known, as DETAILS_MOVED
    "P117": ("เหลือ {} พอยต์", "{} pt left"),
    "P118": ("ยาว {} ของบรรทัด", "{} of the line"),
    "P119": ("{} พอยต์", "{} pt"),
}
# P116 with the block that starts the next page, kept whole there (a paragraph kept with the next, a table row that may
# not split, the signature block): its detail is "<share>\t<its first words>"
DETAILS_MOVED = ("ว่าง {0} เพราะ «{1}…» ต้องขึ้นหน้าถัดไปทั้งส่วน", "{0} empty: «{1}…» is kept whole on the next page")


@dataclass(frozen=True)
class Finding:
    code: str
    page: int
    words: str  # the words around, as printed ("พัฒนากา|รจังหวัด": | is the line end)
    detail: str = ""
    # where on the page: the box of those words as fractions of the page (left, top, right, bottom, from the top
    # left), for marking the place on a page image; None when the finding names no words printed there
    box: tuple[float, float, float, float] | None = None

    @property
    def error(self) -> bool:
        return CODES[self.code][2]

    @property
    def thai(self) -> str:
        return CODES[self.code][0] + self._detail("th")

    @property
    def english(self) -> str:
        return CODES[self.code][1] + self._detail("en")

    def _detail(self, language: str) -> str:
        if not self.detail:
            return ""
        if self.code == "P111":
            sides = self.detail.split(",")
            return (" (ขอบ" + " ".join(SIDES.get(s, s) for s in sides) + ")") if language == "th" \
                else f" ({', '.join(sides)})"
        parts = self.detail.split("\t")
        thai, english = DETAILS_MOVED if self.code == "P116" and len(parts) == 2 else DETAILS.get(self.code, ("", ""))
        return f" ({(thai if language == 'th' else english).format(*parts)})" if thai else ""

    def format(self, document: str) -> str:
        label = "ผิดพลาด/error" if self.error else "คำเตือน/warning"
        return (f"{document} หน้า/page {self.page}: {self.code} {label}: {self.thai}: «{self.words}»\n"
                f"    {self.english}")

    def as_dict(self) -> dict:
        return asdict(self)


MAX_PER_CODE = 30  # a badly broken document stays readable


def check(pages, outline, kind: str = "", digits: str = "thai", real_font: bool = True) -> list[Finding]:
    """Findings for laid-out ``pages`` against the .docx ``outline``. ``real_font``: the PDF embeds
    the real TH SarabunPSK; the scaled stand-in's marks read back apart from their letters whatever
    the layout (W810 says so), so P112 is left out."""
    source = rules.Source(outline)
    hits = rules.line_ends(pages, source) + rules.letter_spaced(pages)
    signature = [] if kind == "stamped" else rules.signature(pages, source)
    hits += signature
    hits += rules.page_numbers(pages, digits)
    hits += rules.stranded_headings(pages, source, skip_pages={h.page for h in signature})
    hits += rules.margins(pages, source)
    hits += (rules.detached_marks(pages) if real_font else []) + rules.wide_gaps(pages, source)
    hits += rules.negation_ends(pages, source) + rules.compound_cuts(pages, source)
    hits += rules.empty_pages(pages, source) + rules.carried_words(pages, source) + rules.short_lines(pages, source)
    hits += rules.small_type(pages)
    findings, counts, seen = [], {}, set()
    for hit in sorted(hits, key=lambda h: (h.page, h.code)):
        key = (hit.code, hit.page, hit.words)
        if key in seen or counts.get(hit.code, 0) >= MAX_PER_CODE:
            continue
        seen.add(key)
        counts[hit.code] = counts.get(hit.code, 0) + 1
        findings.append(Finding(hit.code, hit.page, hit.words, hit.detail, place(pages, hit.page, hit.words)))
    return findings


def place(pages, number: int, words: str) -> tuple[float, float, float, float] | None:
    """The box, as fractions of page ``number``, of the printed words a finding quotes (each part between the
    line ends "|" found in one line of the page, narrowed to the words it covers); None when not found.

    >>> from .layout import Line, Page, Word
    >>> page = Page(1, 100.0, 200.0, [Line([Word("ก", 10, 20, 20, 30), Word("ขค", 30, 20, 50, 30)], 0)])
    >>> place([page], 1, "ขค"), place([page], 1, "ไม่มี"), place([page], 2, "ขค")
    ((0.3, 0.1, 0.5, 0.15), None, None)
    """
    page = next((p for p in pages if p.number == number), None)
    if page is None or not page.width or not page.height:
        return None
    boxes = []
    for part in (p.strip() for p in words.split("|")):
        for line in page.lines if part else ():
            at = line.text.find(part)
            if at < 0:
                continue
            start, covered = 0, []
            for word in line.words:  # the words whose text overlaps the quoted part
                end = start + len(word.text)
                if end > at and start < at + len(part):
                    covered.append(word)
                start = end + 1
            boxes += [(w.x0, w.y0, w.x1, w.y1) for w in covered]
            break
    if not boxes:
        return None
    return (round(min(b[0] for b in boxes) / page.width, 4), round(min(b[1] for b in boxes) / page.height, 4),
            round(max(b[2] for b in boxes) / page.width, 4), round(max(b[3] for b in boxes) / page.height, 4))


def check_pdf(pdf: Path, docx: Path, kind: str = "", digits: str = "thai", real_font: bool = True,
              pages: list | None = None) -> list[Finding]:
    """Read ``pdf`` back (one pdftotext call) and check it against ``docx``; ``pages``: its layout, when it was
    read already (from the PDF of documents laid out together)."""
    return check(read_layout(pdf) if pages is None else pages, read_outline(docx.read_bytes()), kind, digits,
                 real_font)


def from_dicts(items: list[dict]) -> list[Finding]:
    return [Finding(**{**item, "box": tuple(item["box"]) if item.get("box") else None})
            for item in items if item.get("code") in CODES]
