"""A build with PDFs killed (SIGKILL) at random moments: the next build repairs everything.

Each trial changes the round (a letter's text; every third trial the PDFs are also
deleted, as a clerk might), starts ``python -m generator print all`` on a data folder
holding one sample round (its two letters only), kills it at a random moment (seeded) within the time a whole
build takes, and runs the build again. That next build must exit 0 with every PDF made
from the .docx beside it, no lock or temporary file in output/ or in the folders where
LibreOffice converts its private copies, and no LibreOffice process of those builds alive.

The builds' processes are found by a marker in their environment, which every process
they start inherits (LibreOffice included): never by a name pattern, so another user's
LibreOffice on the machine is never counted or touched.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from generator.printing.pdf import unavailable
from tests.rounds import copy_round

ROOT = Path(__file__).resolve().parent.parent
ROUND = "2568-1-chachoengsao"
TRIALS = 10
SEED = 20250118
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
pytestmark = pytest.mark.skipif(unavailable() is not None, reason=str(unavailable()))


def tagged_processes(tag: str) -> list[int]:
    """Live processes whose environment carries ``CDD_KILL_TEST=<tag>``: the builds of this test and
    everything they started."""
    needle = f"CDD_KILL_TEST={tag}".encode() + b"\0"
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes() and "Z" not in (entry / "stat").read_text().split(")")[-1][:3]:
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def leftovers(project: Path, output: Path) -> list[str]:
    """Lock files and temporaries in output/, and anything left in a free private-copy folder."""
    left = [str(p.relative_to(output)) for p in output.rglob(".*")]
    for folder in sorted((project / ".cache" / "pdf-copies").glob("worker-*")):
        lock = project / ".cache" / "lo-profiles" / f"{folder.name}.lock"
        with open(lock, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a build running now (not one of ours) uses it
            left += [f"{folder.name}/{p.name}" for p in folder.iterdir()]
    return left


def stale_pdfs(target: Path) -> list[str]:
    """Documents whose PDF is missing or was not made from the .docx beside it."""
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    stale = []
    for entry in manifest["documents"]:
        docx = target / entry["file"]
        pdf = docx.with_suffix(".pdf")
        made_from = (entry.get("pdf") or {}).get("docx_sha256")
        if not pdf.is_file() or made_from != hashlib.sha256(docx.read_bytes()).hexdigest() \
                or pdf.stat().st_mtime_ns < docx.stat().st_mtime_ns:
            stale.append(entry["file"])
    return stale


def pdf_text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    return "".join(text.split())


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def small_round(folder: Path) -> None:
    """The round's two letters and nothing else: each build converts three documents (with the cover)."""
    for path in [folder / "round.yaml", *(folder / "letters").glob("*.yaml")]:
        lines = path.read_text(encoding="utf-8").splitlines()
        lines = ["documents: []" if line.startswith("documents:") else line for line in lines
                 if not line.startswith("attach:")]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_trials(project: Path, tmp: Path, trials: int = TRIALS, seed: int = SEED, tag: str | None = None) -> dict:
    """Kill a build at random moments and rebuild; what each trial left, before and after the rebuild."""
    folder = copy_round(tmp, ROUND)
    small_round(folder)
    data, output = folder.parent, tmp / "out"
    target = output / ROUND
    stamped = folder / "letters" / "02-stamped.yaml"
    original = stamped.read_text(encoding="utf-8")
    tag = tag or uuid.uuid4().hex
    env = dict(os.environ, CDD_KILL_TEST=tag, PYTHAINLP_OFFLINE="1",
               PYTHAINLP_DATA=str(ROOT / ".cache" / "pythainlp-data"))
    command = [sys.executable, "-m", "generator", "--data", str(data), "--register", str(tmp / "register.sqlite3"),
               "print", "all", "--output", str(output), "--workers", "2"]

    def build(kill_after: float | None = None):
        process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if kill_after is None:
            out, _ = process.communicate(timeout=600)
            return process.returncode, out.decode("utf-8", "replace")
        try:
            process.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
        process.communicate()
        return process.returncode, ""

    def change(trial: int) -> None:  # the stamped letter's text, and so its PDF and the bundle
        stamped.write_text(original.replace("2568 นั้น\n", f"2568 นั้น ทดสอบ {trial}\n", 1), encoding="utf-8")

    durations = []
    for trial in (0, 100):  # how long a whole build takes, and one after a letter changed
        change(trial)
        started = time.monotonic()
        code, out = build()
        durations.append(time.monotonic() - started)
        assert code == 0, out
    rng = random.Random(seed)
    records = []
    for trial in range(1, trials + 1):
        change(trial)
        every_pdf = trial % 3 == 0
        if every_pdf:
            for pdf in target.glob("*.pdf"):
                pdf.unlink()
        moment = rng.uniform(0.2, durations[0] if every_pdf else durations[1])
        code, _ = build(kill_after=moment)
        time.sleep(1.0)
        record = {"trial": trial, "killed_at": round(moment, 2), "killed": code == -signal.SIGKILL,
                  "after_kill": {"processes": len(tagged_processes(tag)), "leftovers": leftovers(project, output)}}
        code, out = build()
        deadline = time.monotonic() + 10
        while tagged_processes(tag) and time.monotonic() < deadline:
            time.sleep(0.2)
        thai_marker = f"ทดสอบ{trial}".translate(THAI_DIGITS)
        record["next_build"] = {
            "exit": code, "output": out[-2000:] if code else "",
            "stale_pdfs": stale_pdfs(target) if (target / "manifest.json").is_file() else ["manifest.json"],
            "letter_current": (target / "letter-02-stamped.pdf").is_file()
            and thai_marker in pdf_text(target / "letter-02-stamped.pdf"),
            "leftovers": leftovers(project, output), "processes": tagged_processes(tag)}
        records.append(record)
    return {"build_s": [round(d, 1) for d in durations], "trials": records}


def test_a_build_killed_at_random_moments_is_repaired_by_the_next(tmp_path):
    result = run_trials(ROOT, tmp_path)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    trials = result["trials"]
    assert len(trials) >= 10
    assert sum(t["killed"] for t in trials) >= 5, "most builds should have been killed, not finished"
    for trial in trials:
        after = trial["next_build"]
        assert after["exit"] == 0, trial
        assert after["stale_pdfs"] == [] and after["letter_current"], trial
        assert after["leftovers"] == [], trial
        assert after["processes"] == [], trial
        assert trial["after_kill"]["processes"] == 0, trial  # LibreOffice died with the killed build
    target = tmp_path / "out" / ROUND
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    parts = sum(entry["pdf"]["pages"] for entry in manifest["documents"])
    cover = pdf_pages(target / "preview" / "cover.pdf")
    assert pdf_pages(target / "print-bundle.pdf") == cover + parts
    assert f"ทดสอบ{TRIALS}".translate(THAI_DIGITS) in pdf_text(target / "print-bundle.pdf")
