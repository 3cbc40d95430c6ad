"""The build, in stages: read and validate → plan → render → write.

Nothing is written unless every document of the round rendered: the previous
output stays in place after a failed build. Each file is written to a temporary
name and renamed over the old one, so a reader never sees half a file.

Builds are incremental: the manifest keeps, for every document, a hash of what it
was made from (generator version, template, and the template context, which holds
every value of the data the document prints). A document whose inputs did not
change is neither rendered nor written; a rebuild with nothing changed writes nothing.
"""
from __future__ import annotations

import contextlib
import gc
import json
import os
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .. import ooxml, program_digest
from ..base.diagnostics import Report
from ..base.errors import UserError, log_internal_error
from ..base.files import remove_stale_temporaries, write_atomic
from ..base.lifetime import die_with_parent
from ..base.paths import OUTPUT, TEMPLATES
from ..checking.validate import validate
from ..documents import DocumentJob, plan
from ..documents.common import province_of, round_view
from ..documents.letters import jobs as letters_jobs
from ..documents.letters import office_key
from ..documents.render import Renderer
from ..reading.model import Letter, Round
from ..reading.safety import inside
from ..register.store import DEFAULT_PATH as REGISTER_PATH
from ..register.store import Register, text_hash
from ..thai.dates import letter_year
from .manifest import MANIFEST, entry_of, input_key, own_entries, own_file, read_manifest, sha256


@dataclass
class BuildResult:
    round: str
    report: Report
    written: list[Path] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: bool = False
    error: str | None = None
    numbers: list[str] = field(default_factory=list)  # numbers taken from the register by this build
    new_series: list[tuple[str, str]] = field(default_factory=list)  # (series, its start command): first use
    seconds: float = 0.0  # the round's build, in its worker (for `make bench`)
    process: int = 0  # the worker that built it
    workbook_seconds: float = 0.0  # of which the report-form workbooks


def build_round(folder: Path, output_root: Path = OUTPUT, templates: Path = TEMPLATES,
                register: Register | Path | None = None, reissue: str | None = None,
                renderer: Renderer | None = None) -> BuildResult:
    """Build a round. Letters whose number is ``auto`` take it from ``register`` (a register, the
    path of one, or the office's default register when None); ``reissue`` (a reason) gives changed
    issued letters new numbers. A draft round never touches the register."""
    round_, report = validate(folder)  # 1. read and check: nothing is made from a round with errors
    result = BuildResult(folder.name, report)
    if round_ is None:
        result.failed = True
        return result
    author = round_.settings.office.name or province_of(round_).office
    renderer = (renderer or Renderer(templates)).for_round(folder)  # the round's own templates/ first
    target = output_root / folder.name
    _check_output_folder(output_root, target)
    previous = read_manifest(target)
    own_entries(previous, target, report)
    given = register
    with _register_for(round_, register) as register:
        with register.errors() if register is not None else contextlib.nullcontext():
            numbers = (allocate_numbers(round_, register, result) if register is not None  # 2. number
                       else numbers_taken(round_, given))
        documents = _render_changed(round_, folder, numbers, renderer, author, previous, target)  # 3. plan, render
        if register is not None:  # an issued letter keeps its number only while its text is the same
            with register.errors():
                documents = protect_issued(round_, register, renderer, documents, numbers, reissue, author, folder)
    try:
        _write_output(round_, folder, target, documents, previous, result)  # 4. write what changed
    except OSError as error:  # a full disk, a folder without write permission: the user's to fix
        where = error.filename or target
        raise UserError(f"เขียนผลลัพธ์ลง '{where}' ไม่ได้: {error.strerror}",
                        f"cannot write the output to '{where}': {error.strerror}") from None
    return result


