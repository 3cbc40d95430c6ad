"""Fonts for PDF: the real TH SarabunPSK and TH Sarabun New.

Debian has no TH SarabunPSK. The package index carries both families inside the
wheel odoo-addon-l10n-th-base-utils 19.0.2.0.0: set-up (``make setup``, and
``make letters``/``make test`` before they run) downloads it once into
.cache/wheels/ with ``pip download --no-deps`` — never installed: it depends on
the Odoo server — checks its sha256, and extracts only the two font families into
.cache/fonts/sarabun/. LibreOffice gets a private fontconfig that finds them
before the system's fonts.

Font files dropped into letter_templates/fonts/ come first. A machine that cannot
fetch the wheel falls back to scaled copies of Laksaman, with a warning in the
build output: fonts-thai-tlwg maps TH SarabunPSK to Laksaman, the same design drawn
about 1.5× larger, and asks fontconfig to scale it by 0.66 — which LibreOffice
ignores, so pages would reflow (36 pages where Sarabun gives 27). The copies get a
larger units-per-em, which shrinks every glyph and metric alike. Text copied out of
such a PDF is not always right: Laksaman draws ำ as nikhahit + the glyph of า, so
LibreOffice cannot give that glyph one Unicode value and marks every า with an
/ActualText span instead — pdftotext reads it, pypdf prints the raw glyph code
(\x03, \x05 …). The real fonts map each glyph to one character.
"""
from __future__ import annotations

import fcntl
import functools
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .. import PROJECT_ROOT
from .paths import TEMPLATES

FAMILIES = ("TH SarabunPSK", "TH Sarabun New")
USER_FONTS = TEMPLATES / "fonts"
CACHE = PROJECT_ROOT / ".cache" / "fonts"
FONT_SUFFIXES = (".ttf", ".otf", ".TTF", ".OTF")

# The real fonts: which wheel, its hash, and the only members taken out of it.
WHEEL_REQUIREMENT = "odoo-addon-l10n-th-base-utils==19.0.2.0.0"
WHEEL_FILE = "odoo_addon_l10n_th_base_utils-19.0.2.0.0-py3-none-any.whl"
WHEEL_SHA256 = "3fd5a9f84c339c1f9dc671002690d2d3cd4fa22fba88476cf818273205dd8746"
WHEELS = PROJECT_ROOT / ".cache" / "wheels"
SARABUN = CACHE / "sarabun"
_IN_WHEEL = "odoo/addons/l10n_th_base_utils/static/fonts/thai/"
SARABUN_FILES = (  # TH SarabunPSK 1.1 (DIP/SIPA licence) and TH Sarabun New 1.35 (GPL)
    "THSarabun/THSarabun-Regular.ttf", "THSarabun/THSarabun-Bold.ttf",
    "THSarabun/THSarabun-Italic.ttf", "THSarabun/THSarabun-Bold-Italic.ttf",
    "THSarabunNew/THSarabunNew-Regular.ttf", "THSarabunNew/THSarabunNew-Bold.ttf",
    "THSarabunNew/THSarabunNew-Italic.ttf", "THSarabunNew/THSarabunNew-BoldItalic.ttf",
)
MAX_FONT_BYTES = 4 * 1024 * 1024  # the largest is 0.5 MB
DOWNLOAD_TIMEOUT = 180  # seconds for the whole `pip download`; offline it fails in a few

# The fallback: Laksaman from fonts-thai-tlwg, scaled and renamed.
SCALED = CACHE / "scaled"
SCALE = 0.66  # the factor fonts-thai-tlwg itself declares for Laksaman as TH Sarabun
SOURCE_DIRS = (Path("/usr/share/fonts/truetype/tlwg"), Path("/usr/share/fonts/opentype/tlwg"))
STYLES = {"Regular": "Laksaman", "Bold": "Laksaman-Bold", "Italic": "Laksaman-Italic", "Bold Italic": "Laksaman-BoldItalic"}

