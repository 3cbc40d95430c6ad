"""The report-form workbooks are written directly from the form's description, without openpyxl's writer:
every file is still byte for byte what openpyxl's own save of the same form made as an openpyxl workbook
(each cell styled through openpyxl's attributes), zipped by Python's zipfile, gives."""
from __future__ import annotations

import dataclasses
import io
import zipfile
from decimal import Decimal
from pathlib import Path

from generator import ooxml
from generator.documents import form_workbook as workbook
from generator.checking.validate import validate
from tests.rounds import ROOT, copy_round

PER_DISTRICT = "2568-1-chachoengsao"


def zipped(parts: dict[str, bytes]) -> bytes:
    """The package as zipfile writes it with fixed entry times and order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, parts[name])
    return out.getvalue()


def openpyxl_saved(round_, kpi, layout) -> bytes:
    """A fresh workbook saved by openpyxl itself."""
    form = workbook.form_sheet(round_, kpi, layout)
    buffer = io.BytesIO()
    workbook.openpyxl_workbook(form).save(buffer)
    parts = ooxml.read_package(buffer.getvalue())
    ooxml.spreadsheet.made_as_excel_makes(parts)  # fonts in schema order, shared strings: as every workbook
    parts["docProps/core.xml"] = ooxml.core_properties(layout.title, form.creator)
    return zipped(parts)


def rounds(tmp_path: Path) -> list[Path]:
    folder = copy_round(tmp_path, PER_DISTRICT)  # with a form per district, as the national rounds have
    kpi = folder / "kpis" / "kpi-04.yaml"
    kpi.write_text(kpi.read_text(encoding="utf-8").replace("  prefilled: ครัวเรือนเป้าหมาย",
                                                            "  prefilled: ครัวเรือนเป้าหมาย\n  per_district: true"),
                   encoding="utf-8")
    samples = [p for p in sorted((ROOT / "kpi_data").iterdir()) if (p / "round.yaml").is_file()]
    return [folder] + samples


def test_every_form_is_what_openpyxl_and_zipfile_make(tmp_path):
    made = 0
    for folder in rounds(tmp_path):
        round_, report = validate(folder, lint=False)
        assert round_ is not None, report.format()
        for name, kpi, layout in workbook.planned(round_):  # in the build's order: district after district
            quick = workbook.form_workbook(round_, kpi, layout)
            assert quick == openpyxl_saved(round_, kpi, layout), f"{folder.name}/{name}"
            made += 1
    assert made >= 12  # a province form and eleven district forms at least


def test_text_that_xml_escapes_and_fractional_targets_are_written_as_openpyxl_writes_them(tmp_path):
    round_, report = validate(ROOT / "kpi_data" / PER_DISTRICT, lint=False)
    assert round_ is not None, report.format()
    _, kpi, layout = workbook.planned(round_)[0]
    kpi = kpi.model_copy(update={"name": 'งาน "พิเศษ" & <ทดสอบ>\r\nบรรทัดสอง'})
    columns = tuple(dataclasses.replace(c, heading=f"  {c.heading} & <{c.kind}> ") for c in layout.columns)
    targets = tuple(t + Decimal("0.25") for t in layout.targets)
    for district in (None, layout.districts[-1]):
        titles = ((" แบบ & รายงาน ", 18), (f"ตัวชี้วัดที่ {kpi.number} {kpi.name}", 16))
        odd = dataclasses.replace(layout, title=" แบบ & รายงาน ", titles=titles, columns=columns, targets=targets,
                                  district=district)
        made = workbook.form_workbook(round_, kpi, odd)
        assert made == openpyxl_saved(round_, kpi, odd)
        text = zipfile.ZipFile(io.BytesIO(made)).read("xl/sharedStrings.xml").decode("utf-8")
        assert '<t xml:space="preserve"> แบบ &amp; รายงาน </t>' in text and "&lt;ทดสอบ&gt;&#13;" in text


def test_the_package_writer_writes_what_zipfile_writes():
    for path in sorted((ROOT / "letter_templates").glob("*.docx")):
        parts = ooxml.read_package(path.read_bytes())
        assert ooxml.write_package(parts) == zipped(parts), path.name
        assert ooxml.write_package(parts) == zipped(parts), path.name  # the second time from the cache
    parts = {"[Content_Types].xml": b"<Types/>", "word/เอกสาร.xml": b"x" * 70_000}  # a non-ASCII name
    assert ooxml.write_package(parts) == zipped(parts)
    assert zipfile.ZipFile(io.BytesIO(ooxml.write_package(parts))).testzip() is None


def openpyxl_stylesheet(made, written) -> tuple[bytes, list[int]]:
    """styles.xml as openpyxl writes it for cells styled ``made`` in that order and written in the order ``written``."""
    import copy

    from openpyxl import Workbook
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.styles.stylesheet import write_stylesheet
    from openpyxl.utils.indexed_list import IndexedList
    from openpyxl.xml.functions import tostring

    book = Workbook()
    cell = book.active.cell(1, 1)
    arrays = []
    for style in made:
        cell._style = StyleArray()
        for attribute, value in style.openpyxl().items():
            setattr(cell, attribute, value)
        arrays.append(copy.copy(cell._style))
    book._cell_styles = IndexedList([StyleArray()])
    ids = [0] * len(made)
    for index in written:
        ids[index] = book._cell_styles.add(arrays[index])
    return ooxml.spreadsheet.fonts_in_order(tostring(write_stylesheet(book))), ids


def test_the_styles_part_is_the_one_openpyxl_writes():
    Style = ooxml.spreadsheet.CellStyle
    made = [Style("TH Sarabun & <New>", 15.5, True, "right", "top", True, True, "0.0%", True),  # everything at once
            Style("Calibri"), Style("Calibri", 11, number_format="General"),  # not the default font
            Style("TH SarabunPSK", 14, number_format="yyyy-mm-dd"), Style("TH SarabunPSK", 14, number_format="@"),
            Style("TH SarabunPSK", 14, horizontal="center", unlocked=True), Style("TH SarabunPSK", 14, grid=True),
            Style("TH SarabunPSK", 14, number_format="yyyy-mm-dd", grid=True)]
    for written in ([0, 1, 2, 3, 4, 5, 6, 7], [7, 5, 3, 1], [2, 1]):  # 1 and 2 are one format
        assert ooxml.spreadsheet.stylesheet(made, written) == openpyxl_stylesheet(made, written), written
    plain = [Style("TH SarabunPSK", 16)]
    assert ooxml.spreadsheet.stylesheet(plain, [0]) == openpyxl_stylesheet(plain, [0])  # no own number format


def test_a_district_form_opens_only_its_district_row(tmp_path):
    from openpyxl import load_workbook

    from generator.documents.form_layout import ID_SHEET, SHEET

    round_, report = validate(rounds(tmp_path)[0], lint=False)
    assert round_ is not None, report.format()
    district_forms = [(name, layout) for name, _, layout in workbook.planned(round_) if layout.district]
    assert len(district_forms) >= 11
    for name, layout in district_forms[:3] + district_forms[-1:]:
        kpi = next(k for _, k, l in workbook.planned(round_) if l == layout)
        book = load_workbook(io.BytesIO(workbook.form_workbook(round_, kpi, layout)))
        sheet, identity = book[SHEET], book[ID_SHEET]
        own = layout.row_of(layout.district)
        assert sheet["A4"].value.startswith(f"อำเภอ{layout.district} จังหวัด"), name
        assert identity["B4"].value == layout.district and identity["B3"].value == layout.version
        inputs = [c for c in layout.columns if c.kind in workbook.INPUT_KINDS]
        for row in range(layout.first_row, layout.total_row):
            for column in inputs:
                assert sheet[f"{column.letter}{row}"].protection.locked is (row != own), (name, row, column.letter)
        assert sorted(str(rule.sqref) for rule in sheet.data_validations.dataValidation) == \
            sorted(f"{c.letter}{own}" for c in inputs if c.kind != "text")