@contextlib.contextmanager
def _register_for(round_: Round, register: Register | Path | None):
    """The register a build uses: none for a draft (its numbers print blank); one opened here, and closed
    after, when the round takes numbers and was given a path or nothing; the one given, as it is."""
    if round_.settings.round.draft:
        yield None
        return
    if isinstance(register, Register):
        yield register
        return
    if not any(letter.number == "auto" for letter in round_.letters.values()):
        yield None
        return
    opened = Register(register)
    try:
        yield opened
    finally:
        opened.close()


def _render_changed(round_: Round, folder: Path, numbers: dict[str, int], renderer: Renderer, author: str,
                    previous: dict, target: Path) -> list:
    """Every planned document as (job, bytes or None when unchanged, its manifest entry)."""
    entries = {entry["file"]: entry for entry in previous["documents"]}
    documents = []
    for job in plan(round_, numbers):
        old = entries.get(job.output)
        key, data = render_if_changed(job, renderer, author, old, target)
        documents.append((job, None, old) if data is None
                         else (job, data, entry_of(job, data, key, renderer, folder, old)))
    return documents


def _write_output(round_: Round, folder: Path, target: Path, documents: list, previous_manifest: dict,
                  result: BuildResult) -> None:
    previous = {entry["file"]: entry for entry in previous_manifest["documents"]}
    target.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target)  # left by a build that was killed
    for job, data, entry in documents:
        path = target / job.output
        if data is None or (path.is_file() and path.read_bytes() == data):
            result.unchanged.append(job.output)
            continue
        write_atomic(path, data)
        result.written.append(path)
    started = time.perf_counter()
    workbooks = write_form_workbooks(round_, target, previous_manifest.get("workbooks", []), result)
    result.workbook_seconds = time.perf_counter() - started
    planned = {job.output for job, _, _ in documents}
    for stale in sorted(set(previous) - planned):  # a document no longer made: its files go
        for path in (target / stale, (target / stale).with_suffix(".pdf")):
            if path.is_file() and not path.is_symlink() and inside(target, path):
                path.unlink()
        result.removed.append(stale)
    manifest = {"generator": program_digest(), "round": folder.name,
                "round_title": round_view(round_, round_.settings.digits)["round_title"],
                "documents": [entry for _, _, entry in documents], "workbooks": workbooks}
    encoded = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    manifest_path = target / MANIFEST
    if not (manifest_path.is_file() and manifest_path.read_bytes() == encoded):
        write_atomic(manifest_path, encoded)


def _check_output_folder(output_root: Path, target: Path) -> None:
    """The round's output folder is a folder (or not there yet), inside the output folder."""
    for folder in (output_root, target):
        if folder.exists() and not folder.is_dir():
            raise UserError(f"'{folder}' เป็นไฟล์ ไม่ใช่โฟลเดอร์ จึงเขียนเอกสารลงไปไม่ได้ ให้ย้ายหรือลบไฟล์นี้",
                            f"'{folder}' is a file, not a folder: the documents cannot be written there; "
                            "move or delete that file")
    if not inside(output_root, target) or target.is_symlink():
        raise UserError(f"'{target}' ชี้ออกไปนอกโฟลเดอร์ผลลัพธ์ {output_root} จึงไม่เขียน",
                        f"'{target}' points outside the output folder {output_root}: nothing is written")


def render_if_changed(job: DocumentJob, renderer: Renderer, author: str, old: dict | None,
                      target: Path) -> tuple[str, bytes | None]:
    """The document's input key, and its bytes — or None when the file in ``target`` was made
    from the same inputs and is intact. A UserError while rendering stops the build before
    anything is written."""
    key = input_key(job, renderer.template_sha(job.template), author)
    path = target / job.output
    if old and old.get("input") == key and path.is_file() and sha256(path.read_bytes()) == old["sha256"]:
        return key, None
    return key, renderer.render(job, author)


