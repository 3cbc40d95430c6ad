"""Readers for a round's files that remember where every value came from.

YAML is read with the safe loader (data is never code) and with dates left as
text, so that Buddhist-era dates are read by our own parser. CSV and Excel
tables keep their row numbers. Thai Excel saves CSV as TIS-620 (cp874): such a
file is read, with a warning that says how to save it as UTF-8.
"""
from __future__ import annotations

import csv
import hashlib
import io
import threading
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from ..base.diagnostics import Diagnostic, Location, Report
from .folds import report_thai_folds
from .safety import (MAX_FILE_BYTES, MAX_SHARED_STRINGS, MAX_WORKBOOK_ROWS, MAX_WORKBOOK_UNCOMPRESSED, ZipLimits,
                     clean_text, path_problem, read_input, zip_problem)

PathKey = tuple[str | int, ...]


_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: several times faster


class _DataLoader(_SafeBase):
    """Safe YAML without timestamp conversion: "2568-01-18" stays text for our date parser."""


_DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Positions:
    """file:line:column of every value and key of a YAML document, by path."""

    file: Path
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: PathKey, key: bool = False) -> Location:
        """The location of ``path``, or of its nearest parent that has one."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                line, column = table[probe]
                return Location(self.file, line, column)
            if probe in self.values:
                line, column = self.values[probe]
                return Location(self.file, line, column)
            probe = probe[:-1]
        return Location(self.file, 1, 1)


@dataclass
class Document:
    data: Any
    positions: Positions
    encoding: str = "utf-8"


# ---------------------------------------------------------------- typed text in place of a file; parses kept
@dataclass
class _Sources:
    overlay: dict[Path, bytes]  # resolved path → the bytes read instead of the file's
    keep: bool  # parsed YAML kept between reads, by path and bytes


_SOURCES: ContextVar[_Sources | None] = ContextVar("cdd_reading_sources", default=None)
_KEPT: OrderedDict[tuple, tuple[Document | None, tuple[Diagnostic, ...]]] = OrderedDict()
_KEPT_LOCK = threading.Lock()
KEPT_FILES = 256  # parsed files kept: a national round has a few hundred


@contextmanager
def reading_from(overlay: dict[Path, bytes] | None = None, keep_parsed: bool = False) -> Iterator[None]:
    """Reads inside this block take the bytes of the files ``overlay`` names (a round's file → what a person
    typed, nothing written) instead of the disk's; with ``keep_parsed``, a YAML file is parsed once per content and
    its parse (with the findings the parse made) used again while its bytes are the same. The key is the file's
    path and its bytes themselves, never its time stamp: a file changed on disk is parsed again."""
    if any(len(data) > MAX_FILE_BYTES for data in (overlay or {}).values()):
        raise ValueError("typed text larger than a round's file may be: check it as a file")
    sources = _Sources({Path(path).resolve(): data for path, data in (overlay or {}).items()}, keep_parsed)
    token = _SOURCES.set(sources)
    try:
        yield
    finally:
        _SOURCES.reset(token)


def typed_bytes(path: Path) -> bytes | None:
    """The bytes read in place of ``path`` in a :func:`reading_from` block, or None (read the disk)."""
    sources = _SOURCES.get()
    if sources is None or not sources.overlay:
        return None
    return sources.overlay.get(Path(path).resolve())


def _read_round_file(path: Path, folder: Path, report: Report, where: Location | None = None) -> bytes | None:
    """:func:`read_input`, with the typed bytes of a :func:`reading_from` block in place of the file's."""
    typed = typed_bytes(path)
    if typed is None:
        return read_input(path, folder, report, where)
    problem = path_problem(folder, path)
    if problem:
        report.add(problem[0], where or Location(path), problem[1], problem[2])
        return None
    return typed


