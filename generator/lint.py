"""Probable misspellings in Thai prose (W601).

Thai has no spaces between words: pythainlp's newmm segmenter splits a text by
its dictionary, and a misspelt word falls apart into pieces the dictionary does
not know, often single letters ("คริวเรือน" → ค | ริว | เรือน). Such a run of
unknown pieces is reported with the spell corrector's suggestion. Words the
office uses that the dictionary lacks go in kpi_data/accepted-words.txt.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Iterable, Iterator

from .diagnostics import Report
from .model import Round

THAI = re.compile(r"[\u0e01-\u0e4e]")
# prose only: names, addresses and codes are not dictionary words
SKIPPED_FIELDS = {"name", "to", "address", "phone", "fax", "email", "file", "qr", "number", "emblem",
                  "province", "letterhead", "postal_code", "department_number", "districts", "parties",
                  "lines", "code", "previous", "letter", "column", "prefilled", "sum_of", "difference_of",
                  "growth_of", "not_totalled", "total_label", "decimals", "copy_to"}


@cache
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def accepted_words(path: Path) -> frozenset[str]:
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.lstrip().startswith("#"))


def suspicious_words(text: str, accepted: Iterable[str] = ()) -> list[tuple[str, str | None]]:
    """Runs of unknown pieces in ``text`` with the corrector's suggestion.

    >>> suspicious_words("ขั้บเคลื่อนการดำเนินกิจกรรม")
    [('ขั้บเคลื่อน', 'ขับเคลื่อน')]
    >>> suspicious_words("พัฒนาคุณภาพชีวิตของคริวเรือน")
    [('คริวเรือน', 'ครัวเรือน')]
    >>> suspicious_words("ครัวเรือนยากจนเป้าหมาย")
    []
    """
    from pythainlp.tokenize import word_tokenize

    known = _dictionary() | frozenset(accepted)
    tokens = word_tokenize(text, engine="newmm", keep_whitespace=True)
    found: list[tuple[str, str | None]] = []
    index = 0
    while index < len(tokens):
        if not _unknown(tokens[index], known):
            index += 1
            continue
        end = index
        while end + 1 < len(tokens) and _unknown(tokens[end + 1], known):
            end += 1
        run = "".join(tokens[index : end + 1])
        following = [t for t in tokens[end + 1 : end + 3]]
        following = following[: next((i for i, t in enumerate(following) if not THAI.search(t)), len(following))]
        suggestion = _suggest(run, following, known)
        isolated = _isolated(tokens, index, end) or _in_abbreviation(tokens, index, end)
        single_letters = any(len(t.strip("ฯๆ.")) == 1 for t in tokens[index : end + 1])
        if suggestion:
            found.append(suggestion[:2])
            index = end + 1 + suggestion[2]
            continue
        if single_letters and not isolated:
            found.append((run, None))
        index = end + 1
    return found


def _in_abbreviation(tokens: list[str], first: int, last: int) -> bool:
    """"คสป." splits as ค | สป.: letters glued to a dotted token belong to the abbreviation."""
    after = tokens[last + 1] if last + 1 < len(tokens) else ""
    before = tokens[first - 1] if first > 0 else ""
    return "." in after or before.endswith(".")


def _isolated(tokens: list[str], first: int, last: int) -> bool:
    """A run standing between spaces, digits or signs ("๐๐๑๘/ว ๒๒๖") is an abbreviation, not a typo."""
    before = tokens[first - 1] if first > 0 else " "
    after = tokens[last + 1] if last + 1 < len(tokens) else " "
    return not THAI.search(before[-1:]) and not THAI.search(after[:1])


def _unknown(token: str, known: frozenset[str]) -> bool:
    word = token.strip("ฯๆ. ")
    return bool(THAI.search(word)) and word not in known and not _abbreviation(token) \
        and not re.match(r"^[0-9๐-๙]", token)


def _abbreviation(token: str) -> bool:
    return "." in token  # จปฐ., พ.ศ., ก.ย.: abbreviations are not dictionary words


def _all_known(text: str, known: frozenset[str]) -> bool:
    from pythainlp.tokenize import word_tokenize

    return text in known or all(t in known for t in word_tokenize(text, engine="newmm", keep_whitespace=False))


def _suggest(run: str, following: list[str], known: frozenset[str]) -> tuple[str, str, int] | None:
    """(typed word, suggestion, how many following tokens the typed word took)."""
    from pythainlp.spell import correct

    for taken in range(len(following), -1, -1):
        candidate = run + "".join(following[:taken])
        fixed = correct(candidate)
        close = bool(fixed) and difflib.SequenceMatcher(None, candidate, fixed).ratio() >= 0.75
        if close and fixed != candidate and _all_known(fixed, known):
            return candidate, fixed, taken
    return None


def _texts(value, path=()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, dict):
        for key, child in value.items():
            if key not in SKIPPED_FIELDS:
                yield from _texts(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _texts(child, path + (index,))
    elif isinstance(value, str) and THAI.search(value):
        yield path, value


class _Cache:
    """Findings by text, kept between runs: segmenting and spell-checking every text of a
    round takes seconds, and a rebuild after one edit should not redo it all."""

    def __init__(self, accepted: frozenset[str]):
        import pythainlp

        from . import PROJECT_ROOT

        salt = hashlib.sha256(("\n".join(sorted(accepted)) + pythainlp.__version__ + "1").encode()).hexdigest()[:16]
        self.path = PROJECT_ROOT / ".cache" / f"lint-{salt}.json"
        try:
            self.found = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.found = {}
        if not isinstance(self.found, dict):
            self.found = {}
        self.changed = False

    def words(self, text: str, accepted: frozenset[str]) -> list[tuple[str, str | None]]:
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if key not in self.found:
            self.found[key] = suspicious_words(text, accepted)
            self.changed = True
        return [tuple(pair) for pair in self.found[key]]

    def save(self) -> None:
        if not self.changed:
            return
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(self.found, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass  # only a cache: a read-only checkout is checked all the same, just not faster next time


def lint_round(round_: Round, report: Report, accepted: frozenset[str]) -> None:
    sources = [(f"letter:{name}", letter) for name, letter in round_.letters.items()]
    sources += [(f"kpi:{kpi.number}", kpi) for kpi in round_.kpis]
    seen: set[tuple[str, str]] = set()
    cache = _Cache(accepted)
    for key, model in sources:
        for path, text in _texts(model.model_dump(mode="python", exclude_defaults=True)):
            for word, suggestion in cache.words(text, accepted):
                if (key, word) in seen:
                    continue
                seen.add((key, word))
                where = round_.positions[key].at(path)
                hint_th = f" หมายถึง '{suggestion}' หรือไม่" if suggestion else ""
                hint_en = f"; did you mean '{suggestion}'?" if suggestion else ""
                report.add("W601", where,
                           f"คำว่า '{word}' อาจสะกดผิด{hint_th} (ถ้าถูกต้อง ให้เพิ่มใน kpi_data/accepted-words.txt)",
                           f"'{word}' may be misspelt{hint_en} (if it is right, add it to kpi_data/accepted-words.txt)")
    cache.save()
