"""Checks as a person types, without a copy of the round: the typed text read in place of its file and every other
file's parse kept (by its bytes) give exactly the findings ``validate()`` gives on the round with the text written,
for the sample rounds, the corpus of broken rounds and the hostile texts; and a file changed on disk is never
answered from a kept parse. No server is started: these are the server pipeline's own functions."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from generator.checking.validate import validate
from generator.reading.load import reading_from
from generator.server import pipeline, yamledit
from tests.rounds import ROOT, copy_round
from tests.test_broken_rounds import CASES, _make_broken

SAMPLES = sorted(p.name for p in (ROOT / "kpi_data").iterdir() if (p / "round.yaml").is_file())
STRUCTURAL = {"symlink", "mkdir", "generate", "workbook", "template", "also_write", "outside"}
TYPED = [case for case in CASES if not STRUCTURAL & set(case) and Path(case["file"]).suffix in (".yaml", ".csv")
         and (ROOT / "kpi_data" / case["round"] / case["file"]).is_file()]
LINT = {"W601", "W603"}  # the spelling lint's: make check's, not the checks as a person types (lint=False)
HOSTILE = [case["text"] for case in yaml.safe_load((ROOT / "tests" / "corpus_html.yaml").read_text(encoding="utf-8"))]


def findings(report, data: Path) -> list[tuple]:
    """Every finding as a person reads it: code, file in the data folder, line, column, cell, Thai, English."""
    shown = []
    for d in report.diagnostics:
        try:
            file = d.where.file.resolve().relative_to(data.resolve()).as_posix()
        except ValueError:
            file = str(d.where.file)
        shown.append((d.code, file, d.where.line, d.where.column, d.where.cell, d.thai, d.english))
    return sorted(shown)


def written_and_checked(folder: Path, name: str, text: bytes) -> list[tuple]:
    """validate() as make check runs it, on the round with ``text`` written into ``name`` (nothing kept)."""
    (folder / name).write_bytes(text)
    return findings(validate(folder, lint=False)[1], folder.parent)


def typed_check(folder: Path, name: str, text: bytes) -> list[tuple]:
    """The server's check with ``text`` typed in place of ``name`` (the forms' path when it is UTF-8 text)."""
    try:
        typed = text.decode("utf-8")
    except UnicodeDecodeError:
        typed = None
    if typed is not None and "\r" not in typed:
        report, where = pipeline._check_with(folder, {name: typed})
        assert where == folder  # read in place, not on a copy
    else:  # bytes no form sends (another encoding): the reader's overlay itself
        with reading_from({folder / name: text}, keep_parsed=True):
            report = validate(folder, lint=False)[1]
    return findings(report, folder.parent)


@pytest.mark.parametrize("case", TYPED, ids=[f"{c['corpus']}-{c['code']}-{i}" for i, c in enumerate(TYPED)])
def test_a_broken_file_typed_in_place_is_found_as_make_check_finds_it_written(case, tmp_path):
    (tmp_path / "office").mkdir()
    folder = copy_round(tmp_path / "office", case["round"])
    broken = _make_broken(case, tmp_path / "scratch" / "data") / case["file"]
    text = broken.read_bytes()
    with reading_from(keep_parsed=True):
        validate(folder, lint=False)  # the round's files as they were, parsed and kept
    typed = typed_check(folder, case["file"], text)
    written = written_and_checked(folder, case["file"], text)
    assert typed == written
    if case["code"] not in LINT:
        assert any(code == case["code"] for code, *_ in written), "the case's own finding is among them"
    with reading_from(keep_parsed=True):  # the file changed on disk: its kept parse is not used
        assert findings(validate(folder, lint=False)[1], folder.parent) == written


@pytest.mark.parametrize("name", SAMPLES)
def test_each_sample_round_typed_in_place_gives_the_findings_of_the_written_round(name, tmp_path):
    folder = copy_round(tmp_path, name)
    files = sorted(p.relative_to(folder).as_posix() for p in folder.glob("letters/*.yaml")) + \
        sorted(p.relative_to(folder).as_posix() for p in folder.glob("kpis/*.yaml"))[:2]
    assert files
    for file in files:
        original = (folder / file).read_text(encoding="utf-8")
        field = ("subject",) if file.startswith("letters/") else ("name",)
        for value in ("ทดสอบการตรวจขณะพิมพ์ ภายในวันที่ ๓๑ ธันวาคม ๒๕๔๐", ""):
            text = yamledit.apply(original, {field: value})
            typed = typed_check(folder, file, text.encode("utf-8"))
            assert typed == written_and_checked(folder, file, text.encode("utf-8")), (file, value)
            (folder / file).write_text(original, encoding="utf-8")
        assert typed_check(folder, file, original.encode("utf-8")) == \
            findings(validate(folder, lint=False)[1], folder.parent)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_typed_in_place_gives_the_findings_of_the_written_round(hostile, tmp_path):
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    file = "letters/02-stamped.yaml"
    text = yamledit.apply((folder / file).read_text(encoding="utf-8"), {("subject",): hostile, ("to",): hostile})
    assert typed_check(folder, file, text.encode("utf-8")) == written_and_checked(folder, file, text.encode("utf-8"))


def test_a_file_changed_on_disk_moves_the_finding_even_with_the_same_size_and_time(tmp_path):
    """The kept parses are known by the files' bytes: an edit made on disk between two checks (by hand, or by
    another person's save) is seen at the next check, even one keeping the file's size and time stamp."""
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    letter, kpi = "letters/02-stamped.yaml", folder / "kpis" / "kpi-04.yaml"
    typed = yamledit.apply((folder / letter).read_text(encoding="utf-8"), {("subject",): "เรื่องที่กำลังพิมพ์"})

    def e103() -> list[int]:
        report, _ = pipeline._check_with(folder, {letter: typed})
        return [d.where.line for d in report.diagnostics if d.code == "E103" and d.where.file.name == kpi.name]

    assert e103() == []
    original = kpi.read_text(encoding="utf-8")
    before = os.stat(kpi)
    kpi.write_text(original.replace("weight: 20}", "weight: xx}"), encoding="utf-8")  # same size
    os.utime(kpi, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same time stamp
    assert os.stat(kpi).st_size == before.st_size and os.stat(kpi).st_mtime_ns == before.st_mtime_ns
    broken_line = 1 + original.splitlines().index(next(line for line in original.splitlines() if "weight: 20}" in line))
    assert e103() == [broken_line]
    kpi.write_text("# บรรทัดที่เพิ่ม / a line added above\n" + kpi.read_text(encoding="utf-8"), encoding="utf-8")
    assert e103() == [broken_line + 1]  # the finding moved with the line
    kpi.write_text(original, encoding="utf-8")
    assert e103() == []


def _ruamel_lines(text: str, paths) -> dict:
    """Where the round-trip reader itself puts each field's key (what field_lines must agree with)."""
    data, found = yamledit._yaml().load(text), {}
    for path in paths:
        node = data
        for key in path[:-1]:
            node = node.get(key) if hasattr(node, "lc") and isinstance(node, dict) else None
        if isinstance(node, dict) and path[-1] in node:
            line, column = node.lc.key(path[-1])
            found[path] = (line + 1, column + 1)
    return found


