"""The report form as an Excel workbook (report-form-kpi-NN.xlsx), written next to its .docx.

Laid out like the printed form, in TH SarabunPSK, set up for A4. Every cell is
locked except those a district fills; those carry data validation (whole numbers
from 0 up to the district's target, levels 1–5, dates within the round). Totals,
remainders and percentages are formulas. A hidden, protected sheet names the round,
the KPI and the form version (see :mod:`.layout`). The bytes are deterministic.

A form is described once (:func:`form_sheet`: every cell with its value and style, merged rows,
heights, validations), and written from that description directly
(:func:`ooxml.spreadsheet.workbook_package`): a national batch makes some 1,500 of them, and
openpyxl's cell objects, writer and the re-reading of its package took most of their time.
:func:`openpyxl_workbook` makes the same description an openpyxl workbook, which
tests/test_results_form_bytes.py saves to check the written bytes against.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from .. import __version__, ooxml, program_digest
from .common import period, round_view
from .kpi_sheets import schedule_text
from .report_forms import deadline_sentence, footer_lines, footer_text
from ..reading.model import KPI, Round
from ..ooxml.spreadsheet import CellStyle, Formula, Validation, Worksheet, set_cell
from ..thai import slash_date_text, with_digits
from .form_layout import ID_SHEET, SHEET, TOTAL_LABEL, FormLayout

FONT = "TH SarabunPSK"
DATE_FORMAT = "d/m/yyyy"
WIDTHS = {"prefilled": 13, "count": 13, "remaining": 11, "percent": 10, "level": 17, "date": 14, "text": 20}
INPUT_KINDS = ("count", "level", "date", "text")
INPUT_FORMATS = {"date": "@", "text": "@"}  # else whole numbers, #,##0; a date is typed as text (day/month/พ.ศ.)
FORMATS = {"date": DATE_FORMAT, "text": "@", "percent": "0.00"}
INVALID = "ค่าไม่ถูกต้อง / invalid value"
MARGINS = (3 / 2.54, 2 / 2.54, 2.5 / 2.54, 2 / 2.54)  # left, right, top, bottom in inches: the forms' 3 cm, 2 cm …
REPORTS_AFTER_END = dt.timedelta(days=90)  # a report date may fall this long after the round ends (a late report)


def _input_style(kind: str, open_: bool) -> str:
    """The style name of a cell a district fills."""
    return f"{kind} open" if open_ else kind


def _style(size: int = 16, bold: bool = False, horizontal: str | None = None, vertical: str | None = None,
           wrap: bool = False, grid: bool = True, **rest) -> CellStyle:
    return CellStyle(FONT, size, bold, horizontal, vertical, wrap, grid, **rest)


STYLES = {  # by name: the form's cells name their style
    "title 18": _style(18, True, "center", "center", True, grid=False),
    "title 16": _style(16, True, "center", "center", True, grid=False),
    "heading": _style(14, True, "center", "center", True),
    "number": _style(horizontal="center"),
    "district": _style(),
    **{kind: _style(number_format=FORMATS.get(kind, "#,##0")) for kind in ("prefilled", "remaining", "percent")},
    **{_input_style(kind, open_): _style(number_format=INPUT_FORMATS.get(kind, "#,##0"), unlocked=open_)
       for kind in INPUT_KINDS for open_ in (False, True)},
    **{f"total {number_format}": _style(bold=True, number_format=number_format)
       for number_format in ("#,##0", "0.00", None)},
    "total": _style(bold=True),
    "footer True": _style(14, horizontal="center", wrap=True, grid=False),
    "footer False": _style(14, horizontal="left", wrap=True, grid=False),
}


def _validations(layout: FormLayout, start: dt.date, end: dt.date) -> list[Validation]:
    """One rule per input column, over the rows a district may fill (relative to the first row)."""
    rows = [layout.row_of(layout.district)] if layout.district else range(layout.first_row, layout.total_row)
    target = layout.column("prefilled").letter
    found = []
    for column in layout.columns:
        if column.kind == "count":
            if layout.at_most_target:
                rule = ("whole", "between", "0", f"{target}{layout.first_row}",
                        "กรอกจำนวนเต็มตั้งแต่ ๐ ถึงค่าเป้าหมายของอำเภอ / a whole number from 0 to the target",
                        "จำนวนเต็ม ไม่เกินเป้าหมาย / a whole number, at most the target")
            else:
                rule = ("whole", "greaterThanOrEqual", "0", None,
                        "กรอกจำนวนเต็มตั้งแต่ ๐ ขึ้นไป / a whole number, 0 or more", "จำนวนเต็ม / a whole number")
        elif column.kind == "level":
            rule = ("whole", "between", "1", "5", "ระดับ ๑ ถึง ๕ / a level from 1 to 5", "ระดับ ๑–๕ / level 1–5")
        elif column.kind == "date":
            # typed as text, day/month/Buddhist year, so that it reads the same on a PC of any locale; the
            # returned file is read and checked against these very limits (results/read.py, E912, E914)
            first, last = slash_date_text(start), slash_date_text(end)
            rule = ("textLength", "between", "6", "20",
                    f"พิมพ์วันที่ วัน/เดือน/ปี พ.ศ. ระหว่าง {first} ถึง {last} / a date typed day/month/Buddhist "
                    f"year, from {first} to {last}",
                    f"วัน/เดือน/ปี พ.ศ. ระหว่าง {first} – {last} / day/month/Buddhist year")
        else:
            continue
        kind, operator, formula1, formula2, error, prompt = rule
        found.append(Validation(kind, operator, formula1, formula2, INVALID, error, prompt,
                                tuple(f"{column.letter}{row}" for row in rows)))
    return found


def _formula(layout: FormLayout, kind: str, row: int) -> str | None:
    target = f"{layout.column('prefilled').letter}{row}"
    count = layout.column("count")
    if count is None:
        return None
    done = f"{count.letter}{row}"
    if kind == "remaining":
        return Formula(f'=IF({done}="","",{target}-{done})')
    if kind == "percent":
        return _percent_formula(layout, lambda letter: f"{letter}{row}", lambda letter: f'{letter}{row}=""')
    return None


def _percent_formula(layout: FormLayout, cell, blank) -> Formula | None:
    """The percent column's formula, from the KPI's one definition (layout.percent: Σ numerator ÷ Σ denominator
    × 100, rounded to 2 places as the form prints it): ``cell(letter)`` is a column's cell in this row,
    ``blank(letter)`` the test that it is not filled yet."""
    _, numerator, denominator = layout.percent
    letters = {c.heading: c for c in layout.columns}
    if not numerator or any(h not in letters for h in numerator + denominator):
        return None
    waiting = [blank(letters[h].letter) for h in numerator + denominator if letters[h].kind != "prefilled"]
    above, below = ("+".join(cell(letters[h].letter) for h in part) for part in (numerator, denominator))
    above, below = (f"({s})" if "+" in s else s for s in (above, below))
    return Formula(f'=IF(OR({",".join(waiting)},{below}=0),"",ROUND({above}/{below}*100,2))')


@dataclasses.dataclass
class FormSheet:
    """Everything a report form's workbook holds. ``cells`` are in the order they are made: that
    order numbers the workbook's fonts, borders and number formats, the same in both writers."""
    layout: FormLayout
    cells: list[tuple[int, int, object, str]]  # (row, column, value or None, style name)
    merged_rows: list[int]  # rows whose cells are merged across the form's width
    heights: dict[int, float]
    widths: dict[str, float]  # column letter → width
    validations: list[Validation]
    print_area: str
    identity: list[tuple[str, object]]  # the hidden sheet's (key, value) rows
    creator: str
    merged: list[tuple[int, int, int, int]] = dataclasses.field(default_factory=list)  # other merged ranges

    @property
    def width(self) -> int:
        return len(self.layout.headings)


