"""Writing output files so that a reader never sees half a file and a killed build leaves nothing behind.

A file is written to an unnamed temporary in its folder (Linux ``O_TMPFILE``), given a
name only once complete, then renamed over the old file. The writer holds a lock on the
temporary for as long as it exists, so the next build can tell a temporary whose writer
was killed (lock free: removed) from one another build is writing right now (locked: kept).
Files get the mode the user's umask gives (0644 with the usual 022), so colleagues on a
shared drive can open them.
"""
from __future__ import annotations

import errno
import fcntl
import os
import re
import secrets
import tempfile
from pathlib import Path

TEMPORARY_SUFFIX = ".part"
# ours: ".<name>.<random>.part"; earlier versions left ".<name>.<8 chars>" and ".<doc>.pdf.<8 chars>.pdf"
_TEMPORARY = re.compile(r"^\.(?P<name>.+\.(?:docx|pdf|json|html|png|xlsx|csv))\.[A-Za-z0-9_]{8,16}"
                        r"(?:\.part|\.pdf)?$")


def umask() -> int:
    """The process umask, read without changing it (Linux), else by setting it back at once."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once: the old file stays until the new one is complete."""
    folder = path.parent
    try:
        handle = os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o666)  # no name: nothing left if killed
        named = None
    except (AttributeError, OSError) as error:
        if isinstance(error, OSError) and error.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            raise
        handle, named = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=folder)
        os.fchmod(handle, 0o666 & ~umask())  # mkstemp makes 0600
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # held while the temporary exists: see remove_stale_temporaries
        with os.fdopen(handle, "wb", closefd=False) as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if named is None:
            named = str(folder / f".{path.name}.{secrets.token_hex(6)}{TEMPORARY_SUFFIX}")
            folder_handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:  # a folder handle makes Python call linkat(AT_SYMLINK_FOLLOW), which names the open file
                os.link(f"/proc/self/fd/{handle}", Path(named).name, dst_dir_fd=folder_handle, follow_symlinks=True)
            finally:
                os.close(folder_handle)
        os.replace(named, path)
        named = None
    finally:
        os.close(handle)
        if named is not None:
            Path(named).unlink(missing_ok=True)


def is_temporary(name: str) -> bool:
    """Whether a file name is one of the program's own temporaries.

    >>> is_temporary(".letter-01-circular.docx.3f9a0c1b2d4e.part")
    True
    >>> is_temporary(".letter-01-circular.pdf.k2_9abcd.pdf")
    True
    >>> is_temporary("letter-01-circular.docx"), is_temporary(".hidden-notes.txt")
    (False, False)
    """
    return _TEMPORARY.match(name) is not None


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove temporaries a killed build left in ``folder``; a temporary being written is kept."""
    removed = []
    try:
        candidates = [p for p in folder.iterdir() if is_temporary(p.name)]
    except OSError:
        return removed
    for path in candidates:
        try:
            handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue  # gone already, or a symlink: not ours
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # another build is writing it now
            path.unlink(missing_ok=True)
            removed.append(path)
        finally:
            os.close(handle)
    return removed
