"""Returned report forms: the workbooks (or CSV files) staff put in ``kpi_data/<round>/results/``.

A returned file is user input from outside the office: its size, entry count and
uncompressed size are checked before it is opened, rows and columns are bounded,
and only regular files inside the results folder are read (a link pointing out is
refused). Every problem names the file, the sheet and the cell, e.g.
``results/เมือง.xlsx:ผลการดำเนินงาน!D7``, in Thai and English; a file with an error
gives no results, so nothing is scored from half a file.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from ..base.diagnostics import Location, Report
from ..base.errors import DataError
from ..reading.model import Round
from ..base.paths import RETURNS
from ..reading.tables import parse_cell
from ..thai import parse_thai_date, slash_date_text, thai_date, to_number
from ..documents.form_layout import ID_SHEET, MAX_FIRST_ROW, SHEET, TOTAL_LABEL, FormLayout, form_layout, percent_of

FOLDER = RETURNS  # kpi_data/<round>/results: the returned forms
MAX_FILES = 500
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED = 40 * 1024 * 1024
MAX_ENTRIES = 200
MAX_ROWS = 2000
MAX_COLUMNS = 60
TOLERANCE = Decimal("0.01")
_CSV_KPI = re.compile(r"kpi-?0*(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Return:
    """One district's row of one returned file."""

    kpi: int
    district: str
    values: dict[str, object]  # input and computed columns by heading: Decimal, date or text
    reported: dt.date | None
    file: str  # relative to the round folder
    where: str  # sheet!cell of the district's row (or the CSV line)


@dataclass(frozen=True)
class HeldBack:
    """A returned file with errors: none of its rows count, and the districts it reports wait for a fixed file."""

    file: str  # relative to the round folder
    reports: tuple[tuple[int, str], ...]  # (KPI, district) of its rows (none when it could not be read that far)
    code: str  # its first error, to name the fix
    where: str

    @property
    def districts(self) -> list[str]:
        return list(dict.fromkeys(district for _, district in self.reports))


@dataclass
class Returns:
    returns: list[Return] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # every file read, for the manifest
    held_back: list[HeldBack] = field(default_factory=list)
    replaced: list[tuple[Return, Return]] = field(default_factory=list)  # (older, newer) reports of one month

    def held(self) -> set[tuple[int, str]]:
        """(KPI, district) pairs that wait for a fixed file."""
        return {pair for held in self.held_back for pair in held.reports}


def cell_location(path: Path, sheet: str, cell: str) -> Location:
    """A place in a workbook, printed as file:sheet!cell."""
    return Location(path, cell=f"{sheet}!{cell}")