def form_sheet(round_: Round, kpi: KPI, layout: FormLayout) -> FormSheet:
    """The report form of ``layout``: titles, the heading row, a row per district, the total row, the footer."""
    digits = round_.settings.digits
    view = _round_view(round_)
    province = view["province"]
    cells: list[tuple[int, int, object, str]] = []
    merged_rows: list[int] = []
    heights: dict[int, float] = {}
    for row, (text, size) in enumerate(layout.titles, start=1):  # the printed form's lines (report_forms.title_lines)
        merged_rows.append(row)
        cells.append((row, 1, text, f"title {size}"))
        heights[row] = 26 if len(text) < 70 else 48
    heading = layout.heading_row
    merged: list[tuple[int, int, int, int]] = []
    down: set[int] = set()  # columns whose heading spans the group row and the heading row
    if layout.groups:  # a group's title spans its columns; a column of no group (ลำดับที่, อำเภอ …) spans both rows
        group_row = heading - 1
        down = {1, 2}
        column = 3
        for title, span in layout.groups:
            if title or span > 1:
                cells.append((group_row, column, title or None, "heading"))
                if span > 1:
                    merged.append((group_row, column, group_row, column + span - 1))
            else:
                down.add(column)
            column += span
        for index in sorted(down):
            cells.append((group_row, index, layout.printed_headings[index - 1], "heading"))
            merged.append((group_row, index, heading, index))
        heights[group_row] = 30
    for index, text in enumerate(layout.printed_headings, start=1):
        if index not in down:
            cells.append((heading, index, text, "heading"))
    heights[heading] = 48
    widths = {"A": 7, "B": 18}
    for column in layout.columns:
        widths[column.letter] = WIDTHS.get(column.kind, 12)

    for number, (district, target) in enumerate(zip(layout.districts, layout.targets), start=1):
        row = layout.first_row + number - 1
        open_row = layout.district in (None, district)
        cells.append((row, 1, number, "number"))
        cells.append((row, 2, district, "district"))
        for index, column in enumerate(layout.columns, start=3):
            value, name = None, column.kind
            if column.kind == "prefilled":
                value = int(target) if target == int(target) else float(target)
            elif column.kind in INPUT_KINDS:
                name = _input_style(column.kind, open_row)
            else:
                value = _formula(layout, column.kind, row)
            cells.append((row, index, value, name))
        heights[row] = 24

    total = layout.total_row
    for index, column in enumerate(layout.columns, start=3):
        span = f"{column.letter}{layout.first_row}:{column.letter}{total - 1}"
        value, number_format = None, "#,##0"
        if column.kind == "prefilled":
            value = Formula(f"=SUM({span})")
        elif column.kind in ("count", "remaining"):
            value = Formula(f'=IF(COUNT({span})=0,"",SUM({span}))')  # blank until a district reports
        elif column.kind == "percent" and layout.column("count"):
            value = _percent_formula(layout, lambda letter: f"{letter}{total}",
                                     lambda letter: f"COUNT({letter}{layout.first_row}:{letter}{total - 1})=0")
            number_format = "0.00"
        else:
            number_format = None
        cells.append((total, index, value, f"total {number_format}"))
    cells.append((total, 1, None, "total"))
    cells.append((total, 2, TOTAL_LABEL, "total"))
    heights[total] = 24

    footer = total + 2
    lines = footer_lines(round_, kpi)  # the printed form's: the reporter's lines, when to send, the footer
    reporter = len(lines) - sum(1 for t in (deadline_sentence(kpi, digits), footer_text(round_, kpi.report_form, digits)) if t)
    for offset, text in enumerate(lines):
        row = footer + offset
        merged_rows.append(row)
        cells.append((row, 1, text, f"footer {offset < reporter}"))
        if offset >= reporter:
            heights[row] = 40
    start, end = period(round_)
    validations = _validations(layout, start, end + REPORTS_AFTER_END)
    identity = [("round", layout.round), ("kpi", layout.kpi), ("form_version", layout.version),
                ("district", layout.district or ""), ("generator", __version__)]
    return FormSheet(layout, cells, merged_rows, heights, widths, validations,
                     f"A1:{layout.columns[-1].letter}{footer + len(lines) - 1}", identity, view["office"]["name"], merged)


