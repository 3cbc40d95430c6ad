"""The one place the server calls the pipeline: reading and checking a round, starting one from the last,
building and printing it, page images, the register. Every other server module imports the pipeline only
through here, so a move of the pipeline's modules is fixed in this file alone."""
from __future__ import annotations

import dataclasses
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from generator import ooxml
from generator.build.stages import allocate_numbers, build_round
from generator.printing.bundle import BUNDLE, print_round
from generator.base.diagnostics import Diagnostic, Report
from generator.base.errors import UserError, log_internal_error
from generator.base.files import write_atomic
from generator.printing.pdf import unavailable as pdf_unavailable
from generator.register.store import COLUMNS_TH, Register, text_hash
from generator.reading.load import reading_from
from generator.reading.model import (KPI, AgreementForm, FormPlace, Item, KPIGroup, Letter, Office, Party, Period, Signer,
                                     form_labels)
from generator.reading.wording import PHRASES
from generator.reading.safety import MAX_FILE_BYTES as MAX_ROUND_FILE_BYTES, inside as is_inside, is_folder_name
from generator.build.new_round import new_round as scaffold_new_round
from generator.thai import parse_thai_date, thai_date, with_digits
from generator.checking.validate import validate

__all__ = ["BUNDLE", "COLUMNS_TH", "Diagnostic", "Report", "UserError", "log_internal_error", "is_folder_name", "thai_date", "with_digits",
           "write_atomic"]

_BUILDING = threading.Lock()  # one build or print at a time: LibreOffice's pool already uses both cores
_POOL: list = []  # the warm LibreOffice pool, kept for the server's life: a save's PDF without LibreOffice's start


def warm_pool():
    """The server's LibreOffice pool (one worker: the other core answers the pages), started once and kept warm
    between prints: a print tells its pool to let LibreOffice close once the documents are converted (right for
    ``make print``, which ends then), which would make the next save wait for LibreOffice to start again."""
    if not _POOL:
        import atexit

        from generator.printing.pdf import Pool

        _POOL.append(Pool(1, 120.0, kept=True))  # LibreOffice stays open for the next save; close() ends it
        atexit.register(_POOL[0].close)
    return _POOL[0]


def warm_up() -> None:
    """Start LibreOffice before the first save needs it (called beside the server's start); in the builder's
    process when the server has one."""
    if _BUILDER:
        _BUILDER[0].submit(warm_up).result(timeout=180)
        return
    if pdf_unavailable():
        return
    with _BUILDING:
        for worker in warm_pool().workers:
            worker.start()


_BUILDER: list = []  # the process that builds and prints, and the queue its progress comes back on
_EVENTS: list = []  # in that process: the queue it tells its progress on


def build_in_process() -> None:
    """Builds and prints in a process of their own, LibreOffice's warm pool kept in it: rendering the documents,
    the preflight and the bundle (Python, a second or so of it per print) then never hold the server's interpreter
    lock while people read pages and type. Started now."""
    import concurrent.futures
    import multiprocessing

    if not _BUILDER:
        context = multiprocessing.get_context("spawn")
        events = context.Queue()
        pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=context, initializer=_builder_started,
                                                      initargs=(events,))
        pool.submit(_warm_checker).result(timeout=120)
        _BUILDER.extend([pool, events])


def _builder_started(events) -> None:
    from multiprocessing.util import Finalize

    _EVENTS.append(events)
    Finalize(None, lambda: _POOL and _POOL[0].close(), exitpriority=10)  # LibreOffice ends with the process


def _built_there(folder: Path, output: Path, register: Path | None) -> tuple:
    """In the builder's process: the build and print, its progress told on the queue as it goes, then "end"."""
    import traceback

    events = _EVENTS[0]
    try:
        built = _build_and_print(folder, output, register, lambda done, total, name: events.put(("step", done, total, name)),
                                 lambda pdf: events.put(("pdf", pdf)))
        return ("built", built)
    except UserError as error:  # told as its parts: its own arguments would not make it again
        return ("user", error.thai, error.english, error.where)
    except Exception:  # a defect: its traceback goes back to be logged
        return ("defect", traceback.format_exc())
    finally:
        events.put(("end",))


def rounds(data: Path) -> list[str]:
    return sorted(p.name for p in data.iterdir() if (p / "round.yaml").is_file()) if data.is_dir() else []


