"""Children in the order the schema's sequences demand.

Most property elements (w:pPr, w:rPr, w:tblPr, w:tcPr, w:sectPr …) are an ``xsd:sequence``:
a child out of place makes Word report "unreadable content", even though LibreOffice and
python-docx read it. A child is therefore never appended: it goes before the first of its
schema successors, as python-docx's ``xmlchemy`` does. python-docx's element classes know the
successors of the children they model (``CT_TcPr._insert_tcW``, ``CT_TblPr._insert_jc`` …) and
are used when the parent is one of them; :data:`SEQUENCES` lists the rest, and serves trees
parsed without python-docx's classes (a rendered document, a workbook's styles).
A parent that is an ``xsd:choice`` (w:trPr) takes its children in any order.
"""
from __future__ import annotations

import functools

from .names import NAMESPACES, qn

PREFIXES = ("w", "w14", "x")  # the vocabularies whose sequences are listed below

# ECMA-376 Part 1 (wml.xsd, sml.xsd) as the Open XML SDK validates it: each parent's children in order.
SEQUENCES: dict[str, tuple[str, ...]] = {
    "w:pPr": ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
    "w:rPr": ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
              "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
              "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange"),
    "w:tblPr": ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
                "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                "w:tblPrChange"),
    "w:tblBorders": ("w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end", "w:insideH", "w:insideV"),
    "w:tblCellMar": ("w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end"),
    "w:tcPr": ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
               "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers", "w:cellIns",
               "w:cellDel", "w:cellMerge", "w:tcPrChange"),
    # the header and footer references (any number, any order) come before the rest
    "w:sectPr": ("w:headerReference|w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz",
                 "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt",
                 "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                 "w:printerSettings", "w:sectPrChange"),
    # sml.xsd writes CT_Font as a choice; the Open XML SDK (and Excel, which writes this order) a sequence
    "x:font": ("x:b", "x:i", "x:strike", "x:condense", "x:extend", "x:outline", "x:shadow", "x:u", "x:vertAlign",
               "x:sz", "x:color", "x:name", "x:family", "x:charset", "x:scheme"),
}


@functools.cache
def _ranks(parent: str) -> dict[str, int] | None:
    """Each child's place in the sequence of ``parent`` (a Clark name); None for a choice."""
    sequence = SEQUENCES.get(_prefixed(parent))
    if sequence is None:
        return None
    return {qn(name): rank for rank, names in enumerate(sequence) for name in names.split("|")}


@functools.cache
def _prefixed(tag: str) -> str:
    for prefix in PREFIXES:
        uri = NAMESPACES[prefix]
        if tag.startswith(f"{{{uri}}}"):
            return f"{prefix}:{tag[len(uri) + 2:]}"
    return tag


def insert_in_order(parent, element):
    """Put ``element`` into ``parent`` before the first child the schema wants after it (an
    element already in ``parent`` moves there). Returns ``element``.

    >>> from docx.oxml import OxmlElement
    >>> margins = OxmlElement("w:tblCellMar")
    >>> for side in ("bottom", "left", "top"):
    ...     _ = insert_in_order(margins, OxmlElement(f"w:{side}"))
    >>> [child.tag.split("}")[1] for child in margins]
    ['top', 'left', 'bottom']
    """
    local = element.tag.split("}")[1]
    inserter = getattr(parent, f"_insert_{local}", None)
    if inserter is not None and parent.tag.startswith(f"{{{NAMESPACES['w']}}}"):
        inserter(element)  # python-docx's own successor list
        return element
    ranks = _ranks(parent.tag)
    rank = None if ranks is None else ranks.get(element.tag)
    if rank is not None:
        for existing in parent:
            if existing is not element and ranks.get(existing.tag, -1) > rank:
                existing.addprevious(element)
                return element
    parent.append(element)
    return element


def get_or_add(parent, name: str):
    """The child ``name`` (``"w:tcW"``) of ``parent``, made in its schema place when missing.

    >>> from docx.oxml import OxmlElement
    >>> tblpr = OxmlElement("w:tblPr")
    >>> for name in ("w:tblCaption", "w:tblLayout", "w:tblBorders", "w:tblW", "w:tblStyle", "w:tblCellMar"):
    ...     _ = get_or_add(tblpr, name)
    >>> [child.tag.split("}")[1] for child in tblpr]
    ['tblStyle', 'tblW', 'tblBorders', 'tblLayout', 'tblCellMar', 'tblCaption']
    """
    found = parent.find(qn(name))
    if found is not None:
        return found
    return insert_in_order(parent, parent.makeelement(qn(name), {}))


def get_or_add_properties(parent, name: str):
    """The properties child ``name`` of ``parent`` (a w:p's w:pPr, a w:r's w:rPr): always its first child."""
    found = parent.find(qn(name))
    if found is None:
        found = parent.makeelement(qn(name), {})
        parent.insert(0, found)
    return found


def sort_children(parent) -> None:
    """Every child of ``parent`` in its schema place (a part another library wrote out of order);
    children the sequence does not name keep their order, after the others.

    >>> from lxml import etree
    >>> font = etree.fromstring('<font xmlns="%s"><name val="A"/><b/><sz val="16"/></font>' % NAMESPACES["x"])
    >>> sort_children(font)
    >>> [child.tag.split("}")[1] for child in font]
    ['b', 'sz', 'name']
    """
    ranks = _ranks(parent.tag)
    if ranks is None:
        return
    children = list(parent)
    ordered = sorted(children, key=lambda child: ranks.get(child.tag, len(ranks)))
    if ordered != children:
        parent[:] = ordered
