"""The styles part (word/styles.xml): which styles a document uses, and a part with only those.

A template made from python-docx's default carries 182 styles (400 kB, most of them table
styles nothing uses); LibreOffice builds every one of them when it opens a document, which
costs as much as laying out a one-page form. The print copy keeps the styles in use.
"""
from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from .names import NAMESPACES, qn

MAIN = NAMESPACES["w"].encode()
# every element whose value is a style id, as Word writes it (the "w" prefix for the main namespace)
_REFERENCE = re.compile(rb'<w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink|defaultTableStyle|'
                        rb'clickAndTypeStyle)\s+w:val="([^"]*)"')
_CHAIN = ("w:basedOn", "w:next", "w:link", "w:pStyle", "w:rStyle", "w:tblStyle")  # what a style names in it


def used_styles(parts: dict[str, bytes]) -> frozenset[str] | None:
    """The style ids the parts of a .docx refer to outside word/styles.xml; None when a part
    names the main namespace with another prefix than "w" (its references would not be seen).

    >>> used_styles({"word/document.xml": b'<w:document xmlns:w="%s"><w:pStyle w:val="Title"/></w:document>' % MAIN})
    frozenset({'Title'})
    >>> used_styles({"word/document.xml": b'<x:document xmlns:x="%s"/>' % MAIN}) is None
    True
    """
    used: set[str] = set()
    for name, data in parts.items():
        if not (name.startswith("word/") and name.endswith(".xml")) or name == "word/styles.xml":
            continue
        if MAIN in data and b'xmlns:w="' + MAIN + b'"' not in data:
            return None
        used.update(match.decode("utf-8") for match in _REFERENCE.findall(data))
    return frozenset(used)


@lru_cache(maxsize=32)  # the documents of one template share a styles part, and use a few sets of styles
def styles_in_use(styles_xml: bytes, used: frozenset[str]) -> bytes:
    """``styles_xml`` with only the styles in ``used``, the default style of each type, and the styles
    these are based on, followed by, linked to or name. Document defaults and latent styles stay.

    >>> part = (b'<w:styles xmlns:w="%s"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"/>'
    ...         b'<w:style w:styleId="Head"><w:basedOn w:val="Title"/></w:style><w:style w:styleId="Title"/>'
    ...         b'<w:style w:styleId="LightGrid"/></w:styles>' % MAIN)
    >>> kept = etree.fromstring(styles_in_use(part, frozenset({"Head"})))
    >>> [style.get(qn("w:styleId")) for style in kept]
    ['Normal', 'Head', 'Title']
    """
    root = etree.fromstring(styles_xml)
    styles = {style.get(qn("w:styleId")): style for style in root.iterchildren(qn("w:style"))}
    keep = set(used) | {name for name, style in styles.items() if style.get(qn("w:default")) in ("1", "true")}
    todo = list(keep)
    while todo:
        style = styles.get(todo.pop())
        if style is None:
            continue
        for reference in style.iter(*(qn(tag) for tag in _CHAIN)):
            name = reference.get(qn("w:val"))
            if name and name not in keep:
                keep.add(name)
                todo.append(name)
    for name, style in styles.items():
        if name not in keep:
            root.remove(style)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
