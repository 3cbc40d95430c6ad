"""Stage 5 of a build: print-ready PDF through long-lived LibreOffice processes.

Starting soffice costs ~1.5 s, so documents are never converted one soffice each:
a pool of workers (generator/uno_worker.py under Debian's python3-uno), one per
core, each keeps its soffice and its own user profile for the whole batch. A stuck
conversion is killed after a timeout and retried once on a fresh worker; a
document that still fails is reported and the others go on.

The PDF is laid out with TH SarabunPSK metrics (generator/fonts.py), its page
numbers in Thai digits, and on every page of a letter but the last the first
word(s) of the next page at the bottom right (คำต่อหน้า).
"""
from __future__ import annotations

import fcntl
import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from . import PROJECT_ROOT
from .fonts import fontconfig_file

UNO_PYTHON = Path("/usr/bin/python3")
WORKER = Path(__file__).with_name("uno_worker.py")
PROFILES = PROJECT_ROOT / ".cache" / "lo-profiles"
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

    text = " ".join(next_page_start.split())
    if not text:
        return None
    end = 0
    for token in word_tokenize(text, engine="longest", keep_whitespace=True):  # the longest first word: ดำเนินการ, not ดำเนิน
        end += len(token)
        if any("\u0e01" <= ch <= "\u0e2e" or ch.isalpha() and ch.isascii() for ch in token):
            break
    return "/" + text[:end].strip() + "..."


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
            break
        else:
            raise WorkerError("no free LibreOffice profile")
        env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file()))
        for variable in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
            env.pop(variable, None)
        pipe = f"cdd-{os.getpid()}-{self.slot}-{time.monotonic_ns()}"
        self.process = subprocess.Popen(
            [str(UNO_PYTHON), "-u", str(WORKER), str(profile), pipe],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", env=env, start_new_session=True)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, args=(self.process, self.lines), daemon=True).start()
        ready = self._answer(90.0)
        if not ready.get("ready"):
            raise WorkerError(ready.get("error", "LibreOffice did not start"))

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
        except (BrokenPipeError, OSError):
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
            self.lock_file.close()
            self.lock_file = None

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


@dataclass
class PdfResult:
    task: PdfTask
    pages: int | None = None
    error: str | None = None
    attempts: int = 0


def _convert_one(worker: Worker, task: PdfTask, timeout: float) -> int:
    opened = worker.call({"op": "open", "docx": str(task.docx.resolve()),
                          "thai_page_numbers": task.thai_page_numbers, "page_starts": task.markers}, timeout)
    markers = None
    if task.markers:
        starts = opened["page_starts"]
        markers = [continuation(starts[i + 1]) if i + 1 < len(starts) else None for i in range(len(starts))]
    handle, temporary = tempfile.mkstemp(prefix=f".{task.pdf.name}.", suffix=".pdf", dir=task.pdf.parent)
    os.close(handle)
    try:
        finished = worker.call({"op": "finish", "pdf": temporary, "markers": markers}, timeout)
        if Path(temporary).stat().st_size == 0:
            raise WorkerError("LibreOffice wrote an empty PDF")
        os.replace(temporary, task.pdf)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return finished["pages"]


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
        for worker in self.workers:
            worker.close()

    def convert(self, tasks: list[PdfTask], progress=None) -> list[PdfResult]:
        """Convert every task; each PDF is written atomically. Never raises for one document."""
        results = [PdfResult(task) for task in tasks]
        pending: queue.Queue = queue.Queue()
        for result in results:
            pending.put(result)

        def run(worker: Worker) -> None:
            while True:
                try:
                    result = pending.get_nowait()
                except queue.Empty:
                    return
                for attempt in (1, 2):  # a stuck or crashed soffice gets one retry on a fresh one
                    result.attempts = attempt
                    try:
                        result.pages = _convert_one(worker, result.task, self.timeout)
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
    """One print bundle from its parts, written atomically; returns its page count."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".pdf", dir=target.parent)
    os.close(handle)
    try:
        with open(temporary, "wb") as stream:
            writer.write(stream)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return len(writer.pages)
