"""The report form as an Excel workbook (report-form-kpi-NN.xlsx), written next to its .docx.

Laid out like the printed form, in TH SarabunPSK, set up for A4. Every cell is
locked except those a district fills; those carry data validation (whole numbers
from 0 up to the district's target, levels 1–5, dates within the round). Totals,
remainders and percentages are formulas. A hidden, protected sheet names the round,
the KPI and the form version (see :mod:`.layout`). The bytes are deterministic.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import io
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation, DataValidationList
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.styles.stylesheet import write_stylesheet
from openpyxl.writer.excel import ExcelWriter
from openpyxl.writer.theme import theme_xml
from openpyxl.xml.constants import ARC_APP, ARC_CORE, ARC_ROOT_RELS, ARC_STYLE, ARC_THEME, ARC_WORKBOOK, ARC_WORKBOOK_RELS
from openpyxl.xml.functions import tostring
from openpyxl.workbook._writer import WorkbookWriter

from .. import __version__, ooxml, program_digest
from ..documents.common import period, province_of, round_view
from ..documents.kpi_sheets import schedule_text
from ..model import KPI, Round
from ..thai import with_digits
from .layout import FIRST_ROW, HEADING_ROW, ID_SHEET, SHEET, TOTAL_LABEL, FormLayout

FONT = "TH SarabunPSK"
THIN = Side(style="thin")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
OPEN = Protection(locked=False)
DATE_FORMAT = "d/m/yyyy"
WIDTHS = {"prefilled": 13, "count": 13, "remaining": 11, "percent": 10, "level": 13, "date": 14, "text": 20}
INPUT_KINDS = ("count", "level", "date", "text")


@functools.cache  # a cell keeps the font's values, not the object: one Font per style, not per cell
def _font(size: int = 16, bold: bool = False) -> Font:
    return Font(name=FONT, size=size, bold=bold)


def _validations(layout: FormLayout, start: dt.date, end: dt.date) -> list[DataValidation]:
    """One rule per input column, over the rows a district may fill (relative to the first row)."""
    rows = [layout.row_of(layout.district)] if layout.district else range(FIRST_ROW, layout.total_row)
    target = layout.column("prefilled").letter
    found = []
    for column in layout.columns:
        if column.kind == "count":
            if layout.at_most_target:
                rule = DataValidation(type="whole", operator="between", formula1="0", formula2=f"{target}{FIRST_ROW}",
                                      error="กรอกจำนวนเต็มตั้งแต่ ๐ ถึงค่าเป้าหมายของอำเภอ / a whole number from 0 to the target",
                                      prompt="จำนวนเต็ม ไม่เกินเป้าหมาย / a whole number, at most the target")
            else:
                rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                                      error="กรอกจำนวนเต็มตั้งแต่ ๐ ขึ้นไป / a whole number, 0 or more",
                                      prompt="จำนวนเต็ม / a whole number")
        elif column.kind == "level":
            rule = DataValidation(type="whole", operator="between", formula1="1", formula2="5",
                                  error="ระดับ ๑ ถึง ๕ / a level from 1 to 5", prompt="ระดับ ๑–๕ / level 1–5")
        elif column.kind == "date":
            rule = DataValidation(type="date", operator="between",
                                  formula1=f"DATE({start.year},{start.month},{start.day})",
                                  formula2=f"DATE({end.year},{end.month},{end.day})",
                                  error="วันที่ในรอบการประเมิน เช่น 20/3/2025 (ค.ศ.) / a date within the round",
                                  prompt="วันที่ เช่น 20/3/2025 / a date, e.g. 20/3/2025")
        else:
            continue
        rule.showErrorMessage = True
        rule.showInputMessage = True
        rule.errorTitle = "ค่าไม่ถูกต้อง / invalid value"
        rule.allow_blank = True
        for row in rows:
            rule.add(f"{column.letter}{row}")
        found.append(rule)
    return found


def _formula(layout: FormLayout, kind: str, row: int) -> str | None:
    target = f"{layout.column('prefilled').letter}{row}"
    count = layout.column("count")
    if count is None:
        return None
    done = f"{count.letter}{row}"
    if kind == "remaining":
        return f'=IF({done}="","",{target}-{done})'
    if kind == "percent":
        return f'=IF(OR({done}="",{target}=0),"",ROUND({done}/{target}*100,2))'
    return None


class _CellStyles:
    """A workbook's cell styles, each made once. Setting a font, border or alignment through
    openpyxl hashes the style object for every cell (most of a workbook's time); a cell of a
    style already made takes a copy of the first such cell's style ids instead, as openpyxl's
    own copying does. The workbook's style tables, and so its bytes, are the same."""

    def __init__(self):
        self._made: dict[str, StyleArray] = {}

    def apply(self, cell, name: str, **style) -> None:
        made = self._made.get(name)
        if made is not None:
            cell._style = copy.copy(made)
            return
        for attribute, value in style.items():
            setattr(cell, attribute, value)
        self._made[name] = copy.copy(cell._style)


def _merge(sheet, row: int, columns: int) -> None:
    """Merge a row's first ``columns`` cells. openpyxl's merge_cells also copies the first cell's
    border and protection to every cell of the range: here the first cell has neither yet (the
    defaults), so only the merged range and its placeholder cells are made."""
    sheet.merged_cells.add(MergedCellRange(sheet, f"A{row}:{get_column_letter(columns)}{row}"))
    for column in range(2, columns + 1):
        sheet._cells[row, column] = MergedCell(sheet, row, column)


CENTERED = Alignment(horizontal="center")
TITLE = Alignment(horizontal="center", vertical="center", wrap_text=True)
FOOTER = {True: Alignment(horizontal="center", wrap_text=True), False: Alignment(horizontal="left", wrap_text=True)}


def form_workbook(round_: Round, kpi: KPI, layout: FormLayout) -> bytes:
    """The workbook's bytes: the same round data gives the same bytes.

    The forms of one KPI's districts differ only in their district (its name in the title, its row
    the open one, its validations, the hidden sheet): the workbook made for one district is changed
    for the next instead of being made again. The bytes are those a fresh workbook gives."""
    global _last_district_form
    key = None
    if layout.district is not None:
        key = input_key(round_, kpi, dataclasses.replace(layout, district=None))
        if _last_district_form is not None and _last_district_form[0] == key:
            form = _last_district_form[1]
            _open_district(form, layout)
            return _save(form)
    form = _build(round_, kpi, layout)
    _last_district_form = None if key is None else (key, form)
    return _save(form)


_last_district_form: tuple[str, _Form] | None = None  # per process: the last per-district form, to change


def _input_style(kind: str, open_: bool) -> tuple[str, dict]:
    """The style of a cell a district fills: its name and its parts."""
    style = {"number_format": {"date": DATE_FORMAT, "text": "@"}.get(kind, "#,##0"), "font": _font(), "border": GRID}
    if open_:
        style["protection"] = OPEN
    return (f"{kind} open" if open_ else kind), style


def _open_district(form: _Form, layout: FormLayout) -> None:
    """Make ``form`` (a per-district form of the same KPI) the form of ``layout.district``."""
    sheet, old = form.sheet, form.layout
    sheet.cell(4, 1).value = f"อำเภอ{layout.district} จังหวัด{form.province}"
    for column in layout.columns:
        if column.kind in INPUT_KINDS:
            for row, open_ in ((old.row_of(old.district), False), (layout.row_of(layout.district), True)):
                name, style = _input_style(column.kind, open_)
                form.styles.apply(sheet[f"{column.letter}{row}"], name, **style)
    sheet.data_validations = DataValidationList()
    for rule in _validations(layout, *form.validity):
        sheet.add_data_validation(rule)
    form.identity.cell(4, 2).value = layout.district
    form.layout = layout


def _save(form: _Form) -> bytes:
    workbook = form.workbook
    # the style and string tables are filled as the cells are written: a changed form starts them afresh
    workbook._cell_styles = IndexedList([StyleArray()])
    workbook.shared_strings = IndexedList()
    for sheet in workbook.worksheets:
        sheet.column_dimensions.max_outline = None  # set when the columns are written
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # compressed once, by write_package
        _MemoryWriter(workbook, archive).write_data()
    return ooxml.spreadsheet.package_bytes(ooxml.read_package(buffer.getvalue()), form.layout.title, form.creator)


@dataclasses.dataclass
class _Form:
    workbook: Workbook
    sheet: object
    identity: object
    styles: _CellStyles
    layout: FormLayout
    province: str
    creator: str
    validity: tuple[dt.date, dt.date]


def _build(round_: Round, kpi: KPI, layout: FormLayout) -> _Form:
    digits = round_.settings.digits
    view = round_view(round_, digits)
    workbook = Workbook()
    styles = _CellStyles()
    sheet = workbook.active
    sheet.title = SHEET
    last = layout.columns[-1].letter
    province = province_of(round_).name
    titles = [
        (with_digits(layout.title, digits), 18),
        (with_digits(f"ตัวชี้วัดที่ {kpi.number} {kpi.name}", digits), 16),
        (f"{view['round_title']} ({view['period_text']})", 16),
        (f"อำเภอ{layout.district} จังหวัด{province}" if layout.district else f"จังหวัด{province}", 16),
    ]
    for row, (text, size) in enumerate(titles, start=1):
        _merge(sheet, row, len(layout.headings))
        styles.apply(sheet.cell(row, 1, text), f"title {size}", font=_font(size, bold=True), alignment=TITLE)
        sheet.row_dimensions[row].height = 48 if row == 2 else 26
    for index, heading in enumerate(layout.headings, start=1):
        styles.apply(sheet.cell(HEADING_ROW, index, heading), "heading", font=_font(14, bold=True), alignment=TITLE,
                     border=GRID)
    sheet.row_dimensions[HEADING_ROW].height = 48
    sheet.column_dimensions["A"].width = 7
    sheet.column_dimensions["B"].width = 18
    for column in layout.columns:
        sheet.column_dimensions[column.letter].width = WIDTHS.get(column.kind, 12)

    formats = {"date": DATE_FORMAT, "text": "@", "percent": "0.00"}
    for number, (district, target) in enumerate(zip(layout.districts, layout.targets), start=1):
        row = FIRST_ROW + number - 1
        open_row = layout.district in (None, district)
        styles.apply(sheet.cell(row, 1, number), "number", alignment=CENTERED, font=_font(), border=GRID)
        styles.apply(sheet.cell(row, 2, district), "district", font=_font(), border=GRID)
        for column in layout.columns:
            cell = sheet[f"{column.letter}{row}"]
            style = {"number_format": formats.get(column.kind, "#,##0"), "font": _font(), "border": GRID}
            name = column.kind
            if column.kind == "prefilled":
                cell.value = int(target) if target == int(target) else float(target)
            elif column.kind in INPUT_KINDS:
                name, style = _input_style(column.kind, open_row)
            else:
                cell.value = _formula(layout, column.kind, row)
            styles.apply(cell, name, **style)
        sheet.row_dimensions[row].height = 24

    total = layout.total_row
    for column in layout.columns:
        cell = sheet[f"{column.letter}{total}"]
        span = f"{column.letter}{FIRST_ROW}:{column.letter}{total - 1}"
        number_format = "#,##0"
        if column.kind == "prefilled":
            cell.value = f"=SUM({span})"
        elif column.kind in ("count", "remaining"):
            cell.value = f'=IF(COUNT({span})=0,"",SUM({span}))'  # blank until a district reports
        elif column.kind == "percent" and layout.column("count"):
            done = layout.column("count").letter
            target = layout.column("prefilled").letter
            cell.value = (f'=IF(OR(COUNT({done}{FIRST_ROW}:{done}{total - 1})=0,{target}{total}=0),"",'
                          f'ROUND({done}{total}/{target}{total}*100,2))')
            number_format = "0.00"
        else:
            number_format = None
        style = {"font": _font(bold=True), "border": GRID}
        if number_format:
            style["number_format"] = number_format
        styles.apply(cell, f"total {number_format}", **style)
    styles.apply(sheet.cell(total, 1), "total", font=_font(bold=True), border=GRID)
    styles.apply(sheet.cell(total, 2, TOTAL_LABEL), "total", font=_font(bold=True), border=GRID)
    sheet.row_dimensions[total].height = 24

    footer = total + 2
    lines = ["ลงชื่อ ........................................ ผู้รายงาน",
             "(........................................)",
             "ตำแหน่ง ........................................ โทร. ........................"]
    deadline = schedule_text(kpi, digits)
    if deadline:
        lines.append("กรุณาส่งภายใน" + deadline)
    lines.append(f"ส่ง {view['office']['name']} {view['office']['group']} {view['office']['phone_line']}")
    for offset, text in enumerate(lines):
        row = footer + offset
        _merge(sheet, row, len(layout.headings))
        styles.apply(sheet.cell(row, 1, text), f"footer {offset < 3}", font=_font(14), alignment=FOOTER[offset < 3])
        if offset >= 3:
            sheet.row_dimensions[row].height = 40

    start, end = period(round_)
    validity = (start, end + dt.timedelta(days=90))
    for rule in _validations(layout, *validity):
        sheet.add_data_validation(rule)
    _print_setup(sheet, f"A1:{last}{footer + len(lines) - 1}")
    sheet.protection.sheet = True
    sheet.protection.formatCells = False  # a clerk may widen a column; never edit a locked cell
    sheet.protection.formatColumns = False
    sheet.freeze_panes = f"C{FIRST_ROW}"

    identity = workbook.create_sheet(ID_SHEET)
    for row, (key, value) in enumerate((("round", layout.round), ("kpi", layout.kpi),
                                        ("form_version", layout.version), ("district", layout.district or ""),
                                        ("generator", __version__)), start=1):
        identity.cell(row, 1, key)
        identity.cell(row, 2, value)
    identity.sheet_state = "hidden"
    identity.protection.sheet = True
    workbook.security.lockStructure = True  # the hidden sheet cannot be shown or removed
    workbook.properties.title = layout.title
    workbook.properties.creator = view["office"]["name"]
    return _Form(workbook, sheet, identity, styles, layout, province, view["office"]["name"], validity)


class _MemoryWriter(ExcelWriter):
    """openpyxl's writer with each sheet written in memory (its own writes every sheet to a
    temporary file, read back and removed: a tenth of a form's time), and the styles part made
    once for the same style tables (a KPI's district forms share it: another tenth).
    tests/test_results_form_bytes.py checks the bytes against openpyxl's own save."""

    def write_data(self):  # openpyxl 3.1's ExcelWriter.write_data, the styles part taken from _stylesheet
        from openpyxl.packaging.extended import ExtendedProperties

        archive = self._archive
        archive.writestr(ARC_APP, tostring(ExtendedProperties().to_tree()))
        archive.writestr(ARC_CORE, tostring(self.workbook.properties.to_tree()))
        archive.writestr(ARC_THEME, self.workbook.loaded_theme or theme_xml)
        if len(self.workbook.custom_doc_props) >= 1:
            raise ValueError("a report form has no custom document properties")
        self._write_worksheets()
        self._write_chartsheets()
        self._write_images()
        self._write_charts()
        self._write_external_links()
        archive.writestr(ARC_STYLE, _stylesheet(self.workbook))
        writer = WorkbookWriter(self.workbook)
        archive.writestr(ARC_ROOT_RELS, writer.write_root_rels())
        archive.writestr(ARC_WORKBOOK, writer.write())
        archive.writestr(ARC_WORKBOOK_RELS, writer.write_rels())
        self._merge_vba()
        self.manifest._write(archive, self.workbook)

    def write_worksheet(self, ws):
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = WorksheetWriter(ws, out=io.BytesIO())
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


_STYLESHEETS: dict[tuple, bytes] = {}  # per process; a handful of distinct style tables


def _stylesheet(workbook: Workbook) -> bytes:
    """xl/styles.xml, made once for the same style tables (compared by value)."""
    key = (tuple(workbook._fonts), tuple(workbook._fills), tuple(workbook._borders),
           tuple(workbook._differential_styles.styles), tuple(workbook._colors or ()), tuple(workbook._number_formats),
           tuple(tuple(style) for style in workbook._cell_styles), tuple(workbook._alignments),
           tuple(workbook._protections), tuple(style.name for style in workbook._named_styles))
    made = _STYLESHEETS.get(key)
    if made is None:
        made = tostring(write_stylesheet(workbook))
        if len(_STYLESHEETS) >= 256:
            _STYLESHEETS.clear()
        _STYLESHEETS[key] = made
    return made


def _print_setup(sheet, area: str) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_area = area
    sheet.print_title_rows = f"{HEADING_ROW}:{HEADING_ROW}"


def planned(round_: Round) -> list[tuple[str, KPI, FormLayout]]:
    """Every report form's workbook: (file name, KPI, layout), per district too when the forms are."""
    from .layout import form_layout, workbook_name

    if not round_.makes("report_forms"):
        return []
    found = []
    for kpi in round_.kpis:
        if not kpi.report_form or (kpi.number, kpi.report_form.table) not in round_.tables:
            continue
        found.append((workbook_name(kpi), kpi, form_layout(round_, kpi)))
        per_district = kpi.report_form.per_district
        if per_district if per_district is not None else round_.settings.report_forms_per_district:
            for index, district in enumerate(round_.settings.districts, start=1):
                found.append((workbook_name(kpi, index), kpi, form_layout(round_, kpi, district)))
    return found


def input_key(round_: Round, kpi: KPI, layout: FormLayout) -> str:
    """Everything a workbook is made from, as one hash (for incremental builds)."""
    import hashlib
    import json

    digits = round_.settings.digits
    payload = [program_digest(), layout.version, layout.title, layout.district, kpi.name, schedule_text(kpi, digits),
               round_view(round_, digits), [str(d) for d in period(round_)]]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
