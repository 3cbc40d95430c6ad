"""Documents laid out together: several .docx of one template as one document, each its own section.

LibreOffice spends about 50 ms opening, laying out, exporting and closing any document, however
small, and a round's report forms are many one-page documents of one template. They are laid out
as one document: each form's body becomes a section of its own that starts a new page and numbers
its pages from 1, with a bookmark on its first and last paragraph so that the pages of each form can
be found and the PDF cut back into one file per form (:mod:`generator.printing.pdf`).

Only documents that cannot tell the difference are joined (:func:`join_key`): every part but the body
and the properties the same byte for byte (styles, numbering, headers, settings); one section; no
numbered paragraphs (a list would go on counting into the next form), no fields in the body, no notes,
comments, pictures or bookmarks of their own; no header that counts the document's pages; a body that
starts and ends with a paragraph (the bookmarks' places; the last one ends the section).
"""
from __future__ import annotations

import re
import zipfile
from functools import lru_cache

from lxml import etree

from .names import NAMESPACES, qn
from .order import get_or_add, get_or_add_properties, insert_in_order

BODY, PROPERTIES = "word/document.xml", ("docProps/core.xml", "docProps/app.xml")
MAIN = NAMESPACES["w"].encode()
PART_START, PART_END = "_cdd_part_{}_start", "_cdd_part_{}_end"  # hidden bookmarks (a leading underscore)
_BOOKMARK_ID = 1 << 20  # far above the ids a template's own bookmarks could have (none is allowed anyway)
# what a joined body must not hold: numbering, fields, notes, comments, pictures and objects, bookmarks,
# and more than its one (final) section
_NOT_JOINED = re.compile(rb"<w:(?:numPr|fldSimple|fldChar|instrText|footnoteReference|endnoteReference|"
                         rb"commentReference|drawing|pict|object|bookmarkStart|altChunk|subDoc)\b")
_COUNTS_PAGES = re.compile(rb"NUMPAGES|SECTIONPAGES|SECTION\b")  # a header field that would count the joined pages
_PARAGRAPH_STYLE = re.compile(rb'<w:pStyle\s+w:val="([^"]*)"')
# a body that starts with a paragraph and ends with one before its section (the bookmarks' places)
_FRAMED = re.compile(rb"<w:body>\s*(?=<w:p[ >/]).*(?:</w:p>|<w:p/>)\s*<w:sectPr[ >/]", re.S)


def join_key(package: zipfile.ZipFile) -> tuple | None:
    """What documents laid out together must have in common, from an open .docx: every part but the
    body and the properties, as the zip's sizes and checksums tell (nothing is decompressed but the
    body and styles); None when the document cannot be joined to another.

    >>> import io
    >>> def docx(body):
    ...     buffer = io.BytesIO()
    ...     with zipfile.ZipFile(buffer, "w") as made:
    ...         made.writestr(BODY, b'<w:document xmlns:w="%s"><w:body>%s<w:sectPr/></w:body></w:document>'
    ...                       % (MAIN, body))
    ...         made.writestr("word/styles.xml", b"<w:styles/>")
    ...     return zipfile.ZipFile(buffer)
    >>> join_key(docx(b"<w:p/>")) == join_key(docx(b"<w:p><w:r><w:t>other</w:t></w:r></w:p>")) != None
    True
    >>> join_key(docx(b"<w:p><w:pPr><w:numPr/></w:pPr></w:p>")) is None
    True
    >>> join_key(docx(b"<w:p/><w:tbl/>")) is None  # no paragraph to end the section with
    True
    """
    try:
        body = package.read(BODY)
        styles = package.read("word/styles.xml") if "word/styles.xml" in package.namelist() else b""
    except (KeyError, OSError, zipfile.BadZipFile, RuntimeError):
        return None
    if b'xmlns:w="' + MAIN + b'"' not in body or body.count(b"<w:sectPr") != 1 or _NOT_JOINED.search(body) \
            or not _FRAMED.search(body):
        return None
    if numbered_styles(styles) & {name.decode("utf-8", "replace") for name in _PARAGRAPH_STYLE.findall(body)}:
        return None
    shared = []
    for info in sorted(package.infolist(), key=lambda info: info.filename):
        if info.filename == BODY or info.filename in PROPERTIES:
            continue
        if info.filename.startswith("word/header") or info.filename.startswith("word/footer"):
            try:
                if _COUNTS_PAGES.search(package.read(info.filename)):
                    return None
            except (OSError, zipfile.BadZipFile, RuntimeError):
                return None
        shared.append((info.filename, info.CRC, info.file_size))
    return tuple(shared)


