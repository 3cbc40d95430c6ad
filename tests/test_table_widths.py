"""Table column widths survive a re-save in LibreOffice (as when staff open a template or a
document and save it): the stock templates re-saved with ``soffice --convert-to docx``
render every sample document with the same column widths, and a rendered document
re-saved keeps them too."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.build.stages import build_round
from generator.ooxml import DISTRICT_TABLE, qn
from generator.base.paths import TEMPLATES
from generator.printing.pdf import unavailable
from generator.register.store import Register
from generator.documents.stock_templates import STOCK
from tests.rounds import copy_round

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = sorted(p.name for p in (ROOT / "kpi_data").iterdir() if (p / "round.yaml").is_file())  # every sample
pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason=str(unavailable()))


def resave(files: list[Path], folder: Path, profile: Path) -> list[Path]:
    """``soffice --convert-to docx`` with a profile of its own; only the process started here is ever killed."""
    folder.mkdir(parents=True, exist_ok=True)
    command = ["soffice", "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder), *map(str, files)]
    env = dict(os.environ, HOME=str(profile.parent))
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("soffice --convert-to docx did not finish in 300 s")
    saved = [folder / f.name for f in files]
    assert process.returncode == 0 and all(p.is_file() for p in saved), (out, err)
    return saved


def tables(docx: Path) -> list[etree._Element]:
    document = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    return list(document.iter(qn("w:tbl")))


def grid(table) -> list[int]:
    return [int(column.get(qn("w:w"))) for column in table.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]


def widths_differ(before: list[int], after: list[int]) -> bool:
    return len(before) != len(after) or any(abs(a - b) > 0.01 * b for a, b in zip(after, before))


def disagreements(table) -> list[str]:
    """Where the grid, the cells' w:tcW and a fixed layout do not agree."""
    problems = []
    layout = table.find(f"{qn('w:tblPr')}/{qn('w:tblLayout')}")
    if layout is None or layout.get(qn("w:type")) != "fixed":
        problems.append("layout is not fixed")
    columns = grid(table)
    for number, row in enumerate(table.findall(qn("w:tr")), start=1):
        index = 0
        for cell in row.findall(qn("w:tc")):
            span = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            span = int(span.get(qn("w:val"))) if span is not None else 1
            width = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
            expected = sum(columns[index:index + span])
            if width is None or width.get(qn("w:type")) != "dxa" or int(width.get(qn("w:w"))) != expected:
                problems.append(f"row {number} cell {index + 1}: tcW "
                                f"{None if width is None else width.get(qn('w:w'))} != grid {expected}")
            index += span
        if index != len(columns):
            problems.append(f"row {number}: {index} grid columns of {len(columns)}")
    return problems


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every sample round rendered with the stock templates and with the same templates re-saved."""
    tmp = tmp_path_factory.mktemp("widths")
    resaved_templates = tmp / "templates"
    shutil.copytree(TEMPLATES, resaved_templates)
    originals = [TEMPLATES / name for name in STOCK]
    for original, saved in zip(originals, resave(originals, tmp / "resaved", tmp / "profile")):
        assert saved.read_bytes() != original.read_bytes()
        shutil.copy(saved, resaved_templates / original.name)
    register = Register(tmp / "register.sqlite3")
    try:
        for name in ROUNDS:
            folder = copy_round(tmp, name)
            for kind, templates in (("original", TEMPLATES), ("resaved", resaved_templates)):
                result = build_round(folder, tmp / kind, templates, register=register)
                assert not result.failed and not result.report.errors, result.report.format()
    finally:
        register.close()
    return tmp


def test_templates_resaved_by_libreoffice_render_the_same_column_widths(rendered):
    compared, changed = 0, []
    for name in ROUNDS:
        documents = sorted((rendered / "original" / name).glob("*.docx"))
        assert documents
        for docx in documents:
            before, after = tables(docx), tables(rendered / "resaved" / name / docx.name)
            assert len(before) == len(after), docx.name
            for index, (a, b) in enumerate(zip(before, after)):
                compared += 1
                if widths_differ(grid(a), grid(b)):
                    changed.append(f"{name}/{docx.name} table {index + 1}: {grid(a)} -> {grid(b)}")
    assert not changed, "\n".join(changed)
    assert compared >= 20


def test_every_rendered_table_has_grid_cell_widths_and_fixed_layout_that_agree(rendered):
    checked = 0
    for docx in sorted((rendered / "original").glob("*/*.docx")) + sorted((rendered / "resaved").glob("*/*.docx")):
        for index, table in enumerate(tables(docx), start=1):
            assert not disagreements(table), (docx.parent.name, docx.name, index, disagreements(table)[:5])
            checked += 1
    assert checked >= 40


def test_district_tables_keep_their_shape_after_the_resave(rendered):
    """LibreOffice drops the table caption that names a district table; the ``{%tc %}`` column
    loop in the template still marks it, so ที่ stays narrow and อำเภอ wide."""
    form = rendered / "resaved" / "2568-1-chachoengsao" / "report-form-kpi-04.docx"
    (table,) = tables(form)
    caption = table.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
    assert caption is not None and caption.get(qn("w:val")) == DISTRICT_TABLE
    columns = grid(table)
    assert columns[0] < columns[1] and columns[1] > max(columns[2:]) and len(set(columns[2:])) == 1, columns


def test_a_rendered_document_resaved_by_libreoffice_keeps_its_column_widths(rendered, tmp_path):
    documents = sorted((rendered / "original" / "2560-2-lampang").glob("*.docx"))
    changed, compared = [], 0
    for original, saved in zip(documents, resave(documents, tmp_path / "out", tmp_path / "profile")):
        for index, (a, b) in enumerate(zip(tables(original), tables(saved)), start=1):
            compared += 1
            if widths_differ(grid(a), grid(b)):
                changed.append(f"{original.name} table {index}: {grid(a)} -> {grid(b)}")
    assert not changed, "\n".join(changed)
    assert compared >= 10
