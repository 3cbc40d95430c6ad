"""Justified Thai paragraphs of the print copy set line by line (:mod:`generator.thai.compose`).

A paragraph justified in the .docx (``both``, ``thaiDistribute``) outside a table, whose runs
hold plain text, gets in the print copy: its line ends as explicit ``w:br``, the space at a
line end dropped, each line's slack as character spacing (``w:rPr/w:spacing``) over its
clusters, and left alignment, so LibreOffice draws the lines as composed and stretches no
space. Any other paragraph (tabs, fields, pictures, a piece wider than a line, no real font
to measure with) is left to LibreOffice with the line-break marks of :mod:`.breaks`.
"""
from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..thai import compose
from .order import get_or_add, get_or_add_properties
from .outline import JUSTIFIED, _on
from .sections import section_of

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PASSIVE = {W + "pPr", W + "bookmarkStart", W + "bookmarkEnd", W + "proofErr", W + "permStart", W + "permEnd"}
DEFAULT_SIZE = 16.0
A4_TEXT_WIDTH = 9072  # twips: 21 cm less 3 cm and 2 cm


def embedded_fonts() -> tuple[Path, Path] | None:
    """The regular and bold TH SarabunPSK files the PDF embeds (the real ones, or the scaled
    stand-ins when they are missing); None for fonts of the user's own (their files unknown)."""
    from ..base.fonts import font_choice, sarabun_file

    choice = font_choice()
    if choice.kind == "sarabun":
        regular, bold = sarabun_file(), sarabun_file(bold=True)
        return (regular, bold) if regular is not None and bold is not None else None
    if choice.kind == "scaled":
        found = [sorted(choice.folder.glob(f"THSarabunPSK-{style}-*.*")) for style in ("Regular", "Bold")]
        return (found[0][0], found[1][0]) if all(found) else None
    return None


@dataclass
class _Look:
    jc: str | None = None
    first: int | None = None  # twips: first-line indent (negative: hanging)
    left: int | None = None
    right: int | None = None
    size: float | None = None
    bold: bool | None = None
    keep_next: bool | None = None

    def over(self, base: _Look) -> _Look:
        fields = ("jc", "first", "left", "right", "size", "bold", "keep_next")
        return _Look(*(getattr(self, f) if getattr(self, f) is not None else getattr(base, f) for f in fields))


def _paragraph_look(ppr) -> _Look:
    look = _Look()
    if ppr is None:
        return look
    jc = ppr.find(W + "jc")
    if jc is not None:
        look.jc = jc.get(W + "val")
    look.keep_next = _on(ppr.find(W + "keepNext"))
    ind = ppr.find(W + "ind")
    if ind is not None:
        if ind.get(W + "hanging") is not None:
            look.first = -int(ind.get(W + "hanging"))
        elif ind.get(W + "firstLine") is not None:
            look.first = int(ind.get(W + "firstLine"))
        for side, attributes in (("left", ("left", "start")), ("right", ("right", "end"))):
            for attribute in attributes:
                if ind.get(W + attribute) is not None:
                    setattr(look, side, int(ind.get(W + attribute)))
    return look


def _run_look(rpr) -> _Look:
    look = _Look()
    if rpr is None:
        return look
    size = rpr.find(W + "szCs")
    if size is None:
        size = rpr.find(W + "sz")
    if size is not None:
        look.size = int(size.get(W + "val")) / 2
    bold = _on(rpr.find(W + "bCs"))
    look.bold = bold if bold is not None else _on(rpr.find(W + "b"))
    return look


class Styles:
    """The paragraph and run looks of a styles part, with docDefaults and basedOn followed."""

    def __init__(self, styles_xml: bytes | None, fonts: tuple[Path, Path] | None = None):
        self.fonts = fonts  # the files lines are measured with (embedded_fonts); None: no line is composed
        self.by_id: dict[str, etree._Element] = {}
        self.default = _Look()
        if styles_xml:
            root = etree.fromstring(styles_xml)
            for style in root.iter(W + "style"):
                self.by_id[style.get(W + "styleId")] = style
            defaults = root.find(W + "docDefaults")
            if defaults is not None:
                self.default = _run_look(defaults.find(f"{W}rPrDefault/{W}rPr")).over(
                    _paragraph_look(defaults.find(f"{W}pPrDefault/{W}pPr")))
            default_paragraph = next((s for s in root.iter(W + "style") if s.get(W + "type") == "paragraph"
                                      and s.get(W + "default") in ("1", "true")), None)
            self.default_id = default_paragraph.get(W + "styleId") if default_paragraph is not None else None
        else:
            self.default_id = None
        self._cache: dict[str | None, _Look] = {}

    def look(self, style_id: str | None) -> _Look:
        if style_id not in self._cache:
            chain, seen, current = [], set(), style_id or self.default_id
            while current and current not in seen and current in self.by_id:
                seen.add(current)
                style = self.by_id[current]
                chain.append(_paragraph_look(style.find(W + "pPr")).over(_run_look(style.find(W + "rPr"))))
                based = style.find(W + "basedOn")
                current = based.get(W + "val") if based is not None else None
            look = self.default
            for link in reversed(chain):
                look = link.over(look)
            self._cache[style_id] = look
        return self._cache[style_id]