def _kept_parse(path: Path, folder: Path | None) -> tuple[tuple, tuple | None, bytes] | None:
    """In a ``keep_parsed`` block: the key of this file as it is now, its kept (document, findings) if any, and
    its bytes. None when the file is not a plain readable file of its folder (its findings then come from reading
    it)."""
    sources = _SOURCES.get()
    if sources is None or not sources.keep:
        return None
    home = folder or path.parent
    if path_problem(home, path):
        return None
    raw = typed_bytes(path)
    if raw is None:
        try:
            with open(path, "rb") as stream:
                raw = stream.read(MAX_FILE_BYTES + 1)
        except OSError:
            return None
    if len(raw) > MAX_FILE_BYTES:
        return None
    key = (str(path), str(home), hashlib.sha256(raw).digest())
    with _KEPT_LOCK:
        found = _KEPT.get(key)
        if found is not None:
            _KEPT.move_to_end(key)
    return key, found, raw


def read_text(path: Path, report: Report, folder: Path | None = None,
              where: Location | None = None) -> tuple[str, str] | None:
    """The text of a file and the encoding it was read in; None when unreadable.
    The file must lie in ``folder`` (by default its own folder) and be of a sane size."""
    raw = _read_round_file(path, folder or path.parent, report, where)
    if raw is None:
        return None
    if utf16(raw):
        report.add("E002", Location(path),
                   "ไฟล์บันทึกเป็น UTF-16 (Unicode) ซึ่งโปรแกรมไม่อ่าน ให้เปิดไฟล์แล้วบันทึกใหม่เป็น UTF-8",
                   "the file is saved as UTF-16 (Unicode), which is not read: open it and save it again as UTF-8")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad_line = raw[: error.start].count(b"\n") + 1
    else:
        return (text, "utf-8") if _no_nul(text, path, report) else None
    try:
        text = raw.decode("cp874")
    except UnicodeDecodeError:
        report.add(
            "E002", Location(path, bad_line),
            "ไฟล์ไม่ได้เข้ารหัส UTF-8 และอ่านเป็น TIS-620 ไม่ได้ ให้เปิดไฟล์แล้วบันทึกใหม่เป็น UTF-8",
            "the file is neither UTF-8 nor TIS-620/cp874: open it and save it again as UTF-8",
        )
        return None
    if not _no_nul(text, path, report):
        return None
    report.add(
        "W001", Location(path, bad_line),
        "ไฟล์เข้ารหัส TIS-620 (cp874) ซึ่งอ่านได้ แต่ควรบันทึกเป็น UTF-8: ใน Excel เลือก "
        "บันทึกเป็น > CSV UTF-8 (Comma delimited)",
        "the file is TIS-620 (cp874), read as such; save it as UTF-8: in Excel use "
        "Save As > CSV UTF-8 (Comma delimited)",
    )
    return text, "cp874"


def utf16(raw: bytes) -> bool:
    r"""Whether bytes are UTF-16 text: a byte-order mark, or (without one) text that reads as Thai, English and
    the usual punctuation in UTF-16 (little or big end first) and not as UTF-8.

    >>> utf16("name: ชื่อ\n".encode("utf-16")), utf16("name: ชื่อ\n".encode("utf-16-le"))
    (True, True)
    >>> utf16("อำเภอ,ครัวเรือน\nบางคล้า,18\n".encode("utf-16-be")), utf16("name: ชื่อ\n".encode())
    (True, False)
    >>> utf16(b"a\0b: c\n"), utf16("อำเภอ".encode("cp874")), utf16(b"")
    (False, False, False)
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = raw[:4096]
    if len(head) < 4 or len(head) % 2:
        return False
    try:
        head.decode("utf-8")
        if b"\0" not in head:
            return False  # good UTF-8 without a zero byte is UTF-8
    except UnicodeDecodeError:
        pass
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        usual = sum(1 for c in text if c in "\n\r\t" or " " <= c <= "~" or "\u0e00" <= c <= "\u0e7f"
                    or "\u2000" <= c <= "\u206f" or c == "\ufeff")
        if usual >= 0.9 * len(text):
            return True
    return False


def _short_tag(tag: str) -> str:
    """
    >>> _short_tag("tag:yaml.org,2002:binary")
    '!!binary'
    """
    return tag.replace("tag:yaml.org,2002:", "!!")


def _no_nul(text: str, path: Path, report: Report) -> bool:
    """A zero character (NUL) never belongs in a round's file: it is named at its line."""
    at = text.find("\0")
    if at < 0:
        return True
    report.add("E014", Location(path, text.count("\n", 0, at) + 1),
               "มีอักขระศูนย์ (NUL, U+0000) ซึ่งมองไม่เห็นอยู่ในบรรทัดนี้ ไฟล์อาจเสีย ให้ลบออกหรือบันทึกไฟล์ใหม่",
               "an invisible zero character (NUL, U+0000) on this line: the file may be damaged; delete it or save "
               "the file again")
    return False


