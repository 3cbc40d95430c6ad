"""The preflight's rules: a PDF's laid-out lines (layout.py) checked against the paragraphs
of the .docx it was made from (ooxml.outline)."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from ...ooxml.outline import Outline
from ...thai.breaks import NEGATIONS
from . import breaks
from .layout import CM, Line, Page, Word

# the official page: A4, left 3 cm, right 2 cm, top 2.5 cm, bottom 2 cm (landscape pages too)
LEFT, RIGHT, TOP, BOTTOM = 3 * CM, 2 * CM, 2.5 * CM, 2 * CM
SLACK_Y = 3.0  # a glyph box is taller than the line LibreOffice places at the margin
SLACK_X = 2.0
WINDOW = 10  # characters each side of a line end used to find it in the .docx
LETTER_SPACED_RUN = 6  # single letters in a row, each with a gap: a spread line
CLOSES = ("ขอแสดงความนับถือ", "ขอแสดงความนับถืออย่างยิ่ง", "ขอนมัสการด้วยความเคารพ")
PAGE_NUMBER = re.compile(r"^-\s*([0-9๐-๙]+)\s*-$")
BREAK_CODES = {breaks.SYLLABLE: "P101", breaks.LATIN: "P102", breaks.NUMBER_SPLIT: "P103",
               breaks.NUMBER_WORD: "P104", breaks.CLOSING_START: "P105", breaks.OPENING_END: "P105"}


@dataclass(frozen=True)
class Hit:
    """One finding before it is worded: a code, a page, the words around it."""
    code: str
    page: int
    words: str
    detail: str = ""


@lru_cache(maxsize=4096)  # each rule reads the same lines' forms
def _form(text: str) -> str:
    return breaks.matching_text(text)


def _around(text: str, end: int, start: int, width: int = 16) -> str:
    """The words either side of a line end, "|" where it falls: whole words, about ``width``
    characters each side.

    >>> _around("ขอให้ดำเนินการภายในวันที่ ๓๑ มีนาคม ๒๕๖๘ ผ่านระบบออนไลน์ของกรม", 35, 36)
    'วันที่ ๓๑ มีนาคม|๒๕๖๘ ผ่านระบบออนไลน์'
    """
    from pythainlp.tokenize import word_tokenize

    from ...thai.words import thai_word_list

    tokens = word_tokenize(text[max(0, end - 3 * width):end], engine="newmm", custom_dict=thai_word_list())
    if end - 3 * width > 0:
        tokens = tokens[1:]  # it may be a part of a word
    before = ""
    while tokens and (len(before) < width or not before.strip()):
        before = tokens.pop() + before
    tokens = word_tokenize(text[start:start + 3 * width], engine="newmm", custom_dict=thai_word_list())
    if start + 3 * width < len(text):
        tokens = tokens[:-1]
    after = ""
    for token in tokens:
        if len(after) >= width and after.strip():
            break
        after += token
    return f"{' '.join(before.split())}|{' '.join(after.split())}"


class Source:
    """The .docx side: its paragraphs' matching forms in one searchable stream."""

    def __init__(self, outline: Outline):
        self.outline = outline
        self.texts = [p.text for p in outline.paragraphs]
        self.forms = [breaks.matching_text(text) for text in self.texts]
        self._where: dict[int, list[int]] = {}  # index maps, made for the paragraphs a line end falls in
        self.starts = []
        position = 0
        for form in self.forms:
            self.starts.append(position)
            position += len(form) + 1
        self.stream = "\x00".join(self.forms)
        self.paragraph_ends = "\x00".join(form for form in self.forms if form)  # empty paragraphs left out
        self.justified = "\x00" + "\x00".join(form for form, p in zip(self.forms, outline.paragraphs)
                                               if p.justified and not p.in_table and form) + "\x00"
        self.page_starts = {form[:WINDOW] for form, p in zip(self.forms, outline.paragraphs) if p.new_page and form}
        # paragraphs with a line break typed in them: a line ends short there by design
        self.typed_breaks = "\x00".join(form for form, text in zip(self.forms, self.texts) if "\n" in text)
        self.header_forms = "\x00".join(_form(t) for t in outline.header_texts)
        self.footer_forms = "\x00".join(_form(t) for t in outline.footer_texts)

    def _original_span(self, paragraph: int, tail_last: int, head_first: int) -> tuple[int, int]:
        text = self.texts[paragraph]
        if paragraph not in self._where:
            self._where[paragraph] = breaks.matching_form(text)[1]
        where = self._where[paragraph]
        end = where[tail_last] + 1
        while end < len(text) and (text[end] in breaks.THAI_MARKS or text[end] in breaks.INVISIBLE):
            end += 1  # marks belong to the letter before them
        return end, where[head_first]

    def line_break(self, above: str, below: str) -> tuple[str, str] | None:
        """Where the .docx text runs from a line ending in ``above`` to one starting with
        ``below``: None when allowed (or not found), else (kind, words around)."""
        tail, head = above[-WINDOW:], below[:WINDOW]
        if len(tail) + len(head) < 3 or not tail or not head:
            return None
        if tail + "\x00" + head in self.paragraph_ends:
            return None  # a paragraph ends there
        if len(above) <= WINDOW and f"\x00{tail}\x00" in f"\x00{self.paragraph_ends}\x00" \
                and f"\x00{head}" in f"\x00{self.paragraph_ends}":
            return None  # a short line that is a whole paragraph (a cell), under it the start of another
        verdicts = self._verdicts(tail, head)
        if not verdicts and tail.endswith("-"):  # a hyphen LibreOffice added when it broke a word
            verdicts = self._verdicts(tail[:-1], head)
        if not verdicts or any(kind is None for kind, _ in verdicts):
            return None  # not found, or allowed in one of the places it could be
        kind, (text, end, start) = verdicts[0]
        return kind, _around(text, end, start)

    def _verdicts(self, tail: str, head: str) -> list[tuple[str | None, tuple[str, int, int]]]:
        verdicts = []
        needle = tail + head
        found = self.stream.find(needle)
        while found >= 0 and len(verdicts) < 20:
            paragraph = bisect.bisect_right(self.starts, found) - 1
            local = found - self.starts[paragraph]
            end, start = self._original_span(paragraph, local + len(tail) - 1, local + len(tail))
            text = self.texts[paragraph]
            verdicts.append((breaks.classify_break(text, end, start), (text, end, start)))
            found = self.stream.find(needle, found + 1)
        return verdicts


