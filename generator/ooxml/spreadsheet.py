"""Workbooks: what openpyxl writes, made as Excel writes it, with fixed bytes.

openpyxl (3.1) writes a font's children in the order it keeps them (name, b, sz …), where the
Open XML SDK, and Excel's own files, take b … sz, color, name, family, scheme; and it writes
every text cell as an inline string, which Excel moves into a shared-string table the next
time the file is saved (so a clerk who only opens and saves a form changes every sheet).
openpyxl has no option for either: the saved package is put right here.

Workbooks made in bulk (a national batch has some 1,500 report forms) are written directly
instead (:func:`workbook_package`, :class:`Worksheet`, :func:`stylesheet`): the same parts, byte
for byte, as openpyxl's save put right here, without openpyxl's cell objects, its writer and a
second parse of every part. tests/test_results_form_bytes.py holds the two to the same bytes.
"""
from __future__ import annotations

import dataclasses
import functools
import io
import math
import numbers
import re
from xml.sax.saxutils import escape

from lxml import etree

from .names import NAMESPACES, qn
from .order import sort_children
from .package import core_properties, read_package, write_package

STYLES = "xl/styles.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHARED_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def workbook_bytes(workbook, title: str, author: str = "", formulas: bool = False) -> bytes:
    """The .xlsx of an openpyxl workbook: fonts in schema order, shared strings, fixed
    properties and zip entries (the same workbook gives the same bytes).

    A workbook whose cells were not all given by :func:`set_cell` still holds no formula it did not mean:
    unless ``formulas`` says the program made some (each given by :func:`set_cell` as a :class:`Formula`),
    every cell openpyxl took for a formula or an error is written as the text it is."""
    if not formulas:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type in ("f", "e") and isinstance(cell.value, str):
                        cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return package_bytes(read_package(buffer.getvalue()), title, author)


def package_bytes(parts: dict[str, bytes], title: str, author: str = "") -> bytes:
    """The .xlsx of the parts openpyxl wrote, made as :func:`workbook_bytes` makes it."""
    made_as_excel_makes(parts)
    parts["docProps/core.xml"] = core_properties(title, author)
    return write_package(parts)


def made_as_excel_makes(parts: dict[str, bytes]) -> None:
    """The parts openpyxl wrote with fonts in schema order and the text in shared strings."""
    if STYLES in parts:
        parts[STYLES] = fonts_in_order(parts[STYLES])
    share_strings(parts)


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@functools.lru_cache(maxsize=64)  # a KPI's district forms share one styles part
def fonts_in_order(styles: bytes) -> bytes:
    """xl/styles.xml with every font's children in schema order."""
    root = etree.fromstring(styles)
    for font in root.iter(qn("x:font")):
        sort_children(font)
    return _xml(root)


def share_strings(parts: dict[str, bytes]) -> None:
    """Every inline-string cell of every worksheet made a shared string: xl/sharedStrings.xml
    with its relationship and content type. Rich text keeps its runs."""
    cell, inline, value = qn("x:c"), qn("x:is"), qn("x:v")
    strings: dict[bytes, int] = {}
    items: list = []
    references = 0
    for name in sorted(n for n in parts if n.startswith("xl/worksheets/") and n.endswith(".xml")):
        root = etree.fromstring(parts[name])
        changed = False
        for element in root.iter(cell):
            if element.get("t") != "inlineStr":
                continue
            changed = True
            text = element.find(inline)
            if text is None:  # an empty string: an empty cell
                del element.attrib["t"]
                continue
            key = etree.tostring(text)
            element.remove(text)
            if key not in strings:
                strings[key] = len(items)
                text.tag = qn("x:si")
                items.append(text)
            element.set("t", "s")
            etree.SubElement(element, value).text = str(strings[key])
            references += 1
        if changed:
            parts[name] = _xml(root)
    if not items or SHARED_STRINGS in parts:
        return
    table = etree.Element(qn("x:sst"), nsmap={None: NAMESPACES["x"]},
                          count=str(references), uniqueCount=str(len(items)))
    table.extend(items)  # each <is> moves into the table as its <si>
    parts[SHARED_STRINGS] = _xml(table)

    relationships = etree.fromstring(parts[WORKBOOK_RELS])
    taken = {r.get("Id") for r in relationships}
    number = len(taken) + 1
    while f"rId{number}" in taken:
        number += 1
    etree.SubElement(relationships, f"{{{PACKAGE_RELS}}}Relationship", Id=f"rId{number}",
                     Type=SHARED_STRINGS_REL, Target="sharedStrings.xml")
    parts[WORKBOOK_RELS] = _xml(relationships)

    types = etree.fromstring(parts[CONTENT_TYPES])
    etree.SubElement(types, f"{{{CONTENT_TYPES_NS}}}Override", PartName="/" + SHARED_STRINGS,
                     ContentType=SHARED_STRINGS_TYPE)
    parts[CONTENT_TYPES] = _xml(types)