def round_folder(data: Path, name: str) -> Path:
    """A round's folder for a name from a request: one folder of the data folder, or a UserError."""
    if not is_folder_name(name) or not (data / name / "round.yaml").is_file():
        raise UserError(f"ไม่พบรอบ '{name}'", f"no round '{name}'")
    return data / name


def new_round(data: Path, source: str, target: str) -> list[str]:
    if not is_folder_name(source) or not is_folder_name(target):
        raise UserError("ชื่อรอบใช้ได้เฉพาะตัวอักษร ตัวเลข และ - เช่น 2568-2-chachoengsao",
                        "a round's name is letters, digits and -, e.g. 2568-2-chachoengsao")
    return scaffold_new_round(data / source, data / target)


def check(folder: Path) -> Report:
    """The round's checks as ``make check`` runs them (without the spelling lint, which is slower); the files
    parsed before and unchanged since are not parsed again."""
    with reading_from(keep_parsed=True):
        return validate(folder, lint=False)[1]


_CHECKERS: list = []  # processes that run the checks as people type, when the server asked for them


def check_in_processes(count: int = 2) -> None:
    """Run checks-as-you-type in ``count`` processes of their own (the server's threads share one interpreter
    lock: 20 people typing would wait on each other). Started now, so the first check does not pay for it."""
    import concurrent.futures
    import multiprocessing

    if not _CHECKERS:
        pool = concurrent.futures.ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))
        for future in [pool.submit(_warm_checker) for _ in range(count)]:
            future.result()
        _CHECKERS.append(pool)


def _warm_checker() -> None:
    import generator.checking.validate  # noqa: F401  (loading the checks is most of a first check's time)


def check_with(folder: Path, texts: dict[str, str | bytes]) -> tuple[Report, Path]:
    """The checks of the round with some of its files replaced by ``texts`` (path in the round → text); nothing of
    the round is touched. Returns the report and the folder whose paths the report's locations start with."""
    if _CHECKERS:
        return _CHECKERS[0].submit(_check_with, folder, texts).result(timeout=120)
    return _check_with(folder, texts)


TYPED_SUFFIXES = (".yaml", ".yml", ".csv")  # files the reader reads as text: checked with the typed text in place


def _check_with(folder: Path, texts: dict[str, str | bytes]) -> tuple[Report, Path]:
    typed = _typed_in_place(folder, texts)
    if typed is not None:
        # the reader takes the typed text instead of the file's, and the parse of every other file as it was
        # kept (by its bytes): no copy, and only the typed file is parsed again
        with reading_from(typed, keep_parsed=True):
            return validate(folder, lint=False)[1], folder
    with tempfile.TemporaryDirectory(prefix="cdd-check-") as temporary:  # a template, a new file: on a copy
        copy = Path(temporary) / folder.name
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("results", "*.bak", ".*"))
        for name in ("settings.yaml", "accepted-words.txt"):
            if (folder.parent / name).is_file():
                shutil.copy2(folder.parent / name, copy.parent / name)
        for name, text in texts.items():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                (copy / name).write_bytes(text)
            else:
                (copy / name).write_text(text, encoding="utf-8")
        return validate(copy, lint=False)[1], copy


def _typed_in_place(folder: Path, texts: dict[str, str | bytes]) -> dict[Path, bytes] | None:
    """``texts`` as the bytes to read in place of the round's files, when each is text typed into a YAML or CSV file
    the round already has (the forms' case); else None."""
    typed = {}
    for name, text in texts.items():
        path = folder / name
        if not isinstance(text, str) or path.suffix.lower() not in TYPED_SUFFIXES or not path.is_file() \
                or path.is_symlink() or not is_inside(folder, path):
            return None
        typed[path] = text.encode("utf-8")
        if len(typed[path]) > MAX_ROUND_FILE_BYTES:
            return None
    return typed


@dataclass
class Built:
    """A build and print: what changed, the PDFs, the bundle, the preflight's findings per document."""

    report: Report
    written: list[str] = field(default_factory=list)
    pdfs: list[str] = field(default_factory=list)
    bundle_pages: int | None = None
    # pdf → (page, finding as printed, its place on the page as fractions or None)
    preflight: dict[str, list[tuple]] = field(default_factory=dict)
    failed: str = ""
    pdf_skipped: str = ""


