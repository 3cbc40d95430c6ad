"""The build, in stages: read and validate → plan → render → write.

Nothing is written unless every document of the round rendered: the previous
output stays in place after a failed build. Each file is written to a temporary
name and renamed over the old one, so a reader never sees half a file.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .diagnostics import Report
from .documents import plan
from .errors import UserError
from .paths import OUTPUT, TEMPLATES
from .render import Renderer
from .validate import validate

MANIFEST = "manifest.json"


@dataclass
class BuildResult:
    round: str
    report: Report
    written: list[Path] = field(default_factory=list)
    failed: bool = False


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_round(folder: Path, output_root: Path = OUTPUT, templates: Path = TEMPLATES) -> BuildResult:
    round_, report = validate(folder)
    result = BuildResult(folder.name, report)
    if round_ is None:
        result.failed = True
        return result
    renderer = Renderer(templates, author=round_.settings.office.name or "")
    rendered: list[tuple[str, bytes, dict]] = []
    for job in plan(round_):
        data = renderer.render(job)  # a UserError here stops the build before anything is written
        rendered.append((job.output, data, {
            "file": job.output, "kind": job.kind, "title": job.title, "template": job.template,
            "template_sha256": sha256((templates / job.template).read_bytes()),
            "sources": {_relative(p, folder): sha256(p.read_bytes()) for p in job.sources if p.is_file()},
            "sha256": sha256(data),
        }))
    target = output_root / folder.name
    target.mkdir(parents=True, exist_ok=True)
    for name, data, _ in rendered:
        write_atomic(target / name, data)
        result.written.append(target / name)
    manifest = {"generator": __version__, "round": folder.name, "documents": [entry for _, _, entry in rendered]}
    write_atomic(target / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    return result


def _relative(path: Path, folder: Path) -> str:
    try:
        return str(path.resolve().relative_to(folder.resolve()))
    except ValueError:
        return str(path)


def write_atomic(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