def _zone(line: Line, page: Page) -> str:
    if line.y1 <= TOP + SLACK_Y:
        return "header"
    if line.y0 >= page.height - BOTTOM - SLACK_Y:
        return "footer"
    return "body"


def _below(above: Line, below: Line) -> bool:
    """``below`` is on a later line than ``above`` (not a run in another font beside it)."""
    return (below.y0 + below.y1) / 2 > above.y1 - 1.0


def body_lines(page: Page) -> list[Line]:
    """The lines of ``page`` between its header and footer zones (worked out once per page: several rules ask)."""
    found = page.__dict__.get("_body")
    if found is None or found[0] is not page.lines or found[1] != len(page.lines):
        found = page.__dict__["_body"] = (page.lines, len(page.lines),
                                          [line for line in page.lines if _zone(line, page) == "body"])
    return found[2]


def page_pairs(page: Page) -> list[tuple[Line, Line]]:
    """:func:`next_lines` of the page's body lines, worked out once per page."""
    lines = body_lines(page)
    found = page.__dict__.get("_pairs")
    if found is None or found[0] is not lines:
        found = page.__dict__["_pairs"] = (lines, next_lines(lines))
    return found[1]


def _is_continuation(text: str) -> bool:
    text = text.strip()
    return text.startswith("/") and (text.endswith("...") or text.endswith("…"))


