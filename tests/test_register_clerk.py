"""The register as a clerk meets it through the commands: show, issue, print, export; drafts and blank
numbers; the year a number belongs to; a register file that cannot be used; the mode of what is written."""
from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest

from generator import cli
from generator.base import paths
from generator.build.stages import build_round
from generator.register.store import Register
from tests.docx_text import tables, text
from tests.rounds import copy_round

ROUND = "2568-1-chachoengsao"


def _letters(folder: Path, **fields: str) -> None:
    """Set fields of every letter of the round (``number="auto"``, ``date="มกราคม 2568"`` …)."""
    for letter in (folder / "letters").glob("*.yaml"):
        lines = letter.read_text(encoding="utf-8").splitlines()
        for name, value in fields.items():
            lines = [f"{name}: {value}" if line.startswith(f"{name}:") else line for line in lines]
        letter.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _run(capsys, *argv) -> tuple[int, str]:
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _build(capsys, folder: Path, register: Path, out: Path) -> tuple[int, str]:
    return _run(capsys, "--data", folder.parent, "--register", register, "letters", folder.name,
                "--output", out, "--pdf", "no")


@pytest.fixture
def numbered(tmp_path, capsys):
    """A round whose two letters took numbers from a new register."""
    folder = copy_round(tmp_path, ROUND)
    _letters(folder, number="auto")
    register = tmp_path / "register.sqlite3"
    code, output = _build(capsys, folder, register, tmp_path / "out")
    assert code == 0, output
    return folder, register, output


def test_show_prints_every_entry_and_the_build_says_which_numbers_it_took(numbered, capsys):
    folder, register, output = numbered
    # the summary names the numbers taken, and as the series are new, how to continue the paper book
    assert "ที่ ฉช ๐๐๑๘/ว ๑ (01-circular)" in output and "ที่ ฉช ๐๐๑๘/๑ (02-stamped)" in output
    assert "ใช้เลขชุด ฉช ๐๐๑๘/ว ปี ๒๕๖๘ ครั้งแรก" in output
    assert "make register ARGS=\"start --office 'ฉช 0018' --circular --year 2568 --next" in output
    with Register(register) as opened:
        entries = opened.entries()
    assert [e.register_number for e in entries] == ["ว ๑/๒๕๖๘", "๑/๒๕๖๘"]
    for key in ("ว 1/2568", "ว ๑/๒๕๖๘", "1/2568", "1", "2"):
        code, shown = _run(capsys, "--register", register, "register", "show", key)
        assert code == 0, shown
        assert "Traceback" not in shown and "เลขทะเบียนส่ง:" in shown and "ลงวันที่:" in shown
    code, shown = _run(capsys, "--register", register, "register", "show", "ว 1/2568")
    assert "ที่: ฉช ๐๐๑๘/ว ๑" in shown and "ลงวันที่: ๑๘ มกราคม ๒๕๖๘" in shown
    code, shown = _run(capsys, "--register", register, "register", "show", "ว 1/2569")
    assert code == 1 and "ไม่พบเลขทะเบียน 'ว 1/2569'" in shown and "Traceback" not in shown
    # a second build takes nothing new and says nothing of numbers
    code, output = _build(capsys, folder, register, folder.parent.parent / "out")
    assert code == 0 and "เลขจากทะเบียน" not in output and "ครั้งแรก" not in output


def test_a_draft_round_never_touches_the_register_and_prints_the_number_blank(tmp_path, capsys):
    folder = copy_round(tmp_path, ROUND)
    _letters(folder, number="auto")
    round_yaml = folder / "round.yaml"
    round_yaml.write_text(round_yaml.read_text(encoding="utf-8").replace("  draft: false", "  draft: true", 1),
                          encoding="utf-8")
    assert "draft: true" in round_yaml.read_text(encoding="utf-8")
    register = tmp_path / "register.sqlite3"
    code, output = _build(capsys, folder, register, tmp_path / "out")
    assert code == 0, output
    assert not register.exists() and "เลขจากทะเบียน" not in output
    letter = text(tmp_path / "out" / ROUND / "letter-01-circular.docx")
    assert "ที่ ฉช ๐๐๑๘/ว\t" in letter or letter.split("\n")[0].endswith("ที่ ฉช ๐๐๑๘/ว") or "ที่ ฉช ๐๐๑๘/ว\n" in letter
    assert "ฉช ๐๐๑๘/ว ๑" not in letter


