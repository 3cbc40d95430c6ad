"""Line breaks inside Thai text in YAML (W602).

YAML folds a paragraph written over several lines (``>-`` or plain) by turning each line
break into a space. English has a space there anyway; Thai writes no space between
words, so a break in the middle of a phrase prints "ค่าเป้าหมาย การประเมินผล". The data
stays as YAML reads it, and each such break is named with the text it makes.
"""
from __future__ import annotations

from typing import Iterator

import yaml

from ..base.diagnostics import Location, Report


def _thai_letter(char: str) -> bool:
    """Thai letters, vowels and tone marks; not digits, ฯ or ๆ (a space after those is usual).

    >>> _thai_letter("ย"), _thai_letter("๒"), _thai_letter("ฯ"), _thai_letter("a")
    (True, False, False, False)
    """
    return "\u0e01" <= char <= "\u0e4e" and char not in "ฯๆ"


def thai_folds(node: yaml.Node, lines: list[str]) -> Iterator[tuple[int, str, str]]:
    """(line, end of that line, start of the next) for every folded break between two Thai letters.

    >>> text = "body: >-\\n  ค่าเป้าหมาย\\n  การประเมินผล\\nnote: >-\\n  ปี 2568\\n  เป็นต้นไป\\n"
    >>> list(thai_folds(yaml.compose(text), text.splitlines()))
    [(2, 'ค่าเป้าหมาย', 'การประเมินผล')]
    """
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from thai_folds(value, lines)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from thai_folds(item, lines)
    elif isinstance(node, yaml.ScalarNode) and node.style != "|" and node.end_mark.line > node.start_mark.line:
        yield from _scalar_folds(node, lines)


def _scalar_folds(node: yaml.ScalarNode, lines: list[str]) -> Iterator[tuple[int, str, str]]:
    first, last = node.start_mark.line, node.end_mark.line
    if node.style == ">":
        body = [(n, lines[n]) for n in range(first + 1, min(last + 1, len(lines)))]
        indents = [len(t) - len(t.lstrip()) for _, t in body if t.strip()]
        indent = indents[0] if indents else 0
        # a more-indented line keeps its line break: only lines at the paragraph's indent fold
        body = [(n, t if len(t) - len(t.lstrip()) == indent or not t.strip() else None) for n, t in body]
    else:
        body = [(n, lines[n]) for n in range(first, min(last + 1, len(lines)))]
        body[0] = (first, lines[first][node.start_mark.column:])
        if last < len(lines) and body[-1][0] == last:
            body[-1] = (last, lines[last][:node.end_mark.column])
    for (n, this), (_, following) in zip(body, body[1:]):
        if not this or not following or not this.strip() or not following.strip():
            continue  # an empty line is a line break, not a space
        tail, head = this.rstrip(), following.lstrip()
        if _thai_letter(tail[-1]) and _thai_letter(head[0]):
            yield n + 1, tail.split()[-1] if tail.split() else tail, head.split()[0] if head.split() else head


def report_thai_folds(node: yaml.Node, text: str, path, report: Report) -> None:
    lines = text.splitlines()
    for line, before, after in thai_folds(node, lines):
        shown = f"{before[-12:]} {after[:12]}"
        report.add("W602", Location(path, line),
                   f"บรรทัดนี้ตัดกลางข้อความภาษาไทย YAML จะแทรกช่องว่างตรงรอยต่อ: '{shown}' "
                   "ถ้าไม่ควรมีช่องว่าง ให้ต่อบรรทัดถัดไปเข้ากับบรรทัดนี้ (ตัดบรรทัดได้ตรงช่องว่างหลังตัวเลข วงเล็บ หรือคำภาษาอังกฤษ)",
                   f"this line break inside Thai text becomes a space: '{shown}'; if no space is meant, join the "
                   "next line to this one (break lines at a space after a number, a bracket or a Latin word)")