FALLBACK_WARNING = (
    "ไม่มีฟอนต์ TH SarabunPSK ของจริง: PDF ใช้ฟอนต์ Laksaman ที่ย่อขนาดแทน ตัวอักษรและการตัดบรรทัดอาจต่างจากฉบับจริง "
    "และข้อความที่คัดลอกจาก PDF บางโปรแกรมอาจมีอักขระแปลกปน (ต่ออินเทอร์เน็ตแล้วสั่ง make setup อีกครั้ง)",
    "the real TH SarabunPSK fonts are missing: the PDFs use scaled Laksaman instead, so glyphs and line breaks "
    "may differ from the real font, and text copied out of the PDF by some programs may carry stray characters "
    "(connect to the internet and run make setup again)",
)


@dataclass(frozen=True)
class FontChoice:
    """The fonts LibreOffice is given: where they are, which kind, and a warning for the fallback."""

    folder: Path
    kind: str  # "user" (letter_templates/fonts), "sarabun" (the real fonts) or "scaled" (Laksaman)

    @property
    def warning(self) -> tuple[str, str] | None:
        return FALLBACK_WARNING if self.kind == "scaled" else None


# ---------------------------------------------------------------- the real fonts
def user_fonts() -> list[Path]:
    return sorted(p for p in USER_FONTS.glob("*") if p.suffix in FONT_SUFFIXES) if USER_FONTS.is_dir() else []


def sarabun_ready() -> bool:
    return all((SARABUN / name).is_file() for name in SARABUN_FILES)


def sarabun_file(bold: bool = False, italic: bool = False) -> Path | None:
    """The real TH SarabunPSK file of a style (for charts and pictures), or None when not fetched.

    >>> sarabun_file(bold=True) in (None, SARABUN / "THSarabun" / "THSarabun-Bold.ttf")
    True
    """
    style = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "Bold-Italic"}
    path = SARABUN / "THSarabun" / f"THSarabun-{style[bold, italic]}.ttf"
    return path if sarabun_ready() else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def _locked(name: str):
    """One process at a time (two builds, or a build and a test run, may start together)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f".{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _wheel(download: bool) -> tuple[Path | None, str | None]:
    """The cached wheel with the right hash, downloaded when allowed; or None and why not."""
    wheel = WHEELS / WHEEL_FILE
    cached = _sha256(wheel) if wheel.is_file() else None
    if cached == WHEEL_SHA256:
        return wheel, None
    if not download:
        return None, (f"{wheel.name}: sha256 ไม่ตรง / sha256 mismatch: {cached}" if cached else
                      "ยังไม่ได้ดาวน์โหลด / not downloaded yet")
    WHEELS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".download-", dir=WHEELS) as temporary:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "--no-input",
                   "--disable-pip-version-check", "--timeout", "20", "--retries", "1", "--dest", temporary,
                   WHEEL_REQUIREMENT]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=DOWNLOAD_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as error:
            return None, f"pip download: {error}"
        fetched = Path(temporary) / WHEEL_FILE
        if done.returncode != 0 or not fetched.is_file():
            lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
            return None, f"pip download: {lines[-1].strip() if lines else 'exit ' + str(done.returncode)}"
        actual = _sha256(fetched)
        if actual != WHEEL_SHA256:
            return None, f"sha256 ไม่ตรง / sha256 mismatch: {actual}"
        os.replace(fetched, wheel)
    return wheel, None


def _extract(wheel: Path, folder: Path) -> None:
    """Only the listed font files, each checked for size; the folder appears whole or not at all."""
    staging = Path(tempfile.mkdtemp(prefix=".sarabun-", dir=folder.parent))
    try:
        with zipfile.ZipFile(wheel) as archive:
            for name in SARABUN_FILES:
                info = archive.getinfo(_IN_WHEEL + name)
                if info.file_size > MAX_FONT_BYTES:
                    raise ValueError(f"{name}: {info.file_size} bytes")
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(info))
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def fetch_sarabun(download: bool = True) -> str | None:
    """Make the real fonts ready in .cache/fonts/sarabun/; None when they are, else why not (Thai / English).

    Idempotent and offline-safe: fonts already extracted are kept, a cached wheel is
    used without the network, and a failed download changes nothing.
    """
    if sarabun_ready():
        return None
    with _locked("sarabun"):
        if sarabun_ready():
            return None
        wheel, reason = _wheel(download)
        if wheel is None:
            return f"ดาวน์โหลดฟอนต์ TH SarabunPSK ไม่ได้ / cannot fetch the TH SarabunPSK fonts ({WHEEL_REQUIREMENT}): {reason}"
        try:
            _extract(wheel, SARABUN)
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
            return f"แตกไฟล์ฟอนต์ไม่ได้ / cannot extract the fonts from {wheel.name}: {error}"
    return None


# ---------------------------------------------------------------- the scaled fallback
def _source(style_file: str) -> Path | None:
    for folder in SOURCE_DIRS:
        for suffix in (".ttf", ".otf"):
            candidate = folder / f"{style_file}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def synthesize(target: Path = SCALED) -> list[Path]:
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


# ---------------------------------------------------------------- LibreOffice's fontconfig
_LOCK = threading.Lock()


def font_choice() -> FontChoice:
    """The user's fonts, else the real fonts (from a cached wheel if need be, never downloading
    during a build), else the scaled copies."""
    if user_fonts():
        return FontChoice(USER_FONTS, "user")
    if fetch_sarabun(download=False) is None:
        return FontChoice(SARABUN, "sarabun")
    synthesize(SCALED)
    return FontChoice(SCALED, "scaled")


def fontconfig_file() -> Path:
    """A fontconfig file for LibreOffice: the chosen fonts before the system's."""
    with _LOCK:  # workers start in threads: make the fonts once
        return _fontconfig_file(font_choice())


