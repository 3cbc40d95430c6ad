"""Where a printed line may end: the rules a Thai typist follows, as small pure functions.

A line may end at a space, or between two Thai words or syllables; never inside a
syllable ("โครงก|าร"), inside a Latin word ("Fisca|l", "Real-|time") or inside a number
("๑|๖.๓๖"); never before ๆ or a closing mark, never after an opening one; and a number
stays with its word, unit or month ("ที่ ๔", "๑ ตุลาคม", "จำนวน ๑ ชุด").

Text read back from a PDF is compared with the .docx through :func:`matching_form`,
which keeps only what survives any PDF text extraction: base letters, digits and
punctuation, without spaces, invisible break hints and Thai marks (whose order and
splitting differ between fonts and extractors).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

THAI_MARKS = frozenset("\u0e31" + "".join(map(chr, range(0x0E34, 0x0E3B))) + "".join(map(chr, range(0x0E47, 0x0E4F))))
NO_LINE_START = THAI_MARKS | frozenset("ะาำๅ")  # a syllable never starts with these
NO_LINE_END = frozenset("เแโใไ")  # leading vowels: they belong to the next consonant
INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff")
CLOSING = frozenset("ๆ)]}”’»,.:;!?%…")
OPENING = frozenset("([{“‘«")
URL_PUNCTUATION = frozenset("/.-_?&=#:@~%+")
NUMBER = re.compile(r"[0-9๐-๙]+(?:[.,:/][0-9๐-๙]+)*")
LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’.][A-Za-z0-9]+)*")
URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|\S+\.(?:go\.th|or\.th|ac\.th|co\.th|com|org|net)(?:/\S*)?",
                 re.IGNORECASE)
MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
          "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
          "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
NUMBER_WORDS = frozenset(("ที่", "วันที่", "ร้อยละ", "จำนวน", "ข้อ", "ระดับ", "พ.ศ.", "ค.ศ.", "หมู่", "ปี", "ประจำปี",
                          "ปีงบประมาณ", "เดือน", "วัน", "รอบ", "ครั้ง", "หัก", "เลขที่"))  # words a number follows
UNITS = frozenset(("บาท", "ราย", "คน", "ชุด", "แห่ง", "ครั้ง", "ครัวเรือน", "หมู่บ้าน", "ฉบับ", "เล่ม", "แผ่น",
                   "หน่วย", "ผลิตภัณฑ์", "กลุ่ม", "คะแนน", "ชั่วโมง", "นาที", "ล้าน", "พัน", "หมื่น", "แสน",
                   "ไร่", "ทีม", "อำเภอ", "ตำบล", "โครงการ", "กิจกรรม", "วัน", "เดือน", "ปี"))

# what a break is, when it is a fault
SYLLABLE, LATIN, NUMBER_SPLIT, NUMBER_WORD, CLOSING_START, OPENING_END = (
    "syllable", "latin", "number", "number-word", "closing", "opening")


def is_thai_letter(character: str) -> bool:
    """Thai letters, vowels and marks (not Thai digits or signs)."""
    return "\u0e01" <= character <= "\u0e4e" and character not in "ฯ฿ๆ"


def _kept(character: str) -> str:
    if character in INVISIBLE or character.isspace():
        return ""
    return "".join(part for part in unicodedata.normalize("NFKC", character)
                   if not (part.isspace() or part in THAI_MARKS or part in INVISIBLE or "\uf700" <= part <= "\uf71f"))


class _KeptTable(dict):
    """str.translate table: every character to what :func:`matching_form` keeps of it."""

    def __missing__(self, code: int) -> str:
        self[code] = _kept(chr(code))
        return self[code]


_KEPT = _KeptTable()


def matching_text(text: str) -> str:
    """:func:`matching_form` without the index map (the fast path, for PDF lines).

    >>> matching_text("ครั้ง ที่\u200b๒") == matching_form("ครั้ง ที่\u200b๒")[0]
    True
    """
    return text.translate(_KEPT)


def matching_form(text: str) -> tuple[str, list[int]]:
    """``text`` reduced for comparing extracted PDF text with .docx text, and for every kept
    character its index in ``text``.

    >>> matching_form("ครั้ง ที่\u200b๒")
    ('ครงท๒', [0, 1, 4, 6, 10])
    >>> matching_form("กำหนด")[0] == matching_form("กํา หนด")[0]
    True
    """
    kept, where = [], []
    for index, character in enumerate(text):
        part = _KEPT[ord(character)]
        if part:
            kept.append(part)
            where.extend([index] * len(part))
    return "".join(kept), where


@lru_cache(maxsize=4096)
def thai_boundaries(run: str) -> frozenset[int]:
    """Positions inside a run of Thai letters where a word or a syllable ends (pythainlp's
    newmm words and dictionary syllables): the places a line may end.

    >>> b = thai_boundaries("โครงการพัฒนา")
    >>> 7 in b, 4 in b, 5 in b
    (True, True, False)
    """
    from pythainlp.tokenize import word_tokenize

    from ...thai.words import syllables, thai_word_list

    places = set()
    for tokens in (word_tokenize(run, engine="newmm", custom_dict=thai_word_list()), syllables(run)):
        position = 0
        for token in tokens:
            position += len(token)
            places.add(position)
    return frozenset(places)


def _token_around(pattern: re.Pattern, text: str, position: int, reach: int = 160) -> re.Match | None:
    """The match of ``pattern`` that ``position`` falls strictly inside (within ``reach``)."""
    start = max(0, position - reach)
    for match in pattern.finditer(text, start, position + reach):
        if match.start() < position < match.end():
            return match
        if match.start() >= position:
            return None
    return None


def _last_word(text: str) -> str:
    from pythainlp.tokenize import word_tokenize

    from ...thai.words import thai_word_list

    tokens = [t for t in word_tokenize(text.rstrip()[-24:], engine="newmm", custom_dict=thai_word_list()) if t.strip()]
    return tokens[-1] if tokens else ""


def _first_word(text: str) -> str:
    from pythainlp.tokenize import word_tokenize

    from ...thai.words import thai_word_list

    head = text.lstrip()[:24]
    tokens = [t for t in word_tokenize(head, engine="newmm", custom_dict=thai_word_list()) if t.strip()]
    return tokens[0] if tokens else ""


def number_binding(before: str, after: str) -> bool:
    """Whether a line ending with ``before`` and the next starting with ``after`` part a number
    from its word, unit or month.

    >>> number_binding("ภายในวันที่ ๒๕ กรกฎาคม", "๒๕๖๐ เพื่อ")
    True
    >>> number_binding("(๑", "ตุลาคม ๒๕๖๗")
    True
    >>> number_binding("ตัวชี้วัดที่", "๔ ร้อยละ"), number_binding("เจ้าหน้าที่", "๒ คน")
    (True, False)
    >>> number_binding("จำนวน ๑", "ชุด")
    True
    >>> number_binding("ภายในวันที่ ๒๐ มกราคม ๒๕๖๘", "เพื่อรวบรวม")
    False
    >>> number_binding("(๑ เมษายน – ๓๐ กันยายน ๒๕๖๘)", "ตัวชี้วัดที่ ๔")
    False
    """
    before, after = before.rstrip(), after.lstrip()
    ends_with_number = re.search(NUMBER.pattern + "$", before) is not None
    starts_with_number = NUMBER.match(after) is not None
    if ends_with_number and any(after.startswith(month) for month in MONTHS):
        return True
    if starts_with_number and any(before.endswith(month) for month in MONTHS):
        return True
    if starts_with_number and _last_word(before) in NUMBER_WORDS:
        return True
    return ends_with_number and _first_word(after) in UNITS


def classify_break(text: str, end: int, start: int) -> str | None:
    """Why a line may not end at ``end`` of ``text`` with the next line starting at ``start``
    (``text[end:start]`` is the space or nothing between them), or None when it may.

    >>> classify_break("(พัฒนาการจังหวัด)", 8, 8), classify_break("(พัฒนาการจังหวัด)", 9, 9)
    ('syllable', None)
    >>> classify_break("Fiscal", 5, 5), classify_break("Real-time", 5, 5)
    ('latin', 'latin')
    >>> classify_break("๑๖.๓๖", 1, 1)
    'number'
    >>> classify_break("ต่างๆ", 4, 4), classify_break("ต่าง ๆ", 4, 5)
    ('closing', 'closing')
    >>> classify_break("โครงการพัฒนา", 7, 7) is None, classify_break("ราชการ ใน", 6, 7) is None
    (True, True)
    >>> classify_break("www.cep.cdd.go.th/kpi", 8, 8) is None
    True
    """
    if end > start or not (0 < end and start < len(text)):
        return None
    if text[start] == "ๆ" or text[start] in CLOSING and text[start - 1] not in CLOSING:
        return CLOSING_START
    if text[end - 1] in OPENING:
        return OPENING_END
    if start > end:  # a space: the break itself is allowed
        return NUMBER_WORD if number_binding(text[:end], text[start:]) else None
    pair = text[end - 1:end + 1]
    if any(c.isdigit() or c in ".,:/" for c in pair) and _token_around(NUMBER, text, end):
        return NUMBER_SPLIT
    if any(c.isascii() and not c.isspace() for c in pair):
        if _token_around(URL, text, end):
            return None if text[end - 1] in URL_PUNCTUATION or text[end] in URL_PUNCTUATION else LATIN
        if _token_around(LATIN_WORD, text, end):
            return LATIN
    if is_thai_letter(text[end]) and is_thai_letter(text[end - 1]):
        if text[end] in NO_LINE_START or text[end - 1] in NO_LINE_END:
            return SYLLABLE
        left = end
        while left > 0 and is_thai_letter(text[left - 1]):
            left -= 1
        right = end
        while right < len(text) and is_thai_letter(text[right]):
            right += 1
        return None if end - left in thai_boundaries(text[left:right]) else SYLLABLE
    return None
