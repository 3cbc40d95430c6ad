"""Recall and false alarms of the spelling lint (W601, W603) on the three real circulars the
sample rounds were typed from, against the OCR errors read by hand in
tests/reference_ocr_errors.yaml; then what it reports on the sample rounds themselves.

    .venv/bin/python tests/spelling_evaluation.py

A true error counts as found when a finding's word overlaps the place it is printed; a
finding overlapping no listed error is a false alarm (counted once per distinct word and
document). Findings next to a title of a person (นาย, นาง, นางสาว) are counted apart: the
lint skips people's names in round data, but a raw document has no fields to skip.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.checking.spelling import _dictionary, _dropped_letters, _text_findings, accepted_words  # noqa: E402

DOCUMENTS = Path("/work/shared/reference-documents")
GOLD = ROOT / "tests" / "reference_ocr_errors.yaml"
PERSON = re.compile(r"(นาย|นางสาว|นาง)\S*\s*\S*$")


def plain(text: str) -> str:
    """The document's text without markup (HTML-ish cells, LaTeX)."""
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\\[a-z]+\{[^}]*\}|\\\\|[{}$]", " ", text)


def findings_of(text: str, known) -> list[tuple[int, int, str, str | None, str]]:
    """(start, end, word, suggestion, code) of every finding, located in ``text``."""
    from collections import Counter

    located = []
    bigrams: Counter = Counter()
    offset = 0
    for line in text.splitlines(keepends=True):
        found, pairs = _text_findings(line, known)
        bigrams.update(pairs)
        for finding in found:
            # a finding carries its word, not its place: every place of the word in the line
            for match in re.finditer(re.escape(finding.word), line) or []:
                located.append((offset + match.start(), offset + match.end(), finding.word,
                                finding.suggestion, finding.code))
        offset += len(line)
    for (word, after), fuller in _dropped_letters(bigrams, known).items():
        for match in re.finditer(re.escape(word + after), text):
            if not text[max(0, match.start() - 1):match.start()].endswith(fuller[: len(fuller) - len(word)]):
                located.append((match.start(), match.end(), word + after, fuller + after, "W603"))
                break
    return located


def evaluate() -> dict:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    known = _dictionary() | accepted_words(ROOT / "kpi_data" / "accepted-words.txt")
    found_total = suggested_total = 0
    alarms: set[tuple[str, str]] = set()
    name_alarms: set[tuple[str, str]] = set()
    print("True errors (document, typed → correct): found? suggestion")
    for document in sorted({g["document"] for g in gold}):
        text = plain((DOCUMENTS / document).read_text(encoding="utf-8"))
        findings = findings_of(text, known)
        spans = []
        for entry in (g for g in gold if g["document"] == document):
            places = [(m.start(), m.end()) for m in re.finditer(re.escape(entry["typed"]), text)]
            spans += places
            hits = [f for f in findings if any(f[0] < b and a < f[1] for a, b in places)]
            found = bool(hits)
            right = any(f[3] and (f[3] in entry["correct"] or entry["correct"] in f[3]) for f in hits)
            found_total += found
            suggested_total += right
            shown = ", ".join(f"{f[4]} '{f[2]}' → {f[3] or '-'}" for f in hits[:2]) or "not flagged"
            print(f"  {document[:3]} {entry['typed']} → {entry['correct']} ({entry['kind']}): "
                  f"{'FOUND' if found else 'missed'}; {shown}")
        for start, end, word, suggestion, code in findings:
            if any(s < b and a < e for s, e, w, *_ in findings if w == word for a, b in spans):
                continue  # one of the word's places is a true error
            target = name_alarms if PERSON.search(text[max(0, start - 30):start]) else alarms
            target.add((document[:3], f"{code} '{word}' → {suggestion or '-'}"))
    total = len(gold)
    print(f"\nRecall: {found_total}/{total} = {found_total / total:.0%} of the true errors flagged; "
          f"right suggestion for {suggested_total}/{total}")
    print(f"False alarms (flagged but correct): {len(alarms)} distinct words, "
          f"plus {len(name_alarms)} in people's names")
    for document, what in sorted(alarms):
        print(f"  {document} {what}")
    for document, what in sorted(name_alarms):
        print(f"  {document} (name) {what}")
    return {"found": found_total, "true": total, "false_alarms": len(alarms), "name_alarms": len(name_alarms)}


def sample_rounds() -> None:
    from generator.checking.validate import validate

    print("\nSample rounds (kpi_data): spelling findings")
    for folder in sorted(p for p in (ROOT / "kpi_data").iterdir() if (p / "round.yaml").is_file()):
        _, report = validate(folder)
        spelling = [d for d in report.diagnostics if d.code in ("W601", "W603", "W604")]
        print(f"  {folder.name}: {len(spelling)}")
        for d in spelling:
            print(f"    {d.format(ROOT).splitlines()[0]}")


if __name__ == "__main__":
    import os

    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    os.environ.setdefault("PYTHAINLP_DATA", str(ROOT / ".cache" / "pythainlp-data"))
    evaluate()
    sample_rounds()