def _text_width(paragraph) -> int:
    sect = section_of(paragraph)
    if sect is None:
        return A4_TEXT_WIDTH
    size, margins = sect.find(W + "pgSz"), sect.find(W + "pgMar")
    if size is None or margins is None:
        return A4_TEXT_WIDTH
    return int(size.get(W + "w")) - int(margins.get(W + "left", 0)) - int(margins.get(W + "right", 0))


def _in_table(paragraph) -> bool:
    return any(a.tag in (W + "tc", W + "txbxContent") for a in paragraph.iterancestors())


def compose_paragraph(paragraph, styles: Styles, kept: list | None = None, spare: float | None = None) -> bool:
    """Set one w:p line by line (see the module); True when it was. ``kept`` receives the last
    lines of a paragraph kept with the next one, as a paragraph of their own (see
    :func:`keep_with_following`). ``spare``: points kept free at a stretched line's end (default
    :data:`compose.SPARE`; more when a document is set again because LibreOffice set a line otherwise)."""
    spare = compose.SPARE if spare is None else spare
    fonts = styles.fonts
    if fonts is None or _in_table(paragraph):
        return False
    ppr = paragraph.find(W + "pPr")
    style = ppr.find(W + "pStyle") if ppr is not None else None
    look = _paragraph_look(ppr).over(styles.look(style.get(W + "val") if style is not None else None))
    if look.jc not in JUSTIFIED:
        return False
    runs = []
    for child in paragraph:
        if child.tag in PASSIVE:
            continue
        if child.tag != W + "r" or any(part.tag not in (W + "rPr", W + "t") for part in child):
            return False
        rpr = child.find(W + "rPr")
        if rpr is not None and (rpr.find(W + "spacing") is not None or _on(rpr.find(W + "i")) or
                                _on(rpr.find(W + "iCs")) or rpr.find(W + "vertAlign") is not None):
            return False
        run_style = rpr.find(W + "rStyle") if rpr is not None else None
        if run_style is not None:
            return False
        run_look = _run_look(rpr).over(look)
        text = "".join(t.text or "" for t in child.findall(W + "t"))
        runs.append((child, text, run_look.size or DEFAULT_SIZE, bool(run_look.bold)))
    text = "".join(text for _, text, _, _ in runs)
    if not text.strip() or "\n" in text or "\t" in text:
        return False

    from ..thai.shaping import advances

    starts, widths, run_starts, at = [], [], [], 0
    for _, run_text, size, bold in runs:
        run_starts.append(at)
        for start, width in advances(fonts[bold], run_text, size):
            starts.append(at + start)
            widths.append(width)
        at += len(run_text)
    prefix = [0.0]
    for width in widths:
        prefix.append(prefix[-1] + width)

    import bisect

    def measure(a: int, b: int) -> float:
        return prefix[bisect.bisect_left(starts, b)] - prefix[bisect.bisect_left(starts, a)]

    spaces_before = [0]
    for ch in text:
        spaces_before.append(spaces_before[-1] + (ch == " "))

    def capacity(a: int, b: int) -> float:
        clusters = bisect.bisect_left(starts, b) - bisect.bisect_left(starts, a)
        return (clusters * compose.CLUSTER_SPACING + (spaces_before[b] - spaces_before[a]) * compose.SPACE_SPACING) / 20

    full = _text_width(paragraph) - (look.left or 0) - (look.right or 0)
    first = (full - (look.first or 0)) / 20
    rest = full / 20
    lines = compose.compose(text, measure, first, rest, spare=spare, capacity=capacity)
    if lines is None:
        return False
    if len(lines) == 1:
        return True  # one line, unstretched: nothing to mark or change

    made: list[list] = []  # the runs of each line, its line break included
    for line in lines:
        room = first if line is lines[0] else rest
        if line.stretch:
            clusters = starts[bisect.bisect_left(starts, line.start):bisect.bisect_left(starts, line.end)]
            steps = compose.spacing(room - spare, line.width, [text[c] == " " for c in clusters])
            stretches = compose.spacing_runs(clusters, steps, line.end)
        else:
            stretches = [(line.start, line.end, 0)]
        made.append([])
        for a, b, step in stretches:
            for (run, run_text, _, _), run_start in zip(runs, run_starts):
                lo, hi = max(a, run_start), min(b, run_start + len(run_text))
                if lo < hi:
                    made[-1].append(_run_like(run, text[lo:hi], step))
        if line.stretch:
            made[-1].append(_break_like(made[-1][-1] if made[-1] else runs[0][0]))

    anchor = runs[0][0]
    for element in (element for line in made for element in line):
        anchor.addprevious(element)
    for run, *_ in runs:
        paragraph.remove(run)
    get_or_add(get_or_add_properties(paragraph, "w:pPr"), "w:jc").set(W + "val", "left")
    if look.keep_next and len(made) >= 2 * KEPT_LINES and paragraph.find(f"{W}pPr/{W}sectPr") is None:
        tail = _keep_last_lines(paragraph, made[-KEPT_LINES:], made[-KEPT_LINES - 1][-1])
        if kept is not None:
            kept.append(tail)
    return True