MAX_DEPTH = 40  # nesting of lists and mappings; a round's files use fewer than 10
MAX_NODES = 200_000  # values after every alias is expanded; a national round.yaml has about 2,000


def read_yaml(path: Path, report: Report, folder: Path | None = None) -> Document | None:
    """Read one YAML file; syntax problems go into ``report`` with their line. In a :func:`reading_from` block
    with ``keep_parsed``, a file whose bytes were parsed before is not parsed again (the Document is shared:
    readers never change it)."""
    kept = _kept_parse(Path(path), folder)
    if kept is None:
        return _read_yaml(path, report, folder)
    key, found, raw = kept
    if found is None:
        own, sources = Report(), _SOURCES.get()
        # the very bytes the key was made of are parsed (the file may change meanwhile)
        token = _SOURCES.set(_Sources({**sources.overlay, Path(path).resolve(): raw}, sources.keep))
        try:
            found = (_read_yaml(path, own, folder), tuple(own.diagnostics))
        finally:
            _SOURCES.reset(token)
        with _KEPT_LOCK:
            _KEPT[key] = found
            while len(_KEPT) > KEPT_FILES:
                _KEPT.popitem(last=False)
    report.diagnostics.extend(found[1])
    return found[0]


def _read_yaml(path: Path, report: Report, folder: Path | None = None) -> Document | None:
    decoded = read_text(path, report, folder)
    if decoded is None:
        return None
    text, encoding = decoded
    positions = Positions(path)
    try:
        # libyaml's composer recurses: measure depth and alias expansion on its event stream first
        if not _within_limits(text, path, report):
            return None
        node = yaml.compose(text, Loader=_DataLoader)
    except yaml.MarkedYAMLError as error:
        if _is_nesting_limit(error):
            # libyaml (PyYAML 6.0.4 and later) stops deep nesting itself, scanning ahead of our count
            mark = error.problem_mark or error.context_mark
            _report_too_deep(report, Location(path, mark.line + 1 if mark else None,
                                              mark.column + 1 if mark else None))
            return None
        # An unclosed [ { or quote is found lines later: point at where it was opened.
        opened = error.context and ("flow" in error.context or "quoted" in error.context)
        mark = (error.context_mark if opened else None) or error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        report.add(
            "E001", Location(path, line, column),
            f"รูปแบบ YAML ไม่ถูกต้อง: {error.problem or error.context} (ตรวจการเยื้องบรรทัดและเครื่องหมาย :)",
            f"invalid YAML: {error.problem or error.context} (check indentation and colons)",
        )
        return None
    except yaml.reader.ReaderError as error:  # a character YAML refuses (a control character), before any mark
        found = text.find(chr(error.character)) if isinstance(error.character, int) else -1
        line = text.count("\n", 0, found) + 1 if found >= 0 else None  # libyaml's position counts bytes
        character = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
        report.add("E014", Location(path, line),
                   f"มีอักขระควบคุมที่มองไม่เห็น ({character}) ซึ่ง YAML ไม่รับ ให้ลบออก",
                   f"an invisible control character ({character}) YAML does not accept: delete it")
        return None
    if node is None:
        return Document({}, positions, encoding)
    report_thai_folds(node, text, path, report)
    constructor = _DataLoader(text)
    try:
        data = _Builder(path, positions, constructor, report).build(node, ())
    finally:
        constructor.dispose()
    return Document(data, positions, encoding)


def _is_nesting_limit(error: yaml.MarkedYAMLError) -> bool:
    """Whether the YAML parser itself refused the nesting (libyaml's own depth limit)."""
    return "nesting depth" in f"{error.problem or ''} {error.context or ''}"


