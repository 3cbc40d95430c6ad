"""Thai lines composed as Word's Thai justification (กระจายแบบไทย) sets them.

LibreOffice 7.4 has no Thai distributed justification: tagged Thai, its justification puts
the slack between a letter and its marks; tagged otherwise, it stretches only the spaces
(gaps of 10-30 pt). So the print copy gives it whole lines: the line ends are chosen here
(where :func:`generator.thai.breaks.break_marks` lets a line end: between words, never
inside a syllable, a Latin word or a number, a number kept with its word, ไม่ kept with
the word it negates), every line is measured with the font the PDF embeds, and a line's
slack is spread over its character clusters as character spacing, as Word does it. The
last line of a paragraph is not stretched.

Everything here is pure: the widths come from a measuring function
(:mod:`generator.thai.shaping` gives the real one).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .breaks import BREAK, NEGATIONS, break_marks

SPARE = 3.0  # points kept free at the end of a stretched line: LibreOffice sets some lines up to ~2 pt wider than HarfBuzz measures them (its rounding of the spacing; a Latin run), and then wraps the last word
SPARE_AGAIN = 12.0  # points kept free when a document LibreOffice set otherwise (preflight P117, P118) is set again
CLUSTER_SPACING = 8  # twentieths of a point: pdftotext cuts a word at 0.6 pt between its letters, not at 0.4
SPACE_SPACING = 30  # twentieths of a point more on a space: a word gap of about 3.5 + 1.5 + 2 × 0.4 pt at most


@dataclass(frozen=True)
class Line:
    start: int  # offsets in the paragraph's text; ``end`` excludes a space dropped at the line end
    end: int
    next_start: int  # where the next line starts (after the dropped space)
    width: float  # measured, points
    stretch: bool  # spread to the full width (every line but the last)


def line_ends(text: str) -> list[tuple[int, int]]:
    """Where a line of ``text`` may end: (end of this line, start of the next), in order.

    >>> t = "ตัวชี้วัดที่ ๔ ของครัวเรือน"
    >>> [(t[:a], t[b:]) for a, b in line_ends(t)][:2]
    [('ตัวชี้วัด', 'ที่ ๔ ของครัวเรือน'), ('ตัวชี้วัดที่ ๔', 'ของครัวเรือน')]

    Never after ไม่ (the next word is what it negates):

    >>> t = "ไม่น้อยกว่าร้อยละ ๘๐ ไม่ได้ รับ"
    >>> [t[:a] for a, b in line_ends(t)]
    ['ไม่น้อยกว่า', 'ไม่น้อยกว่าร้อยละ ๘๐']
    """
    inserts, joined_spaces = break_marks(text)
    ends = []
    for i, ch in enumerate(text):
        if i == 0:
            continue
        if ch == " " and i not in joined_spaces and not text[i - 1].isspace():
            after = i + 1
            while after < len(text) and text[after] == " ":
                after += 1
            if after < len(text):
                ends.append((i, after))
        elif inserts.get(i) == BREAK and not text[i - 1].isspace():
            ends.append((i, i))
    return [(end, start) for end, start in ends if not _after_negation(text, end)]


def _after_negation(text: str, end: int) -> bool:
    """Does the line ending at ``end`` end with a negation (ไม่, ไม่ได้) standing alone?

    >>> _after_negation("ไม่น้อยกว่า", 3), _after_negation("ไม่ได้รับ", 6), _after_negation("ใหม่ ๆ", 4)
    (True, True, False)
    """
    head = text[:end].rstrip()
    return any(head.endswith(word) for word in NEGATIONS)


def compose(text: str, widths: Callable[[int, int], float], first: float, rest: float,
            spare: float = SPARE, capacity: Callable[[int, int], float] | None = None) -> list[Line] | None:
    """Lines of ``text``, each fitting ``first`` (the first line) or ``rest`` points less ``spare``;
    ``widths(a, b)`` measures ``text[a:b]``. The line ends are chosen over the whole paragraph (as
    TeX chooses them): a line's badness is the slack its spacing cannot take up
    (``capacity(a, b)``: the points spacing may add to ``text[a:b]``, none when not given), squared,
    so one short line is worse than two lines a little short; the last line costs nothing. None when a piece that may not be broken is wider than a line
    (LibreOffice is left to set that paragraph).

    >>> measure = lambda a, b: 10.0 * (b - a)
    >>> lines = compose("กข คง จฉ", measure, 60, 60, spare=0)
    >>> [("กข คง จฉ"[l.start:l.end], l.stretch) for l in lines]
    [('กข คง', True), ('จฉ', False)]
    >>> compose("กขคงจฉชซ", measure, 30, 30, spare=0) is None
    True

    Every line but the last as close to full as the others allow:

    >>> t = "ช้าง ม้า ช้าง ช้าง ม้า ม้า"
    >>> [t[l.start:l.end] for l in compose(t, measure, 80, 80, spare=0)]
    ['ช้าง', 'ม้า ช้าง', 'ช้าง ม้า', 'ม้า']
    """
    ends = line_ends(text)
    points = [(0, 0)] + ends  # (end of the line before, start of this line)
    size = len(text)
    if capacity is None:
        capacity = lambda a, b: 0.0  # noqa: E731 - no spacing: the line's slack is its badness
    # best[i]: (cost, lines, the point before) of the text up to the line that starts at points[i]
    best: list[tuple[float, int, int] | None] = [None] * len(points)
    best[0] = (0.0, 0, -1)
    final: tuple[float, int, int] | None = None
    for i, (_, start) in enumerate(points):
        if best[i] is None:
            continue
        cost, count, _ = best[i]
        room = (first if count == 0 else rest) - spare
        if widths(start, size) <= room:
            if final is None or (cost, count) < final[:2]:
                final = (cost, count + 1, i)
        for j in range(i + 1, len(points)):
            end, _ = points[j]
            if end <= start:
                continue
            width = widths(start, end)
            if width > room:
                break
            short = max(0.0, room - width - capacity(start, end))
            candidate = (cost + short * short, count + 1, i)
            if best[j] is None or candidate[:2] < best[j][:2]:
                best[j] = candidate
    if final is None:
        return None
    chain, at = [], final[2]
    while at > 0:
        chain.append(at)
        at = best[at][2]
    lines, start = [], 0
    for point in reversed(chain):
        end, next_start = points[point]
        lines.append(Line(start, end, next_start, widths(start, end), True))
        start = next_start
    lines.append(Line(start, size, size, widths(start, size), False))
    return lines


def spacing(room: float, width: float, spaces: Sequence[bool]) -> list[int]:
    """Character spacing for each cluster of a line, in twentieths of a point, so the line of
    ``width`` points fills ``room`` as Word's Thai justification fills it: the slack spread
    evenly over the clusters (``spaces``: which clusters are a space), at most
    :data:`CLUSTER_SPACING` each (a text extractor reads a wider spacing as a word gap and
    cuts the word); what is left goes to the spaces, at most :data:`SPACE_SPACING` more each,
    so no gap between words opens wider than 7 pt; what is left then stays at the line end.

    >>> spacing(100.0, 98.0, [False] * 10)
    [4, 4, 4, 4, 4, 4, 4, 4, 4, 4]
    >>> spacing(100.0, 99.5, [False] * 3)
    [4, 3, 3]
    >>> spacing(100.0, 90.0, [False, True, False, False])
    [8, 38, 8, 8]
    >>> spacing(100.0, 101.0, [False])
    [0]
    """
    clusters = len(spaces)
    total = max(0, int((room - width) * 20))
    if clusters == 0:
        return []
    each = min(CLUSTER_SPACING, total // clusters)
    gaps = sum(spaces)
    extra = min(SPACE_SPACING, (total - each * clusters) // gaps) if gaps else 0
    steps = [each + (extra if space else 0) for space in spaces]
    rest = total - sum(steps)
    if each < CLUSTER_SPACING:
        for i in range(min(rest, clusters)):
            steps[i] += 1
    return steps


def spacing_runs(cluster_starts: Sequence[int], steps: Sequence[int], end: int) -> list[tuple[int, int, int]]:
    """(start, end, spacing) stretches of a line whose clusters start at ``cluster_starts``
    and end at ``end``, one per run of equal ``steps`` (see :func:`spacing`).

    >>> spacing_runs([0, 2, 3, 5], [7, 7, 6, 6], 6)
    [(0, 3, 7), (3, 6, 6)]
    """
    runs: list[tuple[int, int, int]] = []
    bounds = list(cluster_starts[1:]) + [end]
    for start, stop, step in zip(cluster_starts, bounds, steps):
        if runs and runs[-1][2] == step:
            runs[-1] = (runs[-1][0], stop, step)
        else:
            runs.append((start, stop, step))
    return runs
