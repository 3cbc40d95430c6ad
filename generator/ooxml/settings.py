"""word/settings.xml: document-wide settings a rendered document may need beyond its template's."""
from __future__ import annotations

from lxml import etree

from .names import qn
from .order import get_or_add


def unstretched_break_lines(settings_xml: bytes) -> bytes:
    """Settings in which a line ended by a typed line break (w:br) in a justified paragraph is not
    stretched to the margin: ``w:compat/w:doNotExpandShiftReturn``, which Word honours and LibreOffice
    reads as "do not justify lines with manual breaks".

    >>> xml = b'<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' \\
    ...       b'<w:compat><w:useFELayout/></w:compat></w:settings>'
    >>> b"<w:doNotExpandShiftReturn/><w:useFELayout/>" in unstretched_break_lines(xml)
    True
    """
    root = etree.fromstring(settings_xml)
    compat = get_or_add(root, "w:compat")
    if compat.find(qn("w:doNotExpandShiftReturn")) is None:
        compat.insert(0, etree.Element(qn("w:doNotExpandShiftReturn")))  # first of w:compat's sequence here
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
