"""The package: zip parts in a fixed order and time, fixed document properties."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.document import Document

from .runs import LANGUAGE

FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)  # no build time in the file


def set_fixed_properties(document: Document, title: str, subject: str = "", author: str = "") -> None:
    """Fixed document properties: same inputs, same bytes."""
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = author
    properties.last_modified_by = author
    properties.created = FIXED_TIME.replace(tzinfo=None)
    properties.modified = FIXED_TIME.replace(tzinfo=None)
    properties.revision = 1
    properties.language = LANGUAGE


def write_package(parts: dict[str, bytes]) -> bytes:
    """A .docx from its parts with fixed entry times and order: identical documents, identical bytes."""
    ordered = sorted(parts, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    # level 1: a third of the time of the default for files a few KB larger
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, parts[name])
    return out.getvalue()


def read_package(data: bytes) -> dict[str, bytes]:
    source = zipfile.ZipFile(io.BytesIO(data))
    return {name: source.read(name) for name in source.namelist()}


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a .docx with fixed entry times and order."""
    return write_package(read_package(data))


def core_properties(title: str, author: str = "", subject: str = "") -> bytes:
    """docProps/core.xml with fixed times: no build time inside the file."""
    from xml.sax.saxutils import escape

    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:subject>{escape(subject)}</dc:subject>"
        f"<dc:creator>{escape(author)}</dc:creator><cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy>"
        f"<cp:revision>1</cp:revision><dc:language>{LANGUAGE}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode("utf-8")


