"""Word and Excel open every file the program writes without "unreadable content": each
.docx and .xlsx validates against the OOXML schema (openxml-audit, a port of the Open XML
SDK's validator) with no error and no Word/Excel app-compat finding."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx.oxml import OxmlElement
from lxml import etree
from openpyxl import load_workbook
from openxml_audit import OpenXmlValidator
from openxml_audit.errors import SourceClass, ValidationSeverity

from generator.printing.bundle import cover_sheet
from generator.cli import main
from generator.ooxml.names import qn
from generator.ooxml.order import SEQUENCES, get_or_add
from generator.register.exports import export_xlsx, print_docx
from generator.register.store import Register
from generator.documents.form_layout import TOTAL_LABEL
from generator.documents.stock_templates import STOCK, write_stock_templates
from tests.rounds import ROOT, copy_round

SAMPLES = sorted(p.parent.name for p in (ROOT / "kpi_data").glob("*/round.yaml"))
RESULTS_ROUND = "2568-1-chachoengsao"  # the sample round with returned forms
APP_COMPAT = {SourceClass.WORD_APP_COMPAT, SourceClass.EXCEL_APP_COMPAT, SourceClass.POWERPOINT_APP_COMPAT}


@pytest.fixture(scope="module")
def validator() -> OpenXmlValidator:
    return OpenXmlValidator(max_errors=0)


def findings(validator: OpenXmlValidator, path: Path) -> list[str]:
    """Every error and every Word/Excel app-compat finding (a warning too), as one line each."""
    result = validator.validate(path)
    return [f"{path.name} {e.part_uri} {e.path}: {e.description[:160]}" for e in result.errors
            if e.severity == ValidationSeverity.ERROR or e.source_class in APP_COMPAT]


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """Every file the program writes for the sample rounds: their documents and report-form
    workbooks, the results of the round with returned forms, the register's export and
    print-out, and a print bundle's cover sheet."""
    tmp = tmp_path_factory.mktemp("schema")
    out = tmp / "out"
    register = tmp / "register.sqlite3"
    assert main(["--register", str(register), "letters", "all", "--output", str(out), "--pdf", "no"]) == 0
    data = copy_round(tmp, RESULTS_ROUND).parent
    assert main(["--data", str(data), "--register", str(register), "results", RESULTS_ROUND,
                 "--output", str(out), "--pdf", "no"]) == 0
    with Register(tmp / "numbers.sqlite3") as numbers:
        numbers.allocate("ฉช 0018", True, 2568, "a", sender="สำนักงานพัฒนาชุมชนจังหวัดฉะเชิงเทรา",
                         recipient="นายอำเภอ ทุกอำเภอ", subject="การดำเนินงานตัวชี้วัด")
        voided = numbers.allocate("ฉช 0018", True, 2568, "b", subject="ยกเลิก")
        numbers.void(voided.id, "พิมพ์ซ้ำ")
        export_xlsx(numbers.entries(), out / "register.xlsx")
        print_docx(numbers.entries(), out / "register.docx", "สำนักงานพัฒนาชุมชนจังหวัดฉะเชิงเทรา", 2568)
    (out / "cover.docx").write_bytes(cover_sheet("ชุดเอกสารสำหรับพิมพ์", "รอบที่ ๑/๒๕๖๘",
                                                 [("หนังสือเวียน", "letter-01-circular.docx", 2)]))
    return out


def test_every_generated_file_of_every_sample_round_is_valid(written, validator):
    files = sorted(p for p in written.rglob("*") if p.suffix in (".docx", ".xlsx"))
    for round_name in SAMPLES:
        assert any(p.parent.name == round_name and p.suffix == ".docx" for p in files), round_name
    kinds = {p.name for p in files}
    assert {"results-summary.docx", "results-circular.docx", "results-summary.xlsx", "register.xlsx",
            "register.docx", "cover.docx"} <= kinds
    assert any(name.startswith("report-form-") and name.endswith(".xlsx") for name in kinds)
    found = [line for path in files for line in findings(validator, path)]
    assert not found, f"{len(found)} findings in {len(files)} files:\n" + "\n".join(found[:40])


def test_every_stock_template_is_valid_as_committed_and_as_written(tmp_path, validator):
    committed = [ROOT / "letter_templates" / name for name in STOCK]
    fresh = write_stock_templates(tmp_path)
    found = [line for path in committed + fresh for line in findings(validator, path)]
    assert not found, "\n".join(found)
    for old, new in zip(committed, fresh):
        assert old.read_bytes() == new.read_bytes(), f"{old.name}: run `python -m generator templates --restore`"


def test_no_stale_part_no_styles_with_effects_nor_a_blank_thumbnail(written):
    for path in [*written.rglob("*.docx"), *(ROOT / "letter_templates").glob("*.docx")]:
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
            assert "word/stylesWithEffects.xml" not in names and "docProps/thumbnail.jpeg" not in names, path
            for part in ("[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"):
                assert b"stylesWithEffects" not in package.read(part), (path, part)
                assert b"thumbnail" not in package.read(part), (path, part)


def test_workbooks_keep_their_text_in_a_shared_string_table(written):
    path = next(written.glob(f"{RESULTS_ROUND}/report-form-*.xlsx"))
    with zipfile.ZipFile(path) as package:
        sheet = package.read("xl/worksheets/sheet1.xml")
        assert b't="inlineStr"' not in sheet and b't="s"' in sheet
        assert "xl/sharedStrings.xml" in package.namelist()
    cells = [c.value for row in load_workbook(path).worksheets[0].iter_rows() for c in row]
    assert TOTAL_LABEL in cells and any(isinstance(v, str) and v.startswith("ลงชื่อ") for v in cells)
    staff = load_workbook(written / "register.xlsx").active
    assert [c.value for c in staff[1]][:2] == ["เลขทะเบียนส่ง", "ที่"]


@pytest.mark.parametrize("parent", ["w:pPr", "w:rPr", "w:tblPr", "w:tcPr", "w:sectPr"])
def test_the_sequence_table_agrees_with_python_docx(parent):
    """Where python-docx's element class places a child itself, our table puts it in the same place."""
    sequence = [name for names in SEQUENCES[parent] for name in names.split("|")]
    compared = 0
    for name in sequence:
        if not hasattr(OxmlElement(parent), f"_insert_{name.split(':')[1]}"):
            continue
        ours, theirs = OxmlElement(parent), OxmlElement(parent)
        for other in sequence:
            if other != name and not other.endswith("Change"):  # tracked changes: python-docx has none
                ours.append(OxmlElement(other))
                theirs.append(OxmlElement(other))
        # ours: the generic table on a plain parent; theirs: python-docx's own inserter
        plain = etree.Element(qn(parent))  # no python-docx class: no _insert_* methods
        plain.extend(list(ours))
        get_or_add(plain, name)
        getattr(theirs, f"_insert_{name.split(':')[1]}")(OxmlElement(name))
        assert [c.tag for c in plain] == [c.tag for c in theirs], name
        compared += 1
    assert compared
