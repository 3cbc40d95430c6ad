"""The corpus of returned report forms trusted too far, and of bombs in them (tests/corpus_returns.yaml): each is
reported with its code at its file, sheet and cell, nothing is written, and no traceback is shown."""
from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from generator.cli import INCOMPLETE, main
from tests.docx_text import text
from tests.results_fill import MARCH, ROUND, fill, form_of
from tests.rounds import copy_round

CASES = yaml.safe_load((Path(__file__).parent / "corpus_returns.yaml").read_text(encoding="utf-8"))
# an encrypted .xlsx is an OLE compound file whose directory names the stream EncryptionInfo and EncryptedPackage
OLE = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504) + b"\0" * 512
ENCRYPTED = OLE + "EncryptionInfo".encode("utf-16-le") + bytes(50) + "EncryptedPackage".encode("utf-16-le") + bytes(4000)
XLS = OLE + "Workbook".encode("utf-16-le") + bytes(4000)


def _edit_package(path: Path, edits: list) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for part, pattern, replacement in edits:
        text, count = re.subn(pattern, replacement, parts[part].decode("utf-8"), count=1)
        assert count == 1, (part, pattern)
        parts[part] = text.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def broken(case: dict, tmp_path: Path) -> Path:
    folder = copy_round(tmp_path, ROUND)
    results = folder / "results"
    shutil.rmtree(results)
    results.mkdir()
    form = form_of(folder, tmp_path / "forms")
    rows = {d: MARCH[d] for d in case.get("rows", MARCH)}
    target = results / case["file"]
    if "csv" in case:
        target.write_text(case["csv"], encoding="utf-8")
        return folder
    if case.get("bytes"):
        target.write_bytes(ENCRYPTED if case["bytes"] == "ole-encrypted" else XLS)
        return folder

    def edit(workbook):
        for sheet, cell, value in case.get("set", []):
            workbook[sheet][cell] = value

    link = case.get("link")
    if link == "folder":  # results/ is a link to a folder of good returns elsewhere
        elsewhere = tmp_path / "elsewhere"
        fill(form, elsewhere / case["file"], rows)
        results.rmdir()
        os.symlink(elsewhere, results)
        return folder
    if link:
        real = (tmp_path / "elsewhere" if link == "file-outside" else results) / f"จริง-{case['file']}"
        fill(form, real, rows)
        os.symlink(real, target)
        if link == "file-inside":  # the file linked to is read once, as itself; the link is refused
            return folder
        return folder
    fill(form, target, rows, edit)
    if case.get("xml"):
        _edit_package(target, case["xml"])
    return folder


@pytest.mark.parametrize("case", CASES, ids=[f"{c['class']}-{c['code']}-{i}" for i, c in enumerate(CASES)])
def test_a_returned_form_of_the_corpus_is_named_at_its_place(case, tmp_path, capsys):
    folder = broken(case, tmp_path)
    out = tmp_path / "out"
    status = main(["--data", str(folder.parent), "results", ROUND, "--output", str(out), "--pdf", "no"])
    said = capsys.readouterr()
    output = said.out + said.err
    assert "Traceback" not in output and "Internal error" not in output and "ภายในโปรแกรม" not in output, output
    matching = [line for line in output.splitlines() if f" {case['code']} " in line or f": {case['code']}" in line]
    place = f"{ROUND}/{case['place']}"
    assert any(place in line for line in matching), (place, output)
    # a bad return holds back only what it reports: the results are made for the others, as a draft, the
    # command exits 3 (incomplete) and names the file
    assert status == INCOMPLETE, output
    assert "(ร่าง – ผลยังไม่ครบ)" in text(out / ROUND / "results" / "results-summary.docx").split("\n")[0]
    assert case.get("link") == "folder" or f"{case['file']} has errors" in output or "has errors" in output, output


def test_the_corpus_has_many_cases_of_every_class():
    classes = {}
    for case in CASES:
        classes[case["class"]] = classes.get(case["class"], 0) + 1
    assert set(classes) == {"dates", "districts", "rows", "identity", "encrypted", "links", "bombs", "numbers"}
    assert min(classes.values()) >= 3, classes