# ------------------------------------------------------------------ a workbook written directly

DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
MAIN_NS = NAMESPACES["x"]
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
PROTECTION_FLAGS = ("objects", "insertRows", "insertHyperlinks", "autoFilter", "scenarios", "formatColumns",
                    "deleteColumns", "insertColumns", "pivotTables", "deleteRows", "formatCells", "formatRows", "sort")
_OPEN_BY_DEFAULT = ("objects", "scenarios")  # the other flags of a protected sheet forbid unless allowed


@functools.cache
def column_letter(number: int) -> str:
    """A column's letters (openpyxl is not imported for this: every command imports this module).

    >>> column_letter(1), column_letter(26), column_letter(27), column_letter(703)
    ('A', 'Z', 'AA', 'AAA')
    """
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_number(letters: str) -> int:
    """
    >>> column_number("A"), column_number("AA")
    (1, 27)
    """
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def text_xml(text: str) -> str:
    """Text as lxml writes it in an element (``&``, ``<``, ``>`` and carriage returns escaped).

    >>> text_xml('A & B <1>\\r"')
    'A &amp; B &lt;1&gt;&#13;"'
    """
    return escape(text, {"\r": "&#13;"})


def attribute_xml(text: str) -> str:
    """Text as lxml writes it in an attribute's value.

    >>> attribute_xml('a "b"\\n')
    'a &quot;b&quot;&#10;'
    """
    return escape(text, {"\r": "&#13;", '"': "&quot;", "\n": "&#10;", "\t": "&#9;"})


def number_xml(value: float) -> str:
    """A number as openpyxl writes it (up to 16 significant digits).

    >>> number_xml(7.0), number_xml(2), number_xml(0.1 + 0.2), number_xml(1 / 3)
    ('7', '2', '0.3', '0.3333333333333333')
    """
    return "%.16g" % value


class SharedStrings:
    """The workbook's shared-string table, filled in the order the cells are written."""

    def __init__(self):
        self.index: dict[str, int] = {}
        self.references = 0

    def add(self, text: str) -> int:
        self.references += 1
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found

    def xml(self) -> bytes:
        items = "".join(f'<si><t xml:space="preserve">{text_xml(t)}</t></si>' if t.strip() and t != t.strip()
                        else f"<si><t>{text_xml(t)}</t></si>" for t in self.index)
        return (f'{DECLARATION}<sst xmlns="{MAIN_NS}" count="{self.references}" uniqueCount="{len(self.index)}">'
                f"{items}</sst>").encode("utf-8")


_ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # control characters, as openpyxl refuses them

# ------------------------------------------------------------------ what a cell is written as
# Text from a round's data or the register may start with what a spreadsheet takes for a formula
# ("=HYPERLINK(…)", "+66 …", "-", "@SUM", a tab or a carriage return). Every cell the program writes for a
# spreadsheet is decided by :func:`cell_kind`: text is text, whatever it starts with; only a :class:`Formula`,
# which the program itself makes, is written as a formula. The .xlsx writers (:func:`cell_xml`, :func:`set_cell`,
# :func:`workbook_bytes`) and the CSV writer (:func:`csv_field`) all ask it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what Excel, LibreOffice and Sheets read as the start of a formula


class Formula(str):
    """A formula the program made, with its ``=`` ("=SUM(C6:C18)"): the only text written as a formula."""
    __slots__ = ()


def cell_kind(value) -> str:
    """How a cell holding ``value`` is written: ``"f"`` a formula the program made, ``"s"`` text (whatever
    it starts with), ``"n"`` a number, ``"b"`` true or false, ``"d"`` a date, ``""`` nothing.

    >>> [cell_kind(v) for v in (Formula("=SUM(A1:A2)"), "=SUM(A1:A2)", "+66 38", "@x", "#N/A", 7, 2.5, None)]
    ['f', 's', 's', 's', 's', 'n', 'n', '']
    """
    if value is None:
        return ""
    if isinstance(value, Formula):
        return "f" if len(value) > 1 else "s"
    if isinstance(value, str):
        return "s"
    if isinstance(value, bool):
        return "b"
    if isinstance(value, numbers.Number):
        return "n"
    if hasattr(value, "year"):
        return "d"
    raise TypeError(f"a workbook cell of type {type(value).__name__}")


