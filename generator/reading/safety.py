"""Where input may come from and how much of it: the one place for these limits.

Every file a round reads is resolved and must stay inside its folder (the round
folder, or letter_templates/ for shared images); a symbolic link that points out
is refused. Every file has a size limit, checked before it is parsed, and text
fields lose the invisible characters that make two equal-looking names differ.
"""
from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..base.diagnostics import Location, Report
from ..base.errors import UserError

MAX_FILE_BYTES = 5 * 1024 * 1024  # a round's YAML or CSV file; real ones are a few KB
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_WORKBOOK_UNCOMPRESSED = 50 * 1024 * 1024  # an .xlsx of 878 districts is well under 1 MB
MAX_WORKBOOK_ROWS = 100_000
MAX_SHARED_STRINGS = 200_000
MAX_TEMPLATE_UNCOMPRESSED = 100 * 1024 * 1024  # a template with images; document.xml is a few hundred KB
MAX_ZIP_MEMBERS = 2_000


def inside(folder: Path, path: Path) -> bool:
    """Whether ``path``, with every link and ``..`` resolved, lies in ``folder``.

    >>> inside(Path("/data/round"), Path("/data/round/tables/a.csv"))
    True
    >>> inside(Path("/data/round"), Path("/data/round/../../etc/passwd"))
    False
    """
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
    except ValueError:
        return False
    return True


def is_folder_name(name: str) -> bool:
    """A round name is one folder name: no separators, not "." or "..", not hidden.

    >>> is_folder_name("2568-1-chachoengsao")
    True
    >>> [is_folder_name(n) for n in ("..", "../../x", "a/b", ".hidden", "")]
    [False, False, False, False, False]
    """
    return bool(name) and name == Path(name).name and not name.startswith(".") \
        and "/" not in name and "\\" not in name and "\0" not in name


def round_name_error(name: str) -> UserError:
    return UserError(
        f"ชื่อรอบ '{name}' ต้องเป็นชื่อโฟลเดอร์เดียวในโฟลเดอร์ข้อมูล (เช่น 2568-2-chachoengsao) ไม่มี / หรือ ..",
        f"the round name '{name}' must be a single folder name in the data folder "
        "(e.g. 2568-2-chachoengsao), without / or ..")


def path_problem(folder: Path, path: Path) -> tuple[str, str, str] | None:
    """Why ``path`` may not be read as a file of ``folder``: (code, thai, english), or None."""
    shown = _shown(folder, path)
    if not inside(folder, path):
        if _through_link(folder, path):
            return ("E008", f"'{shown}' เป็นลิงก์ (symbolic link) ที่ชี้ออกไปนอกโฟลเดอร์ {folder.name} จึงไม่อ่าน "
                            "ให้คัดลอกไฟล์จริงมาไว้ในโฟลเดอร์แทน",
                    f"'{shown}' is a symbolic link pointing outside {folder.name}: it is not read; "
                    "copy the file itself into the folder")
        return ("E007", f"ไฟล์ '{shown}' อยู่นอกโฟลเดอร์ {folder.name} จึงไม่อ่าน "
                        "(ระบุไฟล์ในโฟลเดอร์ของรอบ เช่น tables/ชื่อไฟล์.csv)",
                f"'{shown}' is outside {folder.name}: it is not read "
                "(name a file inside the round folder, e.g. tables/name.csv)")
    if path.is_dir():
        return ("E010", f"'{shown}' เป็นโฟลเดอร์ ไม่ใช่ไฟล์", f"'{shown}' is a folder, not a file")
    return None


def _shown(folder: Path, path: Path) -> str:
    try:
        return str(Path(os.path.normpath(path)).relative_to(Path(os.path.normpath(folder))))
    except ValueError:
        return str(path)


def _through_link(folder: Path, path: Path) -> bool:
    """Whether the path stays in the folder as written, and leaves only through a link."""
    normal = Path(os.path.normpath(path))
    try:
        normal.relative_to(Path(os.path.normpath(folder)))
    except ValueError:
        return False
    probe = normal
    while probe != probe.parent:
        if probe.is_symlink():
            return True
        probe = probe.parent
    return False


