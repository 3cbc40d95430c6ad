"""Readers for a round's files that remember where every value came from.

YAML is read with the safe loader (data is never code) and with dates left as
text, so that Buddhist-era dates are read by our own parser. CSV and Excel
tables keep their row numbers. Thai Excel saves CSV as TIS-620 (cp874): such a
file is read, with a warning that says how to save it as UTF-8.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Location, Report
from .folds import report_thai_folds

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


def read_text(path: Path, report: Report) -> tuple[str, str] | None:
    """The text of a file and the encoding it was read in; None when unreadable."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as error:
        bad_line = raw[: error.start].count(b"\n") + 1
    try:
        text = raw.decode("cp874")
    except UnicodeDecodeError:
        report.add(
            "E002", Location(path, bad_line),
            "ไฟล์ไม่ได้เข้ารหัส UTF-8 และอ่านเป็น TIS-620 ไม่ได้ ให้เปิดไฟล์แล้วบันทึกใหม่เป็น UTF-8",
            "the file is neither UTF-8 nor TIS-620/cp874: open it and save it again as UTF-8",
        )
        return None
    report.add(
        "W001", Location(path, bad_line),
        "ไฟล์เข้ารหัส TIS-620 (cp874) ซึ่งอ่านได้ แต่ควรบันทึกเป็น UTF-8: ใน Excel เลือก "
        "บันทึกเป็น > CSV UTF-8 (Comma delimited)",
        "the file is TIS-620 (cp874), read as such; save it as UTF-8: in Excel use "
        "Save As > CSV UTF-8 (Comma delimited)",
    )
    return text, "cp874"


def read_yaml(path: Path, report: Report) -> Document | None:
    """Read one YAML file; syntax problems go into ``report`` with their line."""
    decoded = read_text(path, report)
    if decoded is None:
        return None
    text, encoding = decoded
    positions = Positions(path)
    try:
        node = yaml.compose(text, Loader=_DataLoader)
    except yaml.MarkedYAMLError as error:
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
    if node is None:
        return Document({}, positions, encoding)
    report_thai_folds(node, text, path, report)
    constructor = _DataLoader(text)
    try:
        data = _build(node, (), positions, constructor)
    finally:
        constructor.dispose()
    return Document(data, positions, encoding)


def _build(node: yaml.Node, path: PathKey, positions: Positions, constructor: yaml.SafeLoader) -> Any:
    positions.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(constructor.construct_object(key_node, deep=True))
            child = path + (key,)
            positions.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _build(value_node, child, positions, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (index,), positions, constructor) for index, item in enumerate(node.value)]
    return constructor.construct_object(node, deep=True)


@dataclass
class Table:
    """A per-district table: header, rows of text cells, and each row's line in the file."""

    file: Path
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    encoding: str = "utf-8"

    def where(self, row_index: int | None = None, column_index: int | None = None) -> Location:
        line = self.lines[row_index] if row_index is not None else 1
        return Location(self.file, line, None if column_index is None else column_index + 1)


def read_table(path: Path, report: Report) -> Table | None:
    """Read a CSV (UTF-8 or TIS-620) or an Excel sheet (.xlsx, first sheet)."""
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path, report)
    decoded = read_text(path, report)
    if decoded is None:
        return None
    text, encoding = decoded
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    for cells in reader:
        line = reader.line_num
        cells = [cell.strip() for cell in cells]
        if any(cells):
            records.append((line, cells))
    return _table(path, records, report, encoding)


def _read_xlsx(path: Path, report: Report) -> Table | None:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        report.add("E003", Location(path), f"เปิดไฟล์ Excel ไม่ได้: {error}", f"cannot open the Excel file: {error}")
        return None
    sheet = workbook.worksheets[0]
    records = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = ["" if value is None else _cell_text(value) for value in values]
        if any(cells):
            records.append((number, cells))
    workbook.close()
    return _table(path, records, report, "xlsx")


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(path: Path, records: list[tuple[int, list[str]]], report: Report, encoding: str) -> Table | None:
    if not records:
        report.add("E004", Location(path, 1), "ตารางว่าง ไม่มีหัวตาราง", "the table is empty: it has no header row")
        return None
    (_, header), body = records[0], records[1:]
    width = len(header)
    rows = [cells + [""] * (width - len(cells)) if len(cells) < width else cells for _, cells in body]
    for (line, cells) in body:
        if len(cells) > width and any(cells[width:]):
            report.add(
                "E005", Location(path, line, width + 1),
                f"แถวนี้มี {len(cells)} ช่อง แต่หัวตารางมี {width} ช่อง",
                f"this row has {len(cells)} cells but the header has {width}",
            )
    return Table(path, header, [cells[:width] for cells in rows], [line for line, _ in body], encoding)
