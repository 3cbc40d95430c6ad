"""A rebuild with nothing changed, as a command: it writes nothing and loads nothing heavy;
anything that changed — data, a template, the program, an output file, the options — builds."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROUND = "2568-1-chachoengsao"
HEAVY = ("docx", "docxtpl", "pydantic", "pythainlp", "pypdf", "qrcode", "openpyxl", "lxml")

# Runs the command as `python -m generator` does and says afterwards which modules it loaded.
RUN = """
import json, runpy, sys
sys.argv = ["generator"] + sys.argv[1:]
code = 0
try:
    runpy.run_module("generator", run_name="__main__", alter_sys=True)
except SystemExit as end:
    code = end.code
sys.stderr.write("\\nLOADED " + json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in %r)) + "\\n")
sys.exit(code)
""" % (HEAVY,)


@pytest.fixture
def place(tmp_path):
    data = tmp_path / "kpi_data"
    data.mkdir()
    shutil.copytree(ROOT / "kpi_data" / ROUND, data / ROUND)
    for name in ("settings.yaml", "accepted-words.txt"):
        shutil.copy2(ROOT / "kpi_data" / name, data / name)
    return tmp_path


def letters(place: Path, *extra: str, output: str = "output") -> tuple[str, list[str]]:
    """Run `letters` on the copied round; its printed summary and the heavy modules it loaded."""
    result = subprocess.run(
        [sys.executable, "-c", RUN, "--data", str(place / "kpi_data"), "--register", str(place / "register.sqlite3"),
         "letters", ROUND, "--output", str(place / output), "--pdf", "no", *extra],
        capture_output=True, text=True, cwd=place, timeout=600)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stderr.rsplit("LOADED ", 1)[1])
    return result.stdout, loaded


def snapshot(folder: Path) -> dict:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_no_change_command_writes_nothing_and_loads_nothing_heavy(place):
    letters(place)  # first build: every document written
    (place / "output" / ROUND / "build-stamp.json").unlink()
    full, loaded = letters(place)  # a full build that finds nothing changed
    assert "0 written, 6 unchanged" in full and loaded  # the full build did load the libraries
    before = snapshot(place / "output" / ROUND)

    quick, loaded = letters(place)
    assert loaded == []  # no docx, docxtpl, pydantic, pythainlp, …
    assert quick == full  # the same summary, warnings included
    assert snapshot(place / "output" / ROUND) == before  # nothing written, not even the stamp


def test_a_changed_input_or_output_builds_again(place):
    target = place / "output" / ROUND
    letters(place)
    letters(place)
    assert letters(place)[1] == []

    # one data file: the letter it feeds is made again, and says so
    letter = place / "kpi_data" / ROUND / "letters" / "01-circular.yaml"
    letter.write_text(letter.read_text(encoding="utf-8").replace("number: 226", "number: 227"), encoding="utf-8")
    printed, loaded = letters(place)
    assert loaded and "letter-01-circular.docx" in printed and "1 written" in printed
    assert "๒๒๗" in _text(target / "letter-01-circular.docx")
    assert letters(place)[1] == []  # and then it is quick again

    # a deleted output file is made again
    (target / "kpi-sheets.docx").unlink()
    printed, loaded = letters(place)
    assert loaded and "kpi-sheets.docx" in printed and (target / "kpi-sheets.docx").is_file()

    # an output file edited by hand is checked by the build (and put back)
    os.utime(target / "guidelines.docx", ns=(1, 1))
    assert letters(place)[1]

    # another output folder, or a reissue, is a full build
    assert letters(place, output="elsewhere")[1]
    assert (place / "elsewhere" / ROUND / "letter-01-circular.docx").is_file()
    assert letters(place, "--reissue", "test")[1]


def test_a_file_replaced_with_its_old_size_and_time_builds_again(place):
    """A data file replaced by a broken one of the same size whose time is set back (cp -p, touch -r, an unzip)
    is not taken for unchanged: the build runs, reports the error and exits 1."""
    letters(place)
    assert letters(place)[1] == []
    letter = place / "kpi_data" / ROUND / "letters" / "01-circular.yaml"
    before = letter.stat()
    broken = letter.with_name("01-circular.new")
    broken.write_bytes(b"kind: [" + b"x" * (before.st_size - 7))
    os.utime(broken, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(broken, letter)
    assert (letter.stat().st_size, letter.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    result = subprocess.run(
        [sys.executable, "-c", RUN, "--data", str(place / "kpi_data"), "--register", str(place / "register.sqlite3"),
         "letters", ROUND, "--output", str(place / "output"), "--pdf", "no"],
        capture_output=True, text=True, cwd=place, timeout=600)  # as letters() runs it, but it may fail
    assert result.returncode == 1 and "E001" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("touched", ["generator/documents/render.py", "letter_templates"])
def test_a_touched_template_or_program_file_builds_again(place, touched):
    letters(place)
    letters(place)
    assert letters(place)[1] == []
    path = ROOT / touched
    if path.is_dir():
        path = sorted(p for p in path.iterdir() if p.suffix == ".docx")[0]
    stat = path.stat()
    try:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        printed, loaded = letters(place)
    finally:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert loaded and "0 written, 6 unchanged" in printed


def test_a_voided_register_number_builds_again(place):
    letter = place / "kpi_data" / ROUND / "letters" / "01-circular.yaml"
    letter.write_text(letter.read_text(encoding="utf-8").replace("number: 226", "number: auto"), encoding="utf-8")
    first, _ = letters(place)  # takes a number: no stamp, the register changed under it
    assert "number taken" in first
    letters(place)
    assert letters(place)[1] == []
    register = place / "register.sqlite3"
    result = subprocess.run([sys.executable, "-m", "generator", "--register", str(register), "register", "void", "1",
                             "--reason", "test"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    printed, loaded = letters(place)
    assert loaded and "letter-01-circular.docx" in printed and "number taken" in printed


def _text(path: Path) -> str:
    """Every text run of the document, headers and tables included."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as package:
        return "".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", package.read(name).decode("utf-8")))
                       for name in package.namelist() if name.startswith("word/") and name.endswith(".xml"))