def test_number_blank_and_a_date_of_month_and_year_leave_room_to_write_in(tmp_path):
    folder = copy_round(tmp_path, ROUND)
    _letters(folder, number="blank", date="มกราคม 2568")
    register = tmp_path / "register.sqlite3"
    result = build_round(folder, tmp_path / "out", register=register)
    assert not result.failed, result.report.format(tmp_path)
    assert not register.exists()  # nothing asked the register for a number
    circular = text(tmp_path / "out" / ROUND / "letter-01-circular.docx")
    stamped = text(tmp_path / "out" / ROUND / "letter-02-stamped.docx")
    number_line = next(line for line in circular.split("\n") if line.startswith("ที่ "))
    assert number_line.split("\t")[0].rstrip() == "ที่ ฉช ๐๐๑๘/ว"
    assert "        มกราคม ๒๕๖๘" in circular  # the day left blank, to be written in on signing
    assert "ที่ ฉช ๐๐๑๘/" in stamped and "ฉช ๐๐๑๘/๔๑๒" not in stamped
    assert "        กุมภาพันธ์ ๒๕๖๘" not in stamped and "        มกราคม ๒๕๖๘" in stamped


def test_a_number_belongs_to_the_year_of_the_letters_date_and_issuing_needs_a_day(tmp_path, capsys, monkeypatch):
    folder = copy_round(tmp_path, ROUND)
    _letters(folder, number="auto", date="ธันวาคม 2567")  # month and year only, a year before the clock's
    register, out = tmp_path / "register.sqlite3", tmp_path / "out"
    code, output = _build(capsys, folder, register, out)
    assert code == 0, output
    with Register(register) as opened:
        assert {(e.year, e.number, e.dated) for e in opened.entries()} == {(2567, 1, "2024-12")}
    monkeypatch.setattr(paths, "OUTPUT", out)
    code, said = _run(capsys, "--register", register, "register", "issue", ROUND, "01-circular")
    assert code == 1 and "E724" in said and "--date" in said and "Traceback" not in said
    code, said = _run(capsys, "--register", register, "register", "issue", ROUND, "01-circular", "--date", "5 มกราคม 2568")
    assert code == 1 and "E725" in said  # signed in another year than its number's
    code, said = _run(capsys, "--register", register, "register", "issue", ROUND, "01-circular", "--date", "26 ธันวาคม 2567")
    assert code == 0, said
    code, shown = _run(capsys, "--register", register, "register", "show", "ว 1/2567")
    assert "ลงวันที่: ๒๖ ธันวาคม ๒๕๖๗" in shown and "สถานะ/status: issued" in shown
    code, output = _build(capsys, folder, register, out)  # a rebuild keeps the day it was signed
    assert code == 0, output
    code, shown = _run(capsys, "--register", register, "register", "show", "ว 1/2567")
    assert "ลงวันที่: ๒๖ ธันวาคม ๒๕๖๗" in shown
    code, listed = _run(capsys, "--register", register, "register", "list", "--year", "2567")
    assert code == 0 and "ว ๑/๒๕๖๗" in listed and "ธันวาคม ๒๕๖๗" in listed


def test_an_undated_letter_cannot_take_a_number(tmp_path, capsys):
    folder = copy_round(tmp_path, ROUND)
    letter = folder / "letters" / "01-circular.yaml"
    letter.write_text("\n".join(l for l in letter.read_text(encoding="utf-8").splitlines() if not l.startswith("date:"))
                      .replace("number: 226", "number: auto") + "\n", encoding="utf-8")
    register = tmp_path / "register.sqlite3"
    code, output = _build(capsys, folder, register, tmp_path / "out")
    assert code == 1 and "E720" in output and "01-circular.yaml:3" in output
    assert not (tmp_path / "out" / ROUND).exists()
    with Register(register) as opened:
        assert opened.entries() == []