def set_cell(cell, value) -> None:
    """Give an openpyxl cell ``value`` as :func:`cell_kind` says: openpyxl itself takes any text starting with
    ``=`` for a formula and "#N/A" for an error; here such text stays text."""
    cell.value = value
    if cell_kind(value) == "s":
        cell.data_type = "s"


def append_row(sheet, values) -> None:
    """openpyxl's ``sheet.append``, each cell given its value by :func:`set_cell`."""
    row = sheet._current_row + 1  # as openpyxl's append finds the row
    for column, value in enumerate(values, start=1):
        set_cell(sheet.cell(row, column), value)


# The formats a staff workbook shows its figures in (Excel's codes): counts grouped, scores with two places, a
# percentage as the number of percent it is (90.38, shown 90.38%), a date as text already written for Thai eyes.
NUMBER_FORMATS = {"count": "#,##0", "score": "0.00", "percent": '0.00"%"', "level": "0"}
STAFF_FONT = "TH SarabunPSK"


def text_lines(text, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide (Thai marks take no room).

    A column holds about its width in TH SarabunPSK letters of 16 pt, once lines end between words (measured
    on LibreOffice's print of the register with the real font).

    >>> text_lines("การดำเนินงานตามตัวชี้วัด", 10), text_lines("", 10), text_lines(90.38, 10)
    (2, 1, 1)
    """
    import unicodedata

    visible = sum(1 for c in str(text if text is not None else "") if unicodedata.category(c) != "Mn")
    return max(1, math.ceil(visible / max(width * 1.1, 1)))


def print_ready(sheet, widths: list[float], formats: list[str | None] = (), heading_rows: int = 1,
                landscape: bool | None = None, size: int = 16, wrap: bool = False) -> None:
    """A staff workbook's sheet as it is printed and read: A4, one page wide (landscape when wider than a
    portrait page), the heading rows bold, wrapped in their cells, frozen and repeated on every printed page,
    every cell in TH SarabunPSK, the columns given their ``widths`` (in characters) and their number
    ``formats`` (keys of :data:`NUMBER_FORMATS`, None for text); with ``wrap``, long text wraps in its cell.
    Rows that wrap are given their height: not every program sizes a row to its wrapped text."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.properties import PageSetupProperties

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[column_letter(index)].width = width
    wide = sum(widths) > 95 if landscape is None else landscape  # ~95 characters fill a portrait A4
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if wide else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins.left, sheet.page_margins.right = 2 / 2.54, 1.5 / 2.54
    sheet.page_margins.top = sheet.page_margins.bottom = 2 / 2.54
    sheet.print_options.horizontalCentered = True
    if heading_rows:
        sheet.freeze_panes = sheet.cell(heading_rows + 1, 1).coordinate
        sheet.print_title_rows = f"1:{heading_rows}"
    plain, bold = Font(name=STAFF_FONT, size=size), Font(name=STAFF_FONT, size=size, bold=True)
    wrapped = Alignment(wrap_text=True, vertical="center", horizontal="center")
    body = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows():
        heading = row[0].row <= heading_rows
        if heading or wrap:
            lines = max((text_lines(cell.value, widths[cell.column - 1]) for cell in row if cell.column <= len(widths)
                         and cell_kind(cell.value) == "s"), default=1)
            if lines > 1 or heading:
                sheet.row_dimensions[row[0].row].height = lines * size * 1.35 + 2  # TH SarabunPSK: 1.31 em a line
        if sheet.row_dimensions[row[0].row].height is None:  # one line of Thai with its marks above and below:
            sheet.row_dimensions[row[0].row].height = size * 1.35 + 2  # the default height clips them
        for cell in row:
            cell.font = bold if heading else plain
            if heading:
                cell.alignment = wrapped
            elif wrap and cell_kind(cell.value) == "s":
                cell.alignment = body
            elif cell.column <= len(formats) and formats[cell.column - 1] and cell_kind(cell.value) == "n":
                cell.number_format = NUMBER_FORMATS[formats[cell.column - 1]]


def csv_field(value) -> str:
    """A CSV cell's text. Text starting with a formula character is guarded as OWASP recommends (a leading
    ``'``, which Excel hides and which stops the formula); the writer quotes every field.

    >>> print(csv_field('=HYPERLINK("http://x")'), csv_field("+6638"), csv_field("ว 226/2568"), csv_field(-5))
    '=HYPERLINK("http://x") '+6638 ว 226/2568 -5
    """
    if value is None:
        return ""
    text = str(value)
    if cell_kind(value) == "s" and text.startswith(FORMULA_START):
        return "'" + text
    return text


def csv_bytes(rows) -> bytes:
    """A CSV file of ``rows``: every field quoted and guarded (:func:`csv_field`), UTF-8 with a byte-order
    mark so that Thai Excel opens it as UTF-8."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([csv_field(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def cell_xml(reference: str, value, style: int, strings: SharedStrings) -> str:
    """One <c>: a number, a text (shared), a :class:`Formula`, or an empty styled cell.
    Text is checked as openpyxl checks it when a cell is given a value."""
    styled = f' s="{style}"' if style else ""
    kind = cell_kind(value)
    if not kind:
        return f'<c r="{reference}"{styled} t="n"/>'
    if kind == "f":
        return f'<c r="{reference}"{styled}><f>{text_xml(value[1:])}</f><v/></c>'
    if kind == "s":
        value = str(value)[:32767]
        if _ILLEGAL_CHARACTERS.search(value):
            raise ValueError(f"{value} cannot be used in worksheets.")
        if not value:
            return f'<c r="{reference}"{styled}/>'
        return f'<c r="{reference}"{styled} t="s"><v>{strings.add(value)}</v></c>'
    if kind == "n" and isinstance(value, (int, float)):
        return f'<c r="{reference}"{styled} t="n"><v>{number_xml(value)}</v></c>'
    raise TypeError(f"a workbook cell of type {type(value).__name__}")


@dataclasses.dataclass(frozen=True)
class Validation:
    """A data-validation rule over some cells (its formulas relative to the first)."""
    type: str
    operator: str
    formula1: str
    formula2: str | None
    error_title: str
    error: str
    prompt: str
    cells: tuple[str, ...]  # single cells (D7), written as openpyxl sorts them: by column, then row

    def xml(self) -> str:
        cells = sorted(self.cells, key=lambda c: (column_number(c.rstrip("0123456789")),
                                                  int(c[len(c.rstrip("0123456789")):])))
        second = f"<formula2>{text_xml(self.formula2)}</formula2>" if self.formula2 is not None else ""
        return (f'<dataValidation sqref="{" ".join(cells)}" showDropDown="0" showInputMessage="1" '
                f'showErrorMessage="1" allowBlank="1" errorTitle="{attribute_xml(self.error_title)}" '
                f'error="{attribute_xml(self.error)}" prompt="{attribute_xml(self.prompt)}" type="{self.type}" '
                f'operator="{self.operator}"><formula1>{text_xml(self.formula1)}</formula1>{second}</dataValidation>')


@dataclasses.dataclass
class Worksheet:
    """A worksheet as the parts of it that a workbook made in bulk uses; written by :meth:`xml`."""
    cells: dict[tuple[int, int], tuple[object, int]]  # (row, column) → (value, style id); a MergedCell is not one
    heights: dict[int, float] = dataclasses.field(default_factory=dict)
    widths: dict[int, float] = dataclasses.field(default_factory=dict)  # column number → width
    merged: list[tuple[int, int, int, int]] = dataclasses.field(default_factory=list)  # (row, col, row, col)
    validations: list[Validation] = dataclasses.field(default_factory=list)
    frozen: tuple[int, int] | None = None  # the first row and column that scroll
    protected: bool = False
    allowed: tuple[str, ...] = ()  # what a protected sheet still lets a user do: formatCells, formatColumns …
    fit_to_width: bool = False  # printed on A4 portrait, one page wide, centred
    margins: tuple[float, float, float, float] = (0.75, 0.75, 1, 1)  # left, right, top, bottom

    def dimension(self) -> str:
        rows = [r for r, _ in self.cells] + [r for m in self.merged for r in (m[0], m[2])]
        columns = [c for _, c in self.cells] + [c for m in self.merged for c in (m[1], m[3])]
        first = f"{column_letter(min(columns))}{min(rows)}"
        last = f"{column_letter(max(columns))}{max(rows)}"
        return first if first == last else f"{first}:{last}"

    def xml(self, strings: SharedStrings) -> bytes:
        out = [DECLARATION, f'<worksheet xmlns="{MAIN_NS}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/>',
               '<pageSetUpPr fitToPage="1"/>' if self.fit_to_width else "<pageSetUpPr/>",
               f'</sheetPr><dimension ref="{self.dimension()}"/><sheetViews><sheetView workbookViewId="0">']
        if self.frozen:
            row, column = self.frozen
            corner = f"{column_letter(column)}{row}"
            out.append(f'<pane xSplit="{column - 1}" ySplit="{row - 1}" topLeftCell="{corner}" activePane="bottomRight" '
                       'state="frozen"/><selection pane="topRight"/><selection pane="bottomLeft"/>'
                       '<selection pane="bottomRight" activeCell="A1" sqref="A1"/>')
        else:
            out.append('<selection activeCell="A1" sqref="A1"/>')
        out.append('</sheetView></sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>')
        if self.widths:
            out.append("<cols>")
            out.extend(f'<col width="{number_xml(w)}" customWidth="1" min="{c}" max="{c}"/>'
                       for c, w in sorted(self.widths.items()))
            out.append("</cols>")
        out.append("<sheetData>")
        rows: dict[int, list] = {}
        for (row, column), (value, style) in sorted(self.cells.items()):
            if value is not None or style:  # an empty cell without a style is not written
                rows.setdefault(row, []).append(column)
        for row in self.heights.keys() - rows.keys():
            rows[row] = []
        for row in sorted(rows):
            height = self.heights.get(row)
            out.append(f'<row r="{row}" ht="{number_xml(height)}" customHeight="1">' if height is not None
                       else f'<row r="{row}">')
            for column in rows[row]:
                value, style = self.cells[row, column]
                out.append(cell_xml(f"{column_letter(column)}{row}", value, style, strings))
            out.append("</row>")
        out.append("</sheetData>")
        if self.protected:
            flags = "".join(f' {f}="{0 if f in self.allowed or f in _OPEN_BY_DEFAULT else 1}"'
                            for f in PROTECTION_FLAGS)
            out.append(f'<sheetProtection selectLockedCells="0" selectUnlockedCells="0" sheet="1"{flags}/>')
        if self.merged:
            out.append(f'<mergeCells count="{len(self.merged)}">')
            # in the order openpyxl writes them: that of its set of ranges, which hash as these tuples do
            out.extend(f'<mergeCell ref="{column_letter(c1)}{r1}:{column_letter(c2)}{r2}"/>'
                       for r1, c1, r2, c2 in set(self.merged))
            out.append("</mergeCells>")
        if self.validations:
            out.append(f'<dataValidations count="{len(self.validations)}">')
            out.extend(rule.xml() for rule in self.validations)
            out.append("</dataValidations>")
        if self.fit_to_width:
            out.append('<printOptions horizontalCentered="1"/>')
        left, right, top, bottom = (number_xml(m) for m in self.margins)
        out.append(f'<pageMargins left="{left}" right="{right}" top="{top}" bottom="{bottom}" header="0.5" footer="0.5"/>')
        if self.fit_to_width:
            out.append('<pageSetup orientation="portrait" paperSize="9" fitToHeight="0" fitToWidth="1"/>')
        out.append("</worksheet>")
        return "".join(out).encode("utf-8")


@dataclasses.dataclass(frozen=True)
class CellStyle:
    """A cell's look, as much of it as a workbook made in bulk uses."""
    font: str
    size: float = 11
    bold: bool = False
    horizontal: str | None = None
    vertical: str | None = None
    wrap: bool = False
    grid: bool = False  # a thin border on every side
    number_format: str | None = None
    unlocked: bool = False  # a cell a user may fill on a protected sheet

    def openpyxl(self) -> dict:
        """The style as openpyxl cell attributes, in the order they are given to a cell."""
        from openpyxl.styles import Alignment, Border, Font, Protection, Side

        found = {}
        if self.number_format:
            found["number_format"] = self.number_format
        found["font"] = Font(name=self.font, size=self.size, bold=self.bold)
        if self.horizontal or self.vertical or self.wrap:
            found["alignment"] = Alignment(horizontal=self.horizontal, vertical=self.vertical, wrap_text=self.wrap or None)
        if self.grid:
            thin = Side(style="thin")
            found["border"] = Border(left=thin, right=thin, top=thin, bottom=thin)
        if self.unlocked:
            found["protection"] = Protection(locked=False)
        return found


# openpyxl's (and Excel's) built-in number formats that a form may use; any other format is the workbook's own
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "0.00E+00": 11,
                   "mm-dd-yy": 14, "d-mmm-yy": 15, "d-mmm": 16, "mmm-yy": 17, "h:mm": 20, "h:mm:ss": 21,
                   "m/d/yy h:mm": 22, "mm:ss": 45, "[h]:mm:ss": 46, "mmss.0": 47, "##0.0E+0": 48, "@": 49}