# ---------------------------------------------------------------- P101–P105: line ends
def segments(line: Line) -> list[Line]:
    """A line cut where a gap wider than 0.6 of its height parts its words: side-by-side
    table cells that pdftotext read as one line."""
    parts = [[line.words[0]]]
    for previous, word in zip(line.words, line.words[1:]):
        if word.x0 - previous.x1 > 0.6 * line.height:
            parts.append([])
        parts[-1].append(word)
    return [Line(words, line.block, line.page) for words in parts]


def next_lines(lines: list[Line]) -> list[tuple[Line, Line]]:
    """Each line (or cell of a line) with the line under it in the same column of its block;
    and each line with the next one of its block, for paragraphs."""
    pairs = [(a, b) for a, b in zip(lines, lines[1:]) if a.block == b.block and _below(a, b)]
    cells: dict[int, list[Line]] = {}
    for line in lines:
        cells.setdefault(line.block, []).extend(segments(line))
    for block in cells.values():
        block.sort(key=lambda cell: cell.y0)
        for index, cell in enumerate(block):
            under = None
            for other in block[index + 1:]:
                if other.y0 - cell.y1 >= 0.8 * cell.height:
                    break  # sorted by top: the rest are lower still
                if _below(cell, other) and other.x0 < cell.x1 and cell.x0 < other.x1 \
                        and (under is None or (other.y0, other.x0) < (under.y0, under.x0)):
                    under = other
            if under is not None:
                pairs.append((cell, under))
    return pairs


def line_ends(pages: list[Page], source: Source) -> list[Hit]:
    hits = []
    pairs: list[tuple[Line, Line]] = []
    for index, page in enumerate(pages):
        lines = body_lines(page)
        pairs += page_pairs(page)
        if index + 1 < len(pages):
            following = body_lines(pages[index + 1])
            if lines and following:
                last = max(lines, key=lambda line: line.y1)
                first = min(following, key=lambda line: line.y0)
                pairs.append((last, first))
    covered = set()
    for above, below in pairs:
        verdict = source.line_break(_form(above.text), _form(below.text))
        if verdict is None:
            continue
        kind, words = verdict
        hits.append(Hit(BREAK_CODES[kind], above.page, words))
        covered.add(id(below))
    for page in pages:  # ๆ never starts a paragraph: any line starting with it is a fault
        for line in body_lines(page):
            if line.text.lstrip().startswith("ๆ") and id(line) not in covered:
                hits.append(Hit("P105", page.number, line.text[:40]))
    return hits


# ---------------------------------------------------------------- P106: letter-spaced lines
def letter_spaced(pages: list[Page]) -> list[Hit]:
    """Justification that spread every letter: many single letters in a row, each apart."""
    return [Hit("P106", page.number, line.text[:60]) for page in pages for line in body_lines(page)
            if is_letter_spaced(line)]


def is_letter_spaced(line: Line) -> bool:
    """Many single letters in a row, each apart from the one before."""
    run = longest = 0
    previous = None
    for word in line.words:
        size = len(_form(word.text))
        if size == 0:
            continue
        gap = word.x0 - previous.x1 if previous is not None else 0.0
        if size == 1 and previous is not None and gap >= 0.05 * line.height:
            run += 1
        else:
            run = 1 if size == 1 else 0
        longest = max(longest, run)
        previous = word
    return longest >= LETTER_SPACED_RUN


# ---------------------------------------------------------------- P107, P108: signature block
def signature_block(source: Source) -> tuple[str, str, list[str]] | None:
    """The close, the name in parentheses and the position lines, from the .docx: as
    paragraphs of their own or as lines of one paragraph (line breaks)."""
    texts = [line.strip() for text in source.texts for line in text.split("\n")]
    for index, text in enumerate(texts):
        if text not in CLOSES:
            continue
        for name_index in range(index + 1, min(index + 10, len(texts))):
            if texts[name_index].startswith("(") and texts[name_index].endswith(")"):
                positions = []
                for following in texts[name_index + 1:]:
                    if not following:
                        break
                    positions.append(following)
                return text, texts[name_index], positions
        return text, "", []
    return None


