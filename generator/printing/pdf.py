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
from ..base.lifetime import exec_dying_with_parent, process_table
from ..base.paths import UNO_PYTHON

if TYPE_CHECKING:
    from concurrent.futures import Future

WORKER = Path(__file__).with_name("uno_worker.py")
PROFILES = PROJECT_ROOT / ".cache" / "lo-profiles"
COPIES = PROJECT_ROOT / ".cache" / "pdf-copies"  # the .docx LibreOffice opens, one folder per worker
OFFICE_HOME = PROJECT_ROOT / ".cache" / "lo-home"  # LibreOffice's HOME, XDG folders and extension cache
LAYOUT = 7  # how the PDF copy is made (6: justified Thai set line by line; 7: 3 pt spare): a PDF made the older way is made again
DEFAULT_TIMEOUT = 120.0


def unavailable() -> str | None:
    """Why PDF cannot be made here, or None."""
    if shutil.which("soffice") is None:
        return "ไม่พบ LibreOffice (soffice) / LibreOffice is not installed: apt-get install libreoffice-writer-nogui"
    probe = subprocess.run([str(UNO_PYTHON), "-c", "import uno"], capture_output=True) if UNO_PYTHON.exists() else None
    if probe is None or probe.returncode != 0:
        return "ไม่พบ python3-uno / python3-uno is not installed: apt-get install python3-uno"
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
                answer.put(subprocess.Popen(args, preexec_fn=exec_dying_with_parent(signal.SIGTERM), **kwargs))
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