DEFAULT_FONT = '<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>'
BOLD = '<b val="1"/>'
THIN_GRID = '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/></border>'
INDEXED_COLORS = (
    "00000000 00FFFFFF 00FF0000 0000FF00 000000FF 00FFFF00 00FF00FF 0000FFFF 00000000 00FFFFFF 00FF0000 "
    "0000FF00 000000FF 00FFFF00 00FF00FF 0000FFFF 00800000 00008000 00000080 00808000 00800080 00008080 "
    "00C0C0C0 00808080 009999FF 00993366 00FFFFCC 00CCFFFF 00660066 00FF8080 000066CC 00CCCCFF 00000080 "
    "00FF00FF 00FFFF00 0000FFFF 00800080 00800000 00008080 000000FF 0000CCFF 00CCFFFF 00CCFFCC 00FFFF99 "
    "0099CCFF 00FF99CC 00CC99FF 00FFCC99 003366FF 0033CCCC 0099CC00 00FFCC00 00FF9900 00FF6600 00666699 "
    "00969696 00003366 00339966 00003300 00333300 00993300 00993366 00333399 00333333").split()


def stylesheet(made: list[CellStyle], written: list[int]) -> tuple[bytes, list[int]]:
    """xl/styles.xml for the cell styles ``made``, and the cell-format id of each: the styles.xml that
    openpyxl writes, fonts in schema order (:func:`fonts_in_order`), for a workbook whose cells were
    first given these styles in the order ``made`` (which numbers its fonts, borders and own number
    formats) and written in the order ``written`` (indices into ``made``, which numbers the cell
    formats; equal formats share one)."""
    fonts: dict[tuple | None, int] = {None: 0}  # the workbook's default font first
    formats: dict[str, int] = {}
    grid = False
    for style in made:
        if style.number_format and style.number_format not in BUILTIN_FORMATS:
            formats.setdefault(style.number_format, 164 + len(formats))
        fonts.setdefault((style.font, style.size, style.bold), len(fonts))
        grid = grid or style.grid
    formats_xml = "".join(f'<numFmt numFmtId="{n}" formatCode="{attribute_xml(f)}"/>' for f, n in formats.items())
    fonts_xml = DEFAULT_FONT + "".join(
        f'<font>{BOLD if bold else ""}<sz val="{number_xml(size)}"/><name val="{attribute_xml(name)}"/></font>'
        for name, size, bold in list(fonts)[1:])
    formats_by_xml: dict[str, int] = {}
    ids = [0] * len(made)
    for index in written:
        style = made[index]
        number = BUILTIN_FORMATS.get(style.number_format or "General") or formats.get(style.number_format, 0)
        aligned = style.horizontal or style.vertical or style.wrap
        xf = (f'<xf numFmtId="{number}" fontId="{fonts[style.font, style.size, style.bold]}" fillId="0" '
              f'borderId="{int(style.grid)}"' + (' applyAlignment="1"' if aligned else "")
              + (' applyProtection="1"' if style.unlocked else "") + ' pivotButton="0" quotePrefix="0" xfId="0"')
        inner = ""
        if aligned:
            inner += ("<alignment" + (f' horizontal="{style.horizontal}"' if style.horizontal else "")
                      + (f' vertical="{style.vertical}"' if style.vertical else "")
                      + (' wrapText="1"' if style.wrap else "") + "/>")
        if style.unlocked:
            inner += '<protection locked="0" hidden="0"/>'
        xf += f">{inner}</xf>" if inner else "/>"
        ids[index] = formats_by_xml.setdefault(xf, len(formats_by_xml) + 1)
    xfs = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" pivotButton="0" quotePrefix="0" xfId="0"/>' + "".join(
        formats_by_xml)
    colors = "".join(f'<rgbColor rgb="{c}"/>' for c in INDEXED_COLORS)
    xml = (f'{DECLARATION}<styleSheet xmlns="{MAIN_NS}">'
           + (f'<numFmts count="{len(formats)}">{formats_xml}</numFmts>' if formats else '<numFmts count="0"/>')
           + f'<fonts count="{len(fonts)}">{fonts_xml}</fonts>'
           '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
           f'<borders count="{1 + grid}"><border><left/><right/><top/><bottom/><diagonal/></border>'
           f'{THIN_GRID if grid else ""}</borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           f'<cellXfs count="{len(formats_by_xml) + 1}">{xfs}</cellXfs>'
           '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0" hidden="0"/></cellStyles>'
           '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
           f"<colors><indexedColors>{colors}</indexedColors></colors></styleSheet>")
    return xml.encode("utf-8"), ids


