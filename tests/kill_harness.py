"""Kill builds with SIGKILL at random moments and count what they leave running.

Run as ``python -m tests.kill_harness letters|print TRIALS SEED MAX_SECONDS WORK_DIR``; prints one JSON line.

This process makes itself a child subreaper (``PR_SET_CHILD_SUBREAPER``): a process the build started that outlives
it is re-parented here, not to init. So after each kill the processes of the build are exactly this process's
descendants (found by their parent PID in /proc) together with the members of the build's own process group and
session (the build is started in a session of its own): never by a name or path in a command line, so no other
program on the machine is counted or touched. Each trial builds into an output folder of its own (a build left
whole would make the next one a no-change shortcut that starts no workers) with a register of its own.
"""
from __future__ import annotations

import ctypes
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from generator.base.lifetime import process_table

PR_SET_CHILD_SUBREAPER = 36
GRACE = 5.0  # seconds a build's processes have to go after it is killed
ROOT = Path(__file__).resolve().parent.parent


def of_the_build(build: int) -> list[int]:
    """Live processes of a killed build: descendants of this subreaper, and its group's and session's members."""
    table = process_table()
    me = os.getpid()
    found = set()
    for pid, (_, group, session, state) in table.items():
        if state == "Z" or pid == me:
            continue
        if group == build or session == build:
            found.add(pid)
            continue
        ancestor, seen = table[pid][0], 0
        while ancestor and ancestor in table and seen < 64:
            if ancestor == me:
                found.add(pid)
                break
            ancestor, seen = table[ancestor][0], seen + 1
    return sorted(found)


def reap() -> None:
    """Collect every child that has ended (orphans re-parented here included)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def trial(kind: str, moment: float, work: Path, number: int) -> dict:
    env = dict(os.environ, PYTHAINLP_OFFLINE="1", PYTHAINLP_DATA=str(ROOT / ".cache" / "pythainlp-data"))
    folder = work / f"{kind}-{number}"
    command = [sys.executable, "-m", "generator", "--register", str(folder / "register.sqlite3"), kind, "all",
               "--output", str(folder / "out"), "--workers", "2"]
    build = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    started = time.monotonic()
    time.sleep(moment)
    running = of_the_build(build.pid)  # what the build had started by then (itself included)
    killed = build.poll() is None
    if killed:
        os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + GRACE
    left = of_the_build(build.pid)
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        reap()
        left = of_the_build(build.pid)
    record = {"trial": number, "killed_at": round(moment, 2), "killed": killed, "running_at_kill": len(running),
              "left_after_grace": len(left), "gone_after_s": round(time.monotonic() - started - moment, 2)}
    for pid in left:  # ended here, so that one failed trial does not leave them for good
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    reap()
    shutil.rmtree(folder, ignore_errors=True)
    return record


def main(kind: str, trials: int, seed: int, longest: float, work: Path) -> list[dict]:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "PR_SET_CHILD_SUBREAPER")
    rng = random.Random(seed)
    return [trial(kind, rng.uniform(0.2, longest), work, number) for number in range(1, trials + 1)]


if __name__ == "__main__":
    kind, trials, seed, longest, work = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), Path(sys.argv[5])
    print(json.dumps(main(kind, trials, seed, longest, work)))