def signature(pages: list[Page], source: Source) -> list[Hit]:
    block = signature_block(source)
    if block is None:
        return []
    close, name, positions = block
    lines = [line for page in pages for line in sorted(body_lines(page), key=lambda l: (l.y0, l.x0))]
    wanted = [_form(close)] + ([_form(name)] if name else []) + [_form(p) for p in positions]
    found: list[Line] = []
    cursor = 0
    for target in wanted:
        for index in range(cursor, len(lines)):
            form = _form(lines[index].text)
            if form == target or (len(form) >= 4 and target.startswith(form)):
                found.append(lines[index])
                cursor = index + 1
                break
        else:
            break
    if not found:
        return []
    close_line = found[0]
    pages_used = sorted({line.page for line in found})
    words = f"{close} … {name}".strip(" …")
    if len(pages_used) > 1:
        return [Hit("P107", close_line.page, words, "–".join(map(str, pages_used)))]
    page = pages[close_line.page - 1]
    above = [line for line in body_lines(page) if line.y1 <= close_line.y0 + 1.0]
    if len(above) < 2:
        return [Hit("P108", close_line.page, words, str(len(above)))]
    return []


# ---------------------------------------------------------------- P109: page numbers
def page_numbers(pages: list[Page], digits: str) -> list[Hit]:
    from ...thai import thai_digits

    hits = []
    for page in pages[1:]:
        expected = thai_digits(page.number) if digits == "thai" else str(page.number)
        seen = []
        for line in page.lines:
            if _zone(line, page) != "header":
                continue
            match = PAGE_NUMBER.match(" ".join(line.text.split()))
            if match:
                seen.append(match.group(1))
        if expected not in seen:
            hits.append(Hit("P109", page.number, f"- {expected} -", ", ".join(f"- {s} -" for s in seen)))
    return hits


# ---------------------------------------------------------------- P110: headings at a page foot
def headings(source: Source) -> list[str]:
    """Headings from the .docx: short paragraphs outside tables that are bold, heading-styled or
    kept with the next one, and that some text follows."""
    block = signature_block(source)
    signature_texts = set() if block is None else {block[0], block[1], *block[2]}
    paragraphs = source.outline.paragraphs
    last_text = max((i for i, p in enumerate(paragraphs) if p.text.strip()), default=-1)
    found = []
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text.strip()
        if not text or len(text) > 100 or paragraph.in_table or index >= last_text \
                or any(line.strip() in signature_texts for line in text.split("\n")):
            continue
        if paragraph.heading_style or paragraph.bold or paragraph.keep_next:
            found.append(text)
    return found


def stranded_headings(pages: list[Page], source: Source, skip_pages: set[int]) -> list[Hit]:
    forms = {_form(text): text for text in headings(source)}
    hits = []
    for page in pages[:-1]:
        lines = body_lines(page)
        if not lines or page.number in skip_pages:
            continue
        last = _form(max(lines, key=lambda line: line.y1).text)
        for form, text in forms.items():
            if form == last or (len(last) >= 6 and form.endswith(last)):
                hits.append(Hit("P110", page.number, text))
                break
    return hits


