"""Files the program writes: all at once, with the umask's mode, and no temporary left by a killed build."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from generator.build.stages import build_round
from generator.base.files import remove_stale_temporaries, write_atomic
from tests.rounds import copy_round

ROUND = "2568-1-chachoengsao"


def test_temporaries_of_a_killed_build_go_and_one_being_written_stays(tmp_path):
    folder = copy_round(tmp_path, ROUND)
    target = tmp_path / "out" / ROUND
    target.mkdir(parents=True)
    left = [".letter-01-circular.pdf.k2_9abcd.pdf", ".manifest.json.x1y2z3w4", ".guidelines.docx.0a1b2c3d4e5f.part"]
    for name in left:
        (target / name).write_bytes(b"half a file")
    (target / ".notes.txt").write_text("a clerk's own file", encoding="utf-8")
    busy = target / ".kpi-sheets.docx.ffffffffffff.part"  # another build is writing it right now
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        f"handle = os.open({str(busy)!r}, os.O_CREAT | os.O_WRONLY, 0o644)\n"
        "fcntl.flock(handle, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(60)\n")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = build_round(folder, tmp_path / "out")
        assert not result.failed
        names = {p.name for p in target.iterdir()}
        assert not set(left) & names
        assert {".notes.txt", busy.name} <= names
    finally:
        holder.kill()
        holder.wait()
    assert remove_stale_temporaries(target) == [busy]  # its writer is gone now


def test_write_atomic_replaces_whole_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "bundle.pdf"
    write_atomic(path, b"old")
    write_atomic(path, b"new" * 100_000)
    assert path.read_bytes() == b"new" * 100_000
    assert [p.name for p in tmp_path.iterdir()] == ["bundle.pdf"]
    previous = os.umask(0o077)
    try:
        write_atomic(path, b"private")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
