"""Reading a finished .docx back: every paragraph in reading order with what the print
check needs to know of it (text, style, bold, keep-with-next, in a table cell), and the
text of its headers and footers.

Read with lxml straight from the zip (no python-docx objects): a 30-page document reads
in a few milliseconds.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
JUSTIFIED = ("both", "thaiDistribute", "distribute")
HEADING_STYLE = re.compile(r"heading|title|หัวเรื่อง|ชื่อเรื่อง", re.IGNORECASE)


@dataclass(frozen=True)
class ParagraphRecord:
    text: str  # tabs as spaces, line breaks as "\n"
    style: str  # the style's name (or id when it has none)
    bold: bool  # every character with text is bold
    keep_next: bool  # keep with next, set on the paragraph or its style
    in_table: bool
    heading_style: bool  # a style named Heading/Title, or with an outline level
    justified: bool = False  # justified (both, thaiDistribute, distribute), set on the paragraph or its style
    new_page: bool = False  # starts a page: a page break or a section break before it, or page break before


@dataclass(frozen=True)
class Outline:
    paragraphs: list[ParagraphRecord]
    header_texts: list[str]  # every paragraph of every header part
    footer_texts: list[str]


def _on(element) -> bool | None:
    """A w:b / w:keepNext toggle: None when absent."""
    if element is None:
        return None
    return element.get(W + "val", "true") not in ("0", "false", "off")


@dataclass
class _Style:
    name: str
    based_on: str | None
    bold: bool | None
    keep_next: bool | None
    outline: bool
    jc: str | None = None
    page_break_before: bool | None = None


_BASED_ON = re.compile(rb'<w:basedOn w:val="([^"]*)"')
_STYLES_ROOT = b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">%s</w:styles>'


def _style_element(xml: bytes, style_id: str) -> bytes | None:
    """The bytes of one w:style element, found by its id without parsing the others."""
    at = xml.find(b'w:styleId="' + style_id.encode() + b'"')
    if at < 0:
        return None
    start, end = xml.rfind(b"<w:style ", 0, at), xml.find(b"</w:style>", at)
    return xml[start:end + len(b"</w:style>")] if start >= 0 and end >= 0 else None


def _styles(xml: bytes | None, used: set[str]) -> dict[str, _Style]:
    """The styles ``used`` and those they are based on. Only their elements are parsed:
    a template's styles part can be 400 kB of styles nothing uses."""
    styles: dict[str, _Style] = {}
    if not xml:
        return styles
    chunks: dict[str, bytes] = {}
    pending = [s for s in used if s]
    while pending:
        style_id = pending.pop()
        if style_id in chunks:
            continue
        chunk = _style_element(xml, style_id)
        if chunk is None:
            continue
        chunks[style_id] = chunk
        based = _BASED_ON.search(chunk)
        if based:
            pending.append(based.group(1).decode())
    wanted = set(chunks)
    if not wanted:
        return styles
    root = etree.fromstring(_STYLES_ROOT % b"".join(chunks[s] for s in sorted(wanted)))
    for style in root.iter(W + "style"):
        style_id = style.get(W + "styleId")
        name = style.find(W + "name")
        based = style.find(W + "basedOn")
        ppr, rpr = style.find(W + "pPr"), style.find(W + "rPr")
        styles[style_id] = _Style(
            name=name.get(W + "val") if name is not None else style_id,
            based_on=based.get(W + "val") if based is not None else None,
            bold=_on(rpr.find(W + "b")) if rpr is not None else None,
            keep_next=_on(ppr.find(W + "keepNext")) if ppr is not None else None,
            outline=ppr is not None and ppr.find(W + "outlineLvl") is not None,
            jc=ppr.find(W + "jc").get(W + "val") if ppr is not None and ppr.find(W + "jc") is not None else None,
            page_break_before=_on(ppr.find(W + "pageBreakBefore")) if ppr is not None else None)
    return styles