# ---------------------------------------------------------------- P111: outside the margins
def margins(pages: list[Page], source: Source) -> list[Hit]:
    hits = []
    for page in pages:
        right = page.width - RIGHT
        bottom = page.height - BOTTOM
        for line in page.lines:
            zone = _zone(line, page)
            form = _form(line.text)
            if zone == "header":
                if PAGE_NUMBER.match(" ".join(line.text.split())) or (form and form in source.header_forms):
                    continue
                hits.append(Hit("P111", page.number, line.text[:40], "top"))
            elif zone == "footer":
                if _is_continuation(line.text) or PAGE_NUMBER.match(" ".join(line.text.split())) \
                        or (form and form in source.footer_forms):
                    continue
                hits.append(Hit("P111", page.number, line.text[:40], "bottom"))
            else:
                sides = []
                if line.x0 < LEFT - SLACK_X:
                    sides.append("left")
                if line.x1 > right + SLACK_X:
                    sides.append("right")
                if line.y0 < TOP - SLACK_Y:
                    sides.append("top")
                if line.y1 > bottom + SLACK_Y:
                    sides.append("bottom")
                if sides:
                    hits.append(Hit("P111", page.number, line.text[:40], ",".join(sides)))
    return hits


# ---------------------------------------------------------------- P112: marks apart from their letters
MARK_STARTS = frozenset(breaks.NO_LINE_START)  # a Thai vowel or tone mark: it never starts a word


def detached_marks(pages: list[Page]) -> list[Hit]:
    """A word of the PDF that starts with a Thai vowel or tone mark: the mark was drawn apart from
    its letter (on paper, and in the text copied out). A letter-spaced line is P106's."""
    hits = []
    for page in pages:
        for line in page.lines:
            if is_letter_spaced(line):
                continue
            for before, word in zip([None, *line.words], line.words):
                if word.text[0] in MARK_STARTS:
                    around = (before.text + " " if before is not None else "") + word.text
                    hits.append(Hit("P112", page.number, around[-40:]))
    return hits


# ---------------------------------------------------------------- P113: wide gaps in justified lines
WIDE_GAP = 7.0  # points: a space of 16 pt TH SarabunPSK is 3.5


def wide_gaps(pages: list[Page], source: Source) -> list[Hit]:
    """A gap wider than 7 pt between two words of a line of a justified paragraph (its last line
    aside, which is not stretched)."""
    hits = []
    for page in pages:
        for line in body_lines(page):
            form = _form(line.text)
            if len(form) < 8 or f"{form}\x00" in source.justified or form not in source.justified:
                continue
            for left, right in zip(line.words, line.words[1:]):
                gap = right.x0 - left.x1
                if gap > WIDE_GAP:
                    hits.append(Hit("P113", page.number, f"{left.text[-16:]} {right.text[:16]}", f"{gap:.1f}"))
    return hits


def _words_at(above: Line, below: Line) -> str:
    """The last two words of a line and the first two of the next, "|" where the line ends."""
    return f"{' '.join(w.text for w in above.words[-2:])}|{' '.join(w.text for w in below.words[:2])}"


# ---------------------------------------------------------------- P117: a word carried over that would have fit
SPACE = 3.5  # points: a space of 16 pt TH SarabunPSK


def first_piece_width(line: Line) -> float:
    """How wide the start of ``line`` is up to the first place a line may end there (as the composer chooses line ends:
    :func:`generator.thai.compose.line_ends`): a word, a number with its unit ("ที่ ๒๐ มกราคม ๒๕๖๘"), ไม่ with the word
    it negates. A Thai word inside one of pdftotext's words is measured by its share of the letters (marks take no
    room).

    >>> first_piece_width(Line([Word("Mozilla", 85, 0, 110, 20), Word("Firefox", 114, 0, 140, 20)], 1))
    25.0
    >>> first_piece_width(Line([Word("ที่", 85, 0, 97, 20), Word("๒๐", 100, 0, 112, 20), Word("มกราคม", 115, 0, 150, 20),
    ...                         Word("๒๕๖๘", 153, 0, 177, 20), Word("(สิ่งที่ส่งมาด้วย", 180, 0, 250, 20)], 1))
    92.0
    """
    from ...thai.compose import line_ends

    ends = line_ends(line.text)
    end = ends[0][0] if ends else len(line.text)
    position = 0
    for word in line.words:
        stop = position + len(word.text)
        if end <= stop:
            letters = [ch not in breaks.THAI_MARKS for ch in word.text]
            share = sum(letters[:end - position]) / (sum(letters) or 1)
            return word.x0 + (word.x1 - word.x0) * share - line.words[0].x0
        position = stop + 1  # the space between two words
    return line.x1 - line.x0