def _report_too_deep(report: Report, where: Location) -> None:
    report.add("E011", where,
               f"ข้อมูลซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น (ตรวจวงเล็บ [ และ {{ ที่ไม่ได้ปิด)",
               f"values are nested more than {MAX_DEPTH} deep (look for unclosed [ and {{)")


def _within_limits(text: str, path: Path, report: Report) -> bool:
    """Nesting no deeper than MAX_DEPTH, no alias inside its own anchor, and no more than
    MAX_NODES values once aliases are expanded (a "billion laughs" file is a few lines)."""
    depth, open_nodes, sizes, total = 0, [], {}, 0
    for event in yaml.parse(text, Loader=_DataLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                _report_too_deep(report, Location(path, line, event.start_mark.column + 1))
                return False
            open_nodes.append([event.anchor, 1])
            total += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            anchor, size = open_nodes.pop()
            if anchor:
                sizes[anchor] = size
            if open_nodes:
                open_nodes[-1][1] += size
        elif isinstance(event, yaml.ScalarEvent):
            size = 1 + len(event.value) // 100
            total += size
            if event.anchor:
                sizes[event.anchor] = size
            if open_nodes:
                open_nodes[-1][1] += size
        elif isinstance(event, yaml.AliasEvent):
            if any(anchor == event.anchor for anchor, _ in open_nodes):
                report.add("E012", Location(path, line, event.start_mark.column + 1),
                           f"*{event.anchor} อ้างถึงตัวเองซ้ำไม่รู้จบ (อยู่ภายใน &{event.anchor} เอง)",
                           f"*{event.anchor} refers to itself without end (it is inside &{event.anchor})")
                return False
            size = sizes.get(event.anchor, 1)
            total += size
            if open_nodes:
                open_nodes[-1][1] += size
        if total > MAX_NODES:
            report.add("E012", Location(path, line, event.start_mark.column + 1),
                       f"การอ้างถึงด้วย * และ & ทำให้ข้อมูลขยายเกิน {MAX_NODES:,} ค่า จึงไม่อ่าน",
                       f"aliases (* and &) expand the file beyond {MAX_NODES:,} values: it is not read")
            return False
    return True


@dataclass
class _Builder:
    """Plain data from composed YAML, with positions; duplicate keys, numbers no type can hold
    and invisible characters reported where they were typed."""

    file: Path
    positions: Positions
    constructor: Any
    report: Report

    def where(self, node: yaml.Node) -> Location:
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.positions.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(self.scalar(key_node))
                child = path + (key,)
                if key in result:
                    first = self.positions.keys[child][0]
                    self.report.add("E013", self.where(key_node),
                                    f"ช่อง '{key}' ซ้ำกับบรรทัด {first} (ค่าหลังจะทับค่าแรกโดยไม่มีใครเห็น) ให้ลบช่องใดช่องหนึ่ง",
                                    f"field '{key}' is given twice (also on line {first}; the second would silently "
                                    "replace the first): delete one")
                    continue
                self.positions.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except ValueError as error:  # an integer of thousands of digits; or a tag the text is not (!!float abc)
            if node.tag not in (yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG, "tag:yaml.org,2002:int") \
                    or not node.value.strip().lstrip("+-").replace("_", "").isdigit():
                self.report.add("E001", self.where(node), f"อ่านค่าที่มีแท็ก {_short_tag(node.tag)} ไม่ได้: {error}"[:300],
                                f"cannot read the value tagged {_short_tag(node.tag)}: {error}"[:300])
                return str(node.value)[:20]
            self.report.add("E015", self.where(node),
                            f"ตัวเลขยาว {len(node.value):,} หลัก มากเกินกว่าที่ช่องใดจะใช้ได้",
                            f"a number of {len(node.value):,} digits is more than any field can mean")
            return node.value[:20]
        except yaml.YAMLError as error:  # a tag whose value cannot be read (!!binary with bad base64, !!float x)
            problem = getattr(error, "problem", None) or str(error)
            self.report.add("E001", self.where(node), f"อ่านค่าที่มีแท็ก {_short_tag(node.tag)} ไม่ได้: {problem}",
                            f"cannot read the value tagged {_short_tag(node.tag)}: {problem}")
            return str(node.value)[:20]
        if isinstance(value, (bytes, bytearray)):  # !!binary: no field holds bytes
            self.report.add("E103", self.where(node), "ค่าที่มีแท็ก !!binary เป็นข้อมูลไบนารี ไม่ใช่ข้อความ: พิมพ์เป็นข้อความ",
                            "a value tagged !!binary is binary data, not text: type it as text")
            return ""
        if isinstance(value, str):
            value, findings = clean_text(value)
            for finding in findings:
                self.report.add(finding.code, self.where(node), finding.thai, finding.english)
        return value


@dataclass
class Table:
    """A per-district table: header, rows of text cells, and each row's line in the file."""

    file: Path
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    encoding: str = "utf-8"
    sheet: str | None = None  # a workbook's sheet the table was read from: its cells are named as Excel names them

    def where(self, row_index: int | None = None, column_index: int | None = None) -> Location:
        line = self.lines[row_index] if row_index is not None else 1
        column = None if column_index is None else column_index + 1
        return Location(self.file, line, column, sheet_cell(self.sheet, line, column))


def sheet_cell(sheet: str | None, row: int, column: int | None) -> str | None:
    """A workbook cell as Excel names it, or None outside a workbook.

    >>> sheet_cell("ตาราง", 4, 2), sheet_cell(None, 4, 2), sheet_cell("ตาราง", 4, None)
    ('ตาราง!B4', None, None)
    """
    if sheet is None or column is None:
        return None
    from openpyxl.utils import get_column_letter

    return f"{sheet}!{get_column_letter(column)}{row}"


def read_table(path: Path, report: Report, folder: Path | None = None,
               where: Location | None = None) -> Table | None:
    """Read a CSV (UTF-8 or TIS-620) or an Excel sheet (.xlsx: the sheet open when it was saved).
    The file must lie in ``folder``; ``where`` is the field that names it."""
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path, report, folder or path.parent, where)
    decoded = read_text(path, report, folder, where)
    if decoded is None:
        return None
    text, encoding = decoded
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    for cells in reader:
        line = reader.line_num
        cells = _clean_cells(path, line, [cell.strip() for cell in cells], report)
        if any(cells):
            records.append((line, cells))
    return _table(path, records, report, encoding)