def _inherited(styles: dict[str, _Style], style_id: str | None, attribute: str):
    seen = set()
    while style_id and style_id in styles and style_id not in seen:
        seen.add(style_id)
        value = getattr(styles[style_id], attribute)
        if value is not None and value is not False:
            return value
        style_id = styles[style_id].based_on
    return None


def _text(paragraph) -> str:
    parts = []
    for element in paragraph.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
        if element.tag == W + "t":
            parts.append(element.text or "")
        elif element.tag == W + "noBreakHyphen":
            parts.append("-")
        elif element.getparent().tag == W + "r":  # a tab or break in the text, not a tab stop
            parts.append(" " if element.tag == W + "tab" else "\n")
    return "".join(parts)


def _bold(paragraph, styles, paragraph_style: str | None) -> bool:
    style_bold = bool(_inherited(styles, paragraph_style, "bold"))
    seen_text = False
    for run in paragraph.iter(W + "r"):
        text = "".join(t.text or "" for t in run.iter(W + "t"))
        if not text.strip():
            continue
        seen_text = True
        rpr = run.find(W + "rPr")
        own = _on(rpr.find(W + "b")) if rpr is not None else None
        if own is None and rpr is not None and rpr.find(W + "rStyle") is not None:
            own = _inherited(styles, rpr.find(W + "rStyle").get(W + "val"), "bold")
        if not (own if own is not None else style_bold):
            return False
    return seen_text


def _paragraphs(root, styles) -> list[ParagraphRecord]:
    records = []
    broken = False  # the paragraph before ended in a page or section break
    for paragraph in root.iter(W + "p"):
        if any(a.tag == MC_FALLBACK for a in paragraph.iterancestors()):
            continue  # the same drawing's text again, for old readers
        ppr = paragraph.find(W + "pPr")
        style_id = None
        keep = None
        jc = None
        if ppr is not None:
            if ppr.find(W + "pStyle") is not None:
                style_id = ppr.find(W + "pStyle").get(W + "val")
            keep = _on(ppr.find(W + "keepNext"))
            if ppr.find(W + "jc") is not None:
                jc = ppr.find(W + "jc").get(W + "val")
        if jc is None:
            jc = _inherited(styles, style_id, "jc")
        before = _on(ppr.find(W + "pageBreakBefore")) if ppr is not None else None
        new_page = broken or bool(before if before is not None else _inherited(styles, style_id, "page_break_before"))
        broken = any(br.get(W + "type") == "page" for br in paragraph.iter(W + "br")) or \
            (ppr is not None and ppr.find(W + "sectPr") is not None)
        if keep is None:
            keep = bool(_inherited(styles, style_id, "keep_next"))
        name = styles[style_id].name if style_id in styles else (style_id or "")
        records.append(ParagraphRecord(
            text=_text(paragraph), style=name, bold=_bold(paragraph, styles, style_id), keep_next=keep,
            in_table=any(a.tag == W + "tc" for a in paragraph.iterancestors()),
            heading_style=bool(HEADING_STYLE.search(name)) or bool(_inherited(styles, style_id, "outline")),
            justified=jc in JUSTIFIED, new_page=new_page))
    return records


def read_outline(data: bytes) -> Outline:
    """The paragraphs of a .docx in reading order (body and table cells), and its header and
    footer texts."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        body = etree.fromstring(package.read("word/document.xml"))
        used = {element.get(W + "val") for element in body.iter(W + "pStyle", W + "rStyle")}
        styles = _styles(package.read("word/styles.xml") if "word/styles.xml" in names else None, used)
        headers, footers = [], []
        for name in sorted(names):
            if re.fullmatch(r"word/header\d*\.xml", name):
                headers += [_text(p) for p in etree.fromstring(package.read(name)).iter(W + "p")]
            elif re.fullmatch(r"word/footer\d*\.xml", name):
                footers += [_text(p) for p in etree.fromstring(package.read(name)).iter(W + "p")]
    return Outline(_paragraphs(body, styles), headers, footers)
