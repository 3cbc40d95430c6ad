"""Where a line of Thai text may end, for the copy of a document that goes to PDF.

Thai has no spaces between words and LibreOffice's own rules break lines inside
syllables ("พัฒนากา|รจังหวัด"), inside Latin words ("OT|OP") and before ๆ. Here
pythainlp finds the words; the text is then marked for the layout engine with three
invisible characters that the PDF's text layer leaves out (pdftotext gives the
plain text back):

- ZERO WIDTH SPACE (U+200B): a line may end here (between two words);
- ZERO WIDTH NO-BREAK SPACE (U+FEFF): a line may not end here (inside a word, a number,
  before ๆ). It joins as WORD JOINER (U+2060) does (both are class WJ of Unicode's line
  breaking), but LibreOffice Writer ends a text portion at every U+2060 and U+200B, and
  so the PDF a text object: poppler's reading order (``pdftotext`` without ``-raw``, and
  viewers built on it) then moves a zero-width Thai mark at the end of one object past
  the first letter of the next ("ได้รบั"). U+FEFF does not end a portion;
- NARROW NO-BREAK SPACE (U+202F) for a space that must not end a line (ที่ ๔, ๑ ตุลาคม):
  LibreOffice 7.4 still breaks at U+00A0 next to a number, never at U+202F.

For the same reason the copy gets no U+200B right after a Thai mark (ที่|ไป): the
break between those words is left to LibreOffice's own Thai dictionary, and the
marks inside the words keep it from breaking anywhere else. A U+FEFF right after a
mark is kept to the few a word needs (:func:`layout_marks`): LibreOffice 7.4 rounds
the position of the glyph after it, which can set the next zero-width mark a hair
left of its letter's end, and poppler then reads that mark after the next letter too.

A web address may end a line after "/" or ".", so that it never pushes a short
line that justification would letter-space.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType

from ..base.derived import made_once

BREAK = "\u200b"
JOIN = "\ufeff"
NBSP = "\u202f"
MARKS = (BREAK, JOIN)

# a number keeps the word after it when that word is a month or a unit
MONTHS = ("มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม "
          "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.").split()
UNITS = ("ชุด ฉบับ เล่ม แผ่น คน ราย ครัวเรือน หมู่บ้าน ตำบล อำเภอ จังหวัด แห่ง กลุ่ม องค์กร ผลิตภัณฑ์ บาท ล้าน "
         "ล้านบาท พันบาท หมื่น แสน ครั้ง วัน เดือน ปี ชั่วโมง นาที ระดับ คะแนน ข้อ ตัว ตัวชี้วัด โครงการ กิจกรรม "
         "รุ่น หลัง ไร่ ชิ้น หน่วย เท่า % คู่ ทีม ศูนย์ ประเภท ด้าน").split()
# words the dictionary splits but a typist never would
COMPOUNDS = ("ตัวชี้วัด ครัวเรือน ปีงบประมาณ พัฒนาการ ผู้ว่าราชการจังหวัด ข้าราชการ ปฏิบัติราชการ ยุทธศาสตร์ "
             "สิ่งที่ส่งมาด้วย อ้างถึง ดาวน์โหลด เว็บไซต์ เว็บเบราว์เซอร์ โปรแกรม จปฐ. ฯลฯ ดำเนินการ โทร. โทรสาร "
             "ผู้รับผิดชอบ หลักฐานเชิงประจักษ์ ประจำปี ลำดับที่ จำนวนที่").split()
# compounds LibreOffice's own Thai dictionary cuts (ธร|รมาภิบาล, ได้|รับจัดสรร): joined at every cluster,
# after a mark too
WHOLE_COMPOUNDS = ("ธรรมาภิบาล", "ได้รับจัดสรร", "แผนปฏิบัติการ", "หมู่บ้านละ")
COMPOUNDS += WHOLE_COMPOUNDS
# compounds a line should not cut, counted by the preflight (P115)
CHECKED_COMPOUNDS = tuple(COMPOUNDS)

NEGATIONS = ("ไม่ได้", "ไม่")  # a line never ends after one: "ไม่|น้อยกว่า" reads as its opposite
OPENING = "([{“‘«"
CLOSING = ")]}”’»,.;:!?%ๆฯ…"
DASHES = "-–—"
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_THAI = re.compile(r"[\u0e01-\u0e5b]")
_NUMBER = re.compile(r"^[0-9๐-๙]+([.,:/][0-9๐-๙]+)*$")
_PERSON = re.compile(r"(?:นางสาว|นาย|นาง|ดร\.)[\u0e01-\u0e4e]+(?: [\u0e01-\u0e4e]+)?")
_LATIN_RUN = re.compile(r"[!-~]+")  # printable ASCII without spaces: words, numbers, addresses
_HYPHENATED_NUMBER = re.compile(r"[0-9๐-๙]+(?:-[0-9๐-๙]+)+")  # ๐๘-๑๒๓๔-๕๖๗๘, ๑-๓๑


@made_once
def _dictionary():
    from .words import thai_word_list

    return thai_word_list().with_words(COMPOUNDS + MONTHS)


def words(text: str) -> list[str]:
    """pythainlp's words, spaces kept, with the office's compound words whole.

    >>> words("ตัวชี้วัดที่ ๔ ต่าง ๆ")
    ['ตัวชี้วัด', 'ที่', ' ', '๔', ' ', 'ต่าง ๆ']
    """
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine="newmm", custom_dict=_dictionary(), keep_whitespace=True)


def _clusters(word: str) -> list[int]:
    """Offsets inside a Thai word where one character cluster ends and the next begins
    (never between a letter and its vowel or tone marks)."""
    from pythainlp.tokenize import subword_tokenize

    offsets, at = [], 0
    for cluster in subword_tokenize(word, engine="tcc")[:-1]:
        at += len(cluster)
        offsets.append(at)
    return offsets


def _attached(ch: str) -> bool:
    """A character that belongs to the one before it: a combining mark, ำ, ๅ."""
    return unicodedata.category(ch) == "Mn" or ch in "\u0e33\u0e45"


def _is_number(token: str) -> bool:
    return bool(_NUMBER.match(token))


def _joins_across_space(tokens: list[str], index: int) -> bool:
    """Must the space at ``tokens[index]`` stay on one line?"""
    left, right = tokens[index - 1], tokens[index + 1]
    if not left or not right:
        return False
    if right[0] in CLOSING or right[0] in DASHES and len(right) == 1:
        return True  # no line starts with ๆ, a closing mark or a lone dash
    if left[-1] in OPENING:
        return True
    if _is_number(right) and tokens[index + 2:index + 3] == ["."]:
        return False  # an item number (๒.) starts its item, it is not the word before's number
    if _is_number(right) and not _is_number(left) and left[-1] not in DASHES:
        return True  # ที่ ๔, ร้อยละ ๘๐, กรกฎาคม ๒๕๖๐, พ.ศ. ๒๕๖๘
    if index == 1 and "." in left and _is_number(left.rstrip(".")):
        return False  # an item's own number opening its text (๑.๑ ตำบลต้นแบบ) is a label, not a quantity
    if _is_number(left) and (right in MONTHS or right in UNITS or _is_number(right)):
        return True  # ๑ ตุลาคม, จำนวน ๑ ชุด, ๐ ๕๔๒๖ ๕๐๕๕
    if left in DASHES and _is_number(right) and index >= 3 and _is_number(tokens[index - 3]):
        return len(tokens[index - 3]) + len(right) <= 4  # ข้อ ๑ - ๒, not a long range of dates
    return False


def _latin_breaks(run: str) -> set[int]:
    """Offsets inside an address-like Latin run where a line may end: after "/" and
    after a "." followed by a letter, when the run is long enough to need it."""
    if len(run) < 16 or not re.search(r"[/@]|www\.|\.[a-z]{2,}", run):
        return set()
    return {i + 1 for i, ch in enumerate(run[:-1])
            if ch == "/" and run[i + 1] != "/" or ch == "." and run[i + 1].isalpha()}


def mark_line_breaks(text: str) -> str:
    """The text with its line-break opportunities and joins marked (see the module).

    Breaks between words, never inside one; numbers keep their words:

    >>> show = lambda s: s.replace(BREAK, "|").replace(JOIN, "").replace(NBSP, "_")
    >>> show(mark_line_breaks("ตัวชี้วัดที่ ๔ ของครัวเรือน"))
    'ตัวชี้วัด|ที่_๔ ของ|ครัวเรือน'
    >>> show(mark_line_breaks("(๑ ตุลาคม ๒๕๖๗ – ๓๑ มีนาคม ๒๕๖๘)"))
    '(๑_ตุลาคม_๒๕๖๗_– ๓๑_มีนาคม_๒๕๖๘)'
    >>> show(mark_line_breaks("กิจกรรมต่าง ๆ จำนวน ๑ ชุด ตามข้อ ๑ - ๒"))
    'กิจกรรม|ต่าง_ๆ จำนวน_๑_ชุด ตาม|ข้อ_๑_-_๒'

    A Latin word never breaks, an address may after "/" or ".":

    >>> show(mark_line_breaks("Real-time (BPM) http://www.cdd.go.th/lampang"))
    'Real-time (BPM) http://|www.|cdd.|go.|th/|lampang'

    A negation stays with the word it negates:

    >>> show(mark_line_breaks("ไม่น้อยกว่า ไม่ ต่ำกว่า ผลไม่ดี"))
    'ไม่น้อยกว่า ไม่_ต่ำกว่า ผล|ไม่ดี'

    A telephone number stays whole, hyphens and all:

    >>> show(mark_line_breaks("โทร. ๐๘-๑๒๓๔-๕๖๗๘"))
    'โทร._๐๘-๑๒๓๔-๕๖๗๘'

    An item's number opening the text keeps its plain space, even before a unit's word:

    >>> show(mark_line_breaks("๑.๑ ตำบลต้นแบบ")).startswith("๑.๑ ตำบล")
    True

    A person's name and surname stay whole:

    >>> show(mark_line_breaks("๑. นายปณณธร ล่ามแขก ๒. นางสาวสิริภรณ์ ยงศิริ"))
    '๑. นายปณณธร ล่ามแขก ๒. นางสาวสิริภรณ์ ยงศิริ'

    Inside a word every point between clusters is joined, so no layout engine splits it:

    >>> mark_line_breaks("การ") == "กา" + JOIN + "ร"
    True
    >>> mark_line_breaks("") == ""
    True
    """
    inserts, spaces = layout_marks(text)
    out = []
    for i, ch in enumerate(text):
        if i in inserts and i > 0:
            out.append(inserts[i])
        out.append(NBSP if i in spaces else ch)
    return "".join(out)


def break_marks(text: str) -> tuple[Mapping[int, str], frozenset[int]]:
    """Where the marks go: {offset: BREAK or JOIN put before the character there} and the
    offsets of spaces that become no-break spaces (see mark_line_breaks). Read-only: shared."""
    inserts, spaces, _ = _marks(text)
    return inserts, spaces


def _ends_in_mark(text: str, offset: int) -> bool:
    """Does the character before ``offset`` draw no width of its own (a vowel or tone mark)?"""
    return offset > 0 and unicodedata.category(text[offset - 1]) == "Mn"


@lru_cache(maxsize=20_000)  # break_marks and layout_marks of one text tokenize it once
def _marks(text: str) -> tuple[Mapping[int, str], frozenset[int], tuple[tuple[int, str, tuple[int, ...]], ...]]:
    """break_marks, and each Thai word with a cluster that ends in a mark (มิ|ถุ|นายน): its
    offset, the word and the offsets of its clusters in it, for layout_marks. Read-only: shared."""
    inserts, spaces, marked_words = _break_marks(text)
    return MappingProxyType(inserts), frozenset(spaces), tuple(marked_words)


def _break_marks(text: str) -> tuple[dict[int, str], set[int], list[tuple[int, str, tuple[int, ...]]]]:
    if not text:
        return {}, set(), []
    tokens = words(text)
    starts, at = [], 0
    for token in tokens:
        starts.append(at)
        at += len(token)
    inserts: dict[int, str] = {}  # offset → mark put before the character there
    spaces: set[int] = set()  # offsets of spaces that become no-break spaces
    marked_words: list[tuple[int, str, tuple[int, ...]]] = []  # Thai words with a cluster ending in a mark

    # inside a token: join every cluster (Thai) or character (anything else)
    for token, start in zip(tokens, starts):
        if token.isspace():
            continue
        if " " in token:  # pythainlp keeps "ต่าง ๆ" whole
            spaces.update(start + i for i, ch in enumerate(token) if ch == " ")
        thai = _THAI.search(token) is not None
        inner = _clusters(token) if thai else range(1, len(token))
        if thai and any(_ends_in_mark(token, offset) for offset in inner):
            marked_words.append((start, token, tuple(inner)))
        for offset in inner:
            if token[offset - 1] != " " and token[offset] != " " and not _attached(token[offset]):
                inserts[start + offset] = JOIN

    # between tokens with no space: a break, unless the two belong together
    for index in range(1, len(tokens)):
        left, right, at = tokens[index - 1], tokens[index], starts[index]
        if left.isspace() or right.isspace():
            continue
        a, b = left[-1], right[0]
        ascii_pair = a.isascii() and b.isascii()
        digits_pair = (a.isdigit() or a in THAI_DIGITS) and (b.isdigit() or b in THAI_DIGITS or b in ".,:/")
        if b in CLOSING or a in OPENING or a in "/" or b in "/" or ascii_pair or digits_pair or _attached(b) \
                or b in "\"'" or a in "\"'" and (index < 2 or tokens[index - 2][-1:].isspace()):
            inserts[at] = JOIN
        else:
            inserts[at] = BREAK

    # spaces between words: kept breakable unless a number, ๆ or a closing mark needs the join
    for index, token in enumerate(tokens):
        if not token.isspace() or token != " " or index == 0 or index == len(tokens) - 1:
            continue
        if _joins_across_space(tokens, index):
            spaces.add(starts[index])

    # a word that ends in a mark (นี้, เกณฑ์) joined to its space: LibreOffice would otherwise
    # draw the mark after the space that justification widens
    for i, ch in enumerate(text):
        if ch == " " and i > 0 and _attached(text[i - 1]):
            inserts.setdefault(i, JOIN)

    # a negation keeps the word it negates: ไม่~น้อยกว่า, ไม่ได้~รับ, ไม่_ต่ำกว่า
    for index in range(1, len(tokens)):
        if tokens[index - 1] in NEGATIONS or tokens[index - 1].isspace() and index >= 2 \
                and tokens[index - 2] in NEGATIONS and tokens[index - 1] == " ":
            if tokens[index - 1].isspace():
                spaces.add(starts[index - 1])
            elif inserts.get(starts[index]) == BREAK:
                inserts[starts[index]] = JOIN

    # a person's name and surname are never cut (the dictionary does not know them)
    for match in _PERSON.finditer(text):
        for i in range(match.start() + 1, match.end()):
            if inserts.get(i) == BREAK and not text[i - 1].isspace():
                inserts[i] = JOIN

    # a number written with hyphens (a telephone number) is never cut, not even after a hyphen
    for match in _HYPHENATED_NUMBER.finditer(text):
        for i in range(match.start() + 1, match.end()):
            if inserts.get(i) == BREAK:
                inserts[i] = JOIN

    # a long Latin run (a web address) may end a line after "/" or "."
    for match in _LATIN_RUN.finditer(text):
        for offset in _latin_breaks(match.group()):
            inserts[match.start() + offset] = BREAK

    return inserts, spaces, marked_words


@lru_cache(maxsize=20_000)
def layout_marks(text: str) -> tuple[Mapping[int, str], frozenset[int]]:
    """The marks the PDF copy gets (read-only: shared): :func:`break_marks` with as few as can be right after a
    Thai mark (see the module). No break goes there: the words still part, at LibreOffice's
    own Thai dictionary breaks. Inside a word, a join after a mark goes only where the word
    cannot be cut into dictionary words without one (:func:`_dictionary_pieces`); the
    dictionary then sees each piece whole (a word cut into pieces that are no words is no
    word to it: "มิถุน|ายน"), and the joins between pieces keep a compound whole (ครัว~เรือน).

    >>> show = lambda s: s.replace(BREAK, "|").replace(JOIN, "~").replace(NBSP, "_")
    >>> show(mark_line_breaks("ผู้ที่ได้รับการพัฒนาครัวเรือน"))
    'ผู้ที่ได้รับ|การ~พัฒนา|ครัว~เรือน'
    >>> sorted(i for i, mark in break_marks("ผู้ที่ได้รับการพัฒนา")[0].items() if mark == BREAK)
    [3, 6, 12]
    >>> show(mark_line_breaks("วันที่ ๓๐ มิถุนายน ๒๕๖๐ เป้าหมาย"))
    'วัน~ที่~_๓๐_มิถุนายน_๒๕๖๐ เป้า~ห~มา~ย'
    """
    shared, spaces, marked_words = _marks(text)
    inserts = dict(shared)
    for start, word, inner in marked_words:
        if word in WHOLE_COMPOUNDS:
            continue
        cuts = _dictionary_pieces(word, inner)
        for offset in inner:
            if offset not in cuts and inserts.get(start + offset) == JOIN:
                del inserts[start + offset]
    return MappingProxyType({i: mark for i, mark in inserts.items()
                             if not (mark == BREAK and _ends_in_mark(text, i)
                                     or mark == JOIN and _never_broken(text, i))}), spaces


NO_BREAK_BEFORE = ".,:;!?)]}/-"  # Unicode line breaking LB13 (× IS, CL, CP, EX, SY) and LB21 (× HY)
NO_BREAK_AFTER = "([{"  # LB14 (OP ×)


def _never_broken(text: str, offset: int) -> bool:
    """Would LibreOffice's line breaker (the Unicode rules) keep the characters on either side of
    ``offset`` together without a join? A join there is only work for it (a dotted line is a join
    between every two dots).

    >>> [_never_broken(s, 1) for s in ("..", "๒๕", "(๑", "ab", "ก.", "กข", "๑ก")]
    [True, True, True, True, True, False, False]
    """
    before, after = text[offset - 1], text[offset]
    return (after in NO_BREAK_BEFORE or before in NO_BREAK_AFTER
            or _is_digit(before) and _is_digit(after)  # LB25 (NU × NU)
            or before.isascii() and after.isascii() and before.isalpha() and after.isalpha())  # LB28 (AL × AL)


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9" or ch in THAI_DIGITS


def _dictionary_pieces(word: str, inner: Sequence[int]) -> set[int]:
    """Where to cut ``word`` (at its cluster offsets ``inner``) into pieces that are each one
    cluster or a word of the dictionary, cutting after a mark as few times as can be, then
    into as few pieces that are no word and as many pieces as can be. An office compound
    (COMPOUNDS) is no piece: the dictionary of the layout would part it. The offsets of the cuts.

    >>> sorted(_dictionary_pieces("ครัวเรือน", _clusters("ครัวเรือน")))
    [4]
    >>> sorted(_dictionary_pieces("มิถุนายน", _clusters("มิถุนายน")))
    []
    >>> sorted(_dictionary_pieces("ตัวชี้วัด", _clusters("ตัวชี้วัด")))
    [3, 6]
    >>> sorted(_dictionary_pieces("วันที่", _clusters("วันที่")))
    [3]
    """
    dictionary = _dictionary()
    bounds = [0, *inner, len(word)]
    # best[k]: the score of the first k clusters (cuts after a mark, pieces that are no word,
    # minus pieces) and where its last piece starts
    best: list[tuple[tuple[int, int, int], int] | None] = [((0, 0, 0), 0)] + [None] * (len(bounds) - 1)
    for end in range(1, len(bounds)):
        for begin in range(end):
            piece = word[bounds[begin]:bounds[end]]
            known = piece in dictionary and piece not in COMPOUNDS
            if best[begin] is None or end - begin > 1 and not known:
                continue
            (after_mark, unknown, pieces), _ = best[begin]
            cut_after_mark = begin > 0 and _ends_in_mark(word, bounds[begin])
            score = (after_mark + cut_after_mark, unknown + (not known), pieces - 1)
            if best[end] is None or score < best[end][0]:
                best[end] = (score, begin)
    cuts, end = set(), len(bounds) - 1
    while end > 0:
        end = best[end][1]
        if end > 0:
            cuts.add(bounds[end])
    return cuts


def unbreakable_parts(text: str) -> list[str]:
    """The pieces of ``text`` that no line may break: the widest of them is the narrowest
    a table column can be.

    >>> unbreakable_parts("ร้อยละ ๑๖.๓๖ (๑๑ ครัวเรือน)")
    ['ร้อยละ ๑๖.๓๖', '(๑๑ ครัวเรือน)']
    >>> unbreakable_parts("ลำดับที่")
    ['ลำดับที่']
    """
    inserts, spaces = break_marks(text)
    parts, start = [], 0
    for i, ch in enumerate(text):
        if ch.isspace() and i not in spaces:
            parts.append(text[start:i])
            start = i + 1
        elif inserts.get(i) == BREAK:
            parts.append(text[start:i])
            start = i
    parts.append(text[start:])
    return [p for p in parts if p]


def plain_text(text: str) -> str:
    """The text without its marks: what a reader copies out of the PDF.

    >>> plain_text(mark_line_breaks("ที่ ๔ การพัฒนา"))
    'ที่ ๔ การพัฒนา'
    """
    return text.translate({ord(BREAK): None, ord(JOIN): None, ord(NBSP): " "})
