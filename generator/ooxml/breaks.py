"""The print copy of a .docx: the same document with its Thai line breaks marked.

LibreOffice breaks Thai-language text at any character cluster (its Thai line
breaker knows no words), and Latin words tagged Thai with it ("OT|OP"). The copy
that goes to PDF therefore carries explicit marks from :mod:`generator.thai.breaks`
(a zero-width space where a line may end, a zero-width no-break space where it may
not, a no-break space that keeps a number with its word) and tags its text with a
language whose line breaker follows those marks. The .docx that people edit in Word is never
changed: Word search still finds whole words there. The marks are not in the PDF's
text layer: text copied out of the PDF is the document's text.
"""
from __future__ import annotations

from functools import lru_cache

from lxml import etree

from ..thai.breaks import NBSP, layout_marks
from .package import read_package, write_package
from .paragraphs import justify_for_libreoffice
from .runs import LANGUAGE, drop_plain_run_properties, plain_run_properties
from .styles import styles_in_use, used_styles

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# LibreOffice's line breaker for this language follows the Unicode rules, so the
# marks decide; for th-TH it breaks at any cluster whatever the marks say.
LAYOUT_LANGUAGE = "en-US"
# with the styles, the parts in the layout language: not headers, whose page numbers print in Thai digits
MARKED_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")


def mark_paragraph_breaks(paragraph) -> None:
    """Marks in the text of one w:p. Text split over several runs is read as one
    (a tag and its word in separate runs); a tab or a line break ends a stretch."""
    stretch: list = []
    for element in paragraph.iter(W + "t", W + "tab", W + "br", W + "cr", W + "drawing", W + "sym"):
        if next(element.iterancestors(W + "p")) is not paragraph:
            continue  # a text box's own paragraph
        if element.tag == W + "t":
            stretch.append(element)
        else:
            _mark_stretch(stretch)
            stretch = []
    _mark_stretch(stretch)


def _mark_stretch(texts: list) -> None:
    whole = "".join(t.text or "" for t in texts)
    if not whole.strip():
        return
    inserts, spaces = layout_marks(whole)
    offset = 0
    for element in texts:
        text = element.text or ""
        out = []
        for i, ch in enumerate(text, start=offset):
            if i in inserts and i > 0:
                out.append(inserts[i])
            out.append(NBSP if i in spaces else ch)
        offset += len(text)
        if out:
            element.text = "".join(out)
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


NO_BREAK_SPACE_EXTRA = 40  # twentieths of a point: TH SarabunPSK has no U+202F, the fallback's is too narrow


def widen_no_break_spaces(paragraph) -> None:
    """Each no-break space in a run of its own, widened to a word space."""
    from copy import deepcopy

    for run in list(paragraph.iter(W + "r")):
        texts = run.findall(W + "t")
        if len(texts) != 1 or NBSP not in (texts[0].text or "") or \
                any(child.tag not in (W + "rPr", W + "t") for child in run):
            continue
        pieces = texts[0].text.split(NBSP)
        anchor = run
        for index, piece in enumerate(pieces):
            for text, wide in ((piece, False), (NBSP, True)) if index < len(pieces) - 1 else ((piece, False),):
                if not text:
                    continue
                part = deepcopy(run)
                part.find(W + "t").text = text
                if wide:
                    _run_spacing(part, NO_BREAK_SPACE_EXTRA)
                anchor.addnext(part)
                anchor = part
        run.getparent().remove(run)


def _run_spacing(run, twentieths: int) -> None:
    from .order import get_or_add, get_or_add_properties

    get_or_add(get_or_add_properties(run, "w:rPr"), "w:spacing").set(W + "val", str(twentieths))


def set_layout_language(root) -> None:
    """Thai-tagged text laid out with the line breaker that honours the marks."""
    for lang in root.iter(W + "lang"):
        for attribute in (W + "val", W + "bidi"):
            if lang.get(attribute) == LANGUAGE:
                lang.set(attribute, LAYOUT_LANGUAGE)


def print_copy(data: bytes | dict[str, bytes], spare: float | None = None) -> bytes:
    """The .docx to lay out as PDF: ``data`` (a .docx, or its parts) with its justified Thai paragraphs set
    line by line (:mod:`.lines`, ``spare`` points kept free at a line's end), the other paragraphs' line
    breaks marked, and only the styles it uses."""
    from .lines import compose_paragraph, embedded_fonts, keep_with_following

    parts = read_package(data) if isinstance(data, bytes) else dict(data)
    styles = _styles(parts.get("word/styles.xml"), embedded_fonts())
    if "word/styles.xml" in parts:  # in the layout language first: the runs' fonts and language are compared with it
        parts["word/styles.xml"] = _layout_language_part(parts["word/styles.xml"])
    plain = _plain_run_properties(parts.get("word/styles.xml"))
    for name in MARKED_PARTS:
        if name not in parts:
            continue
        root = etree.fromstring(parts[name])
        kept: list = []
        for paragraph in root.iter(W + "p"):
            if name == "word/document.xml" and compose_paragraph(paragraph, styles, kept, spare):
                continue  # set line by line: no marks inside its words
            mark_paragraph_breaks(paragraph)
            widen_no_break_spaces(paragraph)
        for tail in kept:
            keep_with_following(tail, styles)
        justify_for_libreoffice(root)
        set_layout_language(root)
        drop_plain_run_properties(root, plain)
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    used = used_styles(parts)
    if used is not None and "word/styles.xml" in parts:  # LibreOffice opens it twice as fast
        parts["word/styles.xml"] = styles_in_use(parts["word/styles.xml"], used)
    return write_package(parts)


@lru_cache(maxsize=16)  # a template's styles.xml (400 KB) is the same in every document made from it
def _styles(data: bytes | None, fonts):
    from .lines import Styles

    return Styles(data, fonts)


@lru_cache(maxsize=16)
def _plain_run_properties(styles_xml: bytes | None) -> dict:
    return plain_run_properties(styles_xml)


@lru_cache(maxsize=16)
def _layout_language_part(data: bytes) -> bytes:
    root = etree.fromstring(data)
    justify_for_libreoffice(root)
    set_layout_language(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
