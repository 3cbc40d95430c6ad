"""Stage 5 of a build: print-ready PDF through long-lived LibreOffice processes.

Starting soffice costs ~1.5 s, so documents are never converted one soffice each:
a pool of workers (generator/printing/uno_worker.py under Debian's python3-uno), one per
core, each keeps its soffice and its own user profile for the whole batch. A stuck
conversion is killed after a timeout and retried once on a fresh worker; a
document that still fails is reported and the others go on.

LibreOffice never opens a file in output/: each worker converts a private copy of the
.docx in its own folder under .cache/pdf-copies/ (so its lock file ``.~lock.<doc>#``
lands there), and every LibreOffice write (profile, HOME, XDG folders, the shared
extension cache) stays in the project's .cache/. Workers die with the build: each
runs in a process group the pool owns, and watches its parent.

The PDF is laid out with TH SarabunPSK metrics (generator/base/fonts.py), its page
numbers in Thai digits, and on every page of a letter but the last the first
word(s) of the next page at the bottom right (คำต่อหน้า).

Documents of one template that cannot tell the difference (a round's report forms) are laid
out together, up to :data:`JOINED_AT_MOST` at a time, as one document of one section each
(generator/ooxml/joined.py), and its PDF is cut back into one PDF per document: LibreOffice's
cost of opening, laying out, exporting and closing a document is paid once for them. A joined
conversion that fails is made again one document at a time.
"""
from __future__ import annotations

import fcntl
import io
import json
import os
import queue
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import PROJECT_ROOT
from ..base.files import write_atomic
from ..base.fonts import fontconfig_file
from ..base.lifetime import cpu_seconds, process_table
from ..base.paths import UNO_PYTHON

if TYPE_CHECKING:
    from concurrent.futures import Future

WORKER = Path(__file__).with_name("uno_worker.py")
PROFILES = PROJECT_ROOT / ".cache" / "lo-profiles"
COPIES = PROJECT_ROOT / ".cache" / "pdf-copies"  # the .docx LibreOffice opens, one folder per worker
OFFICE_HOME = PROJECT_ROOT / ".cache" / "lo-home"  # LibreOffice's HOME, XDG folders and extension cache
LAYOUT = 7  # how the PDF copy is made (6: justified Thai set line by line; 7: 3 pt spare): a PDF made the older way is made again
DEFAULT_TIMEOUT = 120.0


_UNO_FOUND: list[Path] = []  # the python3-uno found once in this process (starting it costs 50 ms a print)


def unavailable() -> str | None:
    """Why PDF cannot be made here, or None."""
    if shutil.which("soffice") is None:
        return "ไม่พบ LibreOffice (soffice) / LibreOffice is not installed: apt-get install libreoffice-writer-nogui"
    if UNO_PYTHON in _UNO_FOUND and UNO_PYTHON.exists():
        return None
    probe = subprocess.run([str(UNO_PYTHON), "-c", "import uno"], capture_output=True) if UNO_PYTHON.exists() else None
    if probe is None or probe.returncode != 0:
        return "ไม่พบ python3-uno / python3-uno is not installed: apt-get install python3-uno"
    _UNO_FOUND.append(UNO_PYTHON)
    return None


# ---------------------------------------------------------------- continuation words
def continuation(next_page_start: str) -> str | None:
    """คำต่อหน้า: "/" + the first word(s) of the next page + "...".

    A leading item number stays with its word; Thai words come from pythainlp's
    segmentation (Thai has no spaces between words).

    >>> continuation("๓. ขับเคลื่อนการดำเนินกิจกรรมตามแผน")
    '/๓. ขับเคลื่อน...'
    >>> continuation("ดำเนินการตามข้อ ๑ - ๒ ให้แล้วเสร็จ")
    '/ดำเนินการ...'
    >>> continuation("")
    """
    from pythainlp.tokenize import word_tokenize

    from ..thai.words import thai_word_list

    text = " ".join(next_page_start.split())
    if not text:
        return None
    end = 0
    # the longest first word: ดำเนินการ, not ดำเนิน
    for token in word_tokenize(text, engine="longest", custom_dict=thai_word_list(), keep_whitespace=True):
        end += len(token)
        if any("\u0e01" <= ch <= "\u0e2e" or ch.isalpha() and ch.isascii() for ch in token):
            break
    return "/" + text[:end].strip() + "..."


