"""Every command README.md and docs/ give as an example runs as written on a fresh copy of the project.

The copy holds the tracked files only (what a fresh clone has: no output/, no register, no round made by an
earlier command). Its set-up is taken as done: the project's .venv, fonts and pythainlp data are lent to it,
read-only, and make is told not to remake them (the two set-up commands have tests of their own,
tests/test_setup.py). Commands run in the order a reader meets them: README.md, then the guides by name.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SARABUN = ".cache/fonts/sarabun/THSarabun/THSarabun-Regular.ttf"
# an example with a placeholder runs on the sample round
PLACEHOLDERS = ("<round>", "…")
# commands not run here, and why
SKIPPED = {
    "make test": "the suite this test is part of",
    "make lock": "rewrites requirements*.lock from the package index",
    "make bench": "minutes on a synthetic national round; tests/test_bench.py checks its rounds",
    "make profile": "the bench's batch under cProfile, as long",
    "make serve": "the office server runs until stopped; tests/test_server_browser.py starts it and walks it",
    "make bench-serve": "20 simulated staff for minutes; its figures are in docs/server.md",
}
COMMAND = re.compile(r"`((?:make|\.venv/bin/python -m generator|python -m generator)\b[^`]*)`")


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def examples(text: str) -> list[str]:
    """The commands a page gives as examples: the lines of its ```sh blocks and the commands in its tables.
    A command named in running text ("copy a round with `make new-round`") is a mention, not an example."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        found += [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]
    for line in text.splitlines():
        if line.startswith("|"):
            found += COMMAND.findall(line)
    return found


def documented_commands(default_round: str) -> list[tuple[str, str]]:
    commands, seen = [], set()
    for page in pages():
        for command in examples(page.read_text(encoding="utf-8")):
            for placeholder in PLACEHOLDERS:
                command = command.replace(placeholder, default_round)
            if command not in seen:
                seen.add(command)
                commands.append((page.name, command))
    return commands


def test_the_examples_are_found():
    """The reader of the test can trust its list: a sh block, a table row, no mention in running text."""
    page = "Run:\n```sh\nmake letters   # set up\n```\nthen `make new-round` and edit.\n| `make check ROUND=x` | check |\n"
    assert examples(page) == ["make letters", "make check ROUND=x"]
    listed = [command for _, command in documented_commands("R")]
    assert 'make register ARGS="list"' in listed and "make results ROUND=R" in listed
    assert not [c for c in listed if any(p in c for p in PLACEHOLDERS)]


@pytest.fixture
def fresh_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in tracked.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    for lent in ("fonts", "pythainlp-data"):
        (copy / ".cache").mkdir(exist_ok=True)
        (copy / ".cache" / lent).symlink_to(ROOT / ".cache" / lent)
    return copy


def test_every_documented_command_runs_on_a_fresh_copy(fresh_copy: Path):
    settings = (fresh_copy / "kpi_data" / "settings.yaml").read_text(encoding="utf-8")
    default_round = re.search(r"^default_round:\s*(\S+)", settings, re.M).group(1)
    env = {k: v for k, v in os.environ.items() if k not in ("CDD_REGISTER", "MAKEFLAGS", "MAKELEVEL")}
    env["PYTHONPATH"] = str(fresh_copy)  # the copy's program, not the one the .venv was installed from
    ran, failed = [], []
    for page, command in documented_commands(default_round):
        if any(command == skipped or command.startswith(skipped + " ") for skipped in SKIPPED):
            continue
        if command.startswith("python -m"):
            command = ".venv/bin/" + command
        if command.startswith("make"):  # set-up taken as done (see the module's docstring)
            command = f"make -o .venv/.ready -o .venv/.ready-test -o {SARABUN}" + command[len("make"):]
        done = subprocess.run(["bash", "-c", command], cwd=fresh_copy, env=env, capture_output=True, text=True,
                              timeout=600)
        ran.append(command)
        if done.returncode != 0:
            failed.append(f"{page}: {command} → exit {done.returncode}\n{(done.stdout + done.stderr)[-1500:]}")
    assert not failed, "\n\n".join(failed)
    assert len(ran) >= 15, ran  # 18 when this test was written
    # what the register's lines did, as a clerk would look: numbered, issued, voided, exported, printed, backed up
    output = fresh_copy / "output"
    assert (output / "ทะเบียน.xlsx").is_file() and (output / "สำรอง.sqlite3").is_file()
    printed = subprocess.run(["pdftotext", str(output / "ทะเบียนหนังสือส่ง-2568.pdf"), "-"], capture_output=True,
                             text=True, check=True).stdout
    assert "นน ๐๐๓๓/ว ๒๒๗" in printed and "พิมพ์ผิด" in printed
    circular = subprocess.run(["pdftotext", str(output / "2568-1-nan" / "letter-01-circular.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
    assert "นน 0033/ว 227" in circular  # the round prints Arabic digits
    assert not (fresh_copy / "kpi_data" / "2568-2-chachoengsao" / "results").exists()  # new-round left the returns
