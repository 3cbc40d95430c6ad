"""A build killed with SIGKILL (as ``kill -9`` or the OOM killer does) leaves no process of its own running:
its round workers and its LibreOffice workers die with it.

tests/kill_harness.py starts ``python -m generator letters all`` and ``print all`` (every sample round, each
trial into an output folder and register of its own), kills each at a random moment early in the build (seeded:
while the round workers build and LibreOffice starts and converts), and counts, 5 s later, the processes the
build started — by their parent PID (the harness is their subreaper once the build is gone), process group and
session, never by a pattern in their command line.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.printing.pdf import unavailable

ROOT = Path(__file__).resolve().parent.parent
TRIALS = 20
LONGEST = 6.0  # seconds: the round workers start at ~1.5 s, LibreOffice's at ~4 s of a first build
SEEDS = {"letters": 2201, "print": 2202}


def kill_trials(kind: str, tmp_path: Path) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "tests.kill_harness", kind, str(TRIALS), str(SEEDS[kind]),
                           str(LONGEST), str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=900,
                          env=dict(os.environ))
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.skipif(sys.platform != "linux", reason="a child subreaper is Linux's")
@pytest.mark.parametrize("kind", ["letters", "print"])
def test_a_build_killed_at_random_moments_leaves_no_process_running(kind, tmp_path):
    if kind == "print" and unavailable() is not None:
        pytest.skip(str(unavailable()))
    trials = kill_trials(kind, tmp_path)
    print(json.dumps(trials, indent=1))
    assert len(trials) == TRIALS
    assert sum(t["killed"] for t in trials) >= TRIALS - 2, "the builds should have been killed, not finished"
    # the trials did kill builds that had started workers (the build itself counts one)
    assert sum(t["running_at_kill"] > 1 for t in trials) >= TRIALS // 2, trials
    left = [t for t in trials if t["left_after_grace"]]
    assert left == [], left
