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

import datetime as dt

from . import __version__, ooxml
from .diagnostics import Report
from .documents import plan
from .documents.common import province_of, round_view
from .documents.letters import jobs as letters_jobs
from .documents.letters import office_key
from .errors import UserError
from .model import Letter, Round
from .register import Register, text_hash
from .thai import be_year, with_digits
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


def build_round(folder: Path, output_root: Path = OUTPUT, templates: Path = TEMPLATES,
                register: Register | None = None, reissue: str | None = None) -> BuildResult:
    """Build a round. Letters whose number is ``auto`` take it from ``register`` (the office's
    default register when None); ``reissue`` (a reason) gives changed issued letters new numbers."""
    round_, report = validate(folder)
    result = BuildResult(folder.name, report)
    if round_ is None:
        result.failed = True
        return result
    owned = register is None and any(letter.number == "auto" for letter in round_.letters.values())
    if owned:
        register = Register()
    try:
        numbers = allocate_numbers(round_, register) if register is not None else {}
        renderer = Renderer(templates, author=round_.settings.office.name or "")
        documents = [(job, renderer.render(job)) for job in plan(round_, numbers)]
        # a UserError above stops the build before anything is written
        if register is not None:
            documents = protect_issued(round_, register, renderer, documents, numbers, reissue)
    finally:
        if owned:
            register.close()
    previous = _previous_pdfs(output_root / folder.name)
    rendered: list[tuple[str, bytes, dict]] = []
    for job, data in documents:
        rendered.append((job.output, data, {
            "file": job.output, "kind": job.kind, "title": with_digits(job.title, job.context.get("digits", "thai")),
            "template": job.template,
            "template_sha256": sha256((templates / job.template).read_bytes()),
            "sources": {_relative(p, folder): sha256(p.read_bytes()) for p in job.sources if p.is_file()},
            "sha256": sha256(data),
            "digits": job.context.get("digits", "thai"),
            "attach": job.attach,
            **({"pdf": previous[job.output]} if job.output in previous else {}),
        }))
    target = output_root / folder.name
    target.mkdir(parents=True, exist_ok=True)
    for name, data, _ in rendered:
        write_atomic(target / name, data)
        result.written.append(target / name)
    manifest = {"generator": __version__, "round": folder.name, "documents": [entry for _, _, entry in rendered]}
    manifest["round_title"] = round_view(round_, round_.settings.digits)["round_title"]
    write_atomic(target / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    return result


def _previous_pdfs(target: Path) -> dict[str, dict]:
    """The PDF records of the last manifest: a PDF stays valid while its .docx is unchanged."""
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {entry["file"]: entry["pdf"] for entry in manifest.get("documents", []) if entry.get("pdf")}


def letter_key(round_: Round, name: str) -> str:
    return f"{round_.name}/{name}"


def _year(letter: Letter) -> int:
    return be_year(letter.date or dt.date.today())


def allocate_numbers(round_: Round, register: Register) -> dict[str, int]:
    """Running numbers for the letters that ask the register for one (number: auto)."""
    numbers = {}
    office = office_key(round_)
    sender = round_.settings.office.name or province_of(round_).office
    for name, letter in round_.letters.items():
        if letter.number != "auto":
            continue
        entry = register.allocate(office, letter.kind == "circular", _year(letter), letter_key(round_, name),
                                  dated=letter.date, sender=sender, recipient=letter.to, subject=letter.subject)
        numbers[name] = entry.number
    return numbers


def protect_issued(round_, register, renderer, documents, numbers, reissue: str | None):
    """Stop when a rebuild would change a letter already signed and sent — or, asked to,
    give it a new number (the register records both) and render it again."""
    changed = []
    result = []
    for job, data in documents:
        name = job.output.removeprefix("letter-").removesuffix(".docx")
        entry = register.live(letter_key(round_, name)) if job.kind in ("circular", "stamped") else None
        if entry is None or entry.status != "issued" or text_hash(ooxml.paragraph_texts(data)) == entry.issued_hash:
            result.append((job, data))
            continue
        if reissue is None:
            changed.append(f"{job.output} ({entry.number_text})")
            result.append((job, data))
            continue
        letter = round_.letters[name]
        new = register.reissue(entry.id, reissue, _year(letter), letter.date)
        numbers[name] = new.number
        (job,) = letters_jobs(round_, numbers, only=name)
        result.append((job, renderer.render(job)))
    if changed:
        raise UserError(
            "หนังสือที่ส่งออกไปแล้วจะเปลี่ยน: " + ", ".join(changed) + " ไม่ได้สร้างเอกสาร "
            "ถ้าต้องการออกหนังสือใหม่ ให้สั่ง make letters REISSUE=\"เหตุผล\"",
            "letters already issued would change: " + ", ".join(changed) + ". Nothing was written; "
            "to issue them again with new numbers run make letters REISSUE=\"reason\"")
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
