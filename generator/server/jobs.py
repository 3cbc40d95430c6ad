"""Builds and prints run beside the request: the page polls the job's progress (htmx) and shows the pages
when it is done. Jobs are kept in memory by the one server process; one runs at a time (pipeline.build_and_print
holds the build lock), the others wait their turn."""
from __future__ import annotations

import itertools
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections

from . import pipeline
from .audit import record

_ids = itertools.count(1)
_jobs: dict[int, "Job"] = {}
_lock = threading.Lock()


@dataclass
class Job:
    id: int
    round: str
    user: str
    state: str = "waiting"  # waiting, running, done, failed
    step: int = 0
    total: int = 1
    now: str = ""
    started: float = field(default_factory=time.time)
    finished: float | None = None
    written: list[str] = field(default_factory=list)
    pages: dict[str, list[dict]] = field(default_factory=dict)  # pdf → its pages: image, number, findings on it
    preflight: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    bundle_pages: int | None = None
    message: str = ""
    diagnostics: list = field(default_factory=list)

    @property
    def percent(self) -> int:
        if self.state in ("done", "failed"):
            return 100
        return min(95, int(100 * self.step / max(1, self.total)))


def pages_folder(round_name: str) -> Path:
    return settings.HOME / "pages" / round_name


def start(round_name: str, user) -> Job:
    """A build and print of the round, with page images of every PDF made anew."""
    folder = pipeline.round_folder(settings.DATA, round_name)
    with _lock:
        job = Job(next(_ids), round_name, user.username)
        _jobs[job.id] = job
        for old in [k for k, j in _jobs.items() if j.finished and time.time() - j.finished > 3600]:
            del _jobs[old]
    manifest = settings.OUTPUT / round_name / "manifest.json"
    job.total = 2 + max(1, len(list((settings.OUTPUT / round_name).glob("*.docx")))) if manifest.exists() else 12
    threading.Thread(target=_run, args=(job, folder, user), daemon=True, name=f"cdd-job-{job.id}").start()
    return job


def get(job_id: int) -> Job | None:
    return _jobs.get(job_id)


def latest(round_name: str) -> Job | None:
    found = [j for j in _jobs.values() if j.round == round_name]
    return max(found, key=lambda j: j.id) if found else None


def shown_pages(images: list[Path], findings: list[tuple], first: int = 2) -> list[dict]:
    """The pages a save shows: the first ones, and every page the preflight found something on, marked with it;
    a finding that knows its place (page, text, (left, top, right, bottom) as fractions) is also boxed there.

    >>> [(p["page"], p["findings"]) for p in shown_pages([Path("a-1.png"), Path("a-2.png"), Path("a-3.png"),
    ...                                                   Path("a-4.png")], [(4, "P113 gap")], first=1)]
    [(1, []), (4, ['P113 gap'])]
    >>> shown_pages([Path("a-1.png")], [(1, "P113 gap", (0.1, 0.2, 0.35, 0.25))])[0]["boxes"]
    [{'left': 9.6, 'top': 19.6, 'width': 25.8, 'height': 5.8, 'finding': 'P113 gap'}]
    """
    pages = []
    for number, image in enumerate(images, start=1):
        here = [(f[1], f[2] if len(f) > 2 else None) for f in findings if f[0] == number]
        pages.append({"image": image.name, "page": number, "findings": [text for text, _ in here],
                      "boxes": [_box(box, text) for text, box in here if box]})
    return [page for page in pages if page["page"] <= first or page["findings"]]


def _box(box, text: str) -> dict:
    """A finding's place as percentages of the page image (CSS), a little larger than the words."""
    left, top, right, bottom = box
    pad = 0.004
    left, top, right, bottom = max(0, left - pad), max(0, top - pad), min(1, right + pad), min(1, bottom + pad)
    return {"left": round(left * 100, 2), "top": round(top * 100, 2), "width": round((right - left) * 100, 2),
            "height": round((bottom - top) * 100, 2), "finding": text}


def _run(job: Job, folder: Path, user) -> None:
    try:
        job.state = "running"

        def progress(step: int, _total: int, name: str) -> None:
            job.step, job.now = step, name
            job.total = max(job.total, step + 1)

        def first_look(pdf: Path) -> None:  # the page as soon as its PDF is there; findings follow when done
            shown = shown_pages(pipeline.page_images(pdf, pages_folder(job.round)), [])
            job.pages = {**job.pages, pdf.name: shown}  # a new dict: the page being drawn keeps the one it has

        built = pipeline.build_and_print(folder, settings.OUTPUT, settings.REGISTER, progress, first_look)
        job.written, job.preflight, job.bundle_pages = built.written, built.preflight, built.bundle_pages
        job.diagnostics = [d for d in built.report.sorted() if d.severity == "error"]
        if built.failed:
            job.state, job.message = "failed", built.failed
        else:
            target = settings.OUTPUT / job.round
            for name in built.pdfs:
                job.now = f"ภาพหน้า / page images: {name}"
                images = pipeline.page_images(target / name, pages_folder(job.round))
                job.pages = {**job.pages, name: shown_pages(images, built.preflight.get(name, []))}
            job.message = built.pdf_skipped
            job.state = "done"
        record(user, "round.build", f"round:{job.round}", "",
               f"{job.state}: written {', '.join(job.written) or '-'}; pdf {', '.join(built.pdfs) or '-'}")
    except pipeline.UserError as error:
        job.state, job.message = "failed", error.message
    except Exception:  # a defect: logged for the maintainers, the page says where
        job.state = "failed"
        job.message = f"เกิดข้อผิดพลาดภายใน ดูไฟล์ / internal error, see {pipeline.log_internal_error(traceback.format_exc())}"
    finally:
        job.finished = time.time()
        close_old_connections()
