"""The print stage of a round: PDFs of every document, one print bundle with a cover
sheet, and a preview page for the clerk (output/<round>/index.html)."""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..build.manifest import MANIFEST, sha256
from ..base.diagnostics import Location, Report
from ..base.errors import UserError
from ..base.files import remove_stale_temporaries, write_atomic
from ..base.fonts import font_choice
from .pdf import LAYOUT, PdfResult, PdfTask, Pool, joined_pdf, unavailable
from ..thai import thai_digits

BUNDLE = "print-bundle.pdf"
COVER = "cover.docx"
COVER_KEY = "cover.key"  # what the cover PDF in preview/ was made from
PREVIEW = "preview"
LETTER_KINDS = ("circular", "stamped")


@dataclass
class PrintResult:
    round: str
    converted: list[PdfResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    bundle_pages: int | None = None
    failed: list[PdfResult] = field(default_factory=list)
    font_warning: tuple[str, str] | None = None  # W810: the real TH SarabunPSK is missing
    preflight: dict[str, list] = field(default_factory=dict)  # document file → its preflight findings
    preflight_seconds: float = 0.0  # what the preflight adds: the wait for its checks once conversion is done
    preflight_work: float = 0.0  # the checks' own time, most of it while LibreOffice converts other documents
    pdf_seconds: float = 0.0  # LibreOffice's time, to set the preflight's against
    set_again: list[str] = field(default_factory=list)  # documents LibreOffice set otherwise, set again with more room
    stages: dict[str, float] = field(default_factory=dict)  # wall seconds of each part of the stage, for the bench
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds by whom, when the bench counts them


def bundle_order(documents: list[dict]) -> list[dict]:
    """Letters first, each followed by the documents it sends; then the rest in plan order."""
    placed: list[dict] = []
    by_kind: dict[str, list[dict]] = {}
    for entry in documents:
        by_kind.setdefault(entry["kind"], []).append(entry)
    attach_kind = {"agreement": "agreement", "kpi_sheets": "kpi_sheets", "guidelines": "guidelines",
                   "report_forms": "report_form", "revision": "revision"}
    for entry in documents:
        if entry["kind"] not in LETTER_KINDS:
            continue
        placed.append(entry)
        for attached in entry.get("attach", []):
            for document in by_kind.get(attach_kind[attached], []):
                if document not in placed:
                    placed.append(document)
    placed += [entry for entry in documents if entry not in placed]
    return placed


COVER_TITLE = "ชุดเอกสารสำหรับพิมพ์"


def cover_sheet(title: str, round_title: str, rows: list[tuple[str, str, int]]) -> bytes:
    """ใบปะหน้า: what the bundle holds and each document's page count (written whole: :mod:`generator.ooxml.plain`).

    >>> import io
    >>> from docx import Document
    >>> made = cover_sheet("ชุดเอกสาร", "รอบที่ ๑", [("หนังสือเวียน", "letter-01.pdf", 2), ("แบบรายงาน", "form.pdf", 11)])
    >>> [[cell.text for cell in row.cells] for row in Document(io.BytesIO(made)).tables[0].rows][1:]
    [['๑', 'หนังสือเวียน', 'letter-01.pdf', '๒'], ['๒', 'แบบรายงาน', 'form.pdf', '๑๑'], ['', 'รวม (ไม่นับใบปะหน้า)', '', '๑๓']]
    """
    from ..ooxml.grid import GridTable, cell, grid_table_xml
    from ..ooxml.plain import TEXT_WIDTH_CM, paragraph, plain_document, thai_run

    cells = [[cell(text, "TableHead", bold=True) for text in ("ลำดับ", "เอกสาร", "ไฟล์", "จำนวนหน้า")]]
    cells += [[cell(thai_digits(index)), cell(name), cell(file), cell(thai_digits(pages))]
              for index, (name, file, pages) in enumerate(rows, 1)]
    cells.append([cell(), cell("รวม (ไม่นับใบปะหน้า)"), cell(), cell(thai_digits(sum(pages for *_, pages in rows)))])
    proportions = (1.6, 7.2, 5.2, 2.3)  # "ลำดับ" and "จำนวนหน้า" each on one line at 14 pt
    table = GridTable([TEXT_WIDTH_CM * part / sum(proportions) for part in proportions], cells)
    body = (paragraph(thai_run(title, 20, bold=True), "center", after_pt=6)
            + paragraph(thai_run(round_title, bold=True), "center", after_pt=12) + grid_table_xml(table) + paragraph())
    return plain_document(body, title)


def _listed(entry: dict) -> tuple[str, str]:
    """What the cover sheet lists of a document: its title and its PDF."""
    return entry["title"], Path(entry["file"]).with_suffix(".pdf").name


def thumbnails(pdf: Path, folder: Path, stem: str) -> list[Path]:
    """The pages of ``pdf`` as small pictures <stem>-<page>.jpg (those of report-form-kpi-01-d02.pdf
    are not report-form-kpi-01's: the two are made at the same time). JPEG: pdftoppm spends four
    fifths of a PNG thumbnail's time compressing it; pictures made as PNG before are removed."""
    folder.mkdir(exist_ok=True)
    remove_pictures(folder, stem)
    subprocess.run(["pdftoppm", "-r", "30", "-jpeg", "-jpegopt", "quality=85", str(pdf), str(folder / stem)],
                   check=True, capture_output=True)
    return sorted(path for path in folder.glob(f"{stem}-*.jpg") if _picture_of(stem).fullmatch(path.name))


def _picture_of(stem: str) -> re.Pattern:
    return re.compile(re.escape(stem) + r"-[0-9]+\.(jpg|png)")


def remove_pictures(folder: Path, stem: str) -> None:
    """The page pictures of ``stem`` in ``folder`` (<stem>-<page>.jpg, or .png as made before), removed."""
    page = _picture_of(stem)
    for old in folder.glob(f"{stem}-*"):
        if page.fullmatch(old.name):
            old.unlink()


def pdf_is_current(docx: Path, pdf: Path, docx_sha256: str | None = None) -> bool:
    """Whether ``pdf`` was made from ``docx`` as it is now: the PDF is there and newer, and the .docx
    still has the hash it was made from (a build killed between writing a .docx and the manifest
    leaves a newer .docx beside an older PDF)."""
    try:
        if pdf.stat().st_mtime_ns < docx.stat().st_mtime_ns:
            return False
        return docx_sha256 is None or sha256(docx.read_bytes()) == docx_sha256
    except OSError:
        return False


def print_round(target: Path, report: Report | None = None, workers: int | None = None,
                timeout: float = 120.0, progress=None, pool: Pool | None = None) -> PrintResult:
    """PDFs for the documents in ``target`` (an output/<round> folder with its manifest). ``pool``, when given,
    is a LibreOffice pool the caller keeps between rounds (several rounds of one command, the office server):
    used, not closed."""
    reason = unavailable()
    if reason:
        raise UserError(f"สร้าง PDF ไม่ได้: {reason}", f"cannot make PDF: {reason}")
    manifest_path = target / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    result = PrintResult(manifest["round"])
    fonts = font_choice()
    result.font_warning = fonts.warning
    if fonts.warning and report is not None:
        report.add("W810", Location(fonts.folder), *fonts.warning)
    documents = manifest["documents"]
    tasks = []
    for folder in (target, target / PREVIEW):
        remove_stale_temporaries(folder)  # left by a build that was killed
    for entry in documents:
        docx = target / entry["file"]
        pdf = docx.with_suffix(".pdf")
        done = entry.get("pdf")
        if done and done.get("docx_sha256") == entry["sha256"] and done.get("fonts") == fonts.kind \
                and done.get("layout") == LAYOUT and pdf_is_current(docx, pdf, entry["sha256"]):
            result.skipped.append(entry["file"])  # this .docx and the fonts are unchanged since its PDF was made
            continue
        tasks.append(PdfTask(docx, pdf, thai_page_numbers=entry.get("digits", "thai") == "thai",
                             markers=entry["kind"] in LETTER_KINDS))
    if pool is not None:
        pool.start_soon(len(tasks))  # LibreOffice starts (if it has not) while the print copies are made
        return _print(target, manifest, manifest_path, documents, tasks, result, report, pool, progress)
    with Pool(workers, timeout) as pool:
        pool.start_soon(len(tasks))
        return _print(target, manifest, manifest_path, documents, tasks, result, report, pool, progress)


def _print(target, manifest, manifest_path, documents, tasks, result, report, pool, progress) -> PrintResult:
    from concurrent.futures import ThreadPoolExecutor

    started = time.perf_counter()
    entries = {entry["file"]: entry for entry in documents}
    checked: dict = {}  # document file → the future of its preflight findings
    pictures: dict = {}  # document file → the future of its thumbnails
    # a document's preflight and thumbnails are made as soon as its PDF is, while LibreOffice converts
    # the next ones (pdftotext and pdftoppm run as processes: two threads keep them going)
    bundling = ThreadPoolExecutor(max_workers=1)  # its one job is done by the end, or left to end by itself
    with ThreadPoolExecutor(max_workers=2) as follow_up:
        readings: dict[int, JoinedReading] = {}  # a PDF of documents laid out together, read once for all

        def converted(done: PdfResult) -> None:
            name = done.task.docx.name
            if not done.error and name in entries:
                if done.joined is not None:
                    reading = readings.setdefault(id(done.joined), JoinedReading(done.joined, target / PREVIEW))
                    checked[name] = follow_up.submit(_timed_check, target, entries[name], done.task.pdf.name,
                                                     reading, done.joined_pages)
                    pictures[name] = follow_up.submit(reading.thumbnails, done.joined_pages, done.task.pdf.stem)
                else:
                    checked[name] = follow_up.submit(_timed_check, target, entries[name], done.task.pdf.name)
                    pictures[name] = follow_up.submit(thumbnails, done.task.pdf, target / PREVIEW,
                                                      done.task.pdf.stem)
            if progress is not None:
                progress(done)

        # the cover sheet is converted as soon as every document's pages are known, by the first LibreOffice left
        # without work (made again below when a document came out otherwise)
        cover_key: list[bytes] = []

        def cover_task(laid_out: list[PdfResult]) -> list[PdfTask]:
            rows = cover_rows(documents, laid_out)
            made = None if rows is None else cover_to_make(target, manifest, rows)
            if made is None:
                return []
            cover_key.append(made[1])
            return [made[0]]

        converted_all = pool.convert(tasks, converted, then=cover_task)
        result.converted, cover = converted_all[:len(tasks)], converted_all[len(tasks):]
        if cover and not cover[0].error:
            write_atomic(target / PREVIEW / COVER_KEY, cover_key[0])
        result.pdf_seconds = time.perf_counter() - started
        # the bundle as it will be unless a document is set again: joined while the last checks finish and
        # LibreOffice is stopped
        joining = None if any(r.error for r in converted_all) else \
            bundling.submit(joined_pdf, _bundle_parts(target, documents))
        bundling.shutdown(wait=False)
        waited = time.perf_counter()
        early = {name: future.result() for name, future in checked.items()}
        result.preflight_seconds = time.perf_counter() - waited
    for left in (target / PREVIEW).glob(".joined-*"):  # pages of a joined PDF no document took (one failed)
        shutil.rmtree(left, ignore_errors=True)
    lap = _Lap(result.stages, started)
    lap("conversions", started + result.pdf_seconds)
    lap("preflight wait")
    _set_again(target, entries, result, early, pool)
    lap("set again")
    by_file = {r.task.docx.name: r for r in result.converted}
    for entry in documents:
        converted = by_file.get(entry["file"])
        if converted is None:
            continue
        if converted.error:
            result.failed.append(converted)
            entry.pop("pdf", None)
        else:
            entry["pdf"] = {"file": Path(entry["file"]).with_suffix(".pdf").name, "pages": converted.pages,
                            "docx_sha256": entry["sha256"], "fonts": font_choice().kind,
                            "layout": LAYOUT}
    run_preflight(target, documents, result, early)
    write_atomic(manifest_path, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    lap("preflight, manifest")
    if result.failed:
        return result  # the previous bundle stays as it was

    ordered = bundle_order(documents)
    # made already, unless a document was set again
    cover = make_cover(target, manifest, cover_rows(documents, result.converted), pool)
    if cover is not None and cover.error:
        result.failed.append(cover)
        return result
    cover_docx = target / PREVIEW / COVER
    cover_docx.with_suffix(".fonts").unlink(missing_ok=True)  # the stamp of earlier versions
    lap("cover")
    pool.release()  # LibreOffice is stopped: the bundle and the preview do not need it
    current = joining is not None and cover is None and not result.set_again  # its parts are as they were joined
    joined, result.bundle_pages = joining.result() if current else joined_pdf(_bundle_parts(target, documents))
    write_atomic(target / BUNDLE, joined)
    lap("bundle")
    write_preview(target, manifest, ordered, report, {name: future.result() for name, future in pictures.items()})
    lap("preview")
    return result


def _bundle_parts(target: Path, documents: list[dict]) -> list[Path]:
    """The PDFs the print bundle joins, in its order: the cover sheet, then each document's."""
    return [target / PREVIEW / Path(COVER).with_suffix(".pdf")] + \
        [target / Path(entry["file"]).with_suffix(".pdf").name for entry in bundle_order(documents)]


class JoinedReading:
    """The layout and page pictures of the PDF of documents laid out together (:class:`generator.printing.pdf.Joined`),
    read by one pdftotext and one pdftoppm for all of them, by the first of their follow-ups to ask (the others
    wait for it); each document then takes its own pages. The PDF is written once, in a folder ``.joined-*`` of
    ``preview`` that the print removes when every follow-up is done."""

    def __init__(self, joined, preview: Path):
        self.joined, self.preview = joined, preview
        self.lock = threading.Lock()
        self._pdf: Path | None = None
        self._pages: list | None = None
        self._pictures: dict[int, Path] | None = None

    def _written(self) -> Path:
        """The joined PDF as a file (called with the lock held)."""
        import tempfile

        if self._pdf is None:
            self.preview.mkdir(exist_ok=True)
            self._pdf = Path(tempfile.mkdtemp(prefix=".joined-", dir=self.preview)) / "joined.pdf"
            self._pdf.write_bytes(self.joined.pdf)
        return self._pdf

    def pages(self, first: int, last: int) -> list:
        """The layout of pages ``first`` to ``last``, numbered from 1 (:func:`.preflight.layout.pages_between`)."""
        from .preflight.layout import pages_between, read_layout

        with self.lock:
            if self._pages is None:
                self._pages = read_layout(self._written())
        return pages_between(self._pages, first, last)

    def thumbnails(self, pages: tuple[int, int], stem: str) -> list[Path]:
        """:func:`thumbnails` of one document: its pages' pictures, named as those of its own PDF would be."""
        first, last = pages
        with self.lock:
            if self._pictures is None:
                pdf = self._written()
                # page-1.jpg, or page-01.jpg in a PDF of ten pages or more
                self._pictures = {int(picture.stem.rsplit("-", 1)[1]): picture
                                  for picture in thumbnails(pdf, pdf.parent, "page")}
            remove_pictures(self.preview, stem)
            width = len(str(last - first + 1))
            taken = []
            for number, page in enumerate(range(first, last + 1), start=1):
                target = self.preview / f"{stem}-{number:0{width}d}.jpg"
                os.replace(self._pictures[page], target)  # each page is one document's
                taken.append(target)
            return taken


def cover_rows(documents: list[dict], converted: list[PdfResult]) -> list[tuple[str, str, int]] | None:
    """What the cover sheet lists, in bundle order: each document's title, PDF and pages, those just converted
    as they came out; None when a document has no PDF (no bundle is made)."""
    by_file = {done.task.docx.name: done for done in converted}
    rows = []
    for entry in bundle_order(documents):
        done = by_file.get(entry["file"])
        if done is not None and (done.error or done.pages is None):
            return None
        pages = done.pages if done is not None else (entry.get("pdf") or {}).get("pages")
        if pages is None:
            return None
        rows.append((*_listed(entry), pages))
    return rows


def cover_to_make(target: Path, manifest: dict, rows: list[tuple[str, str, int]]) -> tuple[PdfTask, bytes] | None:
    """The conversion of the cover sheet that lists ``rows``, its .docx written in preview/, and the key its stamp
    gets once its PDF is made; None when the cover is current (what it shows, the fonts and the program are those it
    was made with, as for documents)."""
    cover_docx = target / PREVIEW / COVER
    cover_docx.parent.mkdir(exist_ok=True)
    round_title = manifest.get("round_title", manifest["round"])
    key = sha256(json.dumps([round_title, rows, font_choice().kind, manifest.get("generator")],
                            ensure_ascii=False).encode("utf-8")).encode()
    stamp = target / PREVIEW / COVER_KEY
    if cover_docx.is_file() and stamp.is_file() and stamp.read_bytes() == key \
            and pdf_is_current(cover_docx, cover_docx.with_suffix(".pdf")):
        return None
    write_atomic(cover_docx, cover_sheet(COVER_TITLE, round_title, rows))
    return PdfTask(cover_docx, cover_docx.with_suffix(".pdf")), key


def make_cover(target: Path, manifest: dict, rows: list[tuple[str, str, int]], pool: Pool) -> PdfResult | None:
    """The cover sheet's .docx and PDF in preview/, made when not current (:func:`cover_to_make`); the
    conversion's result, or None when the cover was current."""
    made = cover_to_make(target, manifest, rows)
    if made is None:
        return None
    (cover,) = pool.convert([made[0]])
    if not cover.error:
        write_atomic(target / PREVIEW / COVER_KEY, made[1])
    return cover


class _Lap:
    """Records into ``stages`` the wall seconds since the last lap under each name."""

    def __init__(self, stages: dict[str, float], since: float):
        self.stages, self.since = stages, since

    def __call__(self, name: str, until: float | None = None) -> None:
        now = time.perf_counter() if until is None else until
        self.stages[name] = self.stages.get(name, 0.0) + now - self.since
        self.since = now


def _check(target: Path, entry: dict, pdf_name: str, reading: JoinedReading | None = None,
           pages: tuple[int, int] | None = None) -> list | None:
    """The preflight findings of one document's PDF, or None when it cannot be read; ``reading``: the PDF it was
    cut from, and ``pages`` its pages there, when it was laid out with others."""
    from . import preflight

    try:
        from ..base.fonts import font_choice

        layout = reading.pages(*pages) if reading is not None and pages is not None else None
        return preflight.check_pdf(target / pdf_name, target / entry["file"], entry["kind"], entry.get("digits", "thai"),
                                   real_font=font_choice().kind != "scaled", pages=layout)
    except (OSError, ValueError, KeyError, SyntaxError, zipfile.BadZipFile, subprocess.SubprocessError):
        return None  # unreadable: its conversion reports it; checked again next time


def _set_again(target: Path, entries: dict, result: PrintResult, early: dict, pool: Pool) -> None:
    """A document whose lines LibreOffice set otherwise than they were composed (P117, P118: a word wrapped onto a
    line of its own) is set again, once, with more room kept at each line's end, and checked again; the summary
    names it (``result.set_again``)."""
    import dataclasses

    from .preflight import SET_AGAIN
    from ..thai.compose import SPARE_AGAIN

    again = {name for name, (findings, _) in early.items() if findings and any(f.code in SET_AGAIN for f in findings)}
    if not again:
        return
    tasks = [dataclasses.replace(r.task, spare=SPARE_AGAIN) for r in result.converted if r.task.docx.name in again]
    started = time.perf_counter()
    redone = {r.task.docx.name: r for r in pool.convert(tasks)}
    result.pdf_seconds += time.perf_counter() - started
    result.converted = [redone.get(r.task.docx.name, r) for r in result.converted]
    for name, done in redone.items():
        if not done.error:
            early[name] = _timed_check(target, entries[name], done.task.pdf.name)
            result.set_again.append(name)


def _timed_check(target: Path, entry: dict, pdf_name: str, reading: JoinedReading | None = None,
                 pages: tuple[int, int] | None = None) -> tuple[list | None, float]:
    started = time.perf_counter()
    return _check(target, entry, pdf_name, reading, pages), time.perf_counter() - started


def run_preflight(target: Path, documents: list[dict], result: PrintResult, early: dict | None = None) -> None:
    """Read every PDF back and check it against its .docx (generator/printing/preflight). Findings are
    kept in the manifest with the PDF, so an unchanged PDF is not read again. ``early`` holds
    (findings, seconds) of documents already checked while the others were converted."""
    from concurrent.futures import ThreadPoolExecutor

    from . import preflight

    early = early or {}
    result.preflight_work += sum(seconds for _, seconds in early.values())
    started = time.perf_counter()
    found = {name: findings for name, (findings, _) in early.items()}
    todo = [entry for entry in documents if entry.get("pdf") and entry["file"] not in early
            and (entry["pdf"].get("preflight") or {}).get("version") != preflight.VERSION]
    with ThreadPoolExecutor(max_workers=2) as threads:  # pdftotext of one overlaps the checks of another
        found.update(zip((entry["file"] for entry in todo),
                         threads.map(lambda entry: _check(target, entry, entry["pdf"]["file"]), todo)))
    for entry in documents:
        if entry.get("pdf") and found.get(entry["file"]) is not None:
            entry["pdf"]["preflight"] = {"version": preflight.VERSION,
                                         "findings": [finding.as_dict() for finding in found[entry["file"]]]}
    for entry in documents:
        if (entry.get("pdf") or {}).get("preflight"):
            result.preflight[entry["file"]] = preflight.from_dicts(entry["pdf"]["preflight"]["findings"])
    seconds = time.perf_counter() - started
    result.preflight_seconds += seconds
    result.preflight_work += seconds


def preflight_list(entry: dict) -> str:
    """The preflight's findings of one document, as an HTML list for the preview page."""
    from . import preflight

    findings = preflight.from_dicts(((entry.get("pdf") or {}).get("preflight") or {}).get("findings", []))
    if not findings:
        return '<p class="preflight ok">ตรวจก่อนพิมพ์: ไม่พบปัญหา / preflight: nothing found</p>'
    items = "".join(
        f'<li class="{"error" if f.error else "warning"}"><code>{f.code}</code> หน้า {f.page} — '
        f'{html.escape(f.thai)}: «{html.escape(f.words)}»<br><small>page {f.page} — {html.escape(f.english)}</small></li>'
        for f in findings)
    return (f'<div class="preflight"><h3>ตรวจก่อนพิมพ์ / preflight: {len(findings)}</h3>'
            f'<ul>{items}</ul></div>')


def write_preview(target: Path, manifest: dict, ordered: list[dict], report: Report | None,
                  made: dict[str, list[Path]] | None = None) -> Path:
    """index.html: every document with its page thumbnails, links, and the round's warnings.
    ``made``: thumbnails already made in this run, by document file."""
    from concurrent.futures import ThreadPoolExecutor

    folder = target / PREVIEW
    folder.mkdir(exist_ok=True)
    made = made or {}
    with ThreadPoolExecutor() as threads:  # pdftoppm runs as processes: threads keep them all busy
        pictures = list(threads.map(
            lambda entry: made[entry["file"]] if entry["file"] in made else
            thumbnails(target / entry["pdf"]["file"], folder, Path(entry["pdf"]["file"]).stem), ordered))
    cards = []
    for entry, images in zip(ordered, pictures):
        pdf_name = entry["pdf"]["file"]
        thumbs = "".join(f'<img src="{PREVIEW}/{html.escape(p.name)}" alt="หน้า {i}" loading="lazy">'
                         for i, p in enumerate(images, start=1))
        cards.append(
            f'<section class="doc"><h2>{html.escape(entry["title"])}</h2>'
            f'<p class="meta">{entry["pdf"]["pages"]} หน้า / pages · '
            f'<a href="{html.escape(entry["file"])}">Word (.docx)</a> · '
            f'<a href="{html.escape(pdf_name)}">PDF</a></p>{preflight_list(entry)}'
            f'<div class="pages">{thumbs}</div></section>')
    warnings = [] if report is None else report.warnings
    notes = "".join(f"<li><code>{html.escape(d.code)}</code> {html.escape(str(d.where.file.name))}"
                    f"{':' + str(d.where.line) if d.where.line else ''} — {html.escape(d.thai)}"
                    f"<br><small>{html.escape(d.english)}</small></li>" for d in warnings)
    total = sum(entry["pdf"]["pages"] for entry in ordered)
    page = f"""<!doctype html>
<html lang="th"><head><meta charset="utf-8">
<title>เอกสาร {html.escape(manifest["round"])}</title>
<style>
body {{ font-family: "TH SarabunPSK", "TH Sarabun New", Laksaman, sans-serif; font-size: 20px; margin: 24px; color: #222; }}
h1 {{ font-size: 32px; margin: 0 0 4px; }} h2 {{ font-size: 24px; margin: 0; }}
.bundle {{ font-size: 22px; padding: 10px 14px; background: #eef4ff; border: 1px solid #9bb7e0; display: inline-block; }}
.doc {{ border-top: 1px solid #ccc; padding: 12px 0; }} .meta {{ margin: 4px 0 8px; }}
.pages img {{ height: 160px; border: 1px solid #999; margin: 0 8px 8px 0; box-shadow: 1px 1px 3px #aaa; }}
.warnings {{ background: #fff7e0; border: 1px solid #e0c060; padding: 8px 14px; }}
.preflight {{ font-size: 18px; margin: 4px 0 8px; }} .preflight h3 {{ font-size: 20px; margin: 0; }}
.preflight.ok {{ color: #2a7a2a; }} .preflight li.error {{ color: #b00020; }} .preflight li.warning {{ color: #7a5a00; }}
</style></head><body>
<h1>เอกสารของรอบ {html.escape(manifest["round"])}</h1>
<p class="bundle"><a href="{BUNDLE}">ชุดพิมพ์รวม / print bundle (PDF)</a> · {len(ordered)} เอกสาร, {total} หน้า (ไม่นับใบปะหน้า)</p>
{f'<div class="warnings"><h2>คำเตือน / warnings</h2><ul>{notes}</ul></div>' if notes else ''}
{''.join(cards)}
</body></html>
"""
    index = target / "index.html"
    write_atomic(index, page.encode("utf-8"))
    return index