def carried_words(pages: list[Page], source: Source) -> list[Hit]:
    """A line of a justified paragraph that ends short of the column while the next line's first word (up to
    its space) would have fitted on it: LibreOffice set the paragraph otherwise than it was composed, and a
    word stands alone on a line ("… เว็บเบราว์เซอร์ | Mozilla | Firefox …"). The column's edge is the
    furthest line end of the page's justified lines."""
    hits = []
    for page in pages:
        lines = body_lines(page)
        justified = [line for line in lines if (form := _form(line.text)) and len(form) >= 8
                     and form in source.justified and f"{form}\x00" not in source.justified]
        if not justified:
            continue
        edge = max(line.x1 for line in justified)
        ends = {id(line) for line in justified}
        for above, below in page_pairs(page):
            if id(above) not in ends or not below.words:
                continue
            tail, head = _form(above.text)[-WINDOW:], _form(below.text)[:WINDOW]
            if not tail or not head or tail + head not in source.stream or tail + head in source.typed_breaks:
                continue  # not one paragraph going on, or a line break typed there
            if edge - above.x1 > SPACE + first_piece_width(below) + 1.0:
                hits.append(Hit("P117", page.number, _words_at(above, below), f"{edge - above.x1:.1f}"))
    return hits


def short_lines(pages: list[Page], source: Source) -> list[Hit]:
    """P118: a line inside a justified paragraph (not its last, not at a typed line break) that fills less than half
    of the column: a composed line LibreOffice wrapped, its last word left on a line of its own."""
    hits = []
    for page in pages:
        lines = body_lines(page)
        extent: dict[int, tuple[float, float]] = {}  # a block's left and right: a paragraph, or a table cell
        for line in lines:
            x0, x1 = extent.get(line.block, (line.x0, line.x1))
            extent[line.block] = (min(x0, line.x0), max(x1, line.x1))
        for above, below in page_pairs(page):
            tail, head = _form(above.text)[-WINDOW:], _form(below.text)[:WINDOW]
            if not tail or not head or tail + head not in source.justified or tail + head in source.typed_breaks:
                continue  # not two lines of one justified paragraph going on
            left, right = extent[above.block]
            column = right - left
            if column > 0 and above.x1 - left < column / 2:
                hits.append(Hit("P118", page.number, _words_at(above, below),
                                f"{100 * (above.x1 - left) / column:.0f}%"))
    return hits


# ---------------------------------------------------------------- P119: type below 12 pt
SMALLEST = 12  # points: the smallest a clerk reads easily
BOX_PER_POINT = 1.3  # pdftotext's word box of TH SarabunPSK is 1.3 times its size (16 pt: 20.8)


def small_type(pages: list[Page]) -> list[Hit]:
    """Text set below 12 pt, once per page with its size: a table of many columns whose words fit a page no
    other way (the OTOP table's 15 columns) is set smaller, and the clerk is told so."""
    hits = []
    for page in pages:
        small = [word for line in body_lines(page) for word in line.words
                 if (word.y1 - word.y0) < (SMALLEST - 0.25) * BOX_PER_POINT]
        if small:
            size = min(word.y1 - word.y0 for word in small) / BOX_PER_POINT
            hits.append(Hit("P119", page.number, " ".join(w.text for w in small[:3]), f"{size:.0f}"))
    return hits


# ---------------------------------------------------------------- P114: a line that ends after ไม่