_last_view: tuple[Round, dict] | None = None  # per process: the (frozen) round whose forms are being made


def _round_view(round_: Round) -> dict:
    """round_view of the round, made once for all of its forms (each form and its input key read it)."""
    global _last_view
    if _last_view is None or _last_view[0] is not round_:
        _last_view = (round_, round_view(round_, round_.settings.digits))
    return _last_view[1]


def form_workbook(round_: Round, kpi: KPI, layout: FormLayout) -> bytes:
    """The workbook's bytes: the same round data gives the same bytes."""
    return form_package(form_sheet(round_, kpi, layout))


def form_package(form: FormSheet) -> bytes:
    """The .xlsx of ``form``, written directly: the bytes openpyxl's save of :func:`openpyxl_workbook`
    gives once made as Excel makes them (:func:`ooxml.spreadsheet.workbook_bytes`)."""
    made = tuple(dict.fromkeys(name for _, _, _, name in form.cells))
    written = tuple(dict.fromkeys(name for _, _, _, name in sorted(form.cells, key=lambda c: (c[0], c[1]))))
    styles, ids = _stylesheet(made, written)
    merged = [(row, 1, row, form.width) for row in form.merged_rows] + list(form.merged)
    sheet = Worksheet({(row, column): (value, ids[name]) for row, column, value, name in form.cells},
                      heights=form.heights, widths={ooxml.spreadsheet.column_number(c): w for c, w in form.widths.items()},
                      merged=merged, validations=form.validations, frozen=(form.layout.first_row, 3), protected=True,
                      allowed=("formatCells", "formatColumns"),  # a clerk may widen a column, never edit a locked cell
                      fit_to_width=True, margins=MARGINS)
    identity = Worksheet({(row, column): (value, 0) for row, pair in enumerate(form.identity, start=1)
                          for column, value in enumerate(pair, start=1)}, protected=True)
    first_heading = form.layout.heading_row - (1 if form.layout.groups else 0)
    names = [("_xlnm.Print_Titles", 0, f"'{SHEET}'!${first_heading}:${form.layout.heading_row}"),
             ("_xlnm.Print_Area", 0, f"'{SHEET}'!" + ":".join(_absolute(c) for c in form.print_area.split(":")))]
    return ooxml.spreadsheet.workbook_package([(SHEET, sheet, False), (ID_SHEET, identity, True)], styles,
                                              form.layout.title, form.creator, names, lock_structure=True)