@lru_cache(maxsize=16)  # one styles part per template
def numbered_styles(styles_xml: bytes) -> frozenset[str]:
    """The ids of the styles that number their paragraphs (a w:numPr in the style).

    >>> numbered_styles(b'<w:styles xmlns:w="%s"><w:style w:styleId="ListNumber"><w:pPr><w:numPr/></w:pPr>'
    ...                 b'</w:style><w:style w:styleId="Normal"/></w:styles>' % MAIN)
    frozenset({'ListNumber'})
    """
    if b"<w:numPr" not in styles_xml:
        return frozenset()
    root = etree.fromstring(styles_xml)
    return frozenset(style.get(qn("w:styleId")) for style in root.iterchildren(qn("w:style"))
                     if style.find(f".//{qn('w:numPr')}") is not None)


def join_packages(packages: list[dict[str, bytes]]) -> dict[str, bytes]:
    """One package whose body holds the bodies of ``packages`` (each with the same :func:`join_key`) in order,
    each a section that starts a new page numbered 1 (or from its own first number), its first and last
    paragraph marked by the bookmarks :data:`PART_START` and :data:`PART_END` with its index. The other parts are
    the first package's.
    Raises ValueError for a body that does not start and end with a paragraph.

    >>> def package(text):
    ...     return {BODY: b'<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p><w:sectPr>'
    ...                   b'<w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>' % (MAIN, text)}
    >>> joined = etree.fromstring(join_packages([package(b"one"), package(b"two")])[BODY])
    >>> [len(p.findall(f".//{qn('w:sectPr')}")) for p in joined.find(qn("w:body"))]
    [1, 0, 0]
    >>> [b.get(qn("w:name")) for b in joined.iter(qn("w:bookmarkStart"))]
    ['_cdd_part_0_start', '_cdd_part_0_end', '_cdd_part_1_start', '_cdd_part_1_end']
    >>> [n.get(qn("w:start")) for n in joined.iter(qn("w:pgNumType"))]
    ['1', '1']
    >>> [t.get(qn("w:val")) for t in joined.iter(qn("w:type"))]
    ['nextPage', 'nextPage']
    """
    joined = dict(packages[0])
    root = etree.fromstring(joined[BODY])
    body = root.find(qn("w:body"))
    for child in list(body):
        body.remove(child)
    for index, parts in enumerate(packages):
        children = list(etree.fromstring(parts[BODY]).find(qn("w:body")))
        if len(children) < 2 or children[-1].tag != qn("w:sectPr") or children[0].tag != qn("w:p") \
                or children[-2].tag != qn("w:p"):
            raise ValueError("a body that does not start and end with a paragraph")
        section, first, last = children[-1], children[0], children[-2]
        get_or_add(section, "w:type").set(qn("w:val"), "nextPage")  # not on the page the one before ends on
        numbers = get_or_add(section, "w:pgNumType")
        if numbers.get(qn("w:start")) is None:  # its own pages from 1, as alone
            numbers.set(qn("w:start"), "1")
        _mark(first, last, index)
        for child in children[:-1]:
            body.append(child)
        if index < len(packages) - 1:
            insert_in_order(get_or_add_properties(last, "w:pPr"), section)  # the section ends with its last paragraph
        else:
            body.append(section)
    joined[BODY] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return joined


def _mark(first, last, index: int) -> None:
    """The bookmarks of part ``index``: collapsed, at the start of its first paragraph and the end of its last."""
    for name, paragraph, at_end in ((PART_START, first, False), (PART_END, last, True)):
        number = str(_BOOKMARK_ID + 2 * index + at_end)
        start = etree.Element(qn("w:bookmarkStart"), {qn("w:id"): number, qn("w:name"): name.format(index)})
        end = etree.Element(qn("w:bookmarkEnd"), {qn("w:id"): number})
        if at_end:
            paragraph.extend((start, end))
        else:
            place = 1 if len(paragraph) and paragraph[0].tag == qn("w:pPr") else 0
            paragraph.insert(place, start)
            paragraph.insert(place + 1, end)
