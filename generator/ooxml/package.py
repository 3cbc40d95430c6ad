"""The package: zip parts in a fixed order and time, fixed document properties."""
from __future__ import annotations

import datetime as dt
import io
import struct
import threading
import zipfile
import zlib
from collections import OrderedDict

from docx.document import Document

from .runs import LANGUAGE

STALE_PARTS = ("http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
               "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail")
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


def drop_stale_parts(document: Document) -> None:
    """No part that no longer agrees with the document: Word 2010's copy of the styles
    (word/stylesWithEffects.xml, left in python-docx's default template and never kept in step with
    styles.xml: Word may call the difference unreadable content; Word 2013 and later do without it),
    and the thumbnail picture (python-docx's blank page, or a template's first page with its tags).
    Each goes with its relationship, and with its content type, which python-docx writes only for the
    parts it saves."""
    for relationships in (document.part.rels, document.part.package.rels):
        for rid, relationship in list(relationships.items()):
            if relationship.reltype in STALE_PARTS:
                del relationships[rid]


def write_package(parts: dict[str, bytes]) -> bytes:
    """A .docx (or .xlsx) from its parts with fixed entry times and order: identical documents, identical
    bytes. The zip is written here, not by zipfile, so that a part met before (a template's styles.xml,
    fonts table and theme, the same in every document of a template) is not compressed again."""
    ordered = sorted(parts, key=lambda n: (n != "[Content_Types].xml", n))
    out = bytearray()
    directory = bytearray()
    for name in ordered:
        data = parts[name]
        crc, deflated = _deflated(data)
        encoded = name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_NAME
        fields = (_VERSION, flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, crc, len(deflated), len(data),
                  len(encoded))
        directory += struct.pack("<4s2B" + _COMMON[1:] + "HHHHI I", b"PK\x01\x02", _VERSION, _UNIX, *fields,
                                 0, 0, 0, 0, _FILE_MODE, len(out)) + encoded
        out += struct.pack("<4s" + _COMMON[1:] + "H", b"PK\x03\x04", *fields, 0) + encoded + deflated
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(ordered), len(ordered), len(directory), len(out), 0)
    return bytes(out + directory + end)


# the zip fields zipfile writes for ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), deflated, mode 0644
_COMMON = "<HHHHHIIIH"  # version needed, flags, method, time, date, crc, compressed and full size, name length
_VERSION, _UNIX, _UTF8_NAME = 20, 3, 0x800
_DOS_TIME, _DOS_DATE = 0, (1 << 5) | 1
_FILE_MODE = 0o644 << 16
_SEEN_LIMIT, _CACHE_BYTES, _CACHED_FROM = 4096, 16 << 20, 4 << 10
_cache: OrderedDict[bytes, tuple[int, bytes]] = OrderedDict()  # part → (crc, deflated), most recent last
_seen: OrderedDict[int, None] = OrderedDict()  # hashes of large parts met once
_cache_lock = threading.Lock()  # PDF copies are made from several threads
_cached_bytes = 0


def _deflated(data: bytes) -> tuple[int, bytes]:
    """The part's CRC and its deflated bytes; a large part met a second time is kept (the least
    recent dropped past 16 MB): a template's parts are then deflated once per process."""
    global _cached_bytes
    if len(data) < _CACHED_FROM:
        return _deflate(data)
    with _cache_lock:
        hit = _cache.get(data)
        if hit is not None:
            _cache.move_to_end(data)
            return hit
    made = _deflate(data)
    with _cache_lock:
        key = hash(data)
        if key not in _seen:
            _seen[key] = None
            if len(_seen) > _SEEN_LIMIT:
                _seen.popitem(last=False)
        elif data not in _cache:
            _cache[data] = made
            _cached_bytes += len(data) + len(made[1])
            while _cached_bytes > _CACHE_BYTES:
                old, (_, old_deflated) = _cache.popitem(last=False)
                _cached_bytes -= len(old) + len(old_deflated)
    return made


def _deflate(data: bytes) -> tuple[int, bytes]:
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)  # as zipfile's writestr
    return zlib.crc32(data), compressor.compress(data) + compressor.flush()


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




def core_fields(core_xml: bytes | None) -> dict[str, str]:
    """The title, author (creator), subject and keywords docProps/core.xml gives (those not empty), as
    LibreOffice carries them into a PDF's document information.

    >>> core_fields(core_properties("แบบรายงาน", author="สำนักงาน"))
    {'title': 'แบบรายงาน', 'creator': 'สำนักงาน'}
    >>> core_fields(None)
    {}
    """
    from lxml import etree

    if not core_xml:
        return {}
    try:
        root = etree.fromstring(core_xml)
    except etree.XMLSyntaxError:
        return {}
    fields = {}
    for element in root:
        name = etree.QName(element).localname
        if name in ("title", "creator", "subject", "keywords") and (element.text or "").strip():
            fields[name] = element.text.strip()
    return fields