@functools.cache
def _static_parts() -> dict[str, bytes]:
    """The parts that are the same in every workbook openpyxl saves: its package relationships, its
    application properties and its theme, taken from openpyxl without importing it (the import costs
    a process 0.3 s and 18 MB, and nothing else of openpyxl is needed to write a form)."""
    import ast
    import importlib.metadata
    import importlib.util
    from pathlib import Path

    version = importlib.metadata.version("openpyxl")
    application = (f'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                   f"<Application>Microsoft Excel Compatible / Openpyxl {version}</Application>"
                   f"<AppVersion>{'.'.join(version.split('.')[:-1])}</AppVersion></Properties>")
    source = Path(importlib.util.find_spec("openpyxl").submodule_search_locations[0]) / "writer" / "theme.py"
    theme_xml = next(ast.literal_eval(node.value) for node in ast.parse(source.read_text(encoding="utf-8")).body
                     if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "theme_xml")
    return {"_rels/.rels": (
                f'<Relationships xmlns="{PACKAGE_RELS}">'
                '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                'Target="xl/workbook.xml" Id="rId1"/>'
                '<Relationship Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
                'Target="docProps/core.xml" Id="rId2"/>'
                '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" '
                'Target="docProps/app.xml" Id="rId3"/></Relationships>').encode("utf-8"),
            "docProps/app.xml": application.encode("utf-8"),
            "xl/theme/theme1.xml": theme_xml.encode("utf-8")}