def _form_paths(data) -> list[tuple]:
    paths = [("subject",), ("to",), ("date",), ("closing",), ("name",), ("weight",), ("missing",), ("forms", "x", "weight")]
    forms = data.get("forms") if isinstance(data, dict) else None
    if isinstance(forms, dict):
        paths += [("forms", str(form), "weight") for form in forms] + [("forms", str(form), "number") for form in forms]
    return paths


SAMPLE_FILES = sorted(p for p in (ROOT / "kpi_data").glob("*/*/*.yaml")) + sorted((ROOT / "kpi_data").glob("*/round.yaml"))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}")
def test_a_kept_parse_writes_and_places_fields_as_a_new_parse_does(path):
    """load() and apply() give a copy of a kept parse, field_lines() reads libyaml's places: the text written and
    the lines the findings are shown at are those a fresh round-trip parse gives (comments and order kept)."""
    text = path.read_text(encoding="utf-8")
    data = yamledit.load(text)
    paths = _form_paths(data)
    assert yamledit.field_lines(text, paths) == _ruamel_lines(text, paths)
    for field in paths[:6]:
        fresh = yamledit._yaml().load(text)  # a parse of its own, as before parses were kept
        yamledit.put(fresh, field, "ค่าใหม่ 45")
        assert yamledit.apply(text, {field: "ค่าใหม่ 45"}) == yamledit.dump(fresh)
    assert yamledit.apply(text, {("subject",): "x"}) == yamledit.apply(text, {("subject",): "x"})  # the kept one unchanged
    assert yamledit.dump(yamledit._loaded(text)) == yamledit.dump(yamledit._yaml().load(text))
    mine = yamledit.load(text)
    if isinstance(mine, dict):
        mine["subject"] = "เปลี่ยนในสำเนาของผู้เรียก"  # a caller's copy changed: the kept parse is not
        assert yamledit.dump(yamledit._loaded(text)) == yamledit.dump(yamledit._yaml().load(text))