KEPT_LINES = 2  # the lines of a paragraph kept with what follows it (the close and the signature)


def _keep_last_lines(paragraph, last: list[list], line_break):
    """A paragraph kept with the next one (the body's last, before the signature block) split after
    its last-but-two line: LibreOffice moves a kept paragraph whole, Word only as many lines as the
    next one needs. The first part is no longer kept and its lines end where they did; the last
    two lines become a paragraph of their own, kept, without the first-line indent and the space
    between paragraphs, so the page looks the same."""
    tail = etree.Element(W + "p")
    ppr = paragraph.find(W + "pPr")
    tail_ppr = deepcopy(ppr) if ppr is not None else etree.SubElement(tail, W + "pPr")
    if ppr is not None:
        tail.append(tail_ppr)
    for element in (element for line in last for element in line):
        tail.append(element)
    paragraph.remove(line_break)
    paragraph.addnext(tail)
    head_ppr = get_or_add_properties(paragraph, "w:pPr")
    get_or_add(head_ppr, "w:keepNext").set(W + "val", "0")
    for child in head_ppr.findall(W + "keepLines"):
        head_ppr.remove(child)
    get_or_add(head_ppr, "w:spacing").set(W + "after", "0")
    get_or_add(tail_ppr, "w:keepNext").set(W + "val", "1")
    get_or_add(tail_ppr, "w:spacing").set(W + "before", "0")
    ind = get_or_add(tail_ppr, "w:ind")
    for attribute in ("firstLine", "hanging"):
        ind.attrib.pop(W + attribute, None)
    ind.set(W + "firstLine", "0")
    return tail


MAX_KEPT_CHAIN = 12  # paragraphs: a longer chain is no signature block


def keep_with_following(paragraph, styles: Styles) -> None:
    """``paragraph`` and the paragraphs kept with it (each kept with the next, up to the first that
    is not: the close, the signing space, the name and position) put in one borderless table row
    that may not split. LibreOffice 7.4 splits a chain of paragraphs kept with the next one (the
    templates' note at _signature_block); a row it never splits. The cell spans the text width
    with no margins, so every line stays where it was."""
    chain, current = [paragraph], paragraph
    while _keeps_next(current, styles) and len(chain) < MAX_KEPT_CHAIN:
        following = current.getnext()
        if following is None or following.tag != W + "p" or following.find(f"{W}pPr/{W}sectPr") is not None:
            return
        chain.append(following)
        current = following
    if len(chain) < 2 or _keeps_next(current, styles):
        return
    width = str(_text_width(paragraph))
    table = etree.Element(W + "tbl")
    properties = etree.SubElement(table, W + "tblPr")
    etree.SubElement(properties, W + "tblW", {W + "w": width, W + "type": "dxa"})
    etree.SubElement(properties, W + "tblInd", {W + "w": "0", W + "type": "dxa"})
    etree.SubElement(properties, W + "tblLayout", {W + "type": "fixed"})
    margins = etree.SubElement(properties, W + "tblCellMar")
    for side in ("left", "right"):
        etree.SubElement(margins, W + side, {W + "w": "0", W + "type": "dxa"})
    etree.SubElement(etree.SubElement(table, W + "tblGrid"), W + "gridCol", {W + "w": width})
    row = etree.SubElement(table, W + "tr")
    etree.SubElement(etree.SubElement(row, W + "trPr"), W + "cantSplit")
    cell = etree.SubElement(row, W + "tc")
    etree.SubElement(etree.SubElement(cell, W + "tcPr"), W + "tcW", {W + "w": width, W + "type": "dxa"})
    paragraph.addprevious(table)
    for member in chain:
        cell.append(member)


def _keeps_next(paragraph, styles: Styles) -> bool:
    ppr = paragraph.find(W + "pPr")
    style = ppr.find(W + "pStyle") if ppr is not None else None
    own = _on(ppr.find(W + "keepNext")) if ppr is not None else None
    return bool(own if own is not None else styles.look(style.get(W + "val") if style is not None else None).keep_next)


def _run_like(run, text: str, step: int):
    new = etree.Element(W + "r")
    rpr = run.find(W + "rPr")
    if rpr is not None:
        new.append(deepcopy(rpr))
    if step:
        get_or_add(get_or_add_properties(new, "w:rPr"), "w:spacing").set(W + "val", str(step))
    t = etree.SubElement(new, W + "t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return new


def _break_like(run):
    new = etree.Element(W + "r")
    rpr = run.find(W + "rPr")
    if rpr is not None:
        rpr = deepcopy(rpr)
        for spacing in rpr.findall(W + "spacing"):
            rpr.remove(spacing)
        new.append(rpr)
    etree.SubElement(new, W + "br")
    return new
