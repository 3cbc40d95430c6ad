"""Incremental builds: nothing changed, nothing written; one KPI edited, only its documents."""
from __future__ import annotations

import shutil
from pathlib import Path

from generator.build.stages import build_round, build_rounds
from tests.rounds import copy_round

ROOT = Path(__file__).resolve().parent.parent




def _snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir() if p.is_file()}


def test_a_rebuild_with_nothing_changed_writes_no_file(tmp_path):
    folder = copy_round(tmp_path, "2560-2-lampang")
    out = tmp_path / "out"
    first = build_round(folder, out)
    assert len(first.written) == 8  # seven documents and the report form's workbook
    before = _snapshot(out / folder.name)
    again = build_round(folder, out)
    assert again.written == [] and len(again.unchanged) == 8
    assert _snapshot(out / folder.name) == before  # same files, same bytes, same modification times


def test_editing_one_kpi_rebuilds_exactly_its_documents(tmp_path):
    folder = copy_round(tmp_path, "2560-2-lampang")
    out = tmp_path / "out"
    build_round(folder, out)
    kpi = folder / "kpis" / "kpi-08.yaml"  # KPI 8: in the agreement and the sheets, no guideline, no form
    kpi.write_text(kpi.read_text(encoding="utf-8").replace("จำนวน 15 ครัวเรือน", "จำนวน 16 ครัวเรือน")
                   .replace("[5, 7, 9, 11, 15]", "[5, 7, 9, 11, 16]"), encoding="utf-8")
    result = build_round(folder, out)
    assert sorted(p.name for p in result.written) == ["agreement-individual.docx", "kpi-sheets.docx"]
    kpi = folder / "kpis" / "kpi-04.yaml"  # KPI 4 has a guideline and a report form too
    kpi.write_text(kpi.read_text(encoding="utf-8").replace("แม่เมาะ", "แม่เมาะ").replace(
        "นับเฉพาะผู้ผลิต", "นับเฉพาะผู้ผลิตและผู้ประกอบการ"), encoding="utf-8")
    result = build_round(folder, out)
    assert sorted(p.name for p in result.written) == ["guidelines.docx"]
    table = folder / "tables" / "otop-producers.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("เถิน,27,5", "เถิน,27,6").replace("รวม,605,121", "รวม,605,122"),
                     encoding="utf-8")
    result = build_round(folder, out)
    assert sorted(p.name for p in result.written) == ["kpi-sheets.docx", "report-form-kpi-04.docx",
                                                      "report-form-kpi-04.xlsx"]


def test_a_changed_template_rebuilds_its_documents_only(tmp_path):
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "letter_templates", templates)
    out = tmp_path / "out"
    build_round(folder, out, templates)
    from docx import Document

    document = Document(str(templates / "guidelines.docx"))
    document.add_paragraph("ฉบับปรับปรุง")
    document.save(str(templates / "guidelines.docx"))
    result = build_round(folder, out, templates)
    assert [p.name for p in result.written] == ["guidelines.docx"]


def test_many_rounds_build_in_parallel_like_one_by_one(tmp_path):
    folders = [copy_round(tmp_path, name) for name in ("2560-2-lampang", "2565-2-chachoengsao", "2568-1-chachoengsao")]
    parallel = build_rounds(folders, tmp_path / "parallel", workers=2)
    serial = build_rounds(folders, tmp_path / "serial", workers=1)
    assert [len(r.written) for r in parallel] == [8, 3, 6] == [len(r.written) for r in serial]  # with the workbooks
    for folder in folders:
        for path in [*(tmp_path / "serial" / folder.name).glob("*.docx"), *(tmp_path / "serial" / folder.name).glob("*.xlsx")]:
            assert path.read_bytes() == (tmp_path / "parallel" / folder.name / path.name).read_bytes()
