"""Clark names of OOXML tags ("w:tc" → "{…/main}tc"), made once per tag: python-docx's ``qn``
splits and joins the name on every call, and the table passes call it for every cell. The one
place that knows the prefixes: python-docx's, and ``x`` for SpreadsheetML."""
from __future__ import annotations

import re
from functools import lru_cache

from docx.oxml.ns import nsmap

NAMESPACES = {**nsmap, "x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@lru_cache(maxsize=1024)
def qn(tag: str) -> str:
    """The Clark name of a prefixed tag.

    >>> qn("w:tc")
    '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc'
    >>> qn("x:font")
    '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}font'
    """
    prefix, local = tag.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (control characters but tab and line ends), which lxml
    refuses and Word calls unreadable.

    >>> xml_text("ก\\x07ข\\tค")
    'กข\\tค'
    """
    return _NOT_XML.sub("", text)
