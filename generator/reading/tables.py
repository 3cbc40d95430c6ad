"""Per-district tables: districts checked against the province, numbers read,
computed columns filled or checked, and the total row checked against its rows."""
from __future__ import annotations

import difflib
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ..base.diagnostics import Report
from .load import Table
from .model import DistrictTable, LoadedTable
from ..base.errors import DataError
from ..thai.digits import arabic_digits, to_number

RATE_PLACES = Decimal("0.01")


def parse_cell(text: str) -> Decimal | None:
    """A cell's number (Thai or Arabic digits, grouping, a trailing %), or None when blank/dash.
    Raises InvalidOperation for text that is no number, DataError for one beyond any meaning.

    >>> parse_cell("๑,๔๘๘"), parse_cell("16.36%"), parse_cell("-")
    (Decimal('1488'), Decimal('16.36'), None)
    """
    cleaned = arabic_digits(text).replace("%", "").strip()
    if cleaned in ("", "-", "–", "—"):
        return None
    try:
        return to_number(cleaned)
    except DataError:
        raise
    except (ValueError, ArithmeticError):
        raise InvalidOperation(cleaned) from None


def prepare_table(spec: DistrictTable, table: Table, districts: list[str], report: Report,
                  province: str | None = None) -> LoadedTable | None:
    header = table.header
    errors_before = len(report.errors)
    rows: list[list[str]] = []
    row_index: list[int] = []
    total: list[str] | None = None
    total_index: int | None = None
    if _wrong_delimiter(table, report):
        return None
    for index, cells in enumerate(table.rows):
        if cells[0] == spec.total_label:
            total, total_index = cells, index
        else:
            rows.append(list(cells))
            row_index.append(index)
    if total is None:
        _check_total_label(spec, table, rows, row_index, report)
        if len(report.errors) == errors_before and rows:
            report.add("W510", table.where(row_index[-1]),
                       f"ตารางไม่มีแถว '{spec.total_label}' (ยอดรวม) เอกสารจะพิมพ์ตารางนี้โดยไม่มียอดรวม: "
                       f"เพิ่มแถว '{spec.total_label}' ท้ายตาราง",
                       f"the table has no '{spec.total_label}' (total) row, so it prints without a total: "
                       f"add a '{spec.total_label}' row at its end")

    if total is not None and not rows:
        report.add("E022", table.where(total_index),
                   f"ตารางมีแต่แถว '{spec.total_label}' ไม่มีแถวของอำเภอ จึงไม่มีอะไรให้รวม",
                   f"the table has a '{spec.total_label}' row but no district rows to add up")
        return None
    _check_districts(table, rows, row_index, districts, report, province)
    columns = {name: position for position, name in enumerate(header)}
    computed_columns = {c.column for c in spec.computed}
    bad_cells: set[tuple[int, int]] = set()
    numeric = [i for i in range(1, len(header)) if header[i] not in spec.not_totalled]
    for r, cells in [*zip(row_index, rows), *([(total_index, total)] if total is not None else [])]:
        for c in range(1, len(header)):
            try:
                number = parse_cell(cells[c])
            except DataError as error:
                report.add(error.code, table.where(r, c), f"ช่อง '{header[c]}': {error.thai}",
                           f"column '{header[c]}': {error.english}")
                bad_cells.add((r, c))
                continue
            except InvalidOperation:
                continue  # text, reported below where a number is needed
            if number is not None and number < 0 and header[c] not in computed_columns:
                report.add("E017", table.where(r, c),
                           f"ช่อง '{header[c]}' ติดลบ ({cells[c]}): จำนวนที่นับได้ต้องไม่น้อยกว่า 0",
                           f"column '{header[c]}' is negative ({cells[c]}): a count cannot be below 0")
                bad_cells.add((r, c))
    if bad_cells:
        return None
    for computed in spec.computed:
        _apply_computed(computed, columns, table, rows, row_index, total, total_index, report)

    values: dict[tuple[int, int], Decimal | None] = {}
    for r, cells in zip(row_index, rows):
        for c in numeric:
            try:
                values[(r, c)] = parse_cell(cells[c])
            except InvalidOperation:
                report.add("E504", table.where(r, c), f"ช่อง '{header[c]}' ต้องเป็นตัวเลข (พิมพ์ไว้: '{cells[c]}')",
                           f"column '{header[c]}' must be a number, not '{cells[c]}'")
    if total is not None and total_index is not None:
        for c in numeric:
            try:
                typed = parse_cell(total[c])
            except InvalidOperation:
                report.add("E504", table.where(total_index, c), f"ยอดรวม '{header[c]}' ต้องเป็นตัวเลข",
                           f"the total of '{header[c]}' must be a number")
                continue
            parts = [values.get((r, c)) for r in row_index]
            if typed is None or any(p is None for p in parts if p is not None) or not parts:
                continue
            expected = sum((p for p in parts if p is not None), Decimal(0))
            if typed != expected:
                report.add(
                    "E501", table.where(total_index, c),
                    f"ยอดรวมของ '{header[c]}' คือ {_plain(typed)} แต่ผลบวกของแถวได้ {_plain(expected)}",
                    f"the total of '{header[c]}' is {_plain(typed)} but its rows add up to {_plain(expected)}",
                )
    if len(report.errors) > errors_before:
        return None
    return LoadedTable(spec, header, rows, total, table)