def _clean_cells(path: Path, line: int, cells: list[str], report: Report) -> list[str]:
    cleaned = []
    for column, cell in enumerate(cells, start=1):
        cell, findings = clean_text(cell)
        for finding in findings:
            report.add(finding.code, Location(path, line, column), finding.thai, finding.english)
        cleaned.append(cell)
    return cleaned


def _read_xlsx(path: Path, report: Report, folder: Path, where: Location | None) -> Table | None:
    from openpyxl import load_workbook

    raw = _read_round_file(path, folder, report, where)
    if raw is None:
        return None
    import zipfile

    if not zipfile.is_zipfile(io.BytesIO(raw)):
        report.add("E003", Location(path), "เปิดไฟล์ Excel ไม่ได้: ไม่ใช่ไฟล์ .xlsx ที่สมบูรณ์",
                   "cannot open the Excel file: it is not a complete .xlsx file")
        return None
    problem = _workbook_problem(raw)
    if problem:
        report.add("E021", Location(path), f"ไม่อ่านไฟล์ Excel นี้: {problem[0]}", f"the Excel file is not read: {problem[1]}")
        return None
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        report.add("E003", Location(path), f"เปิดไฟล์ Excel ไม่ได้: {error}", f"cannot open the Excel file: {error}")
        return None
    try:
        sheet = _chosen_sheet(workbook, path, report)
        if sheet is None:
            return None
        typed = formulas[sheet.title]
        title = sheet.title
        records = []
        uncached: list[tuple[int, int]] = []
        for number, (values, sources) in enumerate(
                zip(sheet.iter_rows(values_only=True), typed.iter_rows(values_only=True)), start=1):
            if number > MAX_WORKBOOK_ROWS:
                report.add("E021", Location(path, number),
                           f"แผ่นงานมีเกิน {MAX_WORKBOOK_ROWS:,} แถว", f"the sheet has more than {MAX_WORKBOOK_ROWS:,} rows")
                return None
            for column, (value, source) in enumerate(zip(values, sources), start=1):
                if value is None and isinstance(source, str) and source.startswith("="):
                    uncached.append((number, column))
            cells = _clean_cells(path, number, ["" if value is None else _cell_text(value) for value in values], report)
            if any(cells):
                records.append((number, cells))
    finally:
        workbook.close()
        formulas.close()
    if uncached:
        line, column = uncached[0]
        report.add("E020", Location(path, line, column, sheet_cell(title, line, column)),
                   f"มีสูตร {len(uncached)} ช่องที่ไม่มีค่าที่คำนวณไว้ (ไฟล์ไม่ได้บันทึกจาก Excel) "
                   "ให้เปิดไฟล์ใน Excel หรือ LibreOffice แล้วบันทึกใหม่",
                   f"{len(uncached)} formula cell(s) have no computed value (the file was not saved by Excel): "
                   "open it in Excel or LibreOffice and save it again")
        return None
    return _table(path, records, report, "xlsx", title)


