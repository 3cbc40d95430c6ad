"""Print-ready PDF with real LibreOffice: text, digits, fonts, A4, bundle, failures, preview."""
from __future__ import annotations

import json
import os
import re
import signal
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from generator.build.stages import build_round
from generator.printing.bundle import BUNDLE, print_round
from generator.printing.pdf import PdfTask, Pool, page_count, unavailable
from tests.rounds import copy_round

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(unavailable() is not None, reason=str(unavailable()))


def pdftext(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    command = ["pdftotext", "-layout"]
    if first:
        command += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(command + [str(pdf), "-"], capture_output=True, text=True, check=True).stdout




@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("print")
    folder = copy_round(tmp, "2568-1-chachoengsao")
    build = build_round(folder, tmp / "out")
    target = tmp / "out" / folder.name
    result = print_round(target, build.report)
    assert not result.failed, [(r.task.docx.name, r.error) for r in result.failed]
    return target, result


def test_every_document_has_a_pdf_with_thai_text_digits_embedded_fonts_and_a4(printed):
    target, _ = printed
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["documents"]:
        pdf = target / entry["pdf"]["file"]
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
        assert rows and all(row[-5] == "yes" for row in rows), fonts  # every font embedded
        assert any("THSarabunPSK" in row[0] for row in rows)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "(A4)" in info, (entry["file"], info)
    letter = pdftext(target / "letter-01-circular.pdf")
    flat = re.sub(r"\s+", " ", letter)
    assert "ที่ ฉช ๐๐๑๘/ว ๒๒๖" in flat and "๑๘ มกราคม ๒๕๖๘" in flat
    assert "วันจันทร์ที่ ๒๐ มกราคม ๒๕๖๘" in flat
    assert "(นายชลอ พงษ์ชูบ)" in flat
    form = pdftext(target / "report-form-kpi-04.pdf").splitlines()
    # pdftotext splits some Thai clusters ("รวมทัง้ สิน้"): read the total row by its start and figure
    assert any(line.strip().startswith("รวม") and line.strip().endswith("314") for line in form)
    assert any("เมืองฉะเชิงเทรา" in line and line.strip().endswith("52") for line in form)


def test_letters_carry_continuation_words_and_thai_page_numbers(printed):
    target, _ = printed
    pdf = target / "letter-01-circular.pdf"
    pages = page_count(pdf)
    assert pages >= 2
    for page in range(1, pages):
        bottom = [l.strip() for l in pdftext(pdf, page).splitlines() if l.strip()][-1]
        next_page_lines = [l.strip() for l in pdftext(pdf, page + 1).splitlines() if l.strip()]
        assert bottom.startswith("/") and bottom.endswith("..."), bottom
        word = bottom[1:-3]
        assert any(line.startswith(word) for line in next_page_lines[:3]), (word, next_page_lines[:3])
        assert next_page_lines[0].replace(" ", "") == f"-{'๑๒๓๔๕๖๗๘๙'[page]}-"  # "- ๒ -", in Thai digits
    last = [l.strip() for l in pdftext(pdf, pages).splitlines() if l.strip()][-1]
    assert not last.endswith("...")


def test_the_bundle_is_the_sum_of_its_parts_with_a_cover(printed):
    target, result = printed
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    parts = sum(entry["pdf"]["pages"] for entry in manifest["documents"])
    cover = page_count(target / "preview" / "cover.pdf")
    assert page_count(target / BUNDLE) == parts + cover == result.bundle_pages
    first = re.sub(r"\s+", " ", pdftext(target / BUNDLE, 1))
    assert "ชุดเอกสารสำหรับพิมพ์" in first and "จำนวนหน้า" in first
    # letters first, each followed by what it sends
    order = [m for m in re.findall(r"(letter-\d\d-\w+|guidelines|report-form-kpi-04|kpi-sheets)\.pdf", first)]
    assert order[:3] == ["letter-01-circular", "guidelines", "report-form-kpi-04"]


def test_a_broken_docx_fails_alone_and_the_previous_bundle_survives(tmp_path):
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    build = build_round(folder, tmp_path / "out")
    target = tmp_path / "out" / folder.name
    assert not print_round(target, build.report).failed
    bundle_before = (target / BUNDLE).read_bytes()
    broken = target / "guidelines.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a word document")
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["documents"]:
        if entry["file"] == "guidelines.docx":
            entry["sha256"] = "changed"
        if entry["file"] == "letter-02-stamped.docx":
            entry["sha256"] = "changed too"  # converted again, successfully
    (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    stamped_before = (target / "letter-02-stamped.pdf").stat().st_mtime_ns
    result = print_round(target, build.report)
    assert [r.task.docx.name for r in result.failed] == ["guidelines.docx"]
    assert result.failed[0].error
    assert (target / BUNDLE).read_bytes() == bundle_before
    assert (target / "letter-02-stamped.pdf").stat().st_mtime_ns > stamped_before


def test_a_libreoffice_killed_mid_batch_is_retried_and_the_others_finish(tmp_path):
    folder = copy_round(tmp_path, "2560-2-lampang")
    build_round(folder, tmp_path / "out")
    target = tmp_path / "out" / folder.name
    tasks = [PdfTask(p, p.with_suffix(".pdf")) for p in sorted(target.glob("*.docx"))]
    killed = []

    with Pool(2) as pool:
        def kill_one_soffice():  # only a soffice.bin of this pool: never another user's LibreOffice
            deadline = time.time() + 60
            while time.time() < deadline and not killed:
                office = pool.office_pids()
                if office:
                    time.sleep(0.5)  # let it get busy
                    if office[0] in pool.office_pids():
                        os.kill(office[0], signal.SIGKILL)
                        killed.append(office[0])
                time.sleep(0.05)

        killer = threading.Thread(target=kill_one_soffice)
        killer.start()
        results = pool.convert(tasks)
        killer.join()
        started = pool.pids()
        assert pool.office_pids()
        for office in pool.office_pids():  # every LibreOffice write goes to the project's .cache/
            environment = dict(v.split("=", 1) for v in Path(f"/proc/{office}/environ").read_text().split("\0") if "=" in v)
            command = Path(f"/proc/{office}/cmdline").read_text()
            cache = str(ROOT / ".cache")
            assert all(environment[v].startswith(cache) for v in ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
                                                                  "XDG_RUNTIME_DIR", "TMPDIR"))
            assert f"-env:UNO_SHARED_PACKAGES_CACHE=file://{cache}/" in command
    assert killed, "no LibreOffice process was seen to kill"
    assert all(r.error is None for r in results), [(r.task.docx.name, r.error) for r in results]
    assert any(r.attempts == 2 for r in results)
    assert all(r.task.pdf.is_file() and page_count(r.task.pdf) == r.pages for r in results)
    assert started and not [pid for pid in started if Path(f"/proc/{pid}").exists()
                            and "Z" not in Path(f"/proc/{pid}/stat").read_text().split(")")[-1][:3]]


