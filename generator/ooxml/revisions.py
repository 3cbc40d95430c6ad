"""A template as Word's "Accept All" leaves it, and Jinja tags that Word markup cannot break.

A clerk edits a template in Word with Track Changes on, leaves a comment, lets the spelling check
mark a tag as misspelt: the file then carries ``w:ins``/``w:del``, ``w:moveFrom``/``w:moveTo``,
property changes, comment anchors, smart tags, ``w:proofErr`` and bookmarks, often in the middle of a
``{{ }}`` tag. Rendered as it is, a tag cut by such markup leaves unmatched elements behind and the
document's body closes early. :func:`accept_revisions` resolves every revision of a package the way
Accept All does, takes comments out (a note to whoever edits the template, not part of the letter),
unwraps smart tags and drops proofing marks, and takes bookmarks out of the inside of tags;
:func:`broken_tags` names every tag still cut by markup docxtpl cannot join (a tag typed over two
paragraphs or cells), so that the build stops naming it.
"""
from __future__ import annotations

import re

from lxml import etree

from .names import qn

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
COMMENT_TYPES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/people",
    "http://schemas.microsoft.com/office/2011/relationships/people",
)
# the parts whose text a document prints: the body, headers, footers, notes
TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")

_UNWRAPPED = {qn(t) for t in ("w:ins", "w:moveTo", "w:smartTag", "w:customXml")}
_REMOVED = {qn(t) for t in (
    "w:del", "w:moveFrom", "w:moveFromRangeStart", "w:moveFromRangeEnd", "w:moveToRangeStart",
    "w:moveToRangeEnd", "w:rPrChange", "w:pPrChange", "w:sectPrChange", "w:tblPrChange", "w:trPrChange",
    "w:tcPrChange", "w:tblGridChange", "w:tblPrExChange", "w:numberingChange", "w:cellIns", "w:cellMerge",
    "w:customXmlInsRangeStart", "w:customXmlInsRangeEnd", "w:customXmlDelRangeStart",
    "w:customXmlDelRangeEnd", "w:customXmlMoveFromRangeStart", "w:customXmlMoveFromRangeEnd",
    "w:customXmlMoveToRangeStart", "w:customXmlMoveToRangeEnd", "w:proofErr", "w:commentRangeStart",
    "w:commentRangeEnd", "w:smartTagPr", "w:customXmlPr")}
