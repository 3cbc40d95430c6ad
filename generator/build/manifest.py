"""The manifest of a round's output (``manifest.json``): for every document, what it was made from.

A document's input key hashes the program, its template and its whole template context; the manifest
keeps it with the file's own hash and its data files' hashes, so the next build renders only what
changed and the printing stage knows which PDFs are still valid. Entries are read as untrusted data:
anything unreadable counts as none, and an entry naming a file outside the round's folder is dropped.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from pathlib import Path

from .. import program_digest
from ..base.diagnostics import Location, Report
from ..documents import DocumentJob, Image
from ..documents.render import Renderer
from ..reading.safety import inside, is_folder_name
from ..thai import with_digits

MANIFEST = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hashable(value):
    if isinstance(value, Image):
        data = value.data if value.data is not None else Path(value.path).read_bytes()
        return {"image": sha256(data), "height_cm": value.height_cm}
    if isinstance(value, (dt.date, Path)):
        return str(value)
    raise TypeError(f"cannot hash {type(value).__name__}")


def input_key(job: DocumentJob, template_sha: str, author: str) -> str:
    """Everything a document is made from, as one hash."""
    payload = json.dumps({"generator": program_digest(), "template": template_sha, "title": job.title,
                          "author": author, "context": job.context},
                         sort_keys=True, ensure_ascii=False, default=_hashable)
    return sha256(payload.encode("utf-8"))


def read_manifest(target: Path) -> dict:
    """The previous build's manifest; anything unreadable or of another shape counts as none
    (the round is then built afresh), and only entries naming a file of ``target`` are kept."""
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        manifest = {}
    if not isinstance(manifest, dict):
        manifest = {}
    for part in ("documents", "workbooks"):
        entries = manifest.get(part)
        manifest[part] = [entry for entry in entries if isinstance(entry, dict)
                          and isinstance(entry.get("file"), str)] if isinstance(entries, list) else []
    if not isinstance(manifest.get("charts", {}), dict):
        manifest["charts"] = {}
    return manifest


def own_entries(manifest: dict, target: Path, report: Report) -> None:
    """Keep only the manifest's entries that name a file of ``target``; say which were dropped."""
    for part in ("documents", "workbooks"):
        kept = []
        for entry in manifest.get(part, []):
            if own_file(target, entry["file"]):
                kept.append(entry)
                continue
            report.add("W024", Location(target / MANIFEST),
                       f"ไม่สนใจรายการ '{entry['file'][:80]}' ใน manifest.json เพราะไม่ใช่ไฟล์ในโฟลเดอร์ {target.name} "
                       "(จะไม่ลบหรืออ่านไฟล์นอกโฟลเดอร์ผลลัพธ์)",
                       f"ignored the entry '{entry['file'][:80]}' of manifest.json: it is not a file of {target.name} "
                       "(nothing outside the output folder is read or deleted)")
        manifest[part] = kept


def own_file(target: Path, name: str) -> bool:
    """Whether a manifest's file name names a file directly in ``target`` (never ../ or a link out)."""
    return is_folder_name(name) and inside(target, target / name)


_FILE_SHAS: dict[tuple, str] = {}


def _file_sha(path: Path) -> str:
    """A data file's hash, read once however many documents it feeds (round.yaml feeds them all)."""
    stat = path.stat()
    key = (str(_resolved(path)), stat.st_mtime_ns, stat.st_size)
    if key not in _FILE_SHAS:
        _FILE_SHAS[key] = sha256(path.read_bytes())
    return _FILE_SHAS[key]


def entry_of(job: DocumentJob, data: bytes, key: str, renderer: Renderer, folder: Path, old: dict | None) -> dict:
    entry = {
        "file": job.output, "kind": job.kind, "title": with_digits(job.title, job.context.get("digits", "thai")),
        "template": job.template, "template_sha256": renderer.template_sha(job.template),
        "sources": {_relative(p, folder): _file_sha(p) for p in job.sources if p.is_file()},
        "input": key, "sha256": sha256(data),
        "digits": job.context.get("digits", "thai"), "attach": job.attach,
    }
    if old and old.get("pdf"):
        entry["pdf"] = old["pdf"]  # still valid while the .docx bytes are the same (checked when printing)
    return entry


@functools.lru_cache(maxsize=4096)  # a round's files are named in every document's manifest entry
def _resolved(path: Path) -> Path:
    return path.resolve()


def _relative(path: Path, folder: Path) -> str:
    try:
        return str(_resolved(path).relative_to(_resolved(folder)))
    except ValueError:
        return str(path)
