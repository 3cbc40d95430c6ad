"""The PDF stage of two checkouts of this program measured in turn on the same machine, for a before/after figure.

``python -m generator.bench_pdf BEFORE AFTER [MORE …] [--runs 7]``: folders holding a checkout each (a ``git
worktree`` of an older commit, this project); each builds the bench's first synthetic province
(:func:`generator.bench.make_national`) with its own code, then the PDF stage of that province
(:func:`generator.bench.pdf_of`: print copies, LibreOffice, preflight, cover sheet, bundle, preview) is run
``--runs`` times, the checkouts taking turns, each in a fresh process, so that what else runs on a shared machine
weighs on both alike. Printed: the medians of the stage's wall time, of LibreOffice's own time (the two calls to its
worker per document, summed; measured from outside, so older versions without ``PdfResult.office_seconds`` are
measured alike), of the CPU time of the print copies and of the preflight's checks (their threads), the number of
conversions, and the load average; changes are against BEFORE. Every checkout uses this Python and its packages; a checkout without the fonts in
its ``.cache/`` gets a copy of this project's.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from . import PROJECT_ROOT

# run inside a checkout (its folder first on sys.path): "prepare" builds the province, "run" times its PDF stage once
CHILD = r'''
import json, os, sys, threading, time
root, step = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)
import shutil
from generator import bench
try:  # the packages by stage
    from generator.printing import bundle, pdf
    from generator.base.paths import TEMPLATES
    from generator.build.stages import build_rounds
except ImportError:  # a checkout from before them
    from generator import bundle, pdf
    from generator.paths import TEMPLATES
    from generator.build import build_rounds
out = bench.WORK / "output"
if step == "prepare":
    folders = bench.make_national(bench.WORK / "kpi_data", 1)
    shutil.rmtree(out, ignore_errors=True)
    (bench.WORK / "register.sqlite3").unlink(missing_ok=True)
    failed = [r for r in build_rounds(folders, out, TEMPLATES, workers=os.cpu_count()) if r.failed]
    sys.exit(1 if failed else 0)
lock, spent = threading.Lock(), {"office": 0.0, "conversions": 0, "copies_cpu": 0.0, "checks_cpu": 0.0}

def timed(function, key, clock):
    def wrapper(*args, **kwargs):
        started = clock()
        try:
            return function(*args, **kwargs)
        finally:
            with lock:
                spent[key] += clock() - started
    return wrapper

call = pdf.Worker.call
def worker_call(self, request, timeout):
    if request.get("op") not in ("open", "finish"):
        return call(self, request, timeout)
    started = time.perf_counter()
    try:
        return call(self, request, timeout)
    finally:
        with lock:
            spent["office"] += time.perf_counter() - started
            spent["conversions"] += request["op"] == "open"
pdf.Worker.call = worker_call
pdf.print_copy_of = timed(pdf.print_copy_of, "copies_cpu", time.thread_time)
if hasattr(pdf, "joined_print_copy"):  # documents laid out together
    pdf.joined_print_copy = timed(pdf.joined_print_copy, "copies_cpu", time.thread_time)
bundle._check = timed(bundle._check, "checks_cpu", time.thread_time)
load = os.getloadavg()[0]
for stale in ("cover.pdf", "cover.key"):  # the cover sheet is made in every run, as with no PDFs at all
    (out / "2568-1-p01" / "preview" / stale).unlink(missing_ok=True)
seconds, printed = bench.pdf_of(out / "2568-1-p01", os.cpu_count())
print(json.dumps(dict(spent, seconds=seconds, load=load, set_again=getattr(printed, "set_again", []))))
'''
FIGURES = (("seconds", "PDF stage, wall"), ("office", "LibreOffice's own time"), ("copies_cpu", "print copies, CPU"),
           ("checks_cpu", "preflight checks, CPU"), ("conversions", "conversions"), ("load", "load average"))


def _child(root: Path, step: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHAINLP_OFFLINE="1", PYTHAINLP_DATA=str(root / ".cache" / "pythainlp-data"))
    return subprocess.run([sys.executable, "-c", CHILD, str(root), step], capture_output=True, text=True, env=env,
                          cwd=root, timeout=1800)


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(prog="python -m generator.bench_pdf", description=__doc__.split("\n\n")[0])
    options.add_argument("before", type=Path, help="a checkout to measure first (e.g. a git worktree of an older commit)")
    options.add_argument("after", type=Path, nargs="+", help="the checkouts to set against it")
    options.add_argument("--runs", type=int, default=7, help="runs of each, alternating (default 7)")
    arguments = options.parse_args(argv)
    roots = [arguments.before.resolve()] + [after.resolve() for after in arguments.after]
    for root in roots:
        if not (root / "generator" / "bench.py").is_file():
            print(f"ไม่ใช่โฟลเดอร์ของโปรแกรมนี้ / not a checkout of this program: {root}", file=sys.stderr)
            return 2
        fonts = root / ".cache" / "fonts"
        if not fonts.is_dir() and (PROJECT_ROOT / ".cache" / "fonts").is_dir():
            shutil.copytree(PROJECT_ROOT / ".cache" / "fonts", fonts)
        done = _child(root, "prepare")
        if done.returncode:
            print(f"{root}: the synthetic province was not built\n{done.stderr[-2000:]}", file=sys.stderr)
            return 1
        _child(root, "run")  # LibreOffice's profiles made, untimed
    figures: dict[Path, list[dict]] = {root: [] for root in roots}
    for run in range(arguments.runs):
        for root in roots:
            done = _child(root, "run")
            if done.returncode:
                print(f"{root}: the PDF stage failed\n{done.stderr[-2000:]}", file=sys.stderr)
                return 1
            figures[root].append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"  run {run + 1} {root.name}: {figures[root][-1]['seconds']:.2f} s", flush=True)
    print(f"medians of {arguments.runs} runs each, {os.cpu_count()} cores:")
    print(f"  {'':<24} " + " → ".join(f"{root.name:>14}" for root in roots))
    for key, label in FIGURES:
        before, *after = (statistics.median(f[key] for f in figures[root]) for root in roots)
        changes = [f" {(a - before) / before:+4.0%}" if before and key not in ("conversions", "load") else "" for a in after]
        print(f"  {label:<24} {before:14.2f} → " + " → ".join(f"{a:8.2f}{c:>6}" for a, c in zip(after, changes)))
    for root in roots:
        again = sorted({name for f in figures[root] for name in f["set_again"]})
        if again:
            print(f"  set again in {root.name}: {', '.join(again)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