_TAG_OPEN = re.compile(r"\{[{%#]")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def accept_revisions(parts: dict[str, bytes]) -> tuple[dict[str, bytes], list[str]]:
    """The package's parts with every revision accepted, comments and proofing marks out, smart tags
    unwrapped, bookmarks out of tags; and what was done, one phrase per kind (empty: nothing to do, the
    parts are returned as they were)."""
    done: dict[str, int] = {}
    result = dict(parts)
    for name, data in parts.items():
        if not TEXT_PARTS.fullmatch(name) or not any(m in data for m in _MARKERS):
            continue
        root = etree.fromstring(data)
        counts = accept_all(root)
        if counts:
            for kind, count in counts.items():
                done[kind] = done.get(kind, 0) + count
            result[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if _drop_comment_parts(result):
        done.setdefault("comments", 0)
    if done:
        return result, [f"{kind} {count}" if count else kind for kind, count in sorted(done.items())]
    return parts, []


_MARKERS = (b"<w:ins ", b"<w:del ", b"<w:moveFrom", b"<w:moveTo", b"Change ", b"Change>", b"<w:proofErr",
            b"<w:comment", b"<w:smartTag", b"<w:customXml", b"<w:bookmarkStart", b"<w:cell")


def accept_all(root) -> dict[str, int]:
    """Accept All on one part's tree, in place; what was done, counted by kind.

    >>> root = etree.fromstring(
    ...     f'<w:body xmlns:w="{W}"><w:p><w:r><w:t>{{{{ letter.subj</w:t></w:r>'
    ...     '<w:del w:id="1"><w:r><w:delText>x</w:delText></w:r></w:del>'
    ...     '<w:ins w:id="2"><w:r><w:t>ect }}</w:t></w:r></w:ins><w:proofErr w:type="spellEnd"/></w:p></w:body>')
    >>> sorted(accept_all(root).items())
    [('deletions', 1), ('insertions', 1), ('proofing marks', 1)]
    >>> "".join(root.itertext())
    '{{ letter.subject }}'
    """
    counts: dict[str, int] = {}

    def count(kind: str) -> None:
        counts[kind] = counts.get(kind, 0) + 1

    # table rows and cells marked deleted go, with their content; a paragraph whose mark was deleted
    # joins the next one (Word keeps the next paragraph's properties)
    for row in list(root.iter(qn("w:tr"))):
        properties = row.find(qn("w:trPr"))
        if properties is not None:
            if properties.find(qn("w:del")) is not None:
                row.getparent().remove(row)
                count("deletions")
            else:
                for mark in properties.findall(qn("w:ins")):
                    properties.remove(mark)
                    count("insertions")
    for cell_deleted in list(root.iter(qn("w:cellDel"))):
        cell = cell_deleted.getparent().getparent()
        if cell.getparent() is not None:
            cell.getparent().remove(cell)
            count("deletions")
    for paragraph in list(root.iter(qn("w:p"))):
        mark = paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
        if mark is None:
            continue
        for inserted in mark.findall(qn("w:ins")) + mark.findall(qn("w:moveTo")):
            mark.remove(inserted)
            count("insertions")
        deleted = mark.findall(qn("w:del")) + mark.findall(qn("w:moveFrom"))
        if deleted:
            for element in deleted:
                mark.remove(element)
            count("deletions")
            _join_next(paragraph)
    for element in list(root.iter(*_REMOVED, *_UNWRAPPED, qn("w:commentReference"), qn("w:bookmarkStart"))):
        if element.getparent() is None:
            continue
        tag = element.tag
        if tag in _UNWRAPPED:
            _unwrap(element)
            count({qn("w:ins"): "insertions", qn("w:moveTo"): "moves"}.get(tag, "smart tags"))
        elif tag == qn("w:commentReference"):
            run = element.getparent()
            run.remove(element)
            if run.tag == qn("w:r") and all(child.tag == qn("w:rPr") for child in run):
                run.getparent().remove(run)
            count("comments")
        elif tag == qn("w:bookmarkStart"):
            continue
        else:
            _remove(element)
            count({qn("w:del"): "deletions", qn("w:moveFrom"): "moves", qn("w:proofErr"): "proofing marks"}.get(
                tag, "property changes" if tag.endswith("Change") else None) or "marks")
    counts.pop("marks", None)
    for paragraph in root.iter(qn("w:p")):
        removed = _bookmarks_inside_tags(paragraph)
        if removed:
            counts["bookmarks in tags"] = counts.get("bookmarks in tags", 0) + removed
    return counts


def _unwrap(element) -> None:
    """The element's children take its place (w:ins → its runs)."""
    parent = element.getparent()
    index = parent.index(element)
    for child in list(element):
        if child.tag in (qn("w:smartTagPr"), qn("w:customXmlPr")):
            continue
        parent.insert(index, child)
        index += 1
    _remove(element)


def _remove(element) -> None:
    """Take an element out, keeping the text after it (lxml keeps a tail with its element)."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _join_next(paragraph) -> None:
    """A paragraph whose mark is deleted: its content moves to the start of the next paragraph."""
    following = paragraph.getnext()
    while following is not None and following.tag != qn("w:p"):
        if following.tag in (qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:proofErr")):
            following = following.getnext()
            continue
        return  # a table or the section's end follows: the mark stays, as Word keeps it
    if following is None:
        return
    content = [child for child in paragraph if child.tag != qn("w:pPr")]
    properties = following.find(qn("w:pPr"))
    index = 0 if properties is None else following.index(properties) + 1
    for child in content:
        following.insert(index, child)
        index += 1
    paragraph.getparent().remove(paragraph)


def _bookmarks_inside_tags(paragraph) -> int:
    """Bookmarks that start or end inside a {{ }}/{% %} tag come out (docxtpl would cut them in half)."""
    text, marks = [], []
    for element in paragraph.iter(qn("w:t"), qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
        if element.tag == qn("w:t"):
            text.append(element.text or "")
        else:
            marks.append((sum(map(len, text)), element))
    if not marks:
        return 0
    joined = "".join(text)
    spans = [(m.start(), m.end()) for m in _TAG.finditer(joined)]
    inside = {element.get(qn("w:id")) for at, element in marks if any(s < at < e for s, e in spans)}
    removed = 0
    for _, element in marks:
        if element.get(qn("w:id")) in inside:
            _remove(element)
            removed += element.tag == qn("w:bookmarkStart")
    return removed


def _drop_comment_parts(parts: dict[str, bytes]) -> bool:
    """The comments parts, their relationships and content types out; True when there were any."""
    rels_name = "word/_rels/document.xml.rels"
    rels = parts.get(rels_name)
    if rels is None or not any(kind.encode() in rels for kind in COMMENT_TYPES):
        return False
    tree = etree.fromstring(rels)
    gone = []
    for relationship in list(tree):
        if relationship.get("Type") in COMMENT_TYPES:
            gone.append("word/" + relationship.get("Target").lstrip("/").removeprefix("word/"))
            tree.remove(relationship)
    parts[rels_name] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(parts["[Content_Types].xml"])
    for override in list(types):
        if override.get("PartName", "").lstrip("/") in gone:
            types.remove(override)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    for name in gone:
        parts.pop(name, None)
        parts.pop(name.replace("word/", "word/_rels/", 1) + ".rels", None)
    return True


def broken_tags(body_xml: str) -> list[str]:
    """The text of every tag whose pieces lie in different paragraphs, cells or other places that
    docxtpl cannot join by taking out the run boundaries between them. An empty list: every tag renders.

    >>> broken_tags('<w:p><w:r><w:t>{{ a }}</w:t></w:r></w:p>')
    []
    >>> broken_tags('<w:p><w:r><w:t>{{ letter.sub</w:t></w:r><w:r><w:t>ject }}</w:t></w:r></w:p>')
    []
    >>> broken_tags('<w:p><w:r><w:t>{{ letter.sub</w:t></w:r></w:p><w:p><w:r><w:t>ject }}</w:t></w:r></w:p>')
    ['{{ letter.subject }}']
    """
    problems = []
    for match in re.finditer(r"\{(?:<[^>]*>)*[{%#].*?[}%#](?:<[^>]*>)*\}", body_xml, re.S):
        markup = re.findall(r"<(/?)([\w:]+)[^>]*?(/?)>", match.group(0))
        stack, unmatched_close = [], []
        for closing, name, empty in markup:
            if empty:
                continue
            if closing:
                if stack and stack[-1] == name:
                    stack.pop()
                else:
                    unmatched_close.append(name)
            else:
                stack.append(name)
        if unmatched_close != list(reversed(stack)) or any(
                name not in ("w:t", "w:r", "w:hyperlink", "w:fldSimple") for name in stack):
            problems.append(" ".join(re.sub(r"<[^>]+>", "", match.group(0)).split()))
    return problems


def tag_texts(text: str) -> list[str]:
    """The {{ }}, {% %} and {# #} tags in a text.

    >>> tag_texts("เรื่อง {{ letter.subject }} {%p if x %}")
    ['{{ letter.subject }}', '{%p if x %}']
    """
    return [m.group(0) for m in _TAG.finditer(text)]


_BLOCK_START = re.compile(r"\{%-?[ptrc]?\s*(if|for|macro|call|filter|with|block|raw)\b")
_BLOCK_END = re.compile(r"\{%-?[ptrc]?\s*end(if|for|macro|call|filter|with|block|raw)\b")


def fixed_text_length(paragraph_texts: list[str]) -> int:
    """How many letters (spaces not counted) a template prints whatever its data: the text outside
    every tag and every {% if %}/{% for %} block. A rendered document has at least as many.

    >>> fixed_text_length(["เรื่อง {{ letter.subject }}", "{%p if x %}", "ไม่แน่", "{%p endif %}", "เรียน"])
    11
    """
    depth, length = 0, 0
    for text in paragraph_texts:
        at = 0
        for match in _TAG.finditer(text):
            if depth == 0:
                length += len("".join(text[at:match.start()].split()))
            tag = match.group(0)
            if _BLOCK_END.match(tag):
                depth = max(0, depth - 1)
            elif _BLOCK_START.match(tag):
                depth += 1
            at = match.end()
        if depth == 0:
            length += len("".join(text[at:].split()))
    return length


def structure_problems(tree, fixed_length: int) -> list[str]:
    """What is wrong with a rendered document's structure, as (Thai, English) pairs: one body, every
    paragraph inside it, the section's properties last, and not less text than the template's fixed text."""
    problems = []
    bodies = tree.findall(qn("w:body"))
    if tree.tag != qn("w:document") or len(bodies) != 1:
        return [("เอกสารไม่มีส่วนเนื้อความเดียว (w:body)", "the document has not exactly one body (w:body)")]
    body = bodies[0]
    outside = [child for child in tree if child.tag not in (qn("w:body"), qn("w:background"))]
    if outside:
        problems.append((f"มีเนื้อหา {len(outside)} ส่วนอยู่นอกเนื้อความ", f"{len(outside)} elements lie outside the body"))
    if len(body) == 0 or body[-1].tag != qn("w:sectPr"):
        problems.append(("เนื้อความไม่ได้จบด้วยการตั้งค่าหน้ากระดาษ (w:sectPr)",
                         "the body does not end with the section's properties (w:sectPr)"))
    length = sum(len("".join((t.text or "").split())) for t in body.iter(qn("w:t")))
    if length < fixed_length:
        problems.append((f"ข้อความในเอกสารมี {length:,} ตัวอักษร น้อยกว่าข้อความคงที่ของแม่แบบ ({fixed_length:,})",
                         f"the document holds {length:,} letters, fewer than the template's fixed text "
                         f"({fixed_length:,})"))
    return problems