def build_and_print(folder: Path, output: Path, register: Path | None, progress=None, on_pdf=None) -> Built:
    """``make print`` for one round: the documents that changed, their PDFs, the bundle and the preflight.
    ``progress(done, total, name)`` is told as each step ends, ``on_pdf(path)`` as each PDF is made (before the
    bundle and the preflight are done: a page can be shown at once). In the builder's process when the server has
    one (:func:`build_in_process`); the callbacks are then called here, as its progress comes back."""
    if not _BUILDER:
        return _build_and_print(folder, output, register, progress, on_pdf)
    import queue

    pool, events = _BUILDER
    with _BUILDING:
        future = pool.submit(_built_there, folder, output, register)
        failed = None  # a callback's exception, raised once the build's events are all read
        while True:
            try:
                event = events.get(timeout=0.1)
            except queue.Empty:
                if future.done() and future.exception() is not None:
                    raise future.exception()  # the process itself failed (killed): no "end" will come
                continue
            if event[0] == "end":
                break
            try:
                if event[0] == "pdf" and on_pdf is not None:
                    on_pdf(event[1])
                elif event[0] == "step" and progress is not None:
                    progress(*event[1:])
            except Exception as error:
                failed = failed or error
        answer = future.result(timeout=60)
        if failed is not None:
            raise failed
    if answer[0] == "user":
        raise UserError(answer[1], answer[2], answer[3])
    if answer[0] == "defect":
        raise RuntimeError(f"in the builder's process:\n{answer[1]}")
    return answer[1]


def _build_and_print(folder: Path, output: Path, register: Path | None, progress=None, on_pdf=None) -> Built:
    with _BUILDING:
        result = build_round(folder, output, register=register)
        built = Built(result.report, [p.name for p in result.written])
        if result.failed:
            built.failed = result.error or "ข้อมูลมีข้อผิดพลาด / the data has errors"
            return built
        if progress:
            progress(1, 0, "documents")
        reason = pdf_unavailable()
        if reason:
            built.pdf_skipped = reason
            return built
        steps = {"done": 1}

        def converted(done) -> None:
            steps["done"] += 1
            if on_pdf is not None and not done.error:
                on_pdf(done.task.pdf)
            if progress:
                progress(steps["done"], 0, done.task.pdf.name)

        printed = print_round(output / folder.name, result.report, progress=converted, pool=warm_pool())
        built.pdfs = [r.task.pdf.name for r in printed.converted if not r.error]
        built.bundle_pages = printed.bundle_pages
        built.preflight = {Path(name).with_suffix(".pdf").name: [(f.page, f.format(Path(name).with_suffix(".pdf").name),
                                                                f.box) for f in found]
                           for name, found in printed.preflight.items() if found}
        if printed.failed:
            built.failed = "; ".join(f"{r.task.docx.name}: {r.error}" for r in printed.failed)
        return built


def page_images(pdf: Path, folder: Path, resolution: int = 50) -> list[Path]:
    """Every page of ``pdf`` as <stem>-<n>.png in ``folder`` (pdftoppm), the older pictures of it replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{pdf.stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(resolution), "-png", str(pdf), str(folder / pdf.stem)],
                   check=True, capture_output=True, timeout=120)
    return sorted(folder.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode("utf-8", "replace")


# ------------------------------------------------------------------ the register
def register_entries(register: Path | None) -> list:
    with Register(register) as book, book.errors():
        return book.entries()


def number_letter(folder: Path, letter: str, register: Path | None) -> str:
    """Take the register's number for one letter of the round (number: auto), as a build of the round would:
    the letter keeps it in every later build. Returns the number as printed (ที่ …)."""
    round_, report = validate(folder, lint=False)
    if round_ is None:
        raise UserError("รอบนี้มีข้อผิดพลาด แก้ก่อนออกเลข", "the round has errors: fix them before numbering")
    if letter not in round_.letters:
        raise UserError(f"ไม่พบหนังสือ '{letter}'", f"no letter '{letter}'")
    if round_.letters[letter].number != "auto":
        raise UserError("หนังสือนี้มีเลขที่พิมพ์ไว้แล้ว (number ไม่ใช่ auto)",
                        "this letter has a number typed in its file (number is not auto)")
    one = dataclasses.replace(round_, letters={letter: round_.letters[letter]})
    with Register(register) as book, book.errors():
        allocate_numbers(one, book)
        return book.live(f"{folder.name}/{letter}").number_text


def issue(register: Path | None, entry_id: int, output: Path, signed: str) -> str:
    """Signed and sent, as ``register issue`` marks it: the letter's printed text is locked."""
    with Register(register) as book, book.errors():
        entry = book.find(str(entry_id))
        if not entry.letter_key:
            raise UserError("รายการนี้ไม่ใช่หนังสือของรอบใด", "this entry is not a round's letter")
        round_name, letter = entry.letter_key.split("/", 1)
        document = output / round_name / f"letter-{letter}.docx"
        if not document.is_file():
            raise UserError(f"ยังไม่ได้สร้างหนังสือ {document.name} (สร้างเอกสารของรอบก่อน)",
                            f"{document.name} has not been made yet: build the round first")
        try:
            day = parse_thai_date(signed) if signed.strip() else None
        except ValueError as error:
            raise UserError(f"วันที่ลงนาม: {error}", f"the day signed: {error}") from None
        done = book.mark_issued(entry.id, text_hash(ooxml.paragraph_texts(document.read_bytes())), day)
        return done.number_text


