"""Probable misspellings in Thai text: every text field of letters and KPIs, KPI names included.

Thai has no spaces between words: pythainlp's newmm segmenter splits a text by its
dictionary. Three kinds of finding:

- W601, unknown pieces: a misspelt word falls apart into pieces the dictionary does not
  know, often single letters ("คริวเรือน" → ค | ริว | เรือน); reported with the spell
  corrector's suggestion.
- W603, misreadings that split into real words, which the dictionary alone lets through:
  a doubled syllable or phrase ("อำเภอเภอ", "…ที่ได้รับเป้าหมายที่ได้รับ…"); a space that
  splits a word into short pieces ("อำ เภอ"); a vowel or tone mark misread so that the word
  with the right mark makes a dictionary compound with its neighbour ("เข้มทิศ" → เข็มทิศ);
  and a word spelt elsewhere in the round with one more or one other letter before the same
  following word (a dropped first consonant: "จัดความยากจน" where the round says "ขจัดความยากจน").
- W604: a text or a round longer than the lint reads (the rest is not checked).

Words the office uses that the dictionary lacks go in kpi_data/accepted-words.txt.
The work is linear in the text: texts are cut into Thai runs (between spaces, digits and
signs), every run is segmented once (the findings of a run are cached), and the corrector
only sees short candidates.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from ..base.diagnostics import Report
from ..reading.model import Round

THAI = re.compile(r"[\u0e01-\u0e4e]")
THAI_RUN = re.compile(r"[\u0e01-\u0e4e]+")
FIELD_LIMIT = 20_000  # characters read of one text field
ROUND_LIMIT = 200_000  # characters read of one round
RUN_LIMIT = 400  # a longer run without a space is read in pieces of this size
CANDIDATE_LIMIT = 24  # the corrector sees at most this many characters
MARKS = "ัิีึืุู็่้๊๋์"  # vowels above and below, and tone marks: what an OCR misreads
COMMON = 20_000  # a word this frequent in the Thai National Corpus (ขอ, ที่, ความ) is rarely a misreading
CONSONANTS = "กขคฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"


@cache
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


@cache
def _frequencies() -> dict[str, int]:
    from pythainlp.corpus import tnc

    return dict(tnc.word_freqs())


def _frequency(word: str) -> int:
    return _frequencies().get(word, 0)


def accepted_words(path: Path) -> frozenset[str]:
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.lstrip().startswith("#"))


@dataclass(frozen=True)
class Finding:
    code: str  # W601 or W603
    word: str  # as typed
    suggestion: str | None
    why: str = ""  # for W603: which misreading


def _tokens(text: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    from ..thai.words import thai_word_list

    return word_tokenize(text, engine="newmm", custom_dict=thai_word_list(), keep_whitespace=True)


def suspicious_words(text: str, accepted: Iterable[str] = ()) -> list[tuple[str, str | None]]:
    """Runs of unknown pieces and misread words in ``text``, with a suggestion.

    >>> suspicious_words("ขั้บเคลื่อนการดำเนินกิจกรรม")
    [('ขั้บเคลื่อน', 'ขับเคลื่อน')]
    >>> suspicious_words("พัฒนาคุณภาพชีวิตของคริวเรือน")
    [('คริวเรือน', 'ครัวเรือน')]
    >>> suspicious_words("ครัวเรือนยากจนเป้าหมาย")
    []
    >>> suspicious_words("ที่ว่าการอำเภอเภอเมือง")
    [('อำเภอเภอ', 'อำเภอ')]
    >>> suspicious_words("จัดทำเข้มทิศชีวิต")
    [('เข้มทิศ', 'เข็มทิศ')]
    """
    known = _dictionary() | frozenset(accepted)
    return [(f.word, f.suggestion) for f in _text_findings(text, known)[0]]


@dataclass(frozen=True)
class RunResult:
    """What one Thai run (text between spaces, digits and signs) holds."""

    findings: list[Finding]
    pairs: list[tuple[str, str]]  # neighbouring words, for the dropped-letter pass
    first: str  # first and last word: a space between two runs may split a word
    last: str


def analyse_run(run: str, known: frozenset[str]) -> RunResult:
    tokens = _tokens(run)
    doubled, repeats = _doubled(tokens, known)
    doubled += _doubled_word_glued(tokens, known, repeats)
    findings = _unknown_runs(tokens, known, repeats) + doubled + _misread_marks(tokens, known)
    pairs = list(zip(tokens, tokens[1:]))
    return RunResult(findings, pairs, tokens[0] if tokens else "", tokens[-1] if tokens else "")


def _text_findings(text: str, known: frozenset[str], analyse=analyse_run) -> tuple[list[Finding], list]:
    """Findings of a text, and its word pairs; ``analyse`` may be a cached :func:`analyse_run`."""
    found: list[Finding] = []
    pairs: list[tuple[str, str]] = []
    previous: tuple[int, RunResult] | None = None
    for match in THAI_RUN.finditer(text):
        for start in range(0, len(match.group(0)), RUN_LIMIT):
            result = analyse(match.group(0)[start:start + RUN_LIMIT], known)
            dotted = text[match.end():match.end() + 1] == "." or text[match.start() - 1:match.start()] == "."
            # "มีค.60", "คสป.": a run at a dot is an abbreviation, not a misspelt word
            found += [f for f in result.findings if not (dotted and f.code == "W601")]
            pairs += result.pairs
            begins = match.start() + start
            if previous and start == 0 and text[previous[0]:begins] == " ":
                found += _split_by_space(previous[1].last, result.first, known)
                found += _doubled_across_space(previous[1].last, result.first)
            previous = (begins + len(match.group(0)[start:start + RUN_LIMIT]), result)
    return found, pairs


# ---------------------------------------------------------------- W601: unknown pieces
def _unknown_runs(tokens: list[str], known: frozenset[str], repeats: set[int] = frozenset()) -> list[Finding]:
    """``repeats``: tokens already reported as a doubled syllable."""
    found: list[Finding] = []
    # suggestions cost a dictionary search each: a run gets a few, more as it is longer, so
    # text that is all unknown pieces (a pasted table, another script) stays linear and fast
    allowance = [4 + sum(map(len, tokens)) // 50]  # dictionary searches left for this run
    index = 0
    while index < len(tokens):
        if index in repeats or not _unknown(tokens[index], known):
            index += 1
            continue
        end = index
        while end + 1 < len(tokens) and end + 1 not in repeats and (
                _unknown(tokens[end + 1], known)
                # "ส|รุ|บบท": a short known piece between unknown ones is part of the same misspelling
                or (len(tokens[end + 1]) <= 2 and end + 2 < len(tokens) and _unknown(tokens[end + 2], known))):
            end += 1
        run = "".join(tokens[index:end + 1])
        following = tokens[end + 1:end + 3]
        before = tokens[index - 1] if index > 0 else ""
        single_letters = any(len(t.strip("ฯๆ.")) == 1 for t in tokens[index:end + 1])
        suggestion = _suggest(run, following, known, allowance) or _suggest_with_before(before, run, known, allowance)
        if suggestion:
            found.append(Finding("W601", suggestion[0], suggestion[1]))
            index = end + 1 + suggestion[2]
            continue
        whole = index == 0 and end == len(tokens) - 1  # the run alone between spaces: an abbreviation
        if (single_letters or len(run) >= 3) and not whole:
            found.append(Finding("W601", run[:CANDIDATE_LIMIT * 2], None))
        index = end + 1
    return found


def _unknown(token: str, known: frozenset[str]) -> bool:
    if token in known:
        return False  # ฯลฯ
    word = token.strip("ฯๆ. ")
    return bool(THAI.search(word)) and word not in known


def _all_known(text: str, known: frozenset[str]) -> bool:
    return text in known or all(t in known for t in _tokens(text) if t.strip())


def _close(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.75


LETTERS = [chr(c) for c in range(0x0E01, 0x0E4F) if chr(c) not in "ฯๆ\u0e3a\u0e3b\u0e3c\u0e3d\u0e3e\u0e3f"]


def _edits(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    found |= {a + c + b for a, b in splits for c in LETTERS}
    return found


@lru_cache(maxsize=20_000)
def correct(word: str, known: frozenset[str] | None = None) -> str | None:
    """The most frequent dictionary word one edit away (pythainlp's corrector also tries two
    edits, whose cost grows with the square of the word's length: a long run took seconds).

    >>> correct("คริวเรือน"), correct("ขั้บเคลื่อน")
    ('ครัวเรือน', 'ขับเคลื่อน')
    """
    from pythainlp.spell.core import default_spell_checker

    checker = default_spell_checker()
    candidates = _edits(word)
    spelled = checker.known(candidates)
    if spelled:
        return max(spelled, key=lambda w: (_mark_edit(word, w), checker.freq(w), w))
    listed = [w for w in candidates if w in (known or _dictionary())]
    return max(listed, key=lambda w: (_mark_edit(word, w), _frequency(w), w)) if listed else None


def _mark_edit(typed: str, candidate: str) -> bool:
    """Whether the two differ in a vowel or tone mark only: an OCR misreads marks far more often
    than letters, so ที่ม is ทีม before it is ที่.

    >>> _mark_edit("ที่ม", "ทีม"), _mark_edit("ที่ม", "ที่")
    (True, False)
    """
    changed = [typed[i1:i2] + candidate[j1:j2] for op, i1, i2, j1, j2 in
               difflib.SequenceMatcher(None, typed, candidate, autojunk=False).get_opcodes() if op != "equal"]
    return all(char in MARKS for part in changed for char in part)


def _suggest(run: str, following: list[str], known: frozenset[str], allowance: list[int]) -> tuple[str, str, int] | None:
    """(typed word, suggestion, how many following tokens the typed word took)."""
    for taken in range(len(following), -1, -1):
        candidate = run + "".join(following[:taken])
        if len(candidate) > CANDIDATE_LIMIT or not THAI.search(candidate) or allowance[0] <= 0:
            continue
        allowance[0] -= 1
        fixed = correct(candidate)
        if fixed and fixed != candidate and _close(candidate, fixed) and _all_known(fixed, known):
            return candidate, fixed, taken
    return None


def _suggest_with_before(before: str, run: str, known: frozenset[str], allowance: list[int]) -> tuple[str, str, int] | None:
    """"งานที่ม": the unknown piece belongs with the known word before it (ที่ม → ทีม)."""
    if not before or len(before) > 6 or not THAI.search(before) or len(before + run) > CANDIDATE_LIMIT \
            or allowance[0] <= 0:
        return None
    allowance[0] -= 1
    candidate = before + run
    fixed = correct(candidate)
    if fixed and fixed != candidate and _close(candidate, fixed) and fixed in known:
        return candidate, fixed, 0
    return None


# ---------------------------------------------------------------- W603: misreadings into real words
DOUBLES_ALLOWED = {"นา", "ต่าง", "ที่"}  # นานา, ต่างต่าง, ที่ที่: real doubled words


def _doubled(tokens: list[str], known: frozenset[str]) -> tuple[list[Finding], set[int]]:
    """A syllable or phrase typed twice ("อำเภอเภอ", "ที่ได้รับเป้าหมายที่ได้รับ"), and the
    indexes of the tokens that repeat."""
    starts = [0]
    for token in tokens:
        starts.append(starts[-1] + len(token))
    text = "".join(tokens)
    found = []
    repeats: set[int] = set()
    index = 1
    while index < len(tokens):
        hit = None
        for span in range(1, 5):  # the repeated part is 1–4 tokens
            if index + span > len(tokens):
                break
            second = text[starts[index]:starts[index + span]]
            first_start = starts[index] - len(second)
            if len(second) < 2 or first_start < 0 or not all(THAI.search(t) for t in tokens[index:index + span]):
                continue
            # "จัดการ|การเบิกจ่าย": a word ending as the next begins is Thai compounding, not a double
            aligned = first_start in starts or second not in known
            if aligned and text[first_start:starts[index]] == second and second not in DOUBLES_ALLOWED \
                    and second + second not in known and "ๆ" not in second:
                begin = _word_start(text, starts, first_start, starts[index], known)
                typed = text[begin:starts[index + span]]
                hit = (Finding("W603", typed, text[begin:starts[index]], "doubled"), span)
        if hit:
            found.append(hit[0])
            repeats.update(range(index, index + hit[1]))
            index += hit[1]
        else:
            index += 1
    return found, repeats


GLUED_ALLOWED = DOUBLES_ALLOWED | {"ของ"}  # "มูลค่าของของขวัญ": ของ before ของขวัญ is real Thai


def _doubled_word_glued(tokens: list[str], known: frozenset[str], repeats: set[int]) -> list[Finding]:
    """A whole word typed twice where the second copy begins the next word ("ความความสำเร็จ"
    segments as ความ | ความสำเร็จ, so the syllable rule above does not see it).

    >>> from generator.checking.spelling import _dictionary
    >>> _doubled_word_glued(["ร้อยละ", "ความ", "ความสำเร็จ"], _dictionary(), set())
    [Finding(code='W603', word='ความความสำเร็จ', suggestion='ความสำเร็จ', why='doubled')]
    >>> _doubled_word_glued(["มูลค่า", "ของ", "ของขวัญ"], _dictionary(), set())
    []
    """
    found = []
    for index, (word, following) in enumerate(zip(tokens, tokens[1:])):
        if index + 1 in repeats or word == following or word + following in known \
                or not (THAI.search(word) and word in known and following in known):
            continue
        if len(word) >= 2 and following.startswith(word) and word not in GLUED_ALLOWED:
            found.append(Finding("W603", word + following, following, "doubled"))  # ความ|ความสำเร็จ
            repeats.add(index + 1)
    return found


def _doubled_across_space(last: str, first: str) -> list[Finding]:
    """The same word on both sides of a space ("ประชาชน ประชาชน").

    >>> _doubled_across_space("ประชาชน", "ประชาชน")
    [Finding(code='W603', word='ประชาชน ประชาชน', suggestion='ประชาชน', why='doubled')]
    """
    if last == first and len(last) >= 2 and THAI.search(last) and last not in DOUBLES_ALLOWED:
        return [Finding("W603", f"{last} {first}", last, "doubled")]
    return []


def _word_start(text: str, starts: list[int], first_start: int, end: int, known: frozenset[str]) -> int:
    """Where the word holding the first copy begins: the shortest dictionary word ending at
    ``end`` that holds it ("ที่ว่าการอำเภอ|เภอ" → อำเภอ), else the token's start."""
    token_start = max(s for s in starts if s <= first_start)
    for begin in range(first_start, token_start - 1, -1):
        if text[begin:end] in known:
            return begin
    return token_start


def _mark_variants(word: str) -> Iterator[str]:
    """The word with one vowel or tone mark changed, added or dropped."""
    for i, char in enumerate(word):
        if char in MARKS:
            yield word[:i] + word[i + 1:]
            for other in MARKS:
                if other != char:
                    yield word[:i] + other + word[i + 1:]
    for i in range(1, len(word) + 1):
        for mark in "่้็ั":
            yield word[:i] + mark + word[i:]


def _misread_marks(tokens: list[str], known: frozenset[str]) -> list[Finding]:
    """"เข้ม|ทิศ": with the right mark the word makes a dictionary compound with its
    neighbour (เข็มทิศ), which the typed pair does not."""
    found = []
    for index, token in enumerate(tokens):
        if not (2 <= len(token) <= 6) or token not in known:
            continue
        after = tokens[index + 1] if index + 1 < len(tokens) else ""
        if not after or after not in known or token + after in known:
            continue
        if _frequency(token) > COMMON or _frequency(after) > COMMON:
            continue  # "ขอ|ความร่วมมือ" is not "ข้อความ…"
        for variant in _mark_variants(token):
            if variant != token and len(variant + after) >= 5 and variant + after in known:
                found.append(Finding("W603", token + after, variant + after, "mark"))
                break
    return found


def _split_by_space(a: str, b: str, known: frozenset[str]) -> list[Finding]:
    """"อำ เภอ": a space inside a word leaves short pieces that join into a dictionary word."""
    joined = a + b
    if "ๆ" in joined or "ฯ" in joined:
        return []  # "ต่าง ๆ", "จังหวัดฯ ขอ": the space is the rule there
    short = min(len(a), len(b)) <= 2 or a not in known or b not in known
    if short and joined in known and len(joined) >= 4 and not (a in known and b in known and len(b) >= 3):
        return [Finding("W603", f"{a} {b}", joined, "space")]
    return []


def _dropped_letters(bigrams: Counter, known: frozenset[str]) -> dict[tuple[str, str], str]:
    """(word, next word) → the round's own spelling, when the round writes the same next word
    after the word with one more letter in front ("จัด ความยากจน" vs "ขจัด ความยากจน")."""
    fixes = {}
    for (word, after), count in bigrams.items():
        if len(word) < 2:
            continue
        for consonant in CONSONANTS:
            fuller = consonant + word
            if fuller in known and bigrams.get((fuller, after), 0) > count:
                fixes[(word, after)] = fuller
                break
    return fixes


# ---------------------------------------------------------------- the round
class _Cache:
    """Findings and bigrams by Thai run, kept between runs: segmenting and spell-checking every
    text of a round takes seconds, and a rebuild after one edit should not redo it all."""

    LIMIT = 50_000  # entries kept
    read: dict[Path, dict] = {}  # the file last read in this process, and what runs added since

    def __init__(self, accepted: frozenset[str]):
        import pythainlp

        from .. import PROJECT_ROOT

        # the findings depend on the accepted words, pythainlp and this file's rules
        rules = Path(__file__).read_bytes()
        salt = hashlib.sha256("\n".join(sorted(accepted)).encode() + pythainlp.__version__.encode() + rules).hexdigest()[:16]
        self.path = PROJECT_ROOT / ".cache" / f"lint-{salt}.json"
        if self.path in _Cache.read:  # read once per process: a batch checks many rounds
            self.found = _Cache.read[self.path]
        else:
            try:
                self.found = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.found = {}
            if not isinstance(self.found, dict):
                self.found = {}
            _Cache.read = {self.path: self.found}
        self.changed = False

    def run(self, run: str, known: frozenset[str]) -> RunResult:
        key = hashlib.sha256(run.encode("utf-8")).hexdigest()
        entry = self.found.get(key)
        if not (isinstance(entry, list) and len(entry) == 4):  # absent, or damaged on disk
            result = analyse_run(run, known)
            self.found[key] = [[[f.code, f.word, f.suggestion, f.why] for f in result.findings],
                               result.pairs, result.first, result.last]
            self.changed = True
        findings, pairs, first, last = self.found[key]
        return RunResult([Finding(*f) for f in findings], [tuple(p) for p in pairs], first, last)

    def save(self) -> None:
        if not self.changed:
            return
        kept = dict(list(self.found.items())[-self.LIMIT:])
        if len(kept) < len(self.found):
            _Cache.read = {self.path: kept}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass  # only a cache: a read-only checkout is checked all the same, just not faster next time


def lint_round(round_: Round, report: Report, accepted: frozenset[str]) -> None:
    from .text import round_texts, where_in_text

    known = _dictionary() | accepted
    cache = _Cache(accepted)
    budget = ROUND_LIMIT
    seen: set[tuple[str, str]] = set()
    bigrams: Counter = Counter()
    placed: list[tuple[object, str, str]] = []  # (text, run, …) for the dropped-letter pass
    for text in round_texts(round_):
        if budget <= 0:
            report.add("W604", round_.positions[text.key].at(text.path),
                       f"ตรวจคำสะกดได้ไม่เกิน {ROUND_LIMIT:,} ตัวอักษรต่อรอบ ข้อความที่เหลือไม่ได้ตรวจ",
                       f"the spelling check reads at most {ROUND_LIMIT:,} characters of a round: the rest is not checked")
            break
        body = text.text[:min(FIELD_LIMIT, budget)]
        budget -= len(body)
        if len(body) < len(text.text):
            report.add("W604", round_.positions[text.key].at(text.path),
                       f"ข้อความยาว {len(text.text):,} ตัวอักษร ตรวจคำสะกดเฉพาะ {len(body):,} ตัวแรก",
                       f"the text is {len(text.text):,} characters long: the spelling check reads the first {len(body):,}")
        findings, pairs = _text_findings(body, known, cache.run)
        bigrams.update(p for p in pairs if THAI.search(p[0]) and THAI.search(p[1]))
        placed += [(text, a, b) for a, b in pairs]
        for finding in findings:
            if finding.word.replace(" ", "") not in accepted:
                _report(round_, report, text, finding, seen, where_in_text)
    for (word, after), fuller in _dropped_letters(bigrams, known).items():
        text = next(t for t, a, b in placed if (a, b) == (word, after))
        _report(round_, report, text, Finding("W603", word + after, fuller + after, "dropped"), seen, where_in_text)
    cache.save()


WHY = {"doubled": ("พิมพ์ซ้ำ", "typed twice"), "mark": ("สระหรือวรรณยุกต์อาจผิด", "a vowel or tone mark may be misread"),
       "space": ("มีช่องว่างแทรกกลางคำ", "a space splits the word"),
       "dropped": ("อักษรตัวแรกอาจหายไป (ที่อื่นในรอบนี้เขียนต่างกัน)", "a first letter may be missing (spelt otherwise elsewhere in this round)")}


def _report(round_, report, text, finding: Finding, seen, where_in_text) -> None:
    if (text.key, finding.word) in seen:
        return
    seen.add((text.key, finding.word))
    where = where_in_text(round_, text.key, text.path, finding.word)
    hint_th = f" หมายถึง '{finding.suggestion}' หรือไม่" if finding.suggestion else ""
    hint_en = f"; did you mean '{finding.suggestion}'?" if finding.suggestion else ""
    if finding.code == "W603":
        why_th, why_en = WHY.get(finding.why, ("", ""))
        report.add("W603", where,
                   f"'{finding.word}' อาจอ่านหรือพิมพ์ผิด ({why_th}){hint_th} (ถ้าถูกต้อง ให้เพิ่มใน kpi_data/accepted-words.txt)",
                   f"'{finding.word}' may be misread ({why_en}){hint_en} (if it is right, add it to kpi_data/accepted-words.txt)")
        return
    report.add("W601", where,
               f"คำว่า '{finding.word}' อาจสะกดผิด{hint_th} (ถ้าถูกต้อง ให้เพิ่มใน kpi_data/accepted-words.txt)",
               f"'{finding.word}' may be misspelt{hint_en} (if it is right, add it to kpi_data/accepted-words.txt)")
