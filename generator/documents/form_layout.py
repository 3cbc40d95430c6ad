"""Where everything sits in a report form's workbook: one description for writing and reading.

The sheet ``ผลการดำเนินงาน`` is laid out like the printed form: its title lines (the same
as report_form.docx prints, documents.report_forms.title_lines), a blank row, the row of
spanning group headings when the form has groups, the heading row, one row per district
(number, district, prefilled target, the blank columns, the report date) and the total row. A hidden sheet identifies the round,
the KPI and the form version, so a returned file can be matched and checked.
"""
from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal


from ..reading.model import KPI, Round
from ..ooxml.spreadsheet import column_letter
from ..reading.tables import parse_cell
from ..thai import with_digits

SHEET = "ผลการดำเนินงาน"
ID_SHEET = "ข้อมูลแบบฟอร์ม"
MAX_FIRST_ROW = 40  # the title block of any form ends above this row: a bound for reading before the layout is known
FIXED = ("ลำดับที่", "อำเภอ")  # columns A and B
REPORT_DATE = "วันที่รายงาน"
TOTAL_LABEL = "รวมทั้งสิ้น"
LAYOUT_VERSION = 2  # raise when the arrangement of cells changes (2: the printed form's title lines and groups)


def column_kind(heading: str, chosen: dict[str, str]) -> str:
    """What a blank column holds, from the KPI's column_kinds or else from its heading.

    >>> column_kind("ร้อยละ", {})
    'percent'
    >>> column_kind("คงเหลือ", {})
    'remaining'
    >>> column_kind("ระดับความสำเร็จ (1-5)", {})
    'level'
    >>> column_kind("จำนวนที่ช่วยเหลือ", {})
    'count'
    >>> column_kind("หมายเหตุ", {"หมายเหตุ": "text"})
    'text'
    """
    if heading in chosen:
        return chosen[heading]
    if "ร้อยละ" in heading:
        return "percent"
    if "คงเหลือ" in heading:
        return "remaining"
    if "ระดับ" in heading:
        return "level"
    if "วันที่" in heading:
        return "date"
    return "count"


@dataclass(frozen=True)
class Column:
    heading: str
    kind: str  # prefilled, count, remaining, percent, level, date, text
    letter: str