def _fontconfig_file(choice: FontChoice) -> Path:
    conf = CACHE / f"fonts-{choice.kind}.conf"
    CACHE.mkdir(parents=True, exist_ok=True)
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{choice.folder}</dir>\n"
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <cachedir>{CACHE / 'fc-cache'}</cachedir>\n"
        "</fontconfig>\n"
    )
    if not conf.exists() or conf.read_text(encoding="utf-8") != text:
        handle, temporary = tempfile.mkstemp(prefix=f".{conf.name}.", dir=CACHE)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, conf)
    return conf


def main() -> int:
    """Set-up step (Makefile): fetch the real fonts once; never fails the set-up."""
    reason = fetch_sarabun(download=True)
    if reason is None:
        where = SARABUN.relative_to(PROJECT_ROOT) if SARABUN.is_relative_to(PROJECT_ROOT) else SARABUN
        print(f"ฟอนต์ TH SarabunPSK / TH Sarabun New พร้อมแล้ว / fonts ready: {where}")
    else:
        print(f"คำเตือน/warning: {reason}")
        print(f"  {FALLBACK_WARNING[0]}\n  {FALLBACK_WARNING[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


# ---------------------------------------------------------------- measuring text
AVERAGE_ADVANCE = 0.42  # em, TH SarabunPSK's mean advance of a letter or digit: the estimate without the font


@functools.lru_cache(maxsize=4)
def _advances(bold: bool) -> tuple[dict[str, float], float] | None:
    """Advance widths in em of every character of TH SarabunPSK, or None without the font."""
    path = sarabun_file(bold=bold)
    if path is None:
        return None
    from .derived import file_key, kept, numbers_by_string

    def read() -> list:
        from fontTools.ttLib import TTFont

        font = TTFont(str(path), lazy=True)
        scale = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        return [{chr(code): metrics[name][0] / scale for code, name in font.getBestCmap().items()}, scale]

    advances, scale = kept(f"advances-{path.stem}", ["advances-1", file_key(path)], read,  # no fontTools import
                           lambda value: isinstance(value, list) and len(value) == 2 and numbers_by_string(value[0])
                           and isinstance(value[1], int) and value[1] > 0)
    return advances, scale


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """The width of ``text`` set in TH SarabunPSK at ``size_pt``: what a table column must give it.

    >>> text_width_pt("", 16)
    0.0
    >>> 0 < text_width_pt("๑๖.๓๖", 14) < text_width_pt("๑๒,๐๘๓,๓๒๘", 14)
    True
    """
    table = _advances(bold)
    if table is None:
        return float(sum(0.0 if unicodedata.category(ch) == "Mn" else AVERAGE_ADVANCE for ch in text)) * size_pt
    advances = table[0]
    return float(sum(advances.get(ch, AVERAGE_ADVANCE) for ch in text)) * size_pt