def negation_ends(pages: list[Page], source: Source) -> list[Hit]:
    """A line of a paragraph that ends with ไม่ (ไม่ได้) while its paragraph goes on: the next line
    then starts with the word negated ("ไม่|น้อยกว่าร้อยละ ๘๐" reads "น้อยกว่า…")."""
    hits = []
    for page in pages:
        lines = body_lines(page)
        for above, below in page_pairs(page):
            text = above.text.rstrip()
            if not any(text.endswith(word) for word in NEGATIONS):
                continue
            tail, head = _form(above.text)[-WINDOW:], _form(below.text)[:WINDOW]
            if tail and head and tail + head in source.stream:
                hits.append(Hit("P114", above.page, _words_at(above, below)))
    return hits


# ---------------------------------------------------------------- P115: a compound word cut
def compound_cuts(pages: list[Page], source: Source) -> list[Hit]:
    """A line that ends inside one of the office's compound words (ธรรมาภิ|บาล, ได้|รับจัดสรร):
    allowed between syllables, but a typist would not cut there."""
    from ...thai.breaks import CHECKED_COMPOUNDS

    forms = [(word, _form(word)) for word in CHECKED_COMPOUNDS if len(_form(word)) >= 4]
    hits = []
    for page in pages:
        for above, below in page_pairs(page):
            tail, head = _form(above.text)[-WINDOW:], _form(below.text)[:WINDOW]
            if not tail or not head or tail + head not in source.stream:
                continue
            joined, cut = tail + head, len(tail)
            if any(joined.startswith(form, cut) or joined.endswith(form, 0, cut) for _, form in forms):
                continue  # the cut ends or starts another compound: ประจำ|ปีงบประมาณ
            for word, form in forms:
                at = joined.find(form)
                while at >= 0:
                    if at < cut < at + len(form):
                        hits.append(Hit("P115", above.page, _words_at(above, below), word))
                    at = joined.find(form, at + 1)
    return hits


# ---------------------------------------------------------------- P116: a page left more than a third empty
EMPTY_SHARE = 1 / 3


def empty_pages(pages: list[Page], source: Source) -> list[Hit]:
    """A page, the last aside, whose body text ends more than a third of its text height above the
    bottom margin: a block kept whole (a signature, a table row) pushed the rest over; the finding names
    that block by its first words (:func:`moved_block`). A page that ends before a page or section break
    of the document is meant to."""
    hits = []
    for page, following in zip(pages, pages[1:]):
        lines = body_lines(page)
        after = body_lines(following)
        if not lines or after and _form(min(after, key=lambda line: (line.y0, line.x0)).text)[:WINDOW] \
                in source.page_starts:
            continue
        top, bottom = TOP, page.height - BOTTOM
        last = max(line.y1 for line in lines)
        share = (bottom - last) / (bottom - top)
        if share > EMPTY_SHARE:
            moved = moved_block(min(after, key=lambda line: (line.y0, line.x0)), source) if after else ""
            hits.append(Hit("P116", page.number, max(lines, key=lambda line: line.y1).text[:40],
                            f"{share:.0%}" + (f"\t{moved}" if moved else "")))
    return hits


def moved_block(first: Line, source: Source) -> str:
    """The first words of the .docx text that starts with ``first`` (the first line of the next page), as the
    document has them, up to where a line may end (a date stays whole); "" when that text is not found."""
    form = _form(first.text)[:WINDOW]
    found = source.stream.find(form) if form else -1
    if found < 0:
        return ""
    paragraph = bisect.bisect_right(source.starts, found) - 1
    text = source.texts[paragraph]
    where = breaks.matching_form(text)[1]
    local = found - source.starts[paragraph]
    start = where[local] if local < len(where) else 0
    from ...thai.compose import line_ends

    text = " ".join(text[start:].split())[:MOVED_WORDS * 4]
    return text[:next((end for end, _ in line_ends(text) if end >= MOVED_WORDS), len(text))]


MOVED_WORDS = 16  # characters at least: the first words of a moved block, up to where a line may end