def test_print_and_export_go_to_output_with_one_digit_style_and_say_when_a_year_is_empty(numbered, tmp_path, capsys,
                                                                                           monkeypatch):
    _, register, _ = numbered
    monkeypatch.setattr(paths, "OUTPUT", tmp_path / "output")
    monkeypatch.chdir(tmp_path)  # as a clerk runs it, from the project's folder: paths are shown from there
    code, said = _run(capsys, "--register", register, "register", "print", "--year", "2568")
    assert code == 0, said
    assert "wrote output/ทะเบียนหนังสือส่ง-2568.docx" in said and "wrote output/ทะเบียนหนังสือส่ง-2568.pdf" in said
    assert str(tmp_path) not in said
    printed = tmp_path / "output" / "ทะเบียนหนังสือส่ง-2568.docx"
    assert printed.is_file()
    lines = text(printed).split("\n")
    assert lines[0] == "ทะเบียนหนังสือส่ง ฉช ๐๐๑๘ ปี พ.ศ. ๒๕๖๘"
    assert tables(printed)[0][1][:3] == ["ว ๑/๒๕๖๘", "ฉช ๐๐๑๘/ว ๑", "๑๘ มกราคม ๒๕๖๘"]
    # the clerk prints the PDF made beside it, and the summary names both relative to where the command ran
    pdf_text = subprocess.run(["pdftotext", "-layout", str(printed.with_suffix(".pdf")), "-"], capture_output=True,
                              text=True, check=True).stdout
    assert "ทะเบียนหนังสือส่ง ฉช ๐๐๑๘ ปี พ.ศ. ๒๕๖๘" in pdf_text and "ฉช ๐๐๑๘/ว ๑" in pdf_text
    assert "(1 page)" in said
    # a backup lands in output/ too (never in the project's root), replacing an earlier one whole
    (tmp_path / "output" / "สำรอง.sqlite3").write_text("an older file of that name", encoding="utf-8")
    code, said = _run(capsys, "--register", register, "register", "backup", "สำรอง.sqlite3")
    assert code == 0, said
    with sqlite3.connect(tmp_path / "output" / "สำรอง.sqlite3") as copy:
        assert copy.execute("SELECT count(*) FROM entries").fetchone()[0] >= 1
    assert not list((tmp_path / "output").glob(".*partial"))
    code, said = _run(capsys, "--register", register, "register", "export", "ทะเบียน.csv")
    assert code == 0 and (tmp_path / "output" / "ทะเบียน.csv").is_file()
    code, said = _run(capsys, "--register", register, "register", "export")
    assert code == 0 and (tmp_path / "output" / "ทะเบียนหนังสือส่ง.xlsx").is_file()
    for action in ("print", "export", "list"):
        code, said = _run(capsys, "--register", register, "register", action, "--year", "2569")
        assert code == 1 and "ไม่มีรายการในปี ๒๕๖๙" in said and "2569" in said and "Traceback" not in said
    assert not (tmp_path / "output" / "ทะเบียนหนังสือส่ง-2569.docx").exists()


def _assert_register_error(capsys, register: Path, code_expected: str, tmp_path: Path, reads: bool = False) -> None:
    """Reading the register (list) and a build that takes numbers fail with ``code_expected`` naming the
    file; with ``reads``, the register can still be read."""
    (tmp_path / register.stem).mkdir()
    folder = copy_round(tmp_path / register.stem, ROUND)
    _letters(folder, number="auto")
    if reads:
        code, said = _run(capsys, "--register", register, "register", "list")
        assert code == 0 and "ไม่มีรายการ" in said, said
    for argv in ([] if reads else [["--register", register, "register", "list"]]) + \
            [["--data", folder.parent, "--register", register, "letters", ROUND, "--output", tmp_path / "out",
              "--pdf", "no"]]:
        code, said = _run(capsys, *argv)
        assert code == 1, said
        assert code_expected in said and str(register) in said, said
        assert "Traceback" not in said and "Internal error" not in said


def test_a_corrupt_a_folder_and_a_read_only_register_are_named_with_what_to_do(tmp_path, capsys, monkeypatch):
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(b"this is a spreadsheet, not the register" * 100)
    _assert_register_error(capsys, corrupt, "E721", tmp_path)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    _assert_register_error(capsys, other, "E721", tmp_path)
    folder = tmp_path / "folder.sqlite3"
    folder.mkdir()
    _assert_register_error(capsys, folder, "E723", tmp_path)
    # read-only: as SQLite reports a file it may not write (root may write any file, so it is opened read-only)
    readonly = tmp_path / "readonly.sqlite3"
    Register(readonly).close()
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda path, **kw: connect(f"file:{path}?mode=ro", uri=True, **kw))
    _assert_register_error(capsys, readonly, "E722", tmp_path, reads=True)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only file")
def test_a_read_only_register_file(tmp_path, capsys):
    readonly = tmp_path / "readonly.sqlite3"
    Register(readonly).close()
    readonly.chmod(0o444)
    _assert_register_error(capsys, readonly, "E722", tmp_path, reads=True)


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_written_files_follow_the_umask(tmp_path, mask):
    folder = copy_round(tmp_path, ROUND)
    previous = os.umask(mask)
    try:
        result = build_round(folder, tmp_path / "out")
    finally:
        os.umask(previous)
    assert not result.failed
    made = sorted((tmp_path / "out" / ROUND).iterdir())
    assert len(made) >= 5
    for path in made:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path