@functools.cache
def _sheet_list_parts(count: int) -> dict[str, bytes]:
    """The content types and the workbook's relationships of a workbook with ``count`` sheets."""
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{WORKSHEET_TYPE}"/>'
                     for n in range(1, count + 1))
    types = (f'{DECLARATION}<Types xmlns="{CONTENT_TYPES_NS}">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/styles.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
             '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
             '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
             '<Override PartName="/docProps/app.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
             f'{sheets}<Override PartName="/xl/workbook.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             f'<Override PartName="/{SHARED_STRINGS}" ContentType="{SHARED_STRINGS_TYPE}"/></Types>')
    relationships = "".join(f'<Relationship Type="{WORKSHEET_REL}" Target="/xl/worksheets/sheet{n}.xml" Id="rId{n}"/>'
                            for n in range(1, count + 1))
    rels = (f'{DECLARATION}<Relationships xmlns="{PACKAGE_RELS}">{relationships}'
            f'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            f'Target="styles.xml" Id="rId{count + 1}"/>'
            f'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" '
            f'Target="theme/theme1.xml" Id="rId{count + 2}"/>'
            f'<Relationship Id="rId{count + 3}" Type="{SHARED_STRINGS_REL}" Target="sharedStrings.xml"/></Relationships>')
    return {CONTENT_TYPES: types.encode("utf-8"), WORKBOOK_RELS: rels.encode("utf-8")}


def workbook_package(sheets: list[tuple[str, Worksheet, bool]], styles: bytes, title: str, author: str = "",
                     defined_names: list[tuple[str, int, str]] = (), lock_structure: bool = False) -> bytes:
    """The .xlsx of ``sheets`` ((name, worksheet, hidden)), in the bytes :func:`workbook_bytes` gives for the
    same workbook saved by openpyxl. ``defined_names``: (name, sheet index, formula)."""
    strings = SharedStrings()
    parts = dict(_static_parts())
    parts.update(_sheet_list_parts(len(sheets)))
    for number, (_, sheet, _) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{number}.xml"] = sheet.xml(strings)
    parts[SHARED_STRINGS] = strings.xml()
    parts[STYLES] = styles
    relationships = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    listed = "".join(f'<sheet {relationships} name="{attribute_xml(name)}" sheetId="{number}" '
                     f'state="{"hidden" if hidden else "visible"}" r:id="rId{number}"/>'
                     for number, (name, _, hidden) in enumerate(sheets, start=1))
    names = "".join(f'<definedName name="{attribute_xml(name)}" localSheetId="{sheet}">{text_xml(formula)}</definedName>'
                    for name, sheet, formula in defined_names)
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{MAIN_NS}"><workbookPr/>'
        + ('<workbookProtection lockStructure="1"/>' if lock_structure else "")
        + '<bookViews><workbookView visibility="visible" minimized="0" showHorizontalScroll="1" showVerticalScroll="1" '
        'showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" autoFilterDateGrouping="1"/></bookViews>'
        f"<sheets>{listed}</sheets>" + (f"<definedNames>{names}</definedNames>" if names else "")
        + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>').encode("utf-8")
    parts["docProps/core.xml"] = core_properties(title, author)
    return write_package(parts)


# ------------------------------------------------------------------ a worksheet's extent, before openpyxl reads it
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


@dataclasses.dataclass
class SheetExtent:
    """How much of a grid a worksheet's XML asks a reader to build, read without building it."""
    rows: int = 0  # the highest row number of a row or cell
    columns: int = 0  # the highest column number of a cell
    cells: int = 0  # <c> elements
    merged_cells: int = 0  # cells covered by merged ranges (openpyxl makes an object for each)
    dimension_cells: int = 0  # cells in the declared <dimension>
    bad_number: tuple[str, str] | None = None  # (cell, value) of the first number cell holding no finite number

    def within(self, rows: int, columns: int) -> bool:
        """Whether the sheet fits a grid of ``rows`` × ``columns`` in every measure."""
        grid = rows * columns
        return (self.rows <= rows and self.columns <= columns and self.cells <= grid
                and self.merged_cells <= grid and self.dimension_cells <= grid)


def reference_cell(reference: str) -> tuple[int, int] | None:
    """(row, column) of a cell reference, or None when it is none.

    >>> reference_cell("B7"), reference_cell("$XFD$1048576"), reference_cell("7B")
    ((7, 2), (1048576, 16384), None)
    """
    match = _REFERENCE.fullmatch(reference.strip())
    if not match:
        return None
    return int(match.group(2)), column_number(match.group(1).upper())


def range_cells(reference: str) -> int:
    """How many cells a range ("A1:H1", "B7") covers; 0 for what is no range.

    >>> range_cells("A1:H1"), range_cells("A1:XFD1048576"), range_cells("C3"), range_cells("A1:")
    (8, 17179869184, 1, 0)
    """
    ends = [reference_cell(end) for end in reference.split(":")]
    if len(ends) not in (1, 2) or None in ends:
        return 0
    (r1, c1), (r2, c2) = ends[0], ends[-1]
    return (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)


def _finite_number(text: str) -> bool:
    """Whether a number cell's <v> is a finite number of sensible length, as Excel writes one.

    >>> [_finite_number(t) for t in ("47", "-1.5E-3", "1e400", "NaN", "-inf", "", "1" * 400)]
    [True, True, False, False, False, False, False]
    """
    import math

    if len(text) > 40:
        return False
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    """Each worksheet part's sheet name, from xl/workbook.xml and its relationships ({} when they cannot be read)."""
    import posixpath

    try:
        workbook = etree.fromstring(parts["xl/workbook.xml"], etree.XMLParser(resolve_entities=False, no_network=True))
        relationships = etree.fromstring(parts[WORKBOOK_RELS], etree.XMLParser(resolve_entities=False, no_network=True))
    except (KeyError, etree.XMLSyntaxError):
        return {}
    targets = {r.get("Id"): r.get("Target") or "" for r in relationships}
    found = {}
    for sheet in workbook.iter(qn("x:sheet")):
        target = targets.get(sheet.get(qn("r:id")), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        found[part] = sheet.get("name") or ""
    return found


def worksheet_extent(stream, rows: int, columns: int) -> SheetExtent:
    """The extent of a worksheet part (a file object of its XML), read as a stream; it stops as soon as the
    sheet outgrows ``rows`` × ``columns``, so a sheet that declares billions of cells costs no more than one
    that fits. Raises lxml's XMLSyntaxError for what is no XML, ValueError for a part with a DTD (entities)."""
    extent = SheetExtent()
    row_tag, cell_tag, merge_tag, dimension_tag = qn("x:row"), qn("x:c"), qn("x:mergeCell"), qn("x:dimension")
    value_tag, formula_tag = qn("x:v"), qn("x:f")
    row_number = 0
    column = 0
    for event, element in etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True,
                                          huge_tree=False):
        if event == "end":  # what was read is let go: memory stays that of one row, however long the part
            if element.tag in (value_tag, formula_tag):
                continue  # read with its cell
            if element.tag == cell_tag and extent.bad_number is None and element.get("t", "n") == "n":
                value = element.findtext(value_tag)
                if value and element.find(formula_tag) is None and not _finite_number(value):
                    extent.bad_number = (element.get("r") or "", value[:40])
            parent = element.getparent()
            if parent is not None:
                element.clear()
                while element.getprevious() is not None:
                    del parent[0]
            continue
        tag = element.tag
        if element.getparent() is None and element.getroottree().docinfo.internalDTD is not None:
            raise ValueError("a worksheet with a document type (DTD): Excel never writes one")
        if tag == cell_tag:
            extent.cells += 1
            place = reference_cell(element.get("r") or "")
            column = place[1] if place else column + 1
            extent.columns = max(extent.columns, column)
            if place:
                extent.rows = max(extent.rows, place[0])
        elif tag == row_tag:
            given = element.get("r")
            row_number = int(given) if given and given.isdigit() and len(given) < 9 else row_number + 1
            extent.rows = max(extent.rows, row_number)
            column = 0
        elif tag == merge_tag:
            extent.merged_cells += range_cells(element.get("ref") or "")
        elif tag == dimension_tag:
            extent.dimension_cells = range_cells(element.get("ref") or "")
        if not extent.within(rows, columns):
            break
    return extent