DELIMITERS = {";": "semicolon ;", "\t": "tab", "|": "bar |"}


def _wrong_delimiter(table: Table, report: Report) -> bool:
    """E507: a CSV saved with ; (Excel in some locales) or tabs reads as one column."""
    if len(table.header) != 1 or table.file.suffix.lower() != ".csv":
        return False
    used = next((d for d in DELIMITERS if d in table.header[0]), None)
    if used is None:
        return False
    report.add("E507", table.where(None),
               f"ตารางคั่นช่องด้วย '{used}' ไม่ใช่จุลภาค ',' (delimiter): ใน Excel ให้บันทึกเป็น "
               "CSV UTF-8 (Comma delimited) หรือบันทึกเป็น .xlsx",
               f"the table's cells are separated by {DELIMITERS[used]}, not by commas (wrong delimiter): "
               "in Excel save as CSV UTF-8 (Comma delimited), or as .xlsx")
    return True


TOTAL_WORDS = ("รวม", "ยอดรวม", "total", "sum")


def _check_total_label(spec: DistrictTable, table: Table, rows, row_index, report: Report) -> None:
    """E508: the totals row is labelled otherwise than the table's total_label says."""
    for position, (r, cells) in enumerate(zip(row_index, rows)):
        label = cells[0].strip()
        if label.lower().startswith(TOTAL_WORDS):
            report.add("E508", table.where(r, 0),
                       f"แถวรวมใช้ป้าย '{label}' แต่ total_label ของตารางคือ '{spec.total_label}': "
                       f"แก้ป้ายในตารางเป็น '{spec.total_label}' หรือตั้ง total_label: {label} ในไฟล์ตัวชี้วัด",
                       f"the totals row is labelled '{label}' but the table's total_label is "
                       f"'{spec.total_label}': relabel the row, or set total_label: {label} in the KPI file")
            del rows[position], row_index[position]
            return


def _check_districts(table: Table, rows, row_index, districts: list[str], report: Report,
                     province: str | None = None) -> None:
    from .places import table_district_problem

    known = set(districts)
    seen: dict[str, int] = {}
    for r, cells in zip(row_index, rows):
        name = cells[0].removeprefix("อำเภอ")
        cells[0] = name
        if name in seen:
            report.add("E023", table.where(r, 0),
                       f"อำเภอ '{name}' มีสองแถว (แถวแรกอยู่บรรทัด {table.lines[seen[name]]}) ให้รวมเป็นแถวเดียว",
                       f"district '{name}' has two rows (the first on line {table.lines[seen[name]]}): keep one")
            continue
        problem = table_district_problem(name, districts, province)
        if problem is not None:
            report.add(problem[0], table.where(r, 0), problem[1], problem[2])
        seen[name] = r
    missing = [d for d in districts if d not in seen]
    if missing and seen.keys() & known:
        report.add("E503", table.where(None),
                   "ตารางขาดอำเภอ: " + ", ".join(missing), "the table lacks districts: " + ", ".join(missing))


def _apply_computed(computed, columns, table, rows, row_index, total, total_index, report) -> None:
    names = [computed.column] + list(computed.sum_of or computed.difference_of or computed.growth_of or [])
    unknown = [n for n in names if n not in columns]
    if unknown:
        report.add("E506", table.where(None), "ไม่มีคอลัมน์: " + ", ".join(unknown),
                   "no such column in the table: " + ", ".join(unknown))
        return
    target = columns[computed.column]
    all_rows = list(zip(row_index, rows)) + ([(total_index, total)] if total is not None else [])
    for r, cells in all_rows:
        try:
            inputs = [parse_cell(cells[columns[n]]) for n in names[1:]]
        except InvalidOperation:
            continue  # reported as E504
        if any(v is None for v in inputs):
            continue
        if computed.sum_of:
            value, places = sum(inputs, Decimal(0)), None
        elif computed.difference_of:
            value, places = inputs[0] - inputs[1], None
        else:
            new, base = inputs
            if base == 0:
                continue
            value, places = ((new - base) / base * 100).quantize(RATE_PLACES, ROUND_HALF_UP), RATE_PLACES
        typed_text = cells[target]
        if typed_text.strip() == "":
            cells[target] = _plain(value)
            continue
        try:
            typed = parse_cell(typed_text)
        except InvalidOperation:
            continue
        if typed is None:
            continue
        # a typed rate may be rounded to fewer places: compare at the places typed
        if places is not None:
            exponent = typed.as_tuple().exponent
            value = value.quantize(Decimal(1).scaleb(exponent), ROUND_HALF_UP)
        if typed != value:
            report.add("E505", table.where(r, target),
                       f"'{computed.column}' ควรเป็น {_plain(value)} ตามที่คำนวณ แต่พิมพ์ไว้ {typed_text}",
                       f"'{computed.column}' should be {_plain(value)} as computed, but {typed_text} is typed")


def _plain(value: Decimal) -> str:
    return format(value.normalize(), ",f") if value == value.to_integral() else format(value, ",f")
