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


def _make_broken(case: dict, data: Path) -> Path:
    for name in ("settings.yaml", "accepted-words.txt"):
        shutil.copy(ROOT / "kpi_data" / name, data / name)
    folder = data / case["round"]
    shutil.copytree(ROOT / "kpi_data" / case["round"], folder)
    path = folder / case["file"]
    if "replace" in case:
        old, new = case["replace"]
        text = path.read_text(encoding="utf-8")
        assert old in text, f"the sample changed: {old!r} not in {case['file']}"
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


def _expected_line(case: dict, folder: Path) -> int | None:
    if "line" in case:
        return case["line"]
    if "line_of" not in case:
        return None
    text = (folder / case.get("target", case["file"])).read_text(encoding="utf-8")
    index = text.index(case["line_of"])
    return text[:index].count("\n") + 1


@pytest.mark.parametrize("case", CASES, ids=[f"{c['corpus']}-{c['code']}-{i}" for i, c in enumerate(CASES)])
def test_broken_round_is_reported_with_code_and_place(case, tmp_path, capsys):
    folder = _make_broken(case, tmp_path)
    status = main(["--data", str(tmp_path), "check", case["round"]])
    out, err = capsys.readouterr()
    output = out + err
    assert "Traceback" not in output and "Internal error" not in output, output
    assert status == case.get("exit", 1), output
    target = Path(case["round"]) / case.get("target", case["file"])
    line = _expected_line(case, folder)
    place = f"{target}:{line}" if line else f"{target}"
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
    # W810 (real TH SarabunPSK missing) comes from the print stage, not from the data `check` reads:
    # tests/test_pdf_text.py makes it happen.
    assert codes - covered <= {"E006", "W810"}, sorted(codes - covered)


def test_the_command_line_reports_without_traceback(tmp_path):
    case = next(c for c in CASES if c["code"] == "E104")
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