def _build_one(arguments) -> BuildResult:
    folder, output_root, templates, register_path, reissue = arguments
    started = time.perf_counter()
    try:  # the register is opened only by a round that takes numbers
        result = build_round(folder, output_root, templates, register=register_path, reissue=reissue)
        result.seconds, result.process = time.perf_counter() - started, os.getpid()
        _settle_long_lived()
        return result
    except UserError as error:
        return BuildResult(folder.name, Report(), failed=True, error=error.message)
    except Exception:  # a defect met in this round: the other rounds are still built
        return _internal_error(folder)


def _internal_error(folder: Path) -> BuildResult:
    log = log_internal_error(traceback.format_exc())
    return BuildResult(folder.name, Report(), failed=True,
                       error=f"เกิดข้อผิดพลาดภายในโปรแกรมกับรอบนี้ กรุณาแจ้งผู้ดูแลพร้อมไฟล์ {log}\n"
                             f"internal error in this round: please send {log} to the maintainers")


def build_rounds(folders: list[Path], output_root: Path = OUTPUT, templates: Path = TEMPLATES,
                 workers: int | None = None, progress=None, register_path: Path | None = None,
                 reissue: str | None = None) -> list[BuildResult]:
    """Many rounds at once, spread over the cores; each worker prepares each template once.
    A round's error is its own: the other rounds are built."""
    workers = max(1, min(len(folders), workers or os.cpu_count() or 1))
    arguments = [(folder, output_root, templates, register_path, reissue) for folder in folders]
    if workers == 1:
        results = []
        for argument in arguments:
            results.append(_build_one(argument))
            if progress:
                progress(results[-1])
        return results
    results = {}
    broken = []
    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        futures = {pool.submit(_build_one, argument): argument for argument in arguments}
        for future in as_completed(futures):
            try:
                result = future.result()
            except BrokenProcessPool:  # a worker died: every round still in the pool is lost with it
                broken.append(futures[future])
                continue
            except Exception:  # the result could not be sent back: this round alone fails
                result = _internal_error(futures[future][0])
            results[futures[future][0]] = result
            if progress:
                progress(result)
    for argument in broken:  # again, each in a process of its own, so only the round that crashes fails
        results[argument[0]] = _build_alone(argument)
        if progress:
            progress(results[argument[0]])
    return [results[folder] for folder in folders]


_settled = False


def _settle_long_lived() -> None:
    """Once a process has built its first round, what lives on (prepared templates, word lists, the
    caches) is set aside from the garbage collector: its full collections then scan only what later
    rounds make (they had cost each round some 10 ms over the long-lived objects)."""
    global _settled
    if not _settled:
        _settled = True
        gc.collect()  # the first round's own garbage goes first: what is set aside is never collected
        gc.freeze()