class Worker:
    """One soffice with its own profile, behind a uno_worker.py process."""

    def __init__(self, slot: int):
        self.slot = slot
        self.process: subprocess.Popen | None = None
        self.lines: queue.Queue = queue.Queue()
        self.lock_file = None
        self.copies: Path | None = None

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
        self.copies.mkdir(parents=True)
        pipe = f"cdd-{os.getpid()}-{self.slot}-{time.monotonic_ns()}"
        self.process = _launch(
            [str(UNO_PYTHON), "-u", str(WORKER), str(profile), pipe, str(os.getpid()),
             str(OFFICE_HOME / "uno_packages")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", env=office_environment(), start_new_session=True)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, args=(self.process, self.lines), daemon=True).start()
        ready = self._answer(90.0)
        if not ready.get("ready"):
            raise WorkerError(ready.get("error", "LibreOffice did not start"))

    def pids(self) -> list[int]:
        """Every live process of this worker: the UNO worker, soffice, oosplash, soffice.bin (its process group)."""
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
        if self.process is None or self.process.poll() is not None:
            self.start()
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

    def stop(self) -> None:
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # the worker and its soffice
            except ProcessLookupError:
                pass
            self.process.wait()
            self.process = None
        if self.lock_file is not None:
            if self.copies is not None:
                shutil.rmtree(self.copies, ignore_errors=True)
            self.lock_file.close()
            self.lock_file = None

    def close_input(self) -> None:
        """Tell the worker to finish (it closes its soffice and exits)."""
        if self.process is not None and self.process.poll() is None:
            try:
                self.process.stdin.close()
            except OSError:
                pass

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                self.process.stdin.close()
                self.process.wait(timeout=20)
            except (subprocess.TimeoutExpired, OSError):
                pass
        self.stop()


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
                 steps: dict[str, float]) -> tuple[int, float]:
    """Convert one document; ``printed``: a future of its print copy, made ahead. Its pages, and the seconds
    LibreOffice took (the two calls to the worker); ``steps`` gets the time of each step (:data:`STEPS`)."""
    from ..thai.breaks import plain_text

    if worker.process is None or worker.process.poll() is not None:
        worker.start()
    waited = time.perf_counter()
    data, steps["copy"] = printed.result()
    steps["wait"] = time.perf_counter() - waited
    copy = prepare_pdf_copy(task.docx, worker.copies, data)
    made = copy.with_suffix(".pdf")
    started = time.perf_counter()
    try:
        opened = worker.call({"op": "open", "docx": str(copy), "thai_page_numbers": task.thai_page_numbers,
                              "page_starts": task.markers}, timeout)
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
    grow with it), twice for a letter (its pages are read back for the continuation words before it is
    exported); an unreadable file last."""
    import zipfile

    try:
        with zipfile.ZipFile(task.docx) as package:
            size = package.getinfo("word/document.xml").file_size
    except (OSError, KeyError, zipfile.BadZipFile):
        return 0
    return size * (2 if task.markers else 1)


class Pool:
    """Long-lived LibreOffice workers, kept across several batches (documents, then the cover)."""

    def __init__(self, workers: int | None = None, timeout: float = DEFAULT_TIMEOUT):
        self.size = max(1, workers or os.cpu_count() or 1)
        self.timeout = timeout
        fontconfig_file()  # before the workers start, so they do not race to make the fonts
        self.workers = [Worker(slot) for slot in range(self.size)]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.release()
        for worker in self.workers:
            worker.close()

    def release(self) -> None:
        """Tell every worker to finish: their soffice processes close at the same time, and while the
        caller goes on (:meth:`close` waits for them). No conversion may follow."""
        for worker in self.workers:
            worker.close_input()

    def pids(self) -> list[int]:
        """The live processes of every worker (found by the process groups the pool started, not by name)."""
        return [pid for worker in self.workers for pid in worker.pids()]

    def office_pids(self) -> list[int]:
        """The running soffice.bin of every worker."""
        return [pid for pid in self.pids() if _executable(pid) == "soffice.bin"]

    def convert(self, tasks: list[PdfTask], progress=None) -> list[PdfResult]:
        """Convert every task; each PDF is written atomically. Never raises for one document."""
        from concurrent.futures import ThreadPoolExecutor

        results = [PdfResult(task) for task in tasks]
        # longest first, so that no worker is left with a long document while the others are done
        ordered = sorted(results, key=lambda result: expected_work(result.task), reverse=True)
        pending: queue.Queue = queue.Queue()
        for result in ordered:
            pending.put(result)
        # the print copies are made in that order by a thread of their own, the first ones while
        # LibreOffice starts: a worker then finds its next copy ready instead of waiting for it
        ahead = ThreadPoolExecutor(max_workers=1)
        copies = {id(result): ahead.submit(_timed_copy, result.task.docx, result.task.spare) for result in ordered}

        def run(worker: Worker) -> None:
            while True:
                try:
                    result = pending.get_nowait()
                except queue.Empty:
                    return
                for attempt in (1, 2):  # a stuck or crashed soffice gets one retry on a fresh one
                    result.attempts = attempt
                    try:
                        result.steps = {}
                        result.pages, result.office_seconds = _convert_one(worker, result.task, self.timeout,
                                                                           copies[id(result)], result.steps)
                        result.error = None
                        break
                    except WorkerError as error:
                        result.error = str(error)
                        worker.stop()
                if progress is not None:
                    progress(result)

        busy = self.workers[: max(1, min(len(tasks), self.size))]
        threads = [threading.Thread(target=run, args=(worker,)) for worker in busy]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        ahead.shutdown(cancel_futures=True)
        return results


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


def merge(parts: list[Path], target: Path) -> int:
    """One print bundle from its parts, written atomically; returns its page count. Poppler's pdfunite (the
    preflight's poppler-utils) joins them in a tenth of the time pypdf takes (0.05 s against 0.3–0.45 s for a
    province's 38 pages): the last step before the preview, when nothing else is left to run beside it."""
    import tempfile

    from pypdf import PdfReader

    with tempfile.TemporaryDirectory(prefix="bundle-") as folder:
        joined = Path(folder) / target.name
        done = subprocess.run(["pdfunite", *map(str, parts), str(joined)], capture_output=True, text=True)
        if done.returncode or not joined.is_file():
            raise WorkerError(f"pdfunite: {done.stderr.strip() or done.returncode}")
        data = joined.read_bytes()
    write_atomic(target, data)
    return len(PdfReader(io.BytesIO(data)).pages)