def test_preview_page_in_headless_chromium(printed, tmp_path):
    target, _ = printed
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Debian chromium is not installed")
    index = target / "index.html"
    page = index.read_text(encoding="utf-8")
    assert 'href="print-bundle.pdf"' in page and "W801" in page
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--allow-file-access-from-files"]
    dom = subprocess.run([chromium, *flags, "--dump-dom", index.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    assert "เอกสารของรอบ 2568-1-chachoengsao" in dom
    for name in ("letter-01-circular.pdf", "kpi-sheets.pdf", "report-form-kpi-04.docx"):
        assert f'href="{name}"' in dom
    shot = tmp_path / "preview.png"
    subprocess.run([chromium, *flags, f"--screenshot={shot}", "--window-size=1200,1600", index.as_uri()],
                   capture_output=True, timeout=120)
    from PIL import Image

    image = Image.open(shot).convert("L")
    assert image.size == (1200, 1600)
    histogram = image.histogram()
    assert sum(histogram[:128]) > 2000  # text and thumbnails were drawn, not a blank page
    shutil.copy(shot, target / "preview" / "screenshot.png")


def test_a_counting_pool_tells_the_cpu_libreoffice_took_to_start_and_in_all(printed, tmp_path):
    """The bench sets the print's CPU against LibreOffice's own time (generator.bench.cpu_breakdown): a counting pool
    reads its workers' CPU when each is ready and before it is killed; a pool that does not count reads nothing."""
    target, _ = printed
    with Pool(1, counting=True) as counting:
        (done,) = counting.convert([PdfTask(target / "letter-01-circular.docx", tmp_path / "counted.pdf")])
    assert done.error is None
    cpu = counting.cpu()
    assert 0.0 < cpu["worker"] < cpu["all"] and 0.0 < cpu["start"] < cpu["all"]
    # a conversion costs LibreOffice CPU beyond its start, at the least a tenth of the time it timed inside itself
    assert cpu["all"] - cpu["start"] > done.office_seconds / 10
    with Pool(1) as quiet:
        quiet.convert([PdfTask(target / "letter-01-circular.docx", tmp_path / "not-counted.pdf")])
    assert quiet.cpu() == {"start": 0.0, "all": 0.0, "worker": 0.0}


def test_a_workers_profile_records_the_version_so_soffice_skips_its_render_tests(printed, tmp_path):
    """soffice draws its graphics render tests (~1.3 s, a log in the profile) at every start until the
    profile records the version last run: the workers' profiles record it, a new one before its first start."""
    from generator.printing.pdf import PROFILES

    target, _ = printed
    version = re.search(r"LibreOffice (\d+\.\d+)", subprocess.run(["soffice", "--version"], capture_output=True,
                                                                      text=True).stdout)[1]
    recorded = f'<prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>{version}</value></prop>'
    with Pool(1) as pool:
        pool.convert([PdfTask(target / "letter-01-circular.docx", tmp_path / "first.pdf")])
        profile = PROFILES / pool.workers[0].copies.name
    registry = profile / "user" / "registrymodifications.xcu"
    registry.write_text(registry.read_text(encoding="utf-8").replace(recorded, ""), encoding="utf-8")
    with Pool(1) as pool:  # a profile made before the version was recorded: recorded at this start
        pool.convert([PdfTask(target / "letter-01-circular.docx", tmp_path / "second.pdf")])
        assert PROFILES / pool.workers[0].copies.name == profile
    assert recorded in registry.read_text(encoding="utf-8")
    log = profile / "user" / "GraphicsRenderTests.log"
    before = log.stat().st_mtime_ns if log.exists() else None
    with Pool(1) as pool:
        (again,) = pool.convert([PdfTask(target / "letter-01-circular.docx", tmp_path / "again.pdf")])
        assert PROFILES / pool.workers[0].copies.name == profile
    assert again.error is None and again.pages == page_count(tmp_path / "again.pdf")
    assert (log.stat().st_mtime_ns if log.exists() else None) == before  # no render tests at this start

    fresh = tmp_path / "new-profile"  # what a worker gives a profile before its first start
    subprocess.run(["/usr/bin/python3", "-c", "import sys; sys.path.insert(0, sys.argv[1]); import uno_worker; "
                    "uno_worker.seed_profile(sys.argv[2])", str(ROOT / "generator" / "printing"), str(fresh)], check=True)
    assert recorded in (fresh / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")


def test_the_cover_is_made_again_only_when_what_it_shows_changes(printed, tmp_path):
    target = tmp_path / "round"
    shutil.copytree(printed[0], target)
    cover = target / "preview" / "cover.pdf"
    made = cover.stat().st_mtime_ns
    again = print_round(target)
    assert not again.converted and cover.stat().st_mtime_ns == made  # nothing changed: nothing converted
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    manifest["round_title"] = "รอบการประเมินที่ ๒ ปีงบประมาณ พ.ศ. ๒๕๖๘"
    (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    print_round(target)
    assert cover.stat().st_mtime_ns != made
    assert "รอบการประเมินที่ ๒ ปีงบประมาณ" in pdftext(cover)
    assert pdftext(target / BUNDLE, 1).count("รอบการประเมินที่ ๒ ปีงบประมาณ") == 1


def test_the_cover_sheet_lists_each_documents_pages_and_their_total_on_a4_in_th_sarabunpsk():
    """The table a clerk reads on the cover: each document's title, PDF and pages and the total in Thai digits; a
    title with XML's own characters is kept whole, one with a character XML cannot hold loses only that; A4 with
    the office's margins, every run in TH SarabunPSK for Thai and Latin."""
    import io

    from docx import Document

    from generator.ooxml import FONT, MARGINS, qn
    from generator.printing.bundle import COVER_TITLE, cover_sheet

    rows = [("หนังสือเวียน", "letter-01-circular.pdf", 2), ("ตัวชี้วัด <๑> & ผล", "kpi-sheets.pdf", 11),
            ("แบบรายงาน\x07", "report-form-kpi-01.pdf", 1)]
    document = Document(io.BytesIO(cover_sheet(COVER_TITLE, "รอบที่ ๑/๒๕๖๘", rows)))
    assert [p.text for p in document.paragraphs[:2]] == [COVER_TITLE, "รอบที่ ๑/๒๕๖๘"]
    table = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert table == [["ลำดับ", "เอกสาร", "ไฟล์", "จำนวนหน้า"],
                     ["๑", "หนังสือเวียน", "letter-01-circular.pdf", "๒"],
                     ["๒", "ตัวชี้วัด <๑> & ผล", "kpi-sheets.pdf", "๑๑"],
                     ["๓", "แบบรายงาน", "report-form-kpi-01.pdf", "๑"],
                     ["", "รวม (ไม่นับใบปะหน้า)", "", "๑๔"]]
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(section.left_margin.cm, 1), round(section.right_margin.cm, 1)) == (MARGINS["left"].cm, MARGINS["right"].cm)
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs] + \
        [run for row in document.tables[0].rows for cell in row.cells for p in cell.paragraphs for run in p.runs]
    fonts = {run._r.rPr.rFonts.get(qn(f"w:{script}")) for run in runs for script in ("ascii", "cs")}
    assert fonts == {FONT}
    assert document.core_properties.title == COVER_TITLE


def _pdf_facts(pdf: Path) -> dict:
    """What a clerk sees of a PDF: each page's text and size, its fonts, its title and author."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = page_count(pdf)
    return {"pages": pages, "text": [pdftext(pdf, page) for page in range(1, pages + 1)],
            "sizes": re.findall(r"Page +\d+ size: +(.*)", info),
            "title": re.search(r"Title: +(.*)", info)[1], "author": re.search(r"Author: +(.*)", info)[1],
            "fonts": sorted(re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in fonts.splitlines()[2:]
                            if line.split()[-5:-2] == ["yes", "yes", "yes"])}


def test_documents_laid_out_together_print_as_each_would_alone(tmp_path):
    """A round's guidelines and report forms are laid out as one LibreOffice document and cut back into one PDF
    each: every page's text (page numbers "- ๒ -" included), page size, font, title and author are those of the
    document converted alone; a blank page LibreOffice puts before a form's page 1 is in no PDF."""
    folder = copy_round(tmp_path, "2567-2-phayao")
    build_round(folder, tmp_path / "out")
    target = tmp_path / "out" / folder.name
    joined = ["report-form-kpi-01.docx", "report-form-kpi-03.docx", "guidelines.docx"]  # page 1 on even pages
    tasks = [PdfTask(target / name, tmp_path / "together" / name.replace(".docx", ".pdf")) for name in joined]
    tasks.append(PdfTask(target / "agreement-team.docx", tmp_path / "together" / "agreement-team.pdf"))
    (tmp_path / "together").mkdir()
    (tmp_path / "alone").mkdir()
    with Pool(1) as pool:
        together = pool.convert(tasks)
        alone = [pool.convert([PdfTask(task.docx, tmp_path / "alone" / task.pdf.name)])[0] for task in tasks]
    assert all(r.error is None for r in together + alone), [(r.task.docx.name, r.error) for r in together + alone]
    assert [r.together for r in together] == [3, 3, 3, 1]  # the agreement ends with a table: laid out alone
    assert [r.together for r in alone] == [1, 1, 1, 1]
    for made, single in zip(together, alone):
        assert made.pages == single.pages == page_count(made.task.pdf)
        assert _pdf_facts(made.task.pdf) == _pdf_facts(single.task.pdf), made.task.docx.name
    guidelines = _pdf_facts(together[2].task.pdf)
    assert guidelines["pages"] == 2 and guidelines["text"][1].split()[0] == "-๒-"
    assert "แนวทาง" in guidelines["title"] and "พะเยา" in guidelines["author"]
    assert all("(A4)" in size for size in guidelines["sizes"]) and "THSarabunPSK" in guidelines["fonts"]
    form = _pdf_facts(together[1].task.pdf)
    assert form["pages"] == 1 and "ตัวชี้วัดที่ ๓" in re.sub(r"\s+", " ", form["text"][0])


@pytest.mark.parametrize("failing", ["printed_ranges", "split_pdf"])
def test_a_joined_conversion_that_fails_is_made_again_one_document_at_a_time(tmp_path, monkeypatch, failing):
    """When the pages of a joined document cannot be told apart (printed_ranges), or its PDF cannot be cut while its
    worker goes on with the next job (split_pdf), each of its documents is converted alone (its second attempt),
    each is told to the caller once, and each PDF is whole."""
    from generator.printing import pdf as pdf_module

    def fails(*arguments):
        raise pdf_module.WorkerError(f"{failing} failed")

    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    build_round(folder, tmp_path / "out")
    target = tmp_path / "out" / folder.name
    monkeypatch.setattr(pdf_module, failing, fails)
    tasks = [PdfTask(target / name, tmp_path / name.replace(".docx", ".pdf"))
             for name in ("guidelines.docx", "report-form-kpi-04.docx", "kpi-sheets.docx")]
    told = []
    with Pool(2) as pool:
        results = pool.convert(tasks, progress=lambda result: told.append(result.task.docx.name))
    assert sorted(told) == sorted(task.docx.name for task in tasks)
    assert [(r.error, r.attempts, r.together) for r in results[:2]] == [(None, 2, 1), (None, 2, 1)]
    assert [page_count(r.task.pdf) for r in results] == [r.pages for r in results] == [1, 1, 2]
    form = pdftext(tmp_path / "report-form-kpi-04.pdf").splitlines()
    assert any(line.strip().startswith("รวม") and line.strip().endswith("314") for line in form)


def test_a_joined_pdf_is_read_once_and_each_document_gets_its_own_pictures_and_findings(tmp_path):
    """The preview pictures and preflight findings of documents laid out together come from one read of their
    joined PDF: each document's are those its own PDF gives, named as its own, and nothing is left over."""
    from generator.printing import preflight
    from generator.printing.bundle import PREVIEW, thumbnails

    folder = copy_round(tmp_path, "2567-2-phayao")
    build = build_round(folder, tmp_path / "out")
    target = tmp_path / "out" / folder.name
    result = print_round(target, build.report)
    assert not result.failed
    joined = sorted(r.task.docx.name for r in result.converted if r.together > 1)
    assert joined == ["guidelines.docx", "report-form-kpi-01.docx", "report-form-kpi-03.docx"]
    manifest = {entry["file"]: entry for entry in json.loads((target / "manifest.json").read_text(encoding="utf-8"))
                ["documents"]}
    alone = tmp_path / "alone"
    for name in joined:
        stem = Path(name).stem
        own = thumbnails(target / f"{stem}.pdf", alone, stem)
        shown = sorted((target / PREVIEW).glob(f"{stem}-*.jpg"))
        assert [p.name for p in shown] == [p.name for p in own] and len(own) == manifest[name]["pdf"]["pages"]
        assert [p.read_bytes() for p in shown] == [p.read_bytes() for p in own], name
        entry = manifest[name]
        findings = preflight.check_pdf(target / entry["pdf"]["file"], target / name, entry["kind"], entry["digits"])
        assert entry["pdf"]["preflight"]["findings"] == [f.as_dict() for f in findings]
    assert not list((target / PREVIEW).glob(".joined*"))
    page = (target / "index.html").read_text(encoding="utf-8")
    assert 'src="preview/guidelines-2.jpg"' in page


def test_a_command_that_prints_several_rounds_starts_libreoffice_once(tmp_path, monkeypatch, capsys):
    """`print all` prints every round with the same LibreOffice workers (each start costs about half a second of
    both cores): each worker starts once, and every round gets its PDFs and its bundle."""
    from generator import cli
    from generator.printing import pdf as pdf_module

    for name in ("2568-1-chachoengsao", "2565-2-chachoengsao"):
        folder = copy_round(tmp_path, name)
    starts = []
    real_start = pdf_module.Worker.start
    monkeypatch.setattr(pdf_module.Worker, "start", lambda worker: (starts.append(worker.slot), real_start(worker)))
    code = cli.main(["--data", str(folder.parent), "--register", str(tmp_path / "register.sqlite3"), "print", "all",
                     "--output", str(tmp_path / "out"), "--workers", "2"])
    said = capsys.readouterr()
    assert code == 0, said.out + said.err
    assert sorted(starts) == [0, 1]
    for name in ("2568-1-chachoengsao", "2565-2-chachoengsao"):
        target = tmp_path / "out" / name
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        assert all(page_count(target / entry["pdf"]["file"]) == entry["pdf"]["pages"] for entry in manifest["documents"])
        assert "ชุดเอกสารสำหรับพิมพ์" in pdftext(target / BUNDLE, 1)


def test_make_letters_starts_libreoffice_as_the_round_is_built_and_stops_it_at_once_when_the_build_fails(
        tmp_path, monkeypatch, capsys):
    """`make letters` of one round starts LibreOffice before it builds the round, and each worker prints a small
    document while the round renders (its first document then does not pay for loading the Word import, the fonts
    and the PDF export). The round's PDFs are made. When the round's data is wrong, the command says so, and the
    LibreOffice it started is gone when it returns, starting or not."""
    from generator import cli
    from generator.build import stages
    from generator.printing import pdf as pdf_module

    events, pools = [], []
    real_build, real_warm, real_init = stages.build_rounds, pdf_module.Worker.warm_up, pdf_module.Pool.__init__
    monkeypatch.setattr(stages, "build_rounds", lambda *a, **k: (events.append("build"), real_build(*a, **k))[1])
    monkeypatch.setattr(pdf_module.Worker, "warm_up",
                        lambda worker: (real_warm(worker), events.append(f"warm {worker.slot}")))
    monkeypatch.setattr(pdf_module.Pool, "__init__",
                        lambda pool, *a, **k: (real_init(pool, *a, **k), pools.append(pool), events.append("pool"))
                        and None)
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    command = ["--data", str(folder.parent), "--register", str(tmp_path / "register.sqlite3"), "letters",
               folder.name, "--output", str(tmp_path / "out"), "--workers", "2"]
    code = cli.main(command)
    said = capsys.readouterr()
    assert code == 0, said.out + said.err
    assert events.index("pool") < events.index("build")  # started before the round was built
    assert sorted(e for e in events if e.startswith("warm")) == ["warm 0", "warm 1"]  # each answered its warm-up
    target = tmp_path / "out" / folder.name
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert all(page_count(target / entry["pdf"]["file"]) == entry["pdf"]["pages"] for entry in manifest["documents"])
    assert "๑๘ มกราคม ๒๕๖๘" in re.sub(r"\s+", " ", pdftext(target / "letter-01-circular.pdf"))
    assert len(pools) == 1 and pools[0].pids() == []  # stopped when the command ended

    round_yaml = folder / "round.yaml"
    round_yaml.write_text(round_yaml.read_text(encoding="utf-8").replace("fiscal_year:", "fiscal_year: [", 1),
                          encoding="utf-8")
    events.clear()
    code = cli.main(command)
    said = capsys.readouterr()
    assert code == 1 and "round.yaml" in said.out + said.err, said.out + said.err
    assert "Traceback" not in said.out + said.err
    assert len(pools) == 2 and pools[1].pids() == [] and all(w.process is None for w in pools[1].workers)


def test_libreoffice_workers_start_without_pythons_fork_handlers():
    """The workers are started without a pre-exec function, so Python's fork handlers do not run in the thread that
    starts them: run there while another thread imports a module that registers one (logging,
    concurrent.futures), they broke that module's lock, and a print started cold failed with "release unlocked lock".
    The worker asks for its parent's death signal itself: killing the parent still ends it (tests/test_kill_workers.py)."""
    forks, watching = [], [True]
    os.register_at_fork(before=lambda: forks.append(threading.current_thread().name) if watching[0] else None)
    try:
        with Pool(1) as pool:
            pool.workers[0].start()
            assert pool.pids()
    finally:
        watching[0] = False
    assert forks == []


def test_a_warm_up_that_fails_costs_a_restart_not_the_print(printed, tmp_path, monkeypatch):
    """A worker whose warm-up fails (here: its document is gone) is killed, and started again by the first
    conversion, which is made."""
    from generator.printing import pdf as pdf_module

    real_request = pdf_module.Worker._request
    monkeypatch.setattr(pdf_module.Worker, "_request", lambda worker, request, timeout: real_request(
        worker, dict(request, docx=str(tmp_path / "gone.docx")) if request["op"] == "warm" else request, timeout))
    target, _ = printed
    with Pool(1) as pool:
        pool.start_soon(1, warm=True)
        worker = pool.workers[0]
        worker.starting.join()
        assert worker.process.wait(timeout=30) is not None  # killed after its failed warm-up
        (done,) = pool.convert([PdfTask(target / "letter-01-circular.docx", tmp_path / "letter.pdf")])
    assert done.error is None and done.pages == page_count(tmp_path / "letter.pdf") == 2


def test_what_a_killed_soffice_left_in_the_shared_temporary_folder_is_removed_a_day_later(tmp_path):
    from generator.printing.pdf import remove_old_office_temporaries

    old_folder, old_file, new_folder = tmp_path / "lu123abc.tmp", tmp_path / "QQeGA0", tmp_path / "lu456def.tmp"
    for folder in (old_folder, new_folder):
        folder.mkdir()
        (folder / "inside").write_bytes(b"x" * 10)
    old_file.write_bytes(b"y")
    day_ago = time.time() - 86400 - 60
    for path in (old_folder, old_file):
        os.utime(path, (day_ago, day_ago))
    assert remove_old_office_temporaries(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lu456def.tmp"]
    assert remove_old_office_temporaries(tmp_path / "missing") == 0


def test_a_pdf_that_cannot_be_written_fails_alone_without_stopping_the_batch(tmp_path):
    """A PDF whose folder is gone (as a full or removed disk would leave it) is reported with its document; the
    other documents, laid out together or alone, are converted, and the cover sheet waiting for every page count
    is still made."""
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    build_round(folder, tmp_path / "out")
    target = tmp_path / "out" / folder.name
    names = ["guidelines.docx", "report-form-kpi-04.docx", "letter-01-circular.docx"]
    tasks = [PdfTask(target / name, tmp_path / name.replace(".docx", ".pdf")) for name in names]
    tasks[1].pdf = tmp_path / "gone" / "report-form-kpi-04.pdf"
    cover = PdfTask(target / "kpi-sheets.docx", tmp_path / "after.pdf")
    with Pool(2) as pool:
        results = pool.convert(tasks, then=lambda laid_out: [cover])
    by_name = {r.task.docx.name: r for r in results}
    assert "FileNotFoundError" in (by_name["report-form-kpi-04.docx"].error or "")
    assert by_name["report-form-kpi-04.docx"].together == 2  # laid out with the guidelines, whose PDF is written
    assert by_name["guidelines.docx"].error is None and page_count(tmp_path / "guidelines.pdf") == 1
    assert by_name["letter-01-circular.docx"].error is None and page_count(tmp_path / "letter-01-circular.pdf") == 2
    assert results[-1].task is cover and results[-1].error is None and page_count(tmp_path / "after.pdf") >= 1
