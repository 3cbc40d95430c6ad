"""Processes a build starts die with it, however it ends (Ctrl-C, a closed terminal, ``kill -9``, the OOM killer).

A child forked by the build shares the pipes its pool reads, so it never sees them close and would wait for work
forever once the build is gone. Each child therefore asks the kernel for a signal when its parent dies
(``PR_SET_PDEATHSIG``, Linux) and, where that is not to be had or the parent died first, watches its parent.

- :func:`die_with_parent` is a pool worker's initializer (build.py's round workers);
- the LibreOffice workers ask for it themselves, first thing (generator/printing/uno_worker.py): a pre-exec function
  would run Python's fork handlers in the thread that starts them, racing the imports of the build's other threads.
  They are started from a thread that lives as long as the build: the signal follows the thread that forked.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_EVERY = 0.5  # seconds between two looks at the parent


def _prctl():
    """libc's prctl, or None off Linux."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def die_with_parent(parent: int, sig: int = signal.SIGKILL, watch: bool = True) -> None:
    """In a child of ``parent``: be sent ``sig`` when the parent dies; if it died already, exit now; and
    (``watch``) look every :data:`WATCH_EVERY` seconds whether it is still the parent, in a daemon thread, for
    a kernel without the signal or a parent whose forking thread ended before the parent did."""
    prctl = _prctl()
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    if watch:
        threading.Thread(target=_watch, args=(parent, sig), name="watch-parent", daemon=True).start()


def _watch(parent: int, sig: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_EVERY)
    os.kill(os.getpid(), sig)


def _stat_fields(pid: int | str) -> list[str] | None:
    """The fields of /proc/<pid>/stat after "pid (name) ": state, ppid, pgrp, session … utime, stime, cutime, cstime
    at 11–14; None for a process gone meanwhile."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2:].split()


def process_table() -> dict[int, tuple[int, int, int, str]]:
    """Every live process of the machine, from /proc: pid -> (parent, process group, session, state)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat_fields(entry.name)) is not None:
            found[int(entry.name)] = (int(fields[1]), int(fields[2]), int(fields[3]), fields[0])
    return found


def cpu_seconds(pids: list[int]) -> float:
    """The CPU time (user and system) these live processes have used, with that of the children each has waited
    for, from /proc; a process gone meanwhile counts 0.

    >>> cpu_seconds([])
    0.0
    >>> 0.0 < cpu_seconds([os.getpid()]) < 10_000
    True
    """
    ticks = sum(sum(map(int, fields[11:15])) for fields in map(_stat_fields, pids) if fields is not None)
    return ticks / os.sysconf("SC_CLK_TCK")