def _absolute(reference: str) -> str:
    """
    >>> _absolute("G20")
    '$G$20'
    """
    letters = reference.rstrip("0123456789")
    return f"${letters}${reference[len(letters):]}"


@functools.lru_cache(maxsize=64)  # a handful of arrangements in a national batch
def _stylesheet(made: tuple[str, ...], written: tuple[str, ...]) -> tuple[bytes, dict[str, int]]:
    """xl/styles.xml and each style's cell-format id, for styles first given to cells in the order ``made``
    and first written in the order ``written``."""
    xml, ids = ooxml.spreadsheet.stylesheet([STYLES[name] for name in made], [made.index(name) for name in written])
    return xml, dict(zip(made, ids))


def openpyxl_workbook(form: FormSheet):
    """``form`` as an openpyxl workbook, each cell styled through openpyxl's own attributes, in the
    order the form makes them."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.merge import MergedCellRange
    from openpyxl.worksheet.properties import PageSetupProperties

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    last = ooxml.spreadsheet.column_letter(form.width)
    for row in form.merged_rows:  # merged without openpyxl's copying of the first cell's border and protection
        sheet.merged_cells.add(MergedCellRange(sheet, f"A{row}:{last}{row}"))
        for column in range(2, form.width + 1):
            sheet._cells[row, column] = MergedCell(sheet, row, column)
    for row1, column1, row2, column2 in form.merged:
        sheet.merged_cells.add(MergedCellRange(sheet, f"{ooxml.spreadsheet.column_letter(column1)}{row1}:"
                                                      f"{ooxml.spreadsheet.column_letter(column2)}{row2}"))
        for row in range(row1, row2 + 1):
            for column in range(column1, column2 + 1):
                if (row, column) != (row1, column1):
                    sheet._cells[row, column] = MergedCell(sheet, row, column)
    for row, column, value, name in form.cells:
        cell = sheet.cell(row, column)
        set_cell(cell, value)
        for attribute, setting in STYLES[name].openpyxl().items():
            setattr(cell, attribute, setting)
    for row, height in form.heights.items():
        sheet.row_dimensions[row].height = height
    for letter, width in form.widths.items():
        sheet.column_dimensions[letter].width = width
    for rule in form.validations:
        validation = DataValidation(type=rule.type, operator=rule.operator, formula1=rule.formula1,
                                    formula2=rule.formula2, error=rule.error, prompt=rule.prompt,
                                    errorTitle=rule.error_title, showErrorMessage=True, showInputMessage=True,
                                    allow_blank=True)
        for reference in rule.cells:
            validation.add(reference)
        sheet.add_data_validation(validation)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left, sheet.page_margins.right, sheet.page_margins.top, sheet.page_margins.bottom = MARGINS
    sheet.print_area = form.print_area
    sheet.print_title_rows = f"{form.layout.heading_row - (1 if form.layout.groups else 0)}:{form.layout.heading_row}"
    sheet.protection.sheet = True
    sheet.protection.formatCells = False  # a clerk may widen a column; never edit a locked cell
    sheet.protection.formatColumns = False
    sheet.freeze_panes = f"C{form.layout.first_row}"

    identity = workbook.create_sheet(ID_SHEET)
    for row, (key, value) in enumerate(form.identity, start=1):
        set_cell(identity.cell(row, 1), key)
        set_cell(identity.cell(row, 2), value)
    identity.sheet_state = "hidden"
    identity.protection.sheet = True
    workbook.security.lockStructure = True  # the hidden sheet cannot be shown or removed
    workbook.properties.title = form.layout.title
    workbook.properties.creator = form.creator
    return workbook


def planned(round_: Round) -> list[tuple[str, KPI, FormLayout]]:
    """Every report form's workbook: (file name, KPI, layout), per district too when the forms are."""
    from .form_layout import form_layout, workbook_name

    if not round_.makes("report_forms"):
        return []
    found = []
    for kpi in round_.kpis:
        if not kpi.report_form or (kpi.number, kpi.report_form.table) not in round_.tables:
            continue
        layout = form_layout(round_, kpi)
        found.append((workbook_name(kpi), kpi, layout))
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
               _round_view(round_), [str(d) for d in period(round_)]]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
