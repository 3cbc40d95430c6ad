"""Workbooks: what openpyxl writes, made as Excel writes it, with fixed bytes.

openpyxl (3.1) writes a font's children in the order it keeps them (name, b, sz …), where the
Open XML SDK, and Excel's own files, take b … sz, color, name, family, scheme; and it writes
every text cell as an inline string, which Excel moves into a shared-string table the next
time the file is saved (so a clerk who only opens and saves a form changes every sheet).
openpyxl has no option for either: the saved package is put right here.
"""
from __future__ import annotations

import functools
import io

from lxml import etree

from .names import NAMESPACES, qn
from .order import sort_children
from .package import core_properties, read_package, write_package

STYLES = "xl/styles.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHARED_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def workbook_bytes(workbook, title: str, author: str = "") -> bytes:
    """The .xlsx of an openpyxl workbook: fonts in schema order, shared strings, fixed
    properties and zip entries (the same workbook gives the same bytes)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return package_bytes(read_package(buffer.getvalue()), title, author)


def package_bytes(parts: dict[str, bytes], title: str, author: str = "") -> bytes:
    """The .xlsx of the parts openpyxl wrote, made as :func:`workbook_bytes` makes it."""
    made_as_excel_makes(parts)
    parts["docProps/core.xml"] = core_properties(title, author)
    return write_package(parts)


def made_as_excel_makes(parts: dict[str, bytes]) -> None:
    """The parts openpyxl wrote with fonts in schema order and the text in shared strings."""
    if STYLES in parts:
        parts[STYLES] = fonts_in_order(parts[STYLES])
    share_strings(parts)


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@functools.lru_cache(maxsize=64)  # a KPI's district forms share one styles part
def fonts_in_order(styles: bytes) -> bytes:
    """xl/styles.xml with every font's children in schema order."""
    root = etree.fromstring(styles)
    for font in root.iter(qn("x:font")):
        sort_children(font)
    return _xml(root)


def share_strings(parts: dict[str, bytes]) -> None:
    """Every inline-string cell of every worksheet made a shared string: xl/sharedStrings.xml
    with its relationship and content type. Rich text keeps its runs."""
    cell, inline, value = qn("x:c"), qn("x:is"), qn("x:v")
    strings: dict[bytes, int] = {}
    items: list = []
    references = 0
    for name in sorted(n for n in parts if n.startswith("xl/worksheets/") and n.endswith(".xml")):
        root = etree.fromstring(parts[name])
        changed = False
        for element in root.iter(cell):
            if element.get("t") != "inlineStr":
                continue
            changed = True
            text = element.find(inline)
            if text is None:  # an empty string: an empty cell
                del element.attrib["t"]
                continue
            key = etree.tostring(text)
            element.remove(text)
            if key not in strings:
                strings[key] = len(items)
                text.tag = qn("x:si")
                items.append(text)
            element.set("t", "s")
            etree.SubElement(element, value).text = str(strings[key])
            references += 1
        if changed:
            parts[name] = _xml(root)
    if not items or SHARED_STRINGS in parts:
        return
    table = etree.Element(qn("x:sst"), nsmap={None: NAMESPACES["x"]},
                          count=str(references), uniqueCount=str(len(items)))
    table.extend(items)  # each <is> moves into the table as its <si>
    parts[SHARED_STRINGS] = _xml(table)

    relationships = etree.fromstring(parts[WORKBOOK_RELS])
    taken = {r.get("Id") for r in relationships}
    number = len(taken) + 1
    while f"rId{number}" in taken:
        number += 1
    etree.SubElement(relationships, f"{{{PACKAGE_RELS}}}Relationship", Id=f"rId{number}",
                     Type=SHARED_STRINGS_REL, Target="sharedStrings.xml")
    parts[WORKBOOK_RELS] = _xml(relationships)

    types = etree.fromstring(parts[CONTENT_TYPES])
    etree.SubElement(types, f"{{{CONTENT_TYPES_NS}}}Override", PartName="/" + SHARED_STRINGS,
                     ContentType=SHARED_STRINGS_TYPE)
    parts[CONTENT_TYPES] = _xml(types)