def read_input(path: Path, folder: Path, report: Report, where: Location | None = None,
               limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The bytes of a round's file, or None after reporting why it may not be read.

    ``where`` is the place that names the file (a ``file:`` field); by default the file itself.
    """
    where = where or Location(path)
    problem = path_problem(folder, path)
    if problem:
        report.add(problem[0], where, problem[1], problem[2])
        return None
    try:
        size = path.stat().st_size
        if size > limit:
            report.add("E009", where,
                       f"ไฟล์ '{_shown(folder, path)}' ใหญ่ {size / 1048576:.1f} MB เกินขนาดที่รับได้ "
                       f"{limit / 1048576:.0f} MB",
                       f"'{_shown(folder, path)}' is {size / 1048576:.1f} MB, more than the "
                       f"{limit / 1048576:.0f} MB a file may have")
            return None
        with open(path, "rb") as stream:
            return stream.read(limit)  # never more than the limit, even if the file grew since
    except OSError as error:
        report.add("E010", where, f"อ่านไฟล์ '{_shown(folder, path)}' ไม่ได้: {error.strerror}",
                   f"cannot read '{_shown(folder, path)}': {error.strerror}")
        return None


# ---------------------------------------------------------------- zip packages (.xlsx, .docx)
@dataclass(frozen=True)
class ZipLimits:
    total: int
    members: int = MAX_ZIP_MEMBERS


def zip_problem(data_or_path, limits: ZipLimits) -> tuple[str, str] | None:
    """Why a zip package may not be opened: (thai, english), or None. Sizes come from its
    directory, so a small file that would inflate to gigabytes is refused before inflating."""
    try:
        with zipfile.ZipFile(data_or_path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        return (f"ไม่ใช่ไฟล์ Office ที่สมบูรณ์: {error}", f"not a valid Office file: {error}")
    if len(members) > limits.members:
        return (f"มีส่วนประกอบ {len(members):,} ส่วน เกิน {limits.members:,}",
                f"it has {len(members):,} parts, more than {limits.members:,}")
    total = sum(member.file_size for member in members)
    if total > limits.total:
        return (f"เมื่อคลายออกมีขนาด {total / 1048576:,.0f} MB เกินที่รับได้ {limits.total / 1048576:,.0f} MB",
                f"it inflates to {total / 1048576:,.0f} MB, more than {limits.total / 1048576:,.0f} MB")
    return None


# ---------------------------------------------------------------- text hygiene
# Bidirectional overrides and isolates turn text around when printed (U+202E shows
# "ABC" as "CBA"); other format and control characters are invisible. Neither belongs in a letter.
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters that only make equal-looking words differ: removed, and said so.
_ZERO_WIDTH = {"\u200b": "ZERO WIDTH SPACE", "\u200c": "ZERO WIDTH NON-JOINER", "\u200d": "ZERO WIDTH JOINER",
               "\u2060": "WORD JOINER", "\ufeff": "ZERO WIDTH NO-BREAK SPACE", "\u00ad": "SOFT HYPHEN"}
# ำ typed as nikhahit + sara aa (two characters) looks the same but is another word to every search
_DECOMPOSED_AM = re.compile("\u0e4d\u0e32")
_ALLOWED_CONTROLS = {"\n", "\t", "\r"}


@dataclass(frozen=True)
class TextFinding:
    code: str
    thai: str
    english: str


def clean_text(text: str) -> tuple[str, list[TextFinding]]:
    """Text as it should be stored, and what was wrong with it.

    Bidi and control characters are errors (E014); zero-width characters are
    removed with a warning (W022) naming them; a decomposed ำ becomes U+0E33 (W023).

    >>> clean_text("อำเภอ")
    ('อำเภอ', [])
    >>> clean_text("บาง\\u200bคล้า")[0], [f.code for f in clean_text("บาง\\u200bคล้า")[1]]
    ('บางคล้า', ['W022'])
    >>> clean_text("\\u0e2d\\u0e4d\\u0e32\\u0e40\\u0e20\\u0e2d")[0] == "อำเภอ"
    True
    >>> [f.code for f in clean_text("abc\\u202edef")[1]]
    ['E014']
    """
    findings: list[TextFinding] = []
    if text.isascii() and text.isprintable():
        return text, findings
    bad = sorted({c for c in text if c in _BIDI or (unicodedata.category(c) == "Cc" and c not in _ALLOWED_CONTROLS)})
    if bad:
        names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'CONTROL')}" for c in bad)
        findings.append(TextFinding(
            "E014", f"ข้อความมีอักขระควบคุมที่มองไม่เห็น ({names}) ซึ่งทำให้ข้อความพิมพ์ผิดลำดับหรือผิดรูป ให้ลบออก",
            f"the text holds invisible control characters ({names}) that reorder or garble what is printed: "
            "delete them"))
    hidden = sorted({c for c in text if c in _ZERO_WIDTH})
    if hidden:
        names = ", ".join(f"U+{ord(c):04X} {_ZERO_WIDTH[c]}" for c in hidden)
        text = "".join(c for c in text if c not in _ZERO_WIDTH)
        findings.append(TextFinding(
            "W022", f"ลบอักขระที่มองไม่เห็น ({names}) ออกจาก '{text}' ซึ่งทำให้คำที่ดูเหมือนกันไม่ตรงกัน",
            f"removed invisible characters ({names}) from '{text}': they make equal-looking words differ"))
    if _DECOMPOSED_AM.search(text):
        text = _DECOMPOSED_AM.sub("\u0e33", text)
        findings.append(TextFinding(
            "W023", f"สระอำพิมพ์เป็นนิคหิต + สระอา (U+0E4D U+0E32) แก้เป็นสระอำ (U+0E33) แล้ว: '{text}'",
            f"sara am typed as nikhahit + sara aa (U+0E4D U+0E32) was read as U+0E33: '{text}'"))
    return text, findings
