"""The report-form workbooks are made quickly (styles copied cell to cell, each sheet written in memory, a
KPI's per-district forms changed from one workbook, parts deflated once): every file is still byte for byte
what openpyxl's own save of a freshly made workbook, zipped by Python's zipfile, gives."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from generator import ooxml
from generator.results import workbook
from generator.validate import validate
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
    form = workbook._build(round_, kpi, layout)
    buffer = io.BytesIO()
    form.workbook.save(buffer)
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


def test_the_package_writer_writes_what_zipfile_writes():
    for path in sorted((ROOT / "letter_templates").glob("*.docx")):
        parts = ooxml.read_package(path.read_bytes())
        assert ooxml.write_package(parts) == zipped(parts), path.name
        assert ooxml.write_package(parts) == zipped(parts), path.name  # the second time from the cache
    parts = {"[Content_Types].xml": b"<Types/>", "word/เอกสาร.xml": b"x" * 70_000}  # a non-ASCII name
    assert ooxml.write_package(parts) == zipped(parts)
    assert zipfile.ZipFile(io.BytesIO(ooxml.write_package(parts))).testzip() is None
