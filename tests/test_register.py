"""The letter register: concurrent allocation, crashes, idempotent rebuilds, years, issued letters."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build.stages import build_round
from generator.base.errors import UserError
from generator.register.exports import export_csv, export_xlsx, print_docx
from generator.register.store import Register
from tests.docx_text import paragraphs, tables
from tests.rounds import copy_round

ROOT = Path(__file__).resolve().parent.parent
ALLOCATE = """
import sys
from pathlib import Path
from generator.register.store import Register
path, worker, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with Register(path) as register:
    for i in range(count):
        register.allocate("ฉช 0018", True, 2568, f"w{worker}/{i}")
"""


def _run_allocators(path: Path, processes: int, each: int, env=None) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", ALLOCATE, str(path), str(w), str(each)], env=env)
            for w in range(processes)]


def _numbers(path: Path) -> list[int]:
    with sqlite3.connect(path) as db:
        return [n for (n,) in db.execute("SELECT number FROM entries WHERE year=2568 AND circular=1 ORDER BY number")]


def test_eight_processes_allocating_at_once_get_800_consecutive_numbers(tmp_path):
    path = tmp_path / "register.sqlite3"
    Register(path).close()
    workers = _run_allocators(path, 8, 100)
    assert all(w.wait(timeout=120) == 0 for w in workers)
    assert _numbers(path) == list(range(1, 801))
    with Register(path) as register:
        assert register.integrity() == "ok"
        assert register.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_process_killed_inside_an_allocation_loses_and_doubles_nothing(tmp_path):
    path = tmp_path / "register.sqlite3"
    with Register(path) as register:
        for i in range(5):
            register.allocate("ฉช 0018", True, 2568, f"before/{i}")
    env = dict(os.environ, CDD_REGISTER_TEST_PAUSE="30")
    (victim,) = _run_allocators(path, 1, 1, env=env)
    # wait until the victim holds the write lock, inside its transaction
    deadline = time.time() + 30
    while time.time() < deadline:
        probe = sqlite3.connect(path, timeout=0.1, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            time.sleep(0.05)
        except sqlite3.OperationalError:
            break
        finally:
            probe.close()
    else:
        pytest.fail("the allocating process never took the lock")
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    with Register(path) as register:
        entry = register.allocate("ฉช 0018", True, 2568, "after/0")
        assert entry.number == 6  # the killed allocation left no number behind, and no gap
        assert register.integrity() == "ok"
    assert _numbers(path) == list(range(1, 7))


def test_random_kills_during_concurrent_allocation_keep_the_register_consistent(tmp_path):
    path = tmp_path / "register.sqlite3"
    Register(path).close()
    env = dict(os.environ, CDD_REGISTER_TEST_PAUSE="0.01")  # each allocation holds the lock ≥ 10 ms
    workers = _run_allocators(path, 4, 200, env=env)
    time.sleep(1.5)
    for victim in workers[:2]:
        victim.send_signal(signal.SIGKILL)
    for w in workers:
        w.wait(timeout=120)
    assert [w.returncode for w in workers] == [-signal.SIGKILL, -signal.SIGKILL, 0, 0]  # killed mid-run
    numbers = _numbers(path)
    assert numbers == list(range(1, len(numbers) + 1))  # consecutive: nothing lost, nothing doubled
    assert 400 <= len(numbers) < 800  # the survivors finished; the victims did not
    with Register(path) as register:
        assert register.integrity() == "ok"


def test_numbers_restart_each_calendar_year_and_series_are_separate(tmp_path):
    with Register(tmp_path / "r.sqlite3") as register:
        assert register.allocate("ฉช 0018", True, 2568, "a").number == 1
        assert register.allocate("ฉช 0018", True, 2568, "b").number == 2
        assert register.allocate("ฉช 0018", False, 2568, "c").number == 1  # not a circular: its own series
        assert register.allocate("ฉช 0018", True, 2569, "d").number == 1  # new calendar year
        assert register.allocate("ลป 0019.1", True, 2568, "e").number == 1  # another office


def test_void_keeps_the_number_and_a_paper_book_sets_the_start(tmp_path):
    with Register(tmp_path / "r.sqlite3") as register:
        register.set_start("ฉช 0018", True, 2568, 226)
        first = register.allocate("ฉช 0018", True, 2568, "a")
        assert first.number_text == "ฉช ๐๐๑๘/ว ๒๒๖"
        register.void(first.id, "พิมพ์ผิด")
        assert register.allocate("ฉช 0018", True, 2568, "a").number == 227  # never reused
        with pytest.raises(UserError):
            register.void(first.id, "again")
        with pytest.raises(UserError):
            register.set_start("ฉช 0018", True, 2568, 100)  # would reuse numbers
        with pytest.raises(UserError):
            register.void(register.find("ว 227/2568").id, " ")


def _round(tmp_path: Path, name: str = "2568-1-chachoengsao") -> Path:
    """A sample round whose letters take their numbers from the register."""
    folder = copy_round(tmp_path, name)
    for letter in (folder / "letters").glob("*.yaml"):
        text = letter.read_text(encoding="utf-8")
        letter.write_text("\n".join("number: auto" if l.startswith("number:") else l for l in text.splitlines()) + "\n",
                          encoding="utf-8")
    return folder


def test_rebuilding_keeps_numbers_and_issued_letters_are_protected(tmp_path):
    folder = _round(tmp_path)
    out = tmp_path / "out"
    with Register(tmp_path / "r.sqlite3") as register:
        build_round(folder, out, register=register)
        circular = out / folder.name / "letter-01-circular.docx"
        assert "ที่ ฉช ๐๐๑๘/ว ๑" in "\n".join(paragraphs(circular))
        assert "ที่ ฉช ๐๐๑๘/๑" in "\n".join(paragraphs(out / folder.name / "letter-02-stamped.docx"))
        build_round(folder, out, register=register)  # again: the same numbers
        assert "ที่ ฉช ๐๐๑๘/ว ๑" in "\n".join(paragraphs(circular))
        assert len(register.entries()) == 2

        from generator import ooxml
        from generator.register.store import text_hash

        entry = register.live(f"{folder.name}/01-circular")
        register.mark_issued(entry.id, text_hash(ooxml.paragraph_texts(circular.read_bytes())))
        build_round(folder, out, register=register)  # unchanged: fine
        letter = folder / "letters" / "01-circular.yaml"
        letter.write_text(letter.read_text(encoding="utf-8").replace("จึงเรียนมาเพื่อโปรดพิจารณาดำเนินการ",
                                                                     "จึงเรียนมาเพื่อโปรดทราบ"), encoding="utf-8")
        before = circular.read_bytes()
        with pytest.raises(UserError) as raised:
            build_round(folder, out, register=register)
        assert "letter-01-circular.docx" in raised.value.message and "REISSUE" in raised.value.message
        assert circular.read_bytes() == before
        build_round(folder, out, register=register, reissue="แก้คำลงท้าย")
        assert "ที่ ฉช ๐๐๑๘/ว ๒" in "\n".join(paragraphs(circular))
        old, new = [e for e in register.entries() if e.circular]
        assert (old.status, old.reason, new.replaces, new.status) == ("replaced", "แก้คำลงท้าย", old.id, "allocated")


def test_exports_print_and_backup(tmp_path):
    path = tmp_path / "r.sqlite3"
    with Register(path) as register:
        register.allocate("ฉช 0018", True, 2568, "a", sender="สำนักงานพัฒนาชุมชนจังหวัดฉะเชิงเทรา",
                          recipient="นายอำเภอ ทุกอำเภอ", subject="การดำเนินงานตัวชี้วัด")
        e = register.allocate("ฉช 0018", True, 2568, "b", subject="ยกเลิก")
        register.void(e.id, "พิมพ์ซ้ำ")
        export_csv(register.entries(), tmp_path / "r.csv")
        export_xlsx(register.entries(), tmp_path / "r.xlsx")
        print_docx(register.entries(), tmp_path / "r.docx", "สำนักงานพัฒนาชุมชนจังหวัดฉะเชิงเทรา", 2568)
        register.backup(tmp_path / "backup.sqlite3")
    lines = (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == '"เลขทะเบียนส่ง","ที่","ลงวันที่","จาก","ถึง","เรื่อง","หมายเหตุ"'  # every field quoted
    assert lines[1].startswith('"ว ๑/๒๕๖๘","ฉช ๐๐๑๘/ว ๑",')
    assert "ยกเลิก พิมพ์ซ้ำ" in lines[2]
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "r.xlsx").active
    assert [c.value for c in sheet[1]] == ["เลขทะเบียนส่ง", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "หมายเหตุ"]
    assert sheet["F2"].value == "การดำเนินงานตัวชี้วัด"
    table = tables(tmp_path / "r.docx")[0]
    assert table[0] == ["เลขทะเบียนส่ง", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "หมายเหตุ"]
    assert table[1][1] == "ฉช ๐๐๑๘/ว ๑" and len(table) == 3
    with sqlite3.connect(tmp_path / "backup.sqlite3") as copy:
        assert copy.execute("SELECT COUNT(*) FROM entries").fetchone()[0] == 2
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