def _workbook_problem(raw: bytes) -> tuple[str, str] | None:
    """Sizes and counts of an .xlsx from its zip directory and a byte count, before openpyxl parses it."""
    import zipfile

    problem = zip_problem(io.BytesIO(raw), ZipLimits(MAX_WORKBOOK_UNCOMPRESSED))
    if problem:
        return problem
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        if "xl/sharedStrings.xml" in package.namelist():
            strings = package.read("xl/sharedStrings.xml").count(b"<si")
            if strings > MAX_SHARED_STRINGS:
                return (f"มีข้อความ {strings:,} รายการ เกิน {MAX_SHARED_STRINGS:,}",
                        f"it holds {strings:,} strings, more than {MAX_SHARED_STRINGS:,}")
    return None


def _chosen_sheet(workbook, path: Path, report: Report):
    """The sheet open when the file was saved, if visible; else the first visible one.
    When that is not simply the only or first sheet, say which one is read."""
    sheets = workbook.worksheets
    visible = [sheet for sheet in sheets if sheet.sheet_state == "visible"]
    if not visible:
        report.add("E003", Location(path), "ไฟล์ Excel ไม่มีแผ่นงานที่มองเห็น", "the Excel file has no visible sheet")
        return None
    active = workbook.active
    chosen = active if active in visible else visible[0]
    if len(sheets) > 1 and (chosen is not sheets[0] or len(visible) < len(sheets)):
        hidden = [sheet.title for sheet in sheets if sheet not in visible]
        hidden_th = f" (แผ่นที่ซ่อนอยู่ไม่อ่าน: {', '.join(hidden)})" if hidden else ""
        hidden_en = f" (hidden sheets are not read: {', '.join(hidden)})" if hidden else ""
        report.add("W021", Location(path),
                   f"อ่านตารางจากแผ่นงาน '{chosen.title}' ซึ่งเปิดอยู่เมื่อบันทึกไฟล์{hidden_th} "
                   "ถ้าไม่ใช่แผ่นนี้ ให้เปิดแผ่นที่ถูกต้องแล้วบันทึกใหม่",
                   f"the table is read from the sheet '{chosen.title}', the one open when the file was saved"
                   f"{hidden_en}; if that is not the right one, open the right sheet and save again")
    return chosen


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(path: Path, records: list[tuple[int, list[str]]], report: Report, encoding: str,
           sheet: str | None = None) -> Table | None:
    if not records:
        report.add("E004", Location(path, 1), "ตารางว่าง ไม่มีหัวตาราง", "the table is empty: it has no header row")
        return None
    (_, header), body = records[0], records[1:]
    width = len(header)
    rows = [cells + [""] * (width - len(cells)) if len(cells) < width else cells for _, cells in body]
    for (line, cells) in body:
        if len(cells) > width and any(cells[width:]):
            report.add(
                "E005", Location(path, line, width + 1, sheet_cell(sheet, line, width + 1)),
                f"แถวนี้มี {len(cells)} ช่อง แต่หัวตารางมี {width} ช่อง",
                f"this row has {len(cells)} cells but the header has {width}",
            )
    return Table(path, header, [cells[:width] for cells in rows], [line for line, _ in body], encoding, sheet)