REGISTER_PRINT = "ทะเบียนหนังสือส่ง.docx"


def print_register(register: Path | None, output: Path) -> list[Path]:
    """``register print``: the register as a .docx in output/, and its PDF when LibreOffice is there."""
    from generator.printing import pdf
    from generator.register.exports import print_docx

    entries = register_entries(register)
    if not entries:
        raise UserError("ทะเบียนยังไม่มีรายการ", "the register has no entries yet")
    target = output / REGISTER_PRINT
    output.mkdir(parents=True, exist_ok=True)
    with _BUILDING:
        print_docx(entries, target, entries[0].office, None)
        if pdf.unavailable():
            return [target]
        [result] = pdf.convert([pdf.PdfTask(target, target.with_suffix(".pdf"), markers=False)], workers=1)
    if result.error:
        raise UserError(f"ทำ PDF ของทะเบียนไม่ได้: {result.error}", f"the register's PDF failed: {result.error}")
    return [target, target.with_suffix(".pdf")]


def void(register: Path | None, entry_id: int, reason: str) -> str:
    with Register(register) as book, book.errors():
        return book.void(entry_id, reason).number_text


# ------------------------------------------------------------------ returned report forms and results
from generator.results.read import MAX_FILE_BYTES, read_returns  # noqa: E402
from generator.results.summary import build_results  # noqa: E402

RETURNS_FOLDER = "results"


def check_returns(folder: Path, files: dict[str, bytes]) -> dict[str, list[Diagnostic]]:
    """The findings of the returns checks (``make results``' reading, with its hardening rules) for each
    uploaded file, read beside the round's returns in a temporary copy: nothing of the round is touched."""
    with tempfile.TemporaryDirectory(prefix="cdd-returns-") as temporary:
        copy = Path(temporary) / folder.name
        shutil.copytree(folder, copy, symlinks=True)
        (copy / RETURNS_FOLDER).mkdir(exist_ok=True)
        for name, data in files.items():
            (copy / RETURNS_FOLDER / name).write_bytes(data)
        round_, report = validate(copy, lint=False)
        found: dict[str, list[Diagnostic]] = {name: [] for name in files}
        if round_ is None:
            raise UserError("รอบนี้มีข้อผิดพลาด แก้ก่อนรับแบบรายงาน", "the round has errors: fix them before taking returns")
        read_returns(round_, report)
        for finding in report.sorted():
            try:
                relative = finding.where.file.resolve().relative_to((copy / RETURNS_FOLDER).resolve())
            except ValueError:
                continue
            if relative.parts and relative.parts[0] in found:
                found[relative.parts[0]].append(finding)
        return found


def results(folder: Path, output: Path):
    """``make results`` for one round: the scores, the summary workbook and chart, the results letter."""
    with _BUILDING:
        return build_results(folder, output)


# ------------------------------------------------------------------ a round's own templates
from generator.base.paths import TEMPLATES  # noqa: E402
from generator.documents.stock_templates import STOCK  # noqa: E402

TEMPLATE_NAMES = sorted(STOCK)
ROUND_TEMPLATES_FOLDER = "templates"


def template_file(folder: Path, name: str) -> Path:
    """The template a round's document is made from: the round's own (kpi_data/<round>/templates/), else the stock one."""
    if name not in STOCK:
        raise UserError(f"ไม่มีแม่แบบชื่อ '{name}'", f"no template named '{name}'")
    own = folder / ROUND_TEMPLATES_FOLDER / name
    return own if own.is_file() else TEMPLATES / name
