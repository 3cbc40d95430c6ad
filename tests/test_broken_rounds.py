"""Every rule, broken once: the right code, at the right file:line, and never a traceback."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
# One corpus per area (broken_rounds.yaml and its siblings broken_rounds_*.yaml);
# every case names the corpus it comes from in its test id.
CORPORA = sorted(Path(__file__).parent.glob("broken_rounds*.yaml"))
CASES = [dict(case, corpus=corpus.stem) for corpus in CORPORA
         for case in yaml.safe_load(corpus.read_text(encoding="utf-8")) or []]


def _make_round(case: dict, data: Path) -> Path:
    data.mkdir(parents=True, exist_ok=True)
    for name in ("settings.yaml", "accepted-words.txt"):
        shutil.copy(ROOT / "kpi_data" / name, data / name)
    folder = data / case["round"]
    shutil.copytree(ROOT / "kpi_data" / case["round"], folder)
    return folder


def _make_broken(case: dict, data: Path) -> Path:
    folder = data / case["round"]
    if not folder.exists():
        _make_round(case, data)
    # files beside the data folder, which the broken round must never read, change or delete
    for name, content in (case.get("outside") or {}).items():
        (data.parent / name).write_text(content, encoding="utf-8")
    for name, target in (case.get("symlink") or {}).items():
        (folder / name).unlink(missing_ok=True)
        (folder / name).symlink_to(target)
    for name in case.get("mkdir") or []:
        (folder / name).mkdir(parents=True)
    for name, spec in (case.get("generate") or {}).items():  # large files, made here rather than stored
        text = spec.get("head", "") + spec["text"] * spec["times"] + spec.get("tail", "")
        (folder / name).write_text(text, encoding="utf-8")
    for name, spec in (case.get("workbook") or {}).items():
        _write_workbook(folder / name, spec)
    for name, spec in (case.get("template") or {}).items():
        _write_template(folder / name, spec)
    path = folder / case["file"]
    if "replace" in case:
        old, new = case["replace"]
        text = path.read_text(encoding="utf-8")
        assert old in text, f"the sample changed: {old!r} not in {case['file']}"
        for marker, (piece, times) in (case.get("expand") or {}).items():  # long values, made here
            new = new.replace(marker, piece * times)
        text = text.replace(old, new, 1)
        if "also_replace" in case:
            old2, new2 = case["also_replace"]
            assert old2 in text
            text = text.replace(old2, new2, 1)
        path.write_text(text, encoding="utf-8")
    if "write_bytes" in case:
        path.write_bytes(bytes.fromhex(case["write_bytes"]))
    if "write_text" in case:
        path.write_text(case["write_text"], encoding="utf-8")
    if "encode" in case:
        path.write_bytes(path.read_text(encoding="utf-8").encode(case["encode"]))
    for name, content in (case.get("also_write") or {}).items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def _write_template(path: Path, spec: dict) -> None:
    """A round's own template: a stock one (``from``) with paragraphs added and removed, as in Word."""
    from docx import Document

    document = Document(str(ROOT / "letter_templates" / spec["from"]))
    for text in spec.get("add") or []:
        document.add_paragraph(text)
    for paragraph in document.paragraphs:
        if paragraph.text in (spec.get("remove") or []):
            paragraph._element.getparent().remove(paragraph._element)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def _write_workbook(path: Path, spec: dict) -> None:
    """An .xlsx as Excel users make them: several sheets, hidden ones, formulas saved
    without computed values (as written by tools other than Excel), or an inflated part."""
    import io
    import zipfile

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet_spec in spec["sheets"]:
        sheet = workbook.create_sheet(sheet_spec["title"])
        sheet.sheet_state = sheet_spec.get("state", "visible")
        for row in sheet_spec["rows"]:
            sheet.append(row)
    workbook.active = spec.get("active", 0)
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    for member, part in (spec.get("replace_part") or {}).items():
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename != member:
                    target.writestr(info, source.read(info.filename))
            target.writestr(member, part["head"] + part["text"] * part["times"] + part.get("tail", ""))
        data = out.getvalue()
    path.write_bytes(data)