def read_returns(round_: Round, report: Report) -> Returns:
    """Every returned file of the round, checked. A file with errors gives no rows and is held back (its
    districts wait for a fixed file; the others are scored). A month reported twice: the report with the
    later report date counts, the other is named as replaced (W910)."""
    folder = round_.folder / FOLDER
    found = Returns()
    if folder.is_symlink():
        report.add("E913", Location(folder), "โฟลเดอร์ results เป็นลิงก์ (symbolic link) จึงไม่อ่าน: ใส่ไฟล์ไว้ในโฟลเดอร์จริง",
                   "the results folder is a link: not read (put the files in a real folder)")
        return found
    if not folder.is_dir():
        return found
    base = folder.resolve()
    entries = sorted(folder.iterdir())
    if len(entries) > MAX_FILES:
        report.add("E902", Location(folder), f"มีไฟล์ในโฟลเดอร์ results มากเกิน {MAX_FILES} ไฟล์",
                   f"more than {MAX_FILES} files in the results folder")
        return found
    latest: dict[tuple, Return] = {}
    for path in entries:
        if path.name.startswith((".", "~$")):
            continue  # hidden files and Excel's lock files
        if path.is_symlink():
            where = "ชี้ออกนอกโฟลเดอร์ results " if not _inside(path, base) else ""
            report.add("E913", Location(path), f"ไฟล์นี้เป็นลิงก์ (symbolic link) {where}จึงไม่อ่าน: คัดลอกไฟล์จริงมาแทน",
                       "a link" + (" pointing outside the results folder" if where else "")
                       + ": not read (copy the file itself here)")
            found.held_back.append(HeldBack(_relative(round_, path), (), "E913", _relative(round_, path)))
            continue
        if not path.is_file() or path.suffix.lower() not in (".xlsx", ".csv"):
            report.add("W902", Location(path), "ไม่ใช่ไฟล์ .xlsx หรือ .csv จึงไม่อ่าน", "not an .xlsx or .csv file: skipped")
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            report.add("E902", Location(path), f"ไฟล์ใหญ่เกิน {MAX_FILE_BYTES // 1024 // 1024} MB",
                       f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
            found.held_back.append(HeldBack(_relative(round_, path), (), "E902", _relative(round_, path)))
            continue
        errors = len(report.errors)
        rows = _read_csv(round_, path, report) if path.suffix.lower() == ".csv" else _read_xlsx(round_, path, report)
        found.files.append(path)
        if len(report.errors) > errors:
            first = report.errors[errors]
            cell = f":{first.where.cell}" if first.where.cell else f":{first.where.line}" if first.where.line else ""
            found.held_back.append(HeldBack(_relative(round_, path), tuple(dict.fromkeys((r.kpi, r.district) for r in rows)),
                                            first.code, _relative(round_, path) + cell))
            continue
        for row in rows:
            key = (row.kpi, row.district, (row.reported.year, row.reported.month) if row.reported else None)
            earlier = latest.get(key)
            if earlier is not None:
                older, newer = sorted((earlier, row), key=lambda r: (r.reported or dt.date.min, _modified(round_, r)))
                latest[key] = newer
                found.replaced.append((older, newer))
                report.add("W910", _where(round_, older),
                           f"อำเภอ{row.district} ส่งผลตัวชี้วัดที่ {row.kpi} เดือนเดียวกันซ้ำ ใช้ฉบับวันที่รายงานล่าสุด "
                           f"{_date_text(newer.reported)} ({newer.file}) แทนฉบับนี้ ({_date_text(older.reported)}): "
                           f"ลบไฟล์นี้ออกจากโฟลเดอร์ results ได้",
                           f"{row.district} sent KPI {row.kpi} twice for one month: the later report "
                           f"({_date_text(newer.reported)}, {newer.file}) replaces this one ({_date_text(older.reported)}); "
                           f"this file may be removed from the results folder")
                continue
            latest[key] = row
    found.returns = sorted(latest.values(), key=lambda r: (r.kpi, r.district, r.reported or dt.date.min, r.file))
    held = found.held()
    found.returns = [r for r in found.returns if (r.kpi, r.district) not in held]  # they wait for the fixed file
    return found


def _modified(round_: Round, row: Return) -> float:
    """When the file was saved: decides between two reports of the same day."""
    try:
        return (round_.folder / row.file).stat().st_mtime
    except OSError:
        return 0.0


def _date_text(day: dt.date | None) -> str:
    return "ไม่ระบุวันที่" if day is None else slash_date_text(day)


def _where(round_: Round, row: Return) -> Location:
    path = round_.folder / row.file
    if row.where.startswith("line "):
        return Location(path, int(row.where.removeprefix("line ")))
    sheet, cell = row.where.split("!")
    return cell_location(path, sheet, cell)


def _inside(path: Path, base: Path) -> bool:
    try:
        path.resolve().relative_to(base)
        return True
    except ValueError:
        return False


def _relative(round_: Round, path: Path) -> str:
    return f"{FOLDER}/{path.name}"


# ---------------------------------------------------------------- workbooks
def _zip_is_bounded(data, path: Path, report: Report) -> bool:
    try:
        with zipfile.ZipFile(data) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        report.add("E901", Location(path), f"เปิดไฟล์ Excel ไม่ได้ ({error})", f"cannot open the workbook ({error})")
        return False
    size = sum(info.file_size for info in infos)
    if len(infos) > MAX_ENTRIES or size > MAX_UNCOMPRESSED:
        report.add("E902", Location(path),
                   f"ไฟล์ Excel ขยายแล้วใหญ่เกิน ({size:,} ไบต์ {len(infos)} ส่วน)",
                   f"the workbook unpacks too large ({size:,} bytes in {len(infos)} parts)")
        return False
    return True


OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # an OLE compound file: Excel 97-2003, or an encrypted .xlsx
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted .xlsx keeps its package in


def _raw(path: Path, report: Report) -> bytes | None:
    """The file's bytes, read once (never through a link, never more than the limit)."""
    import os

    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        report.add("E901", Location(path), f"อ่านไฟล์ไม่ได้ ({error.strerror})", f"cannot read the file ({error.strerror})")
        return None
    if len(raw) > MAX_FILE_BYTES:
        report.add("E902", Location(path), f"ไฟล์ใหญ่เกิน {MAX_FILE_BYTES // 1024 // 1024} MB",
                   f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
        return None
    return raw


def _not_a_package(raw: bytes, path: Path, report: Report) -> bool:
    """An encrypted workbook or an old .xls, named as such with what to do."""
    if not raw.startswith(OLE_MAGIC):
        return False
    if ENCRYPTED_PACKAGE in raw:
        report.add("E917", Location(path),
                   "ไฟล์ Excel นี้ตั้งรหัสผ่านไว้ จึงเปิดอ่านไม่ได้: ขอให้อำเภอเอารหัสผ่านออก (ไฟล์ > ข้อมูล > ป้องกันเวิร์กบุ๊ก) แล้วส่งใหม่",
                   "the workbook is password-protected (encrypted) and cannot be read: ask the district to remove "
                   "the password (File > Info > Protect Workbook) and send it again")
    else:
        report.add("E901", Location(path),
                   "ไฟล์นี้เป็น Excel รุ่นเก่า (.xls) ที่ตั้งชื่อเป็น .xlsx: เปิดใน Excel แล้วบันทึกเป็น .xlsx",
                   "an old Excel file (.xls) named .xlsx: open it in Excel and save it as .xlsx")
    return True


def _sheets_are_bounded(raw: bytes, path: Path, report: Report) -> bool:
    """Every worksheet's rows, columns, cells, merged ranges and declared dimension, read from its XML before
    openpyxl builds a cell: a 40-byte merged range can ask for billions."""
    import io

    from lxml import etree

    from ..ooxml.spreadsheet import WORKBOOK_RELS, sheet_parts, worksheet_extent

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            sheets = sheet_parts({n: archive.read(n) for n in ("xl/workbook.xml", WORKBOOK_RELS) if n in names})
            for name in names:
                if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    continue
                with archive.open(name) as part:
                    extent = worksheet_extent(part, MAX_FIRST_ROW + MAX_ROWS, MAX_COLUMNS)
                if extent.bad_number and extent.within(MAX_FIRST_ROW + MAX_ROWS, MAX_COLUMNS):
                    cell, value = extent.bad_number
                    report.add("E015", cell_location(path, sheets.get(name, name), cell),
                               f"'{value}' ไม่ใช่จำนวนที่ใช้ได้ (ไม่มีค่าอนันต์ NaN หรือตัวเลขยาวเกิน): พิมพ์ตัวเลขใหม่",
                               f"'{value}' is no number a form can hold (no infinity, NaN or overlong figure): type it again")
                    return False
                if not extent.within(MAX_FIRST_ROW + MAX_ROWS, MAX_COLUMNS):
                    report.add("E902", Location(path),
                               f"แผ่นงานในไฟล์ ({name}) ใหญ่เกินแบบรายงาน: แถวสูงสุด {extent.rows:,} คอลัมน์ {extent.columns:,} "
                               f"ช่องที่ผสาน {extent.merged_cells:,} ช่อง ขนาดที่ประกาศ {extent.dimension_cells:,} ช่อง",
                               f"a sheet ({name}) is larger than a form: up to row {extent.rows:,}, column "
                               f"{extent.columns:,}, {extent.merged_cells:,} merged cells, {extent.dimension_cells:,} "
                               "cells declared")
                    return False
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, etree.LxmlError) as error:
        report.add("E901", Location(path), f"เปิดไฟล์ Excel ไม่ได้ ({type(error).__name__})",
                   f"cannot open the workbook ({type(error).__name__}: {error})")
        return False
    return True


def _read_xlsx(round_: Round, path: Path, report: Report) -> list[Return]:
    import io

    from openpyxl import load_workbook

    raw = _raw(path, report)
    if raw is None or _not_a_package(raw, path, report):
        return []
    if not _zip_is_bounded(io.BytesIO(raw), path, report) or not _sheets_are_bounded(raw, path, report):
        return []
    try:
        workbook = load_workbook(io.BytesIO(raw), data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        report.add("E901", Location(path), f"เปิดไฟล์ Excel ไม่ได้ ({type(error).__name__})",
                   f"cannot open the workbook ({type(error).__name__}: {error})")
        return []
    if ID_SHEET not in workbook.sheetnames or SHEET not in workbook.sheetnames:
        missing = ID_SHEET if ID_SHEET not in workbook.sheetnames else SHEET
        report.add("E905", cell_location(path, missing, "A1"),
                   f"ไม่ใช่แบบรายงานที่ส่งออกไป: ไม่มีแผ่นงาน '{missing}' (ใช้ไฟล์ report-form-kpi-NN.xlsx)",
                   f"not the report form that was sent: no sheet '{missing}' (use report-form-kpi-NN.xlsx)")
        return []
    identity = {str(workbook[ID_SHEET].cell(r, 1).value): workbook[ID_SHEET].cell(r, 2).value for r in range(1, 6)}
    id_cell = lambda row: cell_location(path, ID_SHEET, f"B{row}")  # noqa: E731
    if str(identity.get("round")) != round_.name:
        report.add("E903", id_cell(1), f"ไฟล์นี้เป็นแบบรายงานของรอบ {identity.get('round')} ไม่ใช่รอบ {round_.name}",
                   f"this form belongs to round {identity.get('round')}, not {round_.name}")
        return []
    kpi = next((k for k in round_.kpis if str(k.number) == str(identity.get("kpi")) and k.report_form), None)
    if kpi is None or (kpi.number, kpi.report_form.table) not in round_.tables:
        report.add("E904", id_cell(2), f"รอบนี้ไม่มีแบบรายงานของตัวชี้วัดที่ {identity.get('kpi')}",
                   f"the round has no report form for KPI {identity.get('kpi')}")
        return []
    district = identity.get("district") or None
    if district is not None and district not in round_.settings.districts:
        report.add("E906", id_cell(4), f"อำเภอ '{district}' ไม่อยู่ในรอบนี้", f"district '{district}' is not in this round")
        return []
    layout = form_layout(round_, kpi, district)
    sheet = workbook[SHEET]
    if sheet.max_row > MAX_ROWS or sheet.max_column > MAX_COLUMNS:
        report.add("E902", cell_location(path, SHEET, "A1"),
                   f"แผ่นงานมี {sheet.max_row:,} แถว {sheet.max_column} คอลัมน์ เกินขนาดของแบบรายงาน",
                   f"the sheet has {sheet.max_row:,} rows and {sheet.max_column} columns, more than a form has")
        return []
    heading_row = _heading_row(sheet, layout)
    for index, heading in enumerate(layout.printed_headings, start=1):
        typed = sheet.cell(heading_row, index)
        if typed.value is None and heading_row > 1:  # merged down from the group row: its value is there
            typed = sheet.cell(heading_row - 1, index)
        if str(typed.value or "").strip() != heading:
            report.add("E905", cell_location(path, SHEET, typed.coordinate),
                       f"หัวคอลัมน์ถูกเปลี่ยนเป็น '{typed.value or ''}' (แบบรายงานคือ '{heading}') อย่าแทรกหรือลบคอลัมน์",
                       f"the heading was changed to '{typed.value or ''}' (the form has '{heading}'): "
                       "do not insert or delete columns")
            return []
    if identity.get("form_version") != layout.version:
        report.add("W903", id_cell(3), "แบบรายงานนี้สร้างจากข้อมูลรุ่นก่อน (เป้าหมายหรืออำเภอเปลี่ยนภายหลัง) ตรวจสอบค่าเป้าหมาย",
                   "this form was made from earlier data (targets or districts changed since): check the targets")
    grid = []
    total_row = None
    for row in range(heading_row + 1, min(sheet.max_row, heading_row + 1 + MAX_ROWS) + 1):  # down to the total
        name = str(sheet.cell(row, 2).value or "").strip()
        if name == TOTAL_LABEL:
            total_row = row
            break
        grid.append((row, name, [sheet[f"{c.letter}{row}"] for c in layout.columns]))
    return _rows(round_, layout, path, grid, total_row and [sheet[f"{c.letter}{total_row}"] for c in layout.columns],
                 report, workbook=True)


def _heading_row(sheet, layout: FormLayout) -> int:
    """Where the heading row is: the row the form was made with, else the first row whose first two cells
    read ลำดับที่ and อำเภอ (a form made with other title lines, e.g. before the round's wording changed)."""
    fixed = [h for h in layout.printed_headings[:2]]
    if [_heading_text(sheet, layout.heading_row, c) for c in (1, 2)] == fixed:
        return layout.heading_row
    for row in range(1, MAX_FIRST_ROW + 1):
        if [str(sheet.cell(row, c).value or "").strip() for c in (1, 2)] == fixed:
            return row + 1 if layout.groups else row  # with groups, ลำดับที่ and อำเภอ are merged down from the group row
    return layout.heading_row


def _heading_text(sheet, row: int, column: int) -> str:
    """A heading cell's text; a cell merged down from the group row above reads that row's value."""
    value = sheet.cell(row, column).value
    if value is None and row > 1:
        value = sheet.cell(row - 1, column).value
    return str(value or "").strip()


# ---------------------------------------------------------------- CSV
def _read_csv(round_: Round, path: Path, report: Report) -> list[Return]:
    """A CSV with the form's headings (ลำดับที่ optional), named after its KPI: kpi-04*.csv."""
    from ..reading.load import read_table

    match = _CSV_KPI.search(path.stem)
    kpi = next((k for k in round_.kpis if match and k.number == int(match.group(1)) and k.report_form), None)
    if kpi is None or (kpi.number, kpi.report_form.table) not in round_.tables:
        report.add("E904", Location(path, 1), "ชื่อไฟล์ CSV ต้องบอกตัวชี้วัดที่มีแบบรายงาน เช่น kpi-04-มีนาคม.csv",
                   "a CSV file's name must name a KPI with a report form, e.g. kpi-04-march.csv")
        return []
    table = read_table(path, report)
    if table is None:
        return []
    if len(table.rows) > MAX_ROWS or len(table.header) > MAX_COLUMNS:
        report.add("E902", Location(path, 1), "ไฟล์ CSV ใหญ่เกินแบบรายงาน", "the CSV file is larger than a form")
        return []
    layout = form_layout(round_, kpi)
    expected = list(layout.headings[1:])
    header = table.header[1:] if table.header and table.header[0] == layout.headings[0] else table.header
    offset = len(table.header) - len(header)
    if header != expected:
        report.add("E905", Location(path, 1), "หัวตาราง CSV ต้องเป็น: " + ", ".join(expected),
                   "the CSV header must be: " + ", ".join(expected))
        return []
    grid, total = [], None
    for index, cells in enumerate(table.rows):
        values = [_CsvCell(cells[offset + 1 + i], table.lines[index], offset + 2 + i) for i in range(len(layout.columns))]
        if cells[offset] == TOTAL_LABEL:
            total = values
        else:
            grid.append((table.lines[index], cells[offset], values))
    return _rows(round_, layout, path, grid, total, report, workbook=False)


@dataclass
class _CsvCell:
    text: str
    line: int
    column: int

    @property
    def value(self):
        return self.text or None


# ---------------------------------------------------------------- the rows
def _rows(round_: Round, layout: FormLayout, path: Path, grid, total, report: Report, workbook: bool) -> list[Return]:
    def where(cell, row=None) -> Location:
        if workbook:
            return cell_location(path, SHEET, cell.coordinate)
        return Location(path, cell.line, cell.column)

    results = []
    sums: dict[str, Decimal] = {}
    in_file: set[str] = set()
    first, last = report_window(round_)
    for row, district, cells in grid:
        district_cell = f"B{row}"
        at = cell_location(path, SHEET, district_cell) if workbook else Location(path, row, 1)
        by_kind = dict(zip(layout.columns, cells))
        inputs = [cell for column, cell in by_kind.items() if column.kind in ("count", "level", "date", "text")]
        filled = any(cell.value not in (None, "") for cell in inputs)
        if not district:
            if filled:  # every filled row is read or named: none is dropped for want of its name
                report.add("E916", at, "แถวนี้กรอกผลไว้แต่ไม่มีชื่ออำเภอ: พิมพ์ชื่ออำเภอในช่องนี้",
                           "this row has results but no district name: type the district's name in this cell")
            continue
        if district not in round_.settings.districts:
            report.add("E906", at, f"อำเภอ '{district}' ไม่อยู่ในรอบนี้", f"district '{district}' is not in this round")
            continue
        if layout.district is not None and district != layout.district:
            if filled:  # a district's workbook reports that district only
                report.add("E915", at,
                           f"แบบรายงานนี้ส่งให้อำเภอ{layout.district} ({ID_SHEET}!B4) แต่มีผลกรอกในแถวของอำเภอ{district}: "
                           f"ให้อำเภอ{district}รายงานในแบบของตนเอง",
                           f"this workbook was issued to {layout.district} ({ID_SHEET}!B4) but has results typed in "
                           f"the row of {district}: {district} reports in its own form")
            continue
        if not filled:
            continue  # this file does not report the district
        if district in in_file:
            report.add("E910", at, f"อำเภอ{district} มีสองแถวในไฟล์เดียวกัน", f"{district} has two rows in this file")
            continue
        in_file.add(district)
        values: dict[str, object] = {}
        target = layout.targets[layout.districts.index(district)] if district in layout.districts else None
        reported = None
        for column, cell in by_kind.items():
            value = cell.value
            if column.kind == "prefilled":
                values[column.heading] = target
            elif column.kind == "count":
                number = _number(value, column.heading, where(cell), report)
                if number is None:
                    continue
                if number < 0 or number != number.to_integral_value():
                    report.add("E911", where(cell), f"'{column.heading}' ต้องเป็นจำนวนเต็มตั้งแต่ ๐ (กรอกไว้ {value})",
                               f"'{column.heading}' must be a whole number, 0 or more (typed {value})")
                elif layout.at_most_target and target is not None and number > target:
                    report.add("E908", where(cell),
                               f"'{column.heading}' ของอำเภอ{district} คือ {number} เกินเป้าหมาย {target}",
                               f"'{column.heading}' of {district} is {number}, above its target {target}")
                values[column.heading] = number
                sums[column.heading] = sums.get(column.heading, Decimal(0)) + number
            elif column.kind == "level":
                number = _number(value, column.heading, where(cell), report)
                if number is not None and (number not in range(1, 6)):
                    report.add("E911", where(cell), f"ระดับต้องเป็น ๑ ถึง ๕ (กรอกไว้ {value})",
                               f"a level must be 1 to 5 (typed {value})")
                values[column.heading] = number
            elif column.kind == "date":
                reported = _date(value, where(cell), report)
                if reported is not None and not first <= reported <= last:
                    report.add("E914", where(cell),
                               f"วันที่รายงาน {thai_date(reported)} อยู่นอกช่วงที่รายงานได้ "
                               f"({thai_date(first)} ถึง {thai_date(last)}{' คือวันนี้' if last == dt.date.today() else ''})",
                               f"the report date {reported.isoformat()} lies outside the dates a report may carry "
                               f"({first.isoformat()} to {last.isoformat()}{', today' if last == dt.date.today() else ''})")
                    reported = None
                values[column.heading] = reported
            elif column.kind == "text":
                values[column.heading] = "" if value is None else str(value)
        for column, cell in by_kind.items():
            if column.kind in ("remaining", "percent"):
                expected = _computed(layout, column.kind, values)
                values[column.heading] = expected
                _check_computed(cell, expected, column.heading, where(cell), report)
        results.append(Return(layout.kpi, district, values, reported, _relative(round_, path),
                              f"{SHEET}!{district_cell}" if workbook else f"line {row}"))
    if total:
        for column, cell in zip(layout.columns, total):
            if column.kind == "prefilled":
                expected = sum(layout.targets, Decimal(0))
            elif column.kind == "count":
                expected = sums.get(column.heading, Decimal(0))
            elif column.kind == "remaining":
                count = layout.column("count")
                reported_targets = sum((layout.targets[layout.districts.index(r.district)] for r in results
                                        if r.district in layout.districts), Decimal(0))
                expected = reported_targets - sums.get(count.heading, Decimal(0)) if count else None
            else:
                continue
            _check_computed(cell, expected, column.heading, where(cell), report, total=True)
    return results


def report_window(round_: Round) -> tuple[dt.date, dt.date]:
    """The dates a returned report may carry: from the round's start to as late as the form's date cells accept
    (its end and :data:`~.workbook.REPORTS_AFTER_END`), and never after today."""
    from ..documents.common import period
    from ..documents.form_workbook import REPORTS_AFTER_END

    start, end = period(round_)
    return start, min(end + REPORTS_AFTER_END, dt.date.today())


def read_number(value) -> Decimal | None:
    """A number cell of a returned form, by the project's one bounded reader (:func:`~generator.thai.to_number`):
    None when blank; InvalidOperation for text that is no number (a formula left as text too); DataError (E015)
    for infinity, NaN or more digits than a count has (1e400 read by openpyxl as inf)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or (isinstance(value, str) and value.startswith("=")):
        raise InvalidOperation(str(value))
    if isinstance(value, (int, float)):
        return to_number(value)
    return parse_cell(str(value))


def _number(value, heading: str, at: Location, report: Report) -> Decimal | None:
    try:
        return read_number(value)
    except DataError as error:
        report.add(error.code, at, f"ช่อง '{heading}': {error.thai}", f"'{heading}': {error.english}")
    except InvalidOperation:
        report.add("E907", at, f"ช่อง '{heading}' ต้องเป็นตัวเลข (กรอกไว้ '{value}')",
                   f"'{heading}' must be a number, not '{value}'")
    return None


def _date(value, at: Location, report: Report) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(year=value.year - 543) if value.year > 2400 else value  # typed as a BE year
    try:
        return slash_date(str(value)) or parse_thai_date(str(value))
    except Exception:
        report.add("E912", at, f"อ่านวันที่ '{value}' ไม่ได้ (พิมพ์เช่น 20/3/2025 หรือ 20 มีนาคม 2568)",
                   f"cannot read the date '{value}' (type e.g. 20/3/2025 or 20 มีนาคม 2568)")
        return None


def slash_date(text: str) -> dt.date | None:
    """A date typed as day/month/year, the year Buddhist-era or Christian; None when not of that form.

    >>> slash_date("20/3/2568")
    datetime.date(2025, 3, 20)
    >>> slash_date("๒๐/๓/๒๐๒๕")
    datetime.date(2025, 3, 20)
    >>> slash_date("20 มีนาคม 2568") is None
    True
    """
    from ..thai import arabic_digits

    match = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", arabic_digits(text))
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    return dt.date(year - 543 if year > 2400 else year, month, day)


def _computed(layout: FormLayout, kind: str, values: dict) -> Decimal | None:
    count = layout.column("count")
    target = values.get(layout.column("prefilled").heading)
    done = values.get(count.heading) if count else None
    if done is None or target is None:
        return None
    if kind == "remaining":
        return target - done
    return percent_of(layout, values)  # exact: the score is made from it, rounding only in print


def _check_computed(cell, expected, heading: str, at: Location, report: Report, total: bool = False) -> None:
    """A formula cell is recomputed here; a number typed over it must agree."""
    value = cell.value
    if value is None or value == "" or (isinstance(value, str) and value.startswith("=")) or expected is None:
        return
    try:
        typed = read_number(value)
    except DataError as error:
        report.add(error.code, at, f"ช่อง '{heading}': {error.thai}", f"'{heading}': {error.english}")
        return
    except InvalidOperation:
        typed = None
    if typed is None:  # text, or a dash typed over the formula
        report.add("E907", at, f"ช่อง '{heading}' ต้องเป็นตัวเลข (กรอกไว้ '{value}')", f"'{heading}' must be a number, not '{value}'")
        return
    if abs(typed - expected) > TOLERANCE:
        what = "ยอดรวม" if total else "ค่าที่คำนวณ"
        shown = expected if expected == expected.quantize(Decimal("0.01")) else \
            expected.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # as the form prints it, not 28 digits
        report.add("E909", at, f"{what} '{heading}' คือ {typed} แต่คำนวณได้ {shown}",
                   f"the {'total' if total else 'computed value'} '{heading}' is {typed} but works out to {shown}")
