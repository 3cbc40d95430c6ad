"""Data the program derives from files it does not change (a font's widths, the Thai word list,
a year's public holidays), kept in .cache/derived/ as JSON so that a process does not import
the library and read the source again: each costs a quarter of a second at every start.

A kept value is used only when its key (what it was made from: files' sizes and times, a
library's version) is the same; anything unreadable is made again. JSON only: nothing read
here is ever run. A cache that cannot be written only makes the next start slower.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from . import PROJECT_ROOT

DERIVED = PROJECT_ROOT / ".cache" / "derived"
LIMIT = 32 << 20  # bytes: the word list is the largest, ~7 MB
T = TypeVar("T")


def file_key(path: Path | str) -> list:
    """What identifies a file's contents for a cache key: its path, size and modification time.

    >>> file_key("/nonexistent")
    ['/nonexistent', None, None]
    """
    try:
        found = os.stat(path)
    except OSError:
        return [str(path), None, None]
    return [str(path), found.st_size, found.st_mtime_ns]


def kept(name: str, key: list, make: Callable[[], T]) -> T:
    """The value ``make()`` gives, as kept under ``name`` for ``key`` (a JSON list), or made now and kept.
    The value must be JSON (lists, dicts with string keys, strings, numbers)."""
    from .files import write_atomic

    path = DERIVED / f"{name}.json"
    try:
        if path.stat().st_size <= LIMIT:
            stored = json.loads(path.read_bytes())
            if isinstance(stored, dict) and stored.get("key") == key and "value" in stored:
                return stored["value"]
    except (OSError, ValueError, TypeError, RecursionError):
        pass
    value = make()
    try:
        DERIVED.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({"key": key, "value": value}, ensure_ascii=False,
                                      separators=(",", ":")).encode("utf-8"))
    except (OSError, ValueError):  # ValueError: a value JSON or UTF-8 cannot hold is not kept
        pass
    return value
