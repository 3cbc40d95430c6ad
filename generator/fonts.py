"""Fonts for PDF: TH SarabunPSK as the real font would lay out the page.

Debian has no TH SarabunPSK. fonts-thai-tlwg maps the name to Laksaman, the same
design drawn about 1.5× larger, and asks fontconfig to scale it by 0.66 — which
LibreOffice ignores, so pages reflow (36 pages where Sarabun gives 27). So at
set-up we make correctly scaled copies of Laksaman named TH SarabunPSK and TH
Sarabun New (a larger units-per-em shrinks every glyph and metric alike), and
give LibreOffice a private fontconfig that finds them first. Real TH SarabunPSK
or TH Sarabun New files dropped into letter_templates/fonts/ are used instead.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path

from . import PROJECT_ROOT
from .paths import TEMPLATES

FAMILIES = ("TH SarabunPSK", "TH Sarabun New")
SCALE = 0.66  # the factor fonts-thai-tlwg itself declares for Laksaman as TH Sarabun
SOURCE_DIRS = (Path("/usr/share/fonts/truetype/tlwg"), Path("/usr/share/fonts/opentype/tlwg"))
STYLES = {"Regular": "Laksaman", "Bold": "Laksaman-Bold", "Italic": "Laksaman-Italic", "Bold Italic": "Laksaman-BoldItalic"}
USER_FONTS = TEMPLATES / "fonts"
CACHE = PROJECT_ROOT / ".cache" / "fonts"
FONT_SUFFIXES = (".ttf", ".otf", ".TTF", ".OTF")


def user_fonts() -> list[Path]:
    return sorted(p for p in USER_FONTS.glob("*") if p.suffix in FONT_SUFFIXES) if USER_FONTS.is_dir() else []


def _source(style_file: str) -> Path | None:
    for folder in SOURCE_DIRS:
        for suffix in (".ttf", ".otf"):
            candidate = folder / f"{style_file}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def synthesize(target: Path = CACHE) -> list[Path]:
    """Scaled, renamed copies of Laksaman; made once, remade when the source changes."""
    from fontTools.ttLib import TTFont

    target.mkdir(parents=True, exist_ok=True)
    made = []
    for family in FAMILIES:
        for style, source_name in STYLES.items():
            source = _source(source_name)
            if source is None:
                continue
            digest = hashlib.sha256(source.read_bytes() + f"{SCALE}{family}{style}".encode()).hexdigest()[:12]
            path = target / f"{family.replace(' ', '')}-{style.replace(' ', '')}-{digest}{source.suffix}"
            if not path.exists():
                font = TTFont(source)
                font["head"].unitsPerEm = round(font["head"].unitsPerEm / SCALE)
                _rename(font, family, style)
                handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=target)
                os.close(handle)
                font.save(temporary)
                os.replace(temporary, path)  # a build running at the same time may have made it too: same bytes
            made.append(path)
    return made


def _rename(font, family: str, style: str) -> None:
    postscript = f"{family.replace(' ', '')}-{style.replace(' ', '')}"
    names = {1: family if style in ("Regular", "Bold", "Italic", "Bold Italic") else f"{family} {style}",
             2: style, 3: f"{postscript};scaled-laksaman", 4: f"{family} {style}" if style != "Regular" else family,
             6: postscript, 16: family, 17: style}
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names:
            table.removeNames(nameID=record.nameID)
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)
        table.setName(value, name_id, 1, 0, 0)
    if "CFF " in font:
        font["CFF "].cff.fontNames = [postscript]


_LOCK = threading.Lock()


def fontconfig_file() -> Path:
    """A fontconfig file for LibreOffice: the user's fonts, or the scaled copies, before the system's."""
    with _LOCK:  # workers start in threads: make the fonts once
        return _fontconfig_file()


def _fontconfig_file() -> Path:
    fonts = user_fonts()
    folder = USER_FONTS if fonts else CACHE
    if not fonts:
        synthesize(CACHE)
    conf = CACHE / "fonts.conf"
    CACHE.mkdir(parents=True, exist_ok=True)
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{folder}</dir>\n"
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <cachedir>{CACHE / 'fc-cache'}</cachedir>\n"
        "</fontconfig>\n"
    )
    if not conf.exists() or conf.read_text(encoding="utf-8") != text:
        handle, temporary = tempfile.mkstemp(prefix=".fonts.conf.", dir=CACHE)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, conf)
    return conf