# ---------------------------------------------------------------- LibreOffice's surroundings
def office_environment() -> dict[str, str]:
    """The environment of the UNO workers and their soffice: every file LibreOffice writes for
    itself goes under .cache/lo-home (run as root it would write /root/.cache/dconf otherwise)."""
    folders = {"HOME": OFFICE_HOME, "XDG_CONFIG_HOME": OFFICE_HOME / "config",
               "XDG_CACHE_HOME": OFFICE_HOME / "cache", "XDG_DATA_HOME": OFFICE_HOME / "data",
               "XDG_STATE_HOME": OFFICE_HOME / "state", "XDG_RUNTIME_DIR": OFFICE_HOME / "runtime",
               "TMPDIR": OFFICE_HOME / "tmp"}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folders["XDG_RUNTIME_DIR"], 0o700)
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file()), GSETTINGS_BACKEND="memory",
               **{name: str(folder) for name, folder in folders.items()})
    for variable in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "DBUS_SESSION_BUS_ADDRESS"):
        env.pop(variable, None)
    return env


def remove_old_office_temporaries(folder: Path | None = None, age: float = 86400.0) -> int:
    """Remove what a killed ``soffice`` left in the shared temporary folder a day ago or more (none is in use
    then; the workers' own are in their folders, emptied at each start); how many were removed."""
    folder = folder or OFFICE_HOME / "tmp"
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        try:
            if now - entry.stat(follow_symlinks=False).st_mtime < age:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed += 1
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


class _Launcher:
    """Starts the workers from one thread that lives as long as the build.

    Workers are (re)started from the pool's short-lived batch threads; a child started
    from a thread is told of its parent's death when that thread ends, so they are
    started here. Each worker also watches its parent itself (uno_worker.py).
    """

    def __init__(self):
        self.requests: queue.Queue = queue.Queue()
        threading.Thread(target=self._serve, name="libreoffice-launcher", daemon=True).start()

    def _serve(self) -> None:
        while True:
            args, kwargs, answer = self.requests.get()
            try:
                # no pre-exec function: it would run Python's fork handlers here while another thread may be
                # importing a module that registers one (logging, concurrent.futures), which breaks that module's
                # lock; the worker asks for its parent's death signal itself
                answer.put(subprocess.Popen(args, **kwargs))
            except BaseException as error:  # given back to the caller
                answer.put(error)

    def popen(self, args: list[str], **kwargs) -> subprocess.Popen:
        answer: queue.Queue = queue.Queue(maxsize=1)
        self.requests.put((args, kwargs, answer))
        started = answer.get()
        if isinstance(started, BaseException):
            raise started
        return started


_LAUNCHER: _Launcher | None = None
_LAUNCHER_LOCK = threading.Lock()


def _launch(args: list[str], **kwargs) -> subprocess.Popen:
    global _LAUNCHER
    with _LAUNCHER_LOCK:
        if _LAUNCHER is None:
            _LAUNCHER = _Launcher()
    return _LAUNCHER.popen(args, **kwargs)


def process_group(pgid: int) -> list[int]:
    """The live processes of one process group (one the pool started)."""
    return [pid for pid, (_, group, _, state) in process_table().items() if group == pgid and state != "Z"]


def _executable(pid: int) -> str:
    try:
        return Path(os.readlink(f"/proc/{pid}/exe")).name
    except OSError:
        return ""


# ---------------------------------------------------------------- workers
class WorkerError(Exception):
    pass


CPU_COUNTS = ("start", "all", "worker")  # what a counting worker counts (:attr:`Worker.cpu`)