def _expected_line(case: dict, folder: Path) -> int | None:
    if "line" in case:
        return case["line"]
    if "line_of" not in case:
        return None
    text = (folder / case.get("target", case["file"])).read_text(encoding="utf-8")
    index = text.index(case["line_of"])
    return text[:index].count("\n") + 1


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run_cli(case: dict, arguments: list[str], capsys) -> tuple[int, str]:
    """Through the command line: in this process, or in a child held to a small memory and
    CPU budget (resource.setrlimit) when the case says so — a hang or a blow-up then fails."""
    budget = case.get("budget")
    if not budget:
        status = main(arguments)
        out, err = capsys.readouterr()
        return status, out + err
    import resource

    def limits():
        memory = budget["memory_mb"] * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (budget["cpu_s"], budget["cpu_s"]))

    result = subprocess.run([sys.executable, "-m", "generator", *arguments], capture_output=True, text=True,
                            cwd=ROOT, preexec_fn=limits, timeout=budget["cpu_s"] * 4)
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("case", CASES, ids=[f"{c['corpus']}-{c['code']}-{i}" for i, c in enumerate(CASES)])
def test_broken_round_is_reported_with_code_and_place(case, tmp_path, capsys):
    data = tmp_path / "data"
    command = case.get("command", "check")
    output_folder = tmp_path / "output"
    before = None
    if command == "letters":  # the round is built once, good; the broken build must leave that output as it was
        _make_round(case, data)
        assert main(["--data", str(data), "letters", case["round"], "--output", str(output_folder), "--pdf", "no"]) == 0
        capsys.readouterr()
        built = output_folder / case["round"]
        for name, content in (case.get("output_write") or {}).items():
            (built / name).write_text(content, encoding="utf-8")
        if case.get("manifest_add"):
            import json

            manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
            manifest["documents"] += [{"file": name, "sha256": "0", "input": "0"} for name in case["manifest_add"]]
            (built / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        before = _snapshot(built)
    folder = _make_broken(case, data)
    kept = {name: (tmp_path / name).read_bytes() for name in case.get("outside") or {}}
    arguments = ["--data", str(data), command, case["round"]]
    if command == "letters":
        arguments += ["--output", str(output_folder), "--pdf", "no"]
    status, output = _run_cli(case, arguments, capsys)
    assert "Traceback" not in output and "Internal error" not in output, output
    assert status == case.get("exit", 1), output
    for name, content in kept.items():  # nothing outside the round was changed or deleted
        assert (tmp_path / name).read_bytes() == content, name
    if before is not None and case.get("exit", 1) != 0:
        assert _snapshot(output_folder / case["round"]) == before, "a failed build changed the previous output"
    for text in case.get("not_in_output") or []:
        assert text not in output, f"{text!r} shown: {output}"
    target = Path(case["round"]) / case.get("target", case["file"])
    line = _expected_line(case, folder)
    place = f"{target}:{line}" if line else f"{target}"
    if "place" in case:
        place, line = case["place"], None
    matching = [l for l in output.splitlines() if f" {case['code']} " in l]
    assert matching, f"{case['code']} not reported:\n{output}"
    assert any(place + (":" if line else "") in l or l.startswith(place) for l in matching), (place, matching)
    if "message" in case:
        assert any(case["message"] in l for l in matching), matching


def test_every_rule_has_a_broken_round():
    """A rule without a case here would be a rule nobody has seen fail."""
    import re

    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py"))
    codes = set(re.findall(r'"([EW]\d{3})"', sources))
    covered = {case["code"] for case in CASES}
    # returned report forms have their own corpus (tests/test_results.py runs it)
    results = yaml.safe_load((Path(__file__).parent / "broken_results.yaml").read_text(encoding="utf-8")) or []
    covered |= {case["code"] for case in results}
    for corpus in sorted(Path(__file__).parent.glob("corpus_*.yaml")):  # the hardening corpora, class by class
        covered |= {case["code"] for case in yaml.safe_load(corpus.read_text(encoding="utf-8")) or [] if "code" in case}
    # W810 (real TH SarabunPSK missing) comes from the print stage, not from the data `check` reads:
    # tests/test_pdf_text.py makes it happen.
    assert codes - covered <= {"E006", "W810"}, sorted(codes - covered)


def test_the_command_line_reports_without_traceback(tmp_path):
    case = next(c for c in CASES if c["code"] == "E104")
    _make_round(case, tmp_path)
    _make_broken(case, tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--data", str(tmp_path), "check", case["round"]],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "E104" in result.stdout and "Traceback" not in result.stdout + result.stderr
    assert "วันที่ไม่มีจริง" in result.stdout and "no such date" in result.stdout


def test_sample_rounds_pass(capsys):
    assert main(["check", "all"]) == 0
    out = capsys.readouterr().out
    assert out.count("ผ่าน / passed") == len([p for p in (ROOT / "kpi_data").iterdir() if (p / "round.yaml").is_file()])
