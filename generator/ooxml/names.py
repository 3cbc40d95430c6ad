"""Clark names of WordprocessingML tags ("w:tc" → "{…/main}tc"), made once per tag: python-docx's
``qn`` splits and joins the name on every call, and the table passes call it for every cell."""
from __future__ import annotations

from functools import lru_cache

from docx.oxml.ns import qn as _qn


@lru_cache(maxsize=1024)
def qn(tag: str) -> str:
    """The Clark name of a prefixed tag.

    >>> qn("w:tc")
    '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc'
    """
    return _qn(tag)