class Worker:
    """One soffice with its own profile, behind a uno_worker.py process."""

    def __init__(self, slot: int, counting: bool = False):
        self.slot = slot
        self.process: subprocess.Popen | None = None
        self.lines: queue.Queue = queue.Queue()
        self.lock_file = None
        self.copies: Path | None = None
        self.starting: threading.Thread | None = None
        self.stopping = False  # a start under way does not go on to its warm-up
        # CPU seconds of this worker's processes (its UNO worker, soffice.bin) over every start, when counted (for
        # the bench: each count reads the whole process table): up to its answer that it is ready, in all when it
        # was stopped, and its UNO worker's Python alone
        self.counting = counting
        self.cpu = dict.fromkeys(CPU_COUNTS, 0.0)

    def start_soon(self, warm: bool = False) -> None:
        """Start this worker's LibreOffice in a thread of its own, while the caller prepares the work
        (:meth:`ready` waits for it); ``warm``: and have it print a small document first (:meth:`warm_up`)."""
        if self.process is None and self.starting is None:
            self.starting = threading.Thread(target=self._start_quietly, args=(warm,),
                                             name=f"libreoffice-start-{self.slot}")
            self.starting.start()

    def _start_quietly(self, warm: bool) -> None:
        try:
            self.start()
            if warm:
                self.warm_up()
        except (WorkerError, OSError):  # started again, and reported, by the first conversion (:meth:`ready`)
            self._kill()

    def warm_up(self) -> None:
        """Open, lay out and export a small Thai document (:func:`ooxml.thai_table_document`): LibreOffice loads its
        Word import, the fonts and its PDF export with the first document it prints (about a quarter of a second),
        which is better paid while the build is still rendering."""
        from ..ooxml import thai_table_document

        if self.stopping:
            return
        docx = self.copies / "warm-up.docx"
        docx.write_bytes(thai_table_document())
        self._request({"op": "warm", "docx": str(docx), "pdf": str(docx.with_suffix(".pdf"))}, 60.0)

    def ready(self) -> None:
        """Wait for a start begun by :meth:`start_soon`; start now a worker that is not running."""
        self._settle()
        if self.process is None or self.process.poll() is not None:
            self.stop()  # what a start that failed left
            self.start()

    def _settle(self) -> None:
        """Wait for a start begun in the background (not from that start itself)."""
        starting = self.starting
        if starting is not None and starting is not threading.current_thread():
            starting.join()
            self.starting = None

    def start(self) -> None:
        PROFILES.mkdir(parents=True, exist_ok=True)
        # a profile used by another running build is skipped: one soffice per profile
        for candidate in range(self.slot, self.slot + 64):
            handle = open(PROFILES / f"worker-{candidate}.lock", "w")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                continue
            self.lock_file, profile = handle, PROFILES / f"worker-{candidate}"
            self.copies = COPIES / f"worker-{candidate}"
            break
        else:
            raise WorkerError("no free LibreOffice profile")
        # whatever is in this worker's folder was left by a build that was killed: the lock says it is ours now
        shutil.rmtree(self.copies, ignore_errors=True)
        (self.copies / "tmp").mkdir(parents=True)
        pipe = f"cdd-{os.getpid()}-{self.slot}-{time.monotonic_ns()}"
        # LibreOffice's temporary files go in this worker's folder, emptied at every start: a LibreOffice that was
        # stopped (killed) leaves them, and they would pile up in a shared folder
        environment = dict(office_environment(), TMPDIR=str(self.copies / "tmp"))
        self.process = _launch(
            [str(UNO_PYTHON), "-u", str(WORKER), str(profile), pipe, str(os.getpid()),
             str(OFFICE_HOME / "uno_packages")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", env=environment, start_new_session=True)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, args=(self.process, self.lines), daemon=True).start()
        ready = self._answer(90.0)
        if not ready.get("ready"):
            raise WorkerError(ready.get("error", "LibreOffice did not start"))
        if self.counting:
            self.cpu["start"] += cpu_seconds(self.pids())

    def pids(self) -> list[int]:
        """Every live process of this worker: the UNO worker, oosplash, soffice.bin (its process group)."""
        return [] if self.process is None else process_group(self.process.pid)

    @staticmethod
    def _read(process, lines) -> None:
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    def _answer(self, timeout: float) -> dict:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise WorkerError(f"หมดเวลา {timeout:.0f} วินาที / timed out after {timeout:.0f} s") from None
        if line is None:
            raise WorkerError("LibreOffice หยุดทำงาน / LibreOffice stopped")
        return json.loads(line)

    def call(self, request: dict, timeout: float) -> dict:
        """Send one request, starting the worker first if it is not running."""
        self.ready()
        return self._request(request, timeout)

    def _request(self, request: dict, timeout: float) -> dict:
        """Send one request to the running worker and wait for its answer."""
        try:
            self.process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
            self.process.stdin.flush()
        except (OSError, ValueError):  # ValueError: told to finish (its input closed)
            raise WorkerError("LibreOffice หยุดทำงาน / LibreOffice stopped") from None
        answer = self._answer(timeout)
        if not answer.get("ok"):
            if not answer.get("alive", True):
                self.stop()
            raise WorkerError(answer.get("error", "conversion failed"))
        return answer

    def _kill(self) -> None:
        """Kill the worker and its soffice (its process group), and nothing else."""
        process = self.process
        if process is not None and process.returncode is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def stop(self) -> None:
        """Kill this worker, a start under way included (its wait for LibreOffice ends with it), and free its
        profile and folder."""
        if self.counting and self.process is not None and self.process.returncode is None:
            self.cpu["all"] += cpu_seconds(self.pids())  # read before the kill: a killed process is not waited for
            self.cpu["worker"] += cpu_seconds([self.process.pid])
        if self.starting is not threading.current_thread():
            self.stopping = True
            self._kill()
        self._settle()
        self.stopping = False
        if self.process is not None:
            self._kill()
            self.process.wait()
            # soffice.bin frees its memory for some milliseconds after the kill: stopped means gone
            deadline = time.monotonic() + 5.0
            while process_group(self.process.pid) and time.monotonic() < deadline:
                time.sleep(0.01)
            self.process = None
        if self.lock_file is not None:
            if self.copies is not None:
                shutil.rmtree(self.copies, ignore_errors=True)
            self.lock_file.close()
            self.lock_file = None


@dataclass
class PdfTask:
    docx: Path
    pdf: Path
    thai_page_numbers: bool = True
    markers: bool = False
    spare: float | None = None  # points kept free at a composed line's end: more when a document is set again


@dataclass
class PdfResult:
    task: PdfTask
    pages: int | None = None
    error: str | None = None
    attempts: int = 0
    office_seconds: float = 0.0  # LibreOffice's own time on it (opening, laying out, writing the PDF), for the bench
    steps: dict[str, float] = field(default_factory=dict)  # seconds of each step (:data:`STEPS`), for the bench
    together: int = 1  # the documents laid out in one LibreOffice document with it, itself included
    joined: Joined | None = None  # that document's PDF, and where its own pages are in it
    joined_pages: tuple[int, int] | None = None


@dataclass(eq=False)
class Joined:
    """The PDF of documents laid out together, before it was cut into theirs: what reads every page (the
    preflight, the thumbnails) reads it once for all of them."""
    pdf: bytes


def print_copy_of(docx: Path, spare: float | None = None) -> bytes:
    """What LibreOffice lays out for ``docx``: changes meant for the PDF only are made here."""
    from ..ooxml.breaks import print_copy

    try:
        return print_copy(docx.read_bytes(), spare)  # Thai line breaks marked (ooxml.breaks)
    except Exception as error:  # a damaged .docx fails alone, as LibreOffice would fail it
        raise WorkerError(f"เปิดไฟล์ Word ไม่ได้ / not a readable .docx: {type(error).__name__}: {error}") from error


def prepare_pdf_copy(docx: Path, folder: Path, printed: bytes) -> Path:
    """The copy of ``docx`` that LibreOffice opens, in ``folder`` (a worker's own, under .cache/);
    ``printed``: its bytes (:func:`print_copy_of`).

    LibreOffice puts its lock file ``.~lock.<name>#`` beside the file it opens and
    keeps it while the document is open: opening a copy keeps output/ clean even when
    the build is killed mid-conversion.
    """
    copy = folder / docx.name
    copy.write_bytes(printed)
    return copy


# the steps of one conversion a PdfResult times (seconds): the print copy's own CPU time (made ahead, in a thread
# of its own), the wait for it, then inside LibreOffice (as its worker times them) loading, laying out, the
# continuation markers, the export and closing; "calls": the two calls to the worker as timed from here (the
# steps inside plus passing the requests and answers), "words": picking the continuation words
STEPS = ("copy", "wait", "load", "layout", "markers", "export", "close", "calls", "words")


def _timed_copy(docx: Path, spare: float | None) -> tuple[bytes, float]:
    started = time.thread_time()
    return print_copy_of(docx, spare), time.thread_time() - started


def _convert_one(worker: Worker, task: PdfTask, timeout: float, printed: Future,
                 steps: dict[str, float], opened_pages=None) -> tuple[int, float]:
    """Convert one document; ``printed``: a future of its print copy, made ahead. Its pages, and the seconds
    LibreOffice took (the two calls to the worker); ``steps`` gets the time of each step (:data:`STEPS`);
    ``opened_pages(pages)`` is told its pages as soon as they are laid out, before the PDF is written."""
    from ..thai.breaks import plain_text

    worker.ready()
    waited = time.perf_counter()
    data, steps["copy"] = printed.result()
    steps["wait"] = time.perf_counter() - waited
    copy = prepare_pdf_copy(task.docx, worker.copies, data)
    made = copy.with_suffix(".pdf")
    started = time.perf_counter()
    try:
        opened = worker.call({"op": "open", "docx": str(copy), "thai_page_numbers": task.thai_page_numbers,
                              "page_starts": task.markers}, timeout)
        if opened_pages is not None:
            opened_pages(opened["pages"])
        markers = None
        words = time.perf_counter()
        if task.markers:
            starts = [plain_text(start) for start in opened["page_starts"]]
            markers = [continuation(starts[i + 1]) if i + 1 < len(starts) else None for i in range(len(starts))]
        words = time.perf_counter() - words
        finished = worker.call({"op": "finish", "pdf": str(made), "markers": markers}, timeout)
        office = time.perf_counter() - started - words
        for answer in (opened, finished):
            steps.update(answer.get("steps", {}))
        steps["calls"], steps["words"] = office, words
        if not made.is_file() or made.stat().st_size == 0:
            raise WorkerError("LibreOffice wrote an empty PDF")
        write_atomic(task.pdf, made.read_bytes())
    finally:
        for leftover in (copy, made, copy.with_name(f".~lock.{copy.name}#")):
            leftover.unlink(missing_ok=True)
    return finished["pages"], office


def expected_work(task: PdfTask) -> int:
    """How long LibreOffice will take over ``task``, as a number to sort by: the size of its text part (pages
    grow with it), four times for a letter (its pages are read back for the continuation words before it is
    exported: converted before documents of its size, its pages are known sooner, and the cover sheet, which
    waits for every document's pages, comes sooner); an unreadable file last."""
    import zipfile

    try:
        with zipfile.ZipFile(task.docx) as package:
            size = package.getinfo("word/document.xml").file_size
    except (OSError, KeyError, zipfile.BadZipFile):
        return 0
    return size * (4 if task.markers else 1)


# ---------------------------------------------------------------- documents laid out together
JOINED_AT_MOST = 8  # most of LibreOffice's cost per document saved, and still pieces the workers can share


def _join_key(task: PdfTask) -> tuple | None:
    import zipfile

    from ..ooxml.joined import join_key

    if task.markers:  # a letter's pages are read back one by one for its continuation words
        return None
    try:
        with zipfile.ZipFile(task.docx) as package:
            key = join_key(package)
    except (OSError, zipfile.BadZipFile, RuntimeError):
        return None
    return None if key is None else (task.thai_page_numbers, task.spare, key)


def jobs_of(results: list[PdfResult]) -> list[list[PdfResult]]:
    """The conversions to make: documents that can be laid out together (the same join key) in pieces of at
    most :data:`JOINED_AT_MOST`, as even as can be; every other document alone. Longest first."""
    import math

    groups: dict[tuple, list[PdfResult]] = {}
    jobs: list[list[PdfResult]] = []
    for result in results:
        key = _join_key(result.task)
        if key is None:
            jobs.append([result])
        else:
            groups.setdefault(key, []).append(result)
    for members in groups.values():
        pieces = math.ceil(len(members) / JOINED_AT_MOST)
        size = math.ceil(len(members) / pieces)
        jobs += [members[start:start + size] for start in range(0, len(members), size)]
    return sorted(jobs, key=lambda job: sum(expected_work(result.task) for result in job), reverse=True)


def joined_print_copy(docx: list[Path], spare: float | None = None) -> bytes:
    """The print copy of several documents laid out together (:func:`generator.ooxml.joined.join_packages`)."""
    import zipfile

    from ..ooxml.breaks import print_copy
    from ..ooxml.joined import BODY, join_packages
    from ..ooxml.package import read_package

    def _body(path: Path) -> bytes:
        with zipfile.ZipFile(path) as package:
            return package.read(BODY)

    try:
        # every part of the first; only the body of the others (the rest is the same, byte for byte)
        packages = [read_package(docx[0].read_bytes())] + [{BODY: _body(path)} for path in docx[1:]]
        return print_copy(join_packages(packages), spare)
    except Exception as error:  # not joined after all: each is made alone
        raise WorkerError(f"joined copy: {type(error).__name__}: {error}") from error


def _timed_joined_copy(docx: list[Path], spare: float | None) -> tuple[bytes, float]:
    started = time.thread_time()
    return joined_print_copy(docx, spare), time.thread_time() - started


def printed_ranges(pages: list[list[int]]) -> list[tuple[int, int]]:
    """The PDF's pages (first, last) of each part of a joined document, from the pages LibreOffice laid them
    out on: a page no part is on is a blank page LibreOffice put before a part (its page 1 is a right-hand
    page) and leaves out of the PDF. Raises WorkerError when the parts are not in order, one after another.

    >>> printed_ranges([[1, 1], [3, 4], [5, 5]])
    [(1, 1), (2, 3), (4, 4)]
    >>> printed_ranges([[1, 2], [2, 3]])
    Traceback (most recent call last):
    ...
    generator.printing.pdf.WorkerError: parts out of order: [[1, 2], [2, 3]]
    """
    laid: list[int] = []
    for first, last in pages:
        if first > last or (laid and first <= laid[-1]):
            raise WorkerError(f"parts out of order: {pages}")
        laid += range(first, last + 1)
    index = {page: number for number, page in enumerate(laid, start=1)}
    return [(index[first], index[last]) for first, last in pages]


def split_pdf(data: bytes, ranges: list[tuple[int, int]], fields: list[dict[str, str]]) -> list[bytes]:
    """The PDF of each part of a joined document: its pages, with the document information LibreOffice would
    have given it alone (``fields``: the title, author, subject and keywords of its .docx). Raises WorkerError
    when the PDF does not have the pages the parts were laid out on."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    if len(reader.pages) != ranges[-1][1]:
        raise WorkerError(f"joined PDF: {len(reader.pages)} pages, its parts on {ranges[-1][1]}")
    names = {"title": "/Title", "creator": "/Author", "subject": "/Subject", "keywords": "/Keywords"}
    common = {key: value for key, value in (reader.metadata or {}).items() if key not in names.values()}
    pieces = []
    for (first, last), own in zip(ranges, fields):
        writer = PdfWriter()
        writer.pdf_header = reader.pdf_header
        for number in range(first - 1, last):
            writer.add_page(reader.pages[number])
        writer.add_metadata({**common, **{names[name]: value for name, value in own.items()}})
        buffer = io.BytesIO()
        writer.write(buffer)
        pieces.append(buffer.getvalue())
    return pieces


def _convert_joined(worker: Worker, job: list[PdfResult], timeout: float, printed: Future,
                    steps: dict[str, float], opened_pages=None) -> tuple[bytes, list[tuple[int, int]], float]:
    """Convert the documents of ``job`` laid out together: the PDF, each document's pages in it (first, last) and
    LibreOffice's seconds (:func:`_cut_joined` cuts it); ``steps`` gets the time of each step, as
    :func:`_convert_one`'s; ``opened_pages(result, pages)`` is told each document's pages once they are laid out."""
    from ..ooxml.joined import PART_END, PART_START

    worker.ready()
    waited = time.perf_counter()
    data, steps["copy"] = printed.result()
    steps["wait"] = time.perf_counter() - waited
    first = job[0].task
    copy = worker.copies / f"{first.docx.stem}-joined.docx"
    copy.write_bytes(data)
    made = copy.with_suffix(".pdf")
    started = time.perf_counter()
    try:
        opened = worker.call({"op": "open", "docx": str(copy), "thai_page_numbers": first.thai_page_numbers,
                              "parts": [[PART_START.format(i), PART_END.format(i)] for i in range(len(job))]},
                             timeout)
        ranges = printed_ranges(opened.get("part_pages") or [])
        if len(ranges) != len(job):
            raise WorkerError("joined document: parts not found")
        if opened_pages is not None:
            for result, (first_page, last_page) in zip(job, ranges):
                opened_pages(result, last_page - first_page + 1)
        finished = worker.call({"op": "finish", "pdf": str(made), "markers": None}, timeout)
        office = time.perf_counter() - started
        for answer in (opened, finished):
            steps.update(answer.get("steps", {}))
        steps["calls"], steps["words"] = office, 0.0
        if not made.is_file() or made.stat().st_size == 0:
            raise WorkerError("LibreOffice wrote an empty PDF")
        return made.read_bytes(), ranges, office
    finally:
        for leftover in (copy, made, copy.with_name(f".~lock.{copy.name}#")):
            leftover.unlink(missing_ok=True)


def _cut_joined(job: list[PdfResult], data: bytes, ranges: list[tuple[int, int]], office: float) -> None:
    """Cut the PDF of documents laid out together (:func:`_convert_joined`) into theirs, each with its own title and
    author: each result gets its pages and a share of LibreOffice's time. WorkerError when the PDF cannot be cut."""
    import zipfile

    from ..ooxml.package import core_fields

    fields = []
    for result in job:
        try:
            with zipfile.ZipFile(result.task.docx) as package:
                fields.append(core_fields(package.read("docProps/core.xml")))
        except (OSError, KeyError, zipfile.BadZipFile):
            fields.append({})
    try:
        pieces = split_pdf(data, ranges, fields)
    except WorkerError:
        raise
    except Exception as error:  # pypdf could not read LibreOffice's PDF: each is made alone
        raise WorkerError(f"joined PDF: {type(error).__name__}: {error}") from error
    total = sum(last - first + 1 for first, last in ranges)
    joined = Joined(data)
    for result, piece, (first_page, last_page) in zip(job, pieces, ranges):
        result.pages = last_page - first_page + 1
        result.office_seconds = office * result.pages / total
        result.together, result.joined, result.joined_pages = len(job), joined, (first_page, last_page)
        try:
            write_atomic(result.task.pdf, piece)
            result.error = None
        except OSError as error:  # this document's PDF only (its folder gone, a full disk): the others are written
            result.error = f"{type(error).__name__}: {error}"


class Pool:
    """Long-lived LibreOffice workers, kept across several batches (documents, then the cover)."""

    def __init__(self, workers: int | None = None, timeout: float = DEFAULT_TIMEOUT, kept: bool = False,
                 counting: bool = False):
        """``kept``: the workers stay open between batches (several rounds printed by one command, the office
        server's saves) until :meth:`close`; otherwise a round's print lets them close once its last
        document is converted (:meth:`release`). ``counting``: the workers count their CPU (:meth:`cpu`)."""
        self.size = max(1, workers or os.cpu_count() or 1)
        self.timeout = timeout
        self.kept = kept
        fontconfig_file()  # before the workers start, so they do not race to make the fonts
        remove_old_office_temporaries()
        self.workers = [Worker(slot, counting) for slot in range(self.size)]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        """Stop every worker. LibreOffice is killed, not asked to quit: its shutdown frees its objects one by one
        (0.1–0.2 s of CPU a worker, while the bundle is made) and writes nothing a start needs. Its profile is
        whole once it has started, and its temporary files are in the worker's folder, emptied at the next start."""
        for worker in self.workers:
            worker.stop()

    def release(self) -> None:
        """Stop every worker once the conversions are done, unless the pool is kept. No conversion may follow."""
        if not self.kept:
            self.close()

    def start_soon(self, documents: int, warm: bool = False) -> None:
        """Start the LibreOffice of as many workers as ``documents`` can keep busy, in the background; ``warm``:
        each prints a small document first (:meth:`Worker.warm_up`), when there is time before the work comes."""
        for worker in self.workers[: max(0, min(documents, self.size))]:
            worker.start_soon(warm)

    def pids(self) -> list[int]:
        """The live processes of every worker (found by the process groups the pool started, not by name)."""
        return [pid for worker in self.workers for pid in worker.pids()]

    def cpu(self) -> dict[str, float]:
        """CPU seconds of the workers' processes, summed over the workers (:attr:`Worker.cpu`): ``start``, up to
        each one's answer that it is ready; ``all``, up to its stop; ``worker``, its UNO worker's Python alone.
        Counted only by a pool made ``counting``."""
        return {name: sum(worker.cpu[name] for worker in self.workers) for name in CPU_COUNTS}

    def office_pids(self) -> list[int]:
        """The running soffice.bin of every worker."""
        return [pid for pid in self.pids() if _executable(pid) == "soffice.bin"]

    def convert(self, tasks: list[PdfTask], progress=None, then=None) -> list[PdfResult]:
        """Convert every task; each PDF is written atomically. Never raises for one document.

        ``then(results)``, when given, is called once every document's pages are known (laid out, their PDF
        perhaps still being written; a result with an error has none), and returns more tasks (a cover sheet
        that lists the pages) for the first worker left without work: their results follow the others'."""
        from concurrent.futures import ThreadPoolExecutor

        results = [PdfResult(task) for task in tasks]
        known: set[int] = set()  # the results whose pages are known, or that failed
        told = threading.Condition()
        then_taken: list[bool] = []
        followers: list[PdfResult] = []

        def opened_pages(result: PdfResult, pages: int | None) -> None:
            with told:
                if pages is not None and not result.error:
                    result.pages = pages  # as laid out; set again once its PDF is written
                known.add(id(result))
                told.notify_all()

        def follow_up(worker: Worker) -> None:
            """The tasks ``then`` gives, taken by the first worker left without work once all pages are known."""
            with told:
                while len(known) < len(results):
                    told.wait(0.25)
                if then_taken:
                    return
                then_taken.append(True)
            try:
                more = then(results)
            except Exception:  # nothing more here: the caller makes it again after the batch, and says what failed
                more = []
            for task in more:
                follower = PdfResult(task)
                followers.append(follower)
                alone(worker, follower, ahead_of(follower))
        # longest first, so that no worker is left with a long document while the others are done
        jobs = jobs_of(results)
        pending: queue.Queue = queue.Queue()
        for job in jobs:
            pending.put(job)
        # the print copies are made in that order by a thread of their own, the first ones while
        # LibreOffice starts: a worker then finds its next copy ready instead of waiting for it
        ahead = ThreadPoolExecutor(max_workers=1)
        copies = {id(job): ahead.submit(_timed_copy, job[0].task.docx, job[0].task.spare) if len(job) == 1 else
                  ahead.submit(_timed_joined_copy, [result.task.docx for result in job], job[0].task.spare)
                  for job in jobs}

        def alone(worker: Worker, result: PdfResult, printed: Future, attempts=(1, 2)) -> None:
            for attempt in attempts:  # a stuck or crashed soffice gets one retry on a fresh one
                result.attempts = attempt
                try:
                    result.steps = {}
                    result.pages, result.office_seconds = _convert_one(
                        worker, result.task, self.timeout, printed, result.steps,
                        lambda pages: opened_pages(result, pages))
                    result.error = None
                    break
                except WorkerError as error:
                    result.error = str(error)
                    worker.stop()
            opened_pages(result, None)  # known now, or failed

        def run(worker: Worker) -> None:
            while True:
                try:
                    job = pending.get_nowait()
                except queue.Empty:
                    if then is not None:
                        follow_up(worker)
                    return
                try:
                    if len(job) > 1 and convert_joined(worker, job):
                        continue  # said once its PDF is cut
                    if len(job) == 1:
                        alone(worker, job[0], copies[id(job)])
                except Exception as error:  # a PDF that could not be written (a full disk): said, the others go on
                    for result in job:
                        result.error = result.error or f"{type(error).__name__}: {error}"
                        opened_pages(result, None)
                said(job)

        def said(job: list[PdfResult]) -> None:
            if progress is not None:
                for result in job:
                    progress(result)

        def convert_joined(worker: Worker, job: list[PdfResult]) -> bool:
            """Lay out ``job`` together and leave its PDF to be cut while the worker takes its next job (True); or,
            when that failed, convert its documents one at a time (False)."""
            try:
                for result in job:
                    result.attempts = 1
                job[0].steps = {}
                made = _convert_joined(worker, job, self.timeout, copies[id(job)], job[0].steps, opened_pages)
            except WorkerError:
                worker.stop()  # it may still be busy with the joined document
                for result in job:  # the retry, one at a time: a document that fails, fails alone
                    alone(worker, result, ahead_of(result), attempts=(2,))
                return False
            cutter.submit(cut, job, made)
            return True

        def cut(job: list[PdfResult], made: tuple) -> None:
            try:
                _cut_joined(job, *made)
            except WorkerError:
                uncut.append(job)  # each made alone once the workers are done
                return
            except Exception as error:  # as in run: said, the others go on
                for result in job:
                    result.error = result.error or f"{type(error).__name__}: {error}"
            for result in job:
                opened_pages(result, None)
            said(job)

        def ahead_of(result: PdfResult) -> Future:
            from concurrent.futures import Future

            made: Future = Future()
            try:
                made.set_result(_timed_copy(result.task.docx, result.task.spare))
            except Exception as error:  # given to the conversion, which reports it
                made.set_exception(error)
            return made

        # a joined PDF is cut and its pieces written by a thread of its own, while its worker lays out the next job
        cutter = ThreadPoolExecutor(max_workers=1)
        uncut: list[list[PdfResult]] = []
        busy = self.workers[: max(1, min(len(jobs), self.size))]
        threads = [threading.Thread(target=run, args=(worker,)) for worker in busy]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        cutter.shutdown(wait=True)
        ahead.shutdown(cancel_futures=True)
        for job in uncut:  # a PDF that could not be cut: its documents one at a time
            for result in job:
                alone(busy[0], result, ahead_of(result), attempts=(2,))
            said(job)
        return results + followers


def convert(tasks: list[PdfTask], workers: int | None = None, timeout: float = DEFAULT_TIMEOUT,
            progress=None) -> list[PdfResult]:
    """Convert a batch with a pool of its own."""
    if not tasks:
        return []
    with Pool(min(len(tasks), workers or os.cpu_count() or 1), timeout) as pool:
        return pool.convert(tasks, progress)


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def joined_pdf(parts: list[Path]) -> tuple[bytes, int]:
    """One print bundle from its parts, and its page count. Poppler's pdfunite (the preflight's poppler-utils) joins
    them in a tenth of the time pypdf takes (0.05 s against 0.3–0.45 s for a province's 38 pages)."""
    import tempfile

    from pypdf import PdfReader

    with tempfile.TemporaryDirectory(prefix="bundle-") as folder:
        joined = Path(folder) / "joined.pdf"
        done = subprocess.run(["pdfunite", *map(str, parts), str(joined)], capture_output=True, text=True)
        if done.returncode or not joined.is_file():
            raise WorkerError(f"pdfunite: {done.stderr.strip() or done.returncode}")
        data = joined.read_bytes()
    return data, len(PdfReader(io.BytesIO(data)).pages)
