"""A round's build stamp: a cheap fingerprint of everything a build of the round reads.

``letters`` compares it before importing anything heavy: when every input (the round's
files, the settings, the accepted words, the templates, the program's own files, the
installed libraries, the register rows the round's numbers come from and the command's
options) and every file of the round's output folder are as the last successful build
left them, the build would write nothing, so the command says so and stops.

Files are compared by (path, size, mtime_ns, inode, ctime_ns), never read; only the register is read
(a few rows, read-only). Anything this module cannot account for — an unreadable file,
a folder of too many files, a stamp of another shape — makes the stamp differ, and the
full build runs. Standard library only: it runs before the rest of the program is loaded.
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

from .. import PROJECT_ROOT

STAMP = "build-stamp.json"
FORMAT = 2  # 2: files by inode and change time too
MAX_FILES = 20_000  # per folder walked; more than this is not worth proving unchanged
PACKAGE = Path(__file__).resolve().parent.parent  # the whole program, not just this stage


def _file(path: Path) -> list | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return _identity(stat)


def _identity(stat: os.stat_result) -> list:
    """What tells a file changed without reading it: size and modification time, and the inode and its change
    time, which no user command sets back (a file replaced by one of the same size with its old time restored,
    as ``cp -p``, ``touch -r`` or an unzip do, still differs)."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns]


def tree(folder: Path, skip: str | None = None) -> list | None:
    """Every file under ``folder`` as [relative path, size, mtime_ns, inode, ctime_ns], sorted; None when it
    cannot be listed whole. ``skip`` is a file name left out (the stamp itself)."""
    files = []
    try:
        for root, dirs, names in os.walk(folder, onerror=_raise):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in names:
                if name == skip or name.endswith(".pyc"):
                    continue
                path = Path(root, name)
                stat = path.lstat()
                files.append([str(path.relative_to(folder)), *_identity(stat)])
                if len(files) > MAX_FILES:
                    return None
    except OSError:
        return None
    return sorted(files)


def _raise(error: OSError) -> None:
    raise error


def register_rows(path: Path, round_name: str) -> list | None:
    """What the register can change in a round's letters: the round's entries (a voided or
    reissued number makes a new one) and the series' next numbers. None when unreadable."""
    if not path.exists():
        return []
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except Exception:  # whatever stops this read, the full build opens the register and says what is wrong
        return None
    try:
        entries = db.execute("SELECT * FROM entries WHERE substr(letter_key, 1, ?) = ? ORDER BY id",
                             (len(round_name) + 1, round_name + "/")).fetchall()
        series = db.execute("SELECT * FROM series ORDER BY office, circular, year").fetchall()
    except sqlite3.Error:
        return None
    finally:
        db.close()
    return [[list(row) for row in entries], [list(row) for row in series]]


def fingerprint(data: Path, round_folder: Path, templates: Path, register: Path,
                options: dict) -> dict | None:
    """Everything a build of ``round_folder`` reads, cheaply; None when some of it cannot be told."""
    parts = {
        "format": FORMAT,
        "round": tree(round_folder),
        "settings": _file(data / "settings.yaml"),
        "accepted_words": _file(data / "accepted-words.txt"),
        "templates": tree(templates),
        "generator": tree(PACKAGE),
        # an upgraded library renders differently: pip adds and removes entries of site-packages
        "libraries": [[p, _file(Path(p))] for p in sys.path if Path(p).name in ("site-packages", "dist-packages")],
        "python": [sys.executable, sys.version],
        "register": register_rows(register, round_folder.name),
        "options": options,
    }
    if any(parts[name] is None for name in ("round", "templates", "generator", "register")):
        return None
    return parts


def read(target: Path) -> dict | None:
    try:
        stamp = json.loads((target / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return stamp if isinstance(stamp, dict) else None


def unchanged_summary(target: Path, inputs: dict | None) -> dict | None:
    """The summary stored by the last successful build when nothing it read or wrote has
    changed since; None when a build must run."""
    if inputs is None:
        return None
    stamp = read(target)
    if stamp is None or stamp.get("inputs") != json.loads(json.dumps(inputs)):
        return None
    outputs = tree(target, skip=STAMP)
    if outputs is None or stamp.get("outputs") != outputs or not isinstance(stamp.get("summary"), dict):
        return None
    return stamp["summary"]


def write(target: Path, inputs: dict | None, summary: dict) -> None:
    """Record a successful build: ``inputs`` as taken before it ran (an edit made while it ran
    then shows as a change), the output folder as it is now."""
    path = target / STAMP
    if inputs is None:
        path.unlink(missing_ok=True)
        return
    outputs = tree(target, skip=STAMP)
    if outputs is None:
        path.unlink(missing_ok=True)
        return
    encoded = json.dumps({"inputs": inputs, "outputs": outputs, "summary": summary}, ensure_ascii=False)
    temporary = target / f".{STAMP}.tmp"
    temporary.write_text(encoded, encoding="utf-8")
    os.replace(temporary, path)


def forget(target: Path) -> None:
    """A build that did not finish leaves no stamp behind."""
    try:
        (target / STAMP).unlink(missing_ok=True)
    except OSError:
        pass


def default_register(given: Path | None) -> Path:
    """The register the build would open (as Register() chooses it)."""
    return Path(given or os.environ.get("CDD_REGISTER") or PROJECT_ROOT / "data" / "register.sqlite3")