@dataclass(frozen=True)
class FormLayout:
    round: str
    kpi: int
    title: str
    districts: tuple[str, ...]
    targets: tuple[Decimal, ...]
    columns: tuple[Column, ...]  # from column C: the prefilled target, the blank columns, the report date
    at_most_target: bool
    district: str | None = None  # a per-district workbook: only this row is open
    titles: tuple[tuple[str, int], ...] = ()  # the lines above the table, with their size
    groups: tuple[tuple[str, int], ...] = ()  # spanning headings over columns from C: (title, span); "" for none
    digits: str = "arabic"  # the table's digit style: its headings print in it, as on the printed form
    percent: tuple[str, tuple[str, ...], tuple[str, ...]] = ("", (), ())  # the scored percentage: label, numerator, denominator
    percent_named: bool = False  # the KPI's scoring.percent names it (else the default: first count ÷ prefilled)

    @property
    def heading_row(self) -> int:
        return len(self.titles) + 2 + (1 if self.groups else 0)  # the titles, a blank row, the group row

    @property
    def first_row(self) -> int:
        return self.heading_row + 1

    @property
    def total_row(self) -> int:
        return self.first_row + len(self.districts)

    def row_of(self, district: str) -> int:
        return self.first_row + self.districts.index(district)

    def column(self, kind: str) -> Column | None:
        return next((c for c in self.columns if c.kind == kind), None)

    @property
    def headings(self) -> tuple[str, ...]:
        return FIXED + tuple(c.heading for c in self.columns)

    @property
    def printed_headings(self) -> tuple[str, ...]:
        """The heading row as the sheet shows it: in the table's digits, as the printed form's."""
        return tuple(with_digits(h, self.digits) for h in self.headings)

    @functools.cached_property  # in the key and the hidden sheet of every form
    def version(self) -> str:
        """The form's version: changes when its layout, districts or targets change."""
        payload = json.dumps([LAYOUT_VERSION, self.round, self.kpi, self.headings, self.districts,
                              [str(t) for t in self.targets], [c.kind for c in self.columns],
                              [t for t, _ in self.titles if not t.startswith("อำเภอ")], self.groups]
                             + ([list(self.percent)] if self.percent_named else []),
                             ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def form_layout(round_: Round, kpi: KPI, district: str | None = None) -> FormLayout:
    from .report_forms import title_lines

    form = kpi.report_form
    table = round_.tables[(kpi.number, form.table)]
    prefilled = table.header.index(form.prefilled)
    by_district = {row[0]: parse_cell(row[prefilled]) or Decimal(0) for row in table.rows}
    districts = tuple(d for d in round_.settings.districts if d in by_district)
    headings = [(form.prefilled, "prefilled")] + [(c, column_kind(c, form.column_kinds)) for c in form.columns]
    if not any(kind == "date" for _, kind in headings):
        headings.append((REPORT_DATE, "date"))
    columns = tuple(Column(h, k, column_letter(3 + i)) for i, (h, k) in enumerate(headings))
    digits = table.spec.digits or round_.settings.table_digits
    named = kpi.scoring.percent if kpi.scoring else None
    return FormLayout(round_.name, kpi.number, (form.title or "แบบรายงานผลความก้าวหน้า").split("\n")[0], districts,
                      tuple(by_district[d] for d in districts), columns, form.at_most_target, district,
                      tuple(title_lines(round_, kpi, district)), _groups(form, headings, digits), digits,
                      percent_definition(named, columns), named is not None)


def percent_definition(named, columns) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The percentage a form is scored on, as (label, numerator columns, denominator columns): the KPI's
    ``scoring.percent``, else the first count column over the prefilled target under the percent column's heading."""
    if named is not None:
        return named.label, tuple(named.numerator), tuple(named.denominator)
    count = next((c.heading for c in columns if c.kind == "count"), None)
    label = next((c.heading for c in columns if c.kind == "percent"), "ร้อยละ")
    return label, (count,) if count else (), (columns[0].heading,)


def percent_of(layout: FormLayout, values: dict) -> Decimal | None:
    """The scored percentage of one row (or of the province's sums): Σ numerator ÷ Σ denominator × 100, exact
    (rounded only where printed); None while a column it needs is blank or the denominator is 0.

    >>> columns = (Column("ครัวเรือนเป้าหมาย", "prefilled", "C"), Column("ยังไม่ผ่านเกณฑ์", "count", "D"))
    >>> layout = FormLayout("r", 1, "t", (), (), columns, True, percent=("ร้อยละคงเหลือ", ("ยังไม่ผ่านเกณฑ์",), ("ครัวเรือนเป้าหมาย",)))
    >>> percent_of(layout, {"ครัวเรือนเป้าหมาย": Decimal(68), "ยังไม่ผ่านเกณฑ์": Decimal(3)})
    Decimal('4.411764705882352941176470588')
    >>> percent_of(layout, {"ครัวเรือนเป้าหมาย": Decimal(68)}) is None
    True
    """
    _, numerator, denominator = layout.percent
    if not numerator:
        return None
    parts = [values.get(h) for h in numerator + denominator]
    if any(p is None or p == "" for p in parts):
        return None
    above = sum(parts[:len(numerator)], Decimal(0))
    below = sum(parts[len(numerator):], Decimal(0))
    return above / below * 100 if below else None


def _groups(form, headings: list[tuple[str, str]], digits: str) -> tuple[tuple[str, int], ...]:
    """The spanning headings over the columns from C (the prefilled target first, then the blank columns and
    the report date), as the printed form's group row: (title, columns spanned); empty without groups."""
    if not form.groups:
        return ()
    first_of = {g.columns[0]: g for g in form.groups}
    grouped = {c for g in form.groups for c in g.columns}
    cells = []
    for heading, _ in headings:
        if heading in first_of:
            cells.append((with_digits(first_of[heading].title, digits), len(first_of[heading].columns)))
        elif heading not in grouped:
            cells.append(("", 1))
    return tuple(cells)


def workbook_name(kpi: KPI, index: int | None = None) -> str:
    stem = f"report-form-kpi-{kpi.number:02d}"
    return f"{stem}.xlsx" if index is None else f"{stem}-d{index:02d}.xlsx"