def test_a_second_save_is_printed_by_the_libreoffice_the_first_left_open(tmp_path):
    """The server's LibreOffice stays open between prints (a save does not wait for it to start again), and the
    second save's page is the changed letter, with its new recipient, shown as soon as its PDF is made."""
    if pipeline.pdf_unavailable():
        pytest.skip(pipeline.pdf_unavailable())
    folder, output, register = copy_round(tmp_path, "2568-1-chachoengsao"), tmp_path / "output", tmp_path / "r.sqlite3"
    assert not pipeline.build_and_print(folder, output, register).failed
    office = pipeline.warm_pool().office_pids()
    assert office, "LibreOffice is open after the print"
    letter = folder / "letters" / "02-stamped.yaml"
    letter.write_text(yamledit.apply(letter.read_text(encoding="utf-8"), {("to",): "นายอำเภอบางคล้าและนายอำเภอพนมสารคาม"}),
                      encoding="utf-8")
    shown = []
    again = pipeline.build_and_print(folder, output, register, on_pdf=shown.append)
    assert not again.failed and again.written == ["letter-02-stamped.docx"]
    assert [pdf.name for pdf in shown] == ["letter-02-stamped.pdf"]
    assert "นายอำเภอบางคล้าและนายอำเภอพนมสารคาม" in pipeline.pdf_text(shown[0]).replace(" ", "")
    assert pipeline.warm_pool().office_pids() == office, "the same LibreOffice, not started again"


def test_a_print_in_the_builders_process_tells_each_pdf_here_as_it_is_made(tmp_path):
    """The server builds in a process of its own (the documents' Python never holds the pages' interpreter lock):
    its progress and each PDF come back as they happen, and a round with an error is told as failed, not raised."""
    if pipeline.pdf_unavailable():
        pytest.skip(pipeline.pdf_unavailable())
    folder, output, register = copy_round(tmp_path, "2568-1-chachoengsao"), tmp_path / "output", tmp_path / "r.sqlite3"
    pipeline.build_in_process()
    try:
        shown, steps = [], []
        built = pipeline.build_and_print(folder, output, register, lambda *step: steps.append(step), shown.append)
        assert not built.failed and "letter-02-stamped.docx" in built.written
        assert sorted(pdf.name for pdf in shown) == sorted(built.pdfs) and "letter-02-stamped.pdf" in built.pdfs
        assert steps[0] == (1, 0, "documents") and len(steps) == 1 + len(shown)
        assert "ทุกอำเภอ" in pipeline.pdf_text(output / folder.name / "letter-02-stamped.pdf").replace(" ", "")
        kpi = folder / "kpis" / "kpi-04.yaml"
        kpi.write_text(kpi.read_text(encoding="utf-8").replace("weight: 20}", "weight: xx}"), encoding="utf-8")
        failed = pipeline.build_and_print(folder, output, register, on_pdf=shown.append)
        assert failed.failed and any(d.code == "E103" for d in failed.report.errors)
    finally:
        pool, _ = pipeline._BUILDER
        pipeline._BUILDER.clear()
        pool.shutdown()