def _build_alone(argument) -> BuildResult:
    with ProcessPoolExecutor(max_workers=1, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        try:
            return pool.submit(_build_one, argument).result()
        except Exception:
            return _internal_error(argument[0])


def letter_key(round_: Round, name: str) -> str:
    return f"{round_.name}/{name}"


def _year(letter: Letter) -> int:
    """The year a letter's number belongs to: that of its date, never the machine clock's."""
    if letter.date is None:
        raise UserError("หนังสือที่ไม่ได้ลงวันที่รับเลขจากทะเบียนไม่ได้ (E720)",
                        "an undated letter cannot take a number from the register (E720)")
    return letter_year(letter.date)


def numbers_taken(round_: Round, register: Register | Path | None) -> dict[str, int]:
    """A draft round takes no number, but prints one the clerk has already taken for a letter (``register number``,
    ออกเลข on the server): read only, and only from a register that exists."""
    if not round_.settings.round.draft or not any(letter.number == "auto" for letter in round_.letters.values()):
        return {}
    if not isinstance(register, Register):
        path = Path(register or os.environ.get("CDD_REGISTER") or REGISTER_PATH)
        if not path.is_file():
            return {}
        with contextlib.closing(Register(path)) as book, book.errors():
            return numbers_taken(round_, book)
    live = {name: register.live(letter_key(round_, name)) for name, letter in round_.letters.items()
            if letter.number == "auto"}
    return {name: entry.number for name, entry in live.items() if entry is not None}


def allocate_numbers(round_: Round, register: Register, result: BuildResult | None = None) -> dict[str, int]:
    """Running numbers for the letters that ask the register for one (number: auto). ``result``, when
    given, records the numbers taken and the series used for the first time."""
    numbers = {}
    office = office_key(round_)
    sender = round_.settings.office.name or province_of(round_).office
    for name, letter in round_.letters.items():
        if letter.number != "auto":
            continue
        key, year = letter_key(round_, name), _year(letter)
        had = register.live(key)
        first_use = had is None and not register.series_started(office, letter.sent_to_many, year)
        entry = register.allocate(office, letter.sent_to_many, year, key,
                                  dated=letter.date, sender=sender, recipient=letter.to, subject=letter.subject or "")
        numbers[name] = entry.number
        if result is not None and had is None:
            result.numbers.append(f"ที่ {entry.number_text} ({name})")
            if first_use:
                result.new_series.append((entry.series_text, entry.start_command))
    return numbers


def protect_issued(round_, register, renderer, documents, numbers, reissue: str | None, author: str, folder: Path):
    """Stop when a rebuild would change a letter already signed and sent — or, asked to,
    give it a new number (the register records both) and render it again."""
    changed = []
    result = []
    for job, data, entry_ in documents:
        name = job.output.removeprefix("letter-").removesuffix(".docx")
        entry = register.live(letter_key(round_, name)) if job.kind in ("circular", "stamped") else None
        if data is None or entry is None or entry.status != "issued" \
                or text_hash(ooxml.paragraph_texts(data)) == entry.issued_hash:
            result.append((job, data, entry_))
            continue
        if reissue is None:
            changed.append(f"{job.output} ({entry.number_text})")
            result.append((job, data, entry_))
            continue
        letter = round_.letters[name]
        new = register.reissue(entry.id, reissue, _year(letter), letter.date)
        numbers[name] = new.number
        (job,) = letters_jobs(round_, numbers, only=name)
        data = renderer.render(job, author)
        key = input_key(job, renderer.template_sha(job.template), author)
        result.append((job, data, entry_of(job, data, key, renderer, folder, None)))
    if changed:
        raise UserError(
            "หนังสือที่ส่งออกไปแล้วจะเปลี่ยน: " + ", ".join(changed) + " ไม่ได้สร้างเอกสาร "
            "ถ้าต้องการออกหนังสือใหม่ ให้สั่ง make letters REISSUE=\"เหตุผล\"",
            "letters already issued would change: " + ", ".join(changed) + ". Nothing was written; "
            "to issue them again with new numbers run make letters REISSUE=\"reason\"")
    return result


def write_form_workbooks(round_: Round, target: Path, previous: list[dict], result: BuildResult) -> list[dict]:
    """The report forms as Excel workbooks beside their .docx; made again only when their inputs changed."""
    from ..documents.form_workbook import form_workbook, input_key as workbook_key, planned

    before = {entry["file"]: entry for entry in previous}
    entries = []
    for name, kpi, layout in planned(round_):
        key = workbook_key(round_, kpi, layout)
        old = before.get(name)
        path = target / name
        if old and old.get("input") == key and path.is_file() and sha256(path.read_bytes()) == old["sha256"]:
            entries.append(old)
            result.unchanged.append(name)
            continue
        data = form_workbook(round_, kpi, layout)
        if not (path.is_file() and path.read_bytes() == data):
            write_atomic(path, data)
            result.written.append(path)
        else:
            result.unchanged.append(name)
        entries.append({"file": name, "kpi": kpi.number, "district": layout.district, "form_version": layout.version,
                        "input": key, "sha256": sha256(data)})
    for stale in sorted(set(before) - {entry["file"] for entry in entries}):
        if own_file(target, stale) and not (target / stale).is_symlink():
            (target / stale).unlink(missing_ok=True)
        result.removed.append(stale)
    return entries
