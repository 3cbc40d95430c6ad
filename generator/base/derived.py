"""Data the program derives from files it does not change (a font's widths, the Thai word list,
a year's public holidays), kept in .cache/derived/ as JSON so that a process does not import
the library and read the source again: each costs a quarter of a second at every start.

A kept value is used only when its key (what it was made from: files' sizes and times, a
library's version) is the same; anything unreadable is made again. JSON only: nothing read
here is ever run. A cache that cannot be written only makes the next start slower.
"""
from __future__ import annotations

import functools
import json
import math
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .. import PROJECT_ROOT

DERIVED = PROJECT_ROOT / ".cache" / "derived"
LIMIT = 32 << 20  # bytes: the word list is the largest, ~7 MB
T = TypeVar("T")


def made_once(make: Callable[[], T]) -> Callable[[], T]:
    """``make()``'s value, made at the first call and kept for the process; a thread that asks while it is being
    made waits for it. (``functools.lru_cache`` lets every thread that asks at once make its own: the print
    stage's threads each built the Thai word list, a third of a second, in a process that had not yet.)

    >>> calls = []
    >>> @made_once
    ... def answer():
    ...     calls.append(1)
    ...     return 42
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with ThreadPoolExecutor(8) as threads:
    ...     list(threads.map(lambda _: answer(), range(8)))
    [42, 42, 42, 42, 42, 42, 42, 42]
    >>> len(calls)
    1
    """
    lock = threading.Lock()
    made: list = []

    @functools.wraps(make)
    def value() -> T:
        if not made:
            with lock:
                if not made:
                    made.append(make())
        return made[0]

    value.cache_clear = made.clear  # as lru_cache's, for tests
    return value


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


def strings(value: object) -> bool:
    """A list of strings.

    >>> strings(["ก", "ข"]), strings(["ก", 1]), strings("กข")
    (True, False, False)
    """
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def numbers_by_string(value: object) -> bool:
    """A dict of numbers by string.

    >>> numbers_by_string({"ก": 0.5}), numbers_by_string({"ก": "0.5"}), numbers_by_string({"ก": 1e999})
    (True, False, False)
    """
    return isinstance(value, dict) and all(isinstance(item, (int, float)) and not isinstance(item, bool)
                                           and math.isfinite(item) for item in value.values())


def kept(name: str, key: list, make: Callable[[], T], valid: Callable[[object], bool]) -> T:
    """The value ``make()`` gives, as kept under ``name`` for ``key`` (a JSON list), or made now and kept.
    The value must be JSON (lists, dicts with string keys, strings, numbers); a kept value that
    ``valid`` refuses (a file changed by hand, or by another version) is made again."""
    path = DERIVED / f"{name}.json"
    data = read_kept(path)
    try:
        stored = json.loads(data) if data is not None else None
        if isinstance(stored, dict) and stored.get("key") == key and valid(stored.get("value")):
            return stored["value"]
    except (ValueError, TypeError, RecursionError):
        pass
    value = make()
    try:
        data = json.dumps({"key": key, "value": value}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except ValueError:  # a value JSON or UTF-8 cannot hold is not kept
        return value
    keep(path, data)
    return value


def read_kept(path: Path, limit: int = LIMIT) -> bytes | None:
    """A kept file's bytes, or None when it is missing, unreadable or larger than ``limit``."""
    try:
        if path.stat().st_size <= limit:
            return path.read_bytes()
    except OSError:
        pass
    return None


def keep(path: Path, data: bytes, replaces: Callable[[Path], bool] | None = None) -> None:
    """Write ``data`` to ``path`` (under DERIVED) atomically, first removing the files of its folder
    that ``replaces`` says it replaces (made by an earlier program); a folder that cannot be
    written only makes the next start slower."""
    from .files import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if replaces is not None:
            for old in path.parent.iterdir():
                if old != path and replaces(old):
                    old.unlink(missing_ok=True)
        write_atomic(path, data)
    except OSError:
        pass
