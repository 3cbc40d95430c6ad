"""`make bench`: build a synthetic national round and measure.

77 provinces, 878 districts, 8 KPIs each; per province the letter, the agreement,
the KPI sheets, the guideline sheets and a report form per KPI, plus one report
form per district (about 1,800 .docx). Then the PDF of one province's round.
Measured in the same run: a plain docxtpl loop (load, render, save per document)
and one soffice per document, the two ways this pipeline replaces.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

from . import PROJECT_ROOT
from .provinces import provinces

DISTRICTS = 878
KPIS = 8
WORK = PROJECT_ROOT / ".cache" / "bench"

TARGETS = {
    "national_seconds": 30.0,
    "vs_docxtpl": 3.0,
    "nochange_seconds": 0.5,
    "vs_soffice": 5.0,
    "peak_mb": 600.0,
}


def district_counts() -> list[int]:
    count = len(provinces())
    base, extra = divmod(DISTRICTS, count)
    return [base + (1 if index < extra else 0) for index in range(count)]


def make_round(folder: Path, province: str, code_index: int, districts: int) -> None:
    names = [f"เมือง{province}"] + [f"{province}ที่ {i}" for i in range(2, districts + 1)]
    (folder / "letters").mkdir(parents=True)
    (folder / "kpis").mkdir()
    (folder / "tables").mkdir()
    round_yaml = {
        "office": {"province": province, "department_number": "0018", "address": ["ถนนศาลากลาง"],
                   "postal_code": f"{10000 + code_index * 100}", "group": "กลุ่มงานยุทธศาสตร์การพัฒนาชุมชน",
                   "phone": "021234567", "fax": "021234567"},
        "signer": {"name": "นายสมชาย ใจดี", "lines": ["พัฒนาการจังหวัด ปฏิบัติราชการแทน"]},
        "round": {"fiscal_year": 2568, "number": 1},
        "districts": names,
        "emblem_optional": None,
    }
    del round_yaml["emblem_optional"]
    (folder / "round.yaml").write_text(yaml.safe_dump(round_yaml, allow_unicode=True, sort_keys=False), encoding="utf-8")
    letter = {
        "kind": "circular", "number": 100 + code_index, "date": "18 มกราคม 2568",
        "subject": "การดำเนินงานตัวชี้วัดและค่าเป้าหมายการประเมินผลการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2568",
        "to": "นายอำเภอ ทุกอำเภอ",
        "enclosures": [{"title": "ตัวชี้วัดและค่าเป้าหมาย", "unit": "ชุด"}, {"title": "แบบรายงานผล", "unit": "ชุด"}],
        "body": [f"ด้วยจังหวัด{province} ได้จัดทำบันทึกข้อตกลงการประเมินผลการปฏิบัติราชการ รอบการประเมินที่ 1 "
                 "ประจำปีงบประมาณ พ.ศ. 2568 เพื่อใช้เป็นกรอบในการประเมินผลการปฏิบัติราชการ จึงขอให้อำเภอดำเนินการ ดังนี้",
                 {"text": "ศึกษาตัวชี้วัดและค่าเป้าหมาย และแจ้งผู้รับผิดชอบ", "deadline": "20 มกราคม 2568", "enclosures": [1]},
                 {"text": "รายงานผลการดำเนินงานตามแบบรายงาน", "deadline": "28 มีนาคม 2568", "enclosures": [2],
                  "items": [{"text": "รายงานทุกวันที่ 5 ของเดือน"}, {"text": "รายงานรอบสุดท้าย"}]}],
        "closing": "จึงเรียนมาเพื่อโปรดพิจารณาดำเนินการ",
        "attach": ["agreement", "kpi_sheets", "guidelines", "report_forms"],
    }
    (folder / "letters" / "01-circular.yaml").write_text(yaml.safe_dump(letter, allow_unicode=True, sort_keys=False),
                                                         encoding="utf-8")
    weights = {"team": [60, 40], "individual": [20, 20, 15, 15, 15, 15]}
    for number in range(1, KPIS + 1):
        kind = "team" if number <= 2 else "individual"
        weight = weights[kind][number - 1 if kind == "team" else number - 3]
        base = [10 + (i * 7 + number) % 40 for i in range(districts)]
        target = [max(1, b // 5) for b in base]
        rows = ["อำเภอ,ฐานข้อมูล (ราย),เป้าหมาย (ราย)"] + [f"{n},{b},{t}" for n, b, t in zip(names, base, target)]
        rows.append(f"รวม,{sum(base)},{sum(target)}")
        (folder / "tables" / f"kpi-{number:02d}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        kpi = {
            "number": number, "name": f"ร้อยละความสำเร็จของการดำเนินงานตามตัวชี้วัดที่ {number}", "kind": kind,
            "strategy": "เสริมสร้างเศรษฐกิจฐานรากให้มั่นคง", "goal": "ครัวเรือนเป้าหมายมีรายได้เพิ่มขึ้น",
            "unit": "ร้อยละ", "weight": weight,
            "levels": [f"ดำเนินการได้ไม่น้อยกว่าร้อยละ {60 + 10 * i}" for i in range(5)],
            "thresholds": [60, 70, 80, 90, 100],
            "conditions": ["หากรายงานผลไม่ครบทุกเดือน หัก 1 คะแนน"],
            "rationale": "เพื่อติดตามความก้าวหน้าของการดำเนินงานตามนโยบายของกรมการพัฒนาชุมชน",
            "sources": ["แบบรายงานผลการดำเนินงานของสำนักงานพัฒนาชุมชนอำเภอ"],
            "owner": {"name": "นางสาวสมศรี ตั้งใจ", "position": "หัวหน้ากลุ่มงานส่งเสริมการพัฒนาชุมชน"},
            "definitions": ["ครัวเรือนเป้าหมาย หมายถึง ครัวเรือนที่มีรายได้ต่ำกว่าเกณฑ์ จปฐ."],
            "guideline": {"steps": [{"text": "ประชุมชี้แจงแนวทางการดำเนินงาน"}, {"text": "ติดตามและรายงานผล"}],
                          "reporting": "รายงานผลทุกวันที่ 5 ของเดือน"},
            "tables": [{"file": f"tables/kpi-{number:02d}.csv", "title": f"เป้าหมายรายอำเภอ ตัวชี้วัดที่ {number}"}],
            "report_form": {"prefilled": "เป้าหมาย (ราย)", "columns": ["ผลการดำเนินงาน", "ร้อยละ", "ระดับความสำเร็จ (1-5)"],
                            "per_district": number == 1},
        }
        (folder / "kpis" / f"kpi-{number:02d}.yaml").write_text(yaml.safe_dump(kpi, allow_unicode=True, sort_keys=False),
                                                                encoding="utf-8")


def make_national(root: Path) -> list[Path]:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for name in ("accepted-words.txt",):
        shutil.copy(PROJECT_ROOT / "kpi_data" / name, root / name)
    folders = []
    for index, (province, districts) in enumerate(zip(sorted(provinces()), district_counts())):
        folder = root / f"2568-1-p{index + 1:02d}"
        make_round(folder, province, index, districts)
        folders.append(folder)
    return folders


class MemorySampler:
    """Peak memory of this process and all it started (workers, LibreOffice), sampled 10× a second.
    Counted as PSS: a page shared by several processes is shared out between them, not counted in each."""

    def __init__(self):
        import threading

        self.peak_pss = self.peak_rss = 0.0
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while self.running:
            pss, rss = self.sample()
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
            time.sleep(0.1)

    @staticmethod
    def sample() -> tuple[float, float]:
        parents = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    pass
        family, frontier = {os.getpid()}, [os.getpid()]
        while frontier:
            parent = frontier.pop()
            for pid, ppid in parents.items():
                if ppid == parent and pid not in family:
                    family.add(pid)
                    frontier.append(pid)
        pss = rss = 0.0
        for pid in family:
            try:
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) / 1024
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1]) / 1024
            except OSError:
                pass
        return pss, rss

    def stop(self) -> None:
        self.running = False
        self.thread.join()


def plain_docxtpl(jobs, templates: Path) -> float:
    """ms per document for the loop this replaces: load the template, render, save."""
    from docx.shared import Cm
    from docxtpl import DocxTemplate, InlineImage

    from .documents.job import Image

    def materialize(value, template):
        if isinstance(value, Image):
            source = value.path if value.path is not None else io.BytesIO(value.data)
            return InlineImage(template, source, height=Cm(value.height_cm))
        if isinstance(value, dict):
            return {k: materialize(v, template) for k, v in value.items()}
        if isinstance(value, list):
            return [materialize(v, template) for v in value]
        return value

    start = time.perf_counter()
    for job in jobs:
        template = DocxTemplate(templates / job.template)
        template.render(materialize(job.context, template), autoescape=True)
        template.save(io.BytesIO())
    return (time.perf_counter() - start) * 1000 / len(jobs)


def soffice_each(docx: list[Path], out: Path) -> float:
    """Seconds to convert with one soffice start per document."""
    from .pdf import OFFICE_HOME, office_environment

    env = office_environment()  # LibreOffice writes only under .cache/, as the pool's workers do
    profile = WORK / "soffice-each-profile"
    shared = OFFICE_HOME / "uno_packages"
    shared.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for path in docx:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}",
                        f"-env:UNO_SHARED_PACKAGES_CACHE={shared.as_uri()}", "--convert-to", "pdf",
                        "--outdir", str(out), str(path)], env=env, capture_output=True, timeout=300)
    return time.perf_counter() - start


def main() -> int:
    from .build import build_round, build_rounds
    from .bundle import print_round
    from .documents import plan
    from .paths import TEMPLATES
    from .pdf import unavailable
    from .validate import validate

    cores = os.cpu_count() or 1
    print(f"เครื่อง / machine: {cores} cores, Python {sys.version.split()[0]}")
    started = time.perf_counter()
    folders = make_national(WORK / "kpi_data")
    print(f"ข้อมูลสังเคราะห์ / synthetic data: {len(folders)} provinces, {sum(district_counts())} districts, "
          f"{KPIS} KPIs each ({time.perf_counter() - started:.1f} s to write)")
    out = WORK / "output"
    if out.exists():
        shutil.rmtree(out)

    memory = MemorySampler()
    start = time.perf_counter()
    results = build_rounds(folders, out, TEMPLATES, workers=cores)
    national = time.perf_counter() - start
    failed = [r for r in results if r.failed]
    documents = sum(len(r.written) for r in results)
    if failed:
        print("FAILED rounds:", [(r.round, r.error or r.report.format()) for r in failed][:3])
        return 1
    print(f"\nชุดระดับประเทศ / national .docx batch: {documents} documents in {national:.1f} s on {cores} cores")
    print(f"  {documents / national:.1f} documents/s, {national * 1000 / documents:.1f} ms per document (wall)")

    # the plain docxtpl loop, on an even sample of the same documents
    sample = []
    for folder in folders[::8]:
        round_, _ = validate(folder, lint=False)
        sample.extend(plan(round_))
    sample = sample[:: max(1, len(sample) // 150)]
    baseline = plain_docxtpl(sample, TEMPLATES)
    ours = national * 1000 / documents
    ratio = baseline / ours
    print(f"  plain docxtpl loop (load, render, save): {baseline:.1f} ms per document over {len(sample)} documents "
          f"→ ours is {ratio:.1f}× faster")

    one = folders[0]
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        again = build_round(one, out, TEMPLATES)
        timings.append(time.perf_counter() - start)
        assert not again.written, again.written
    nochange = statistics.median(timings)
    command = [sys.executable, "-m", "generator", "--data", str(one.parent), "letters", one.name, "--output", str(out),
               "--pdf", "no"]
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    nochange_cli = time.perf_counter() - start
    print(f"\nไม่มีการแก้ไข / no-change rebuild of one province: {nochange * 1000:.0f} ms in process "
          f"(median of 5; 0 files written), {nochange_cli * 1000:.0f} ms as a command (Python start-up included)")

    kpi = one / "kpis" / "kpi-05.yaml"  # its name is printed in the agreement, the sheets, the guidelines, its form
    kpi.write_text(kpi.read_text(encoding="utf-8").replace("ตามตัวชี้วัดที่ 5", "ตามตัวชี้วัดที่ 5 (ปรับปรุง)"),
                   encoding="utf-8")
    start = time.perf_counter()
    edited = build_round(one, out, TEMPLATES)
    print(f"แก้ตัวชี้วัดที่ 5 / one KPI edited: {len(edited.written)} documents rebuilt in "
          f"{(time.perf_counter() - start) * 1000:.0f} ms: {', '.join(p.name for p in edited.written)}")

    pdf_ratio = None
    reason = unavailable()
    if reason:
        print(f"\nPDF: skipped ({reason})")
    else:
        target = out / one.name
        docx = sorted(target.glob("*.docx"))
        start = time.perf_counter()
        printed = print_round(target, workers=cores)
        pooled = time.perf_counter() - start
        assert not printed.failed, [(r.task.docx.name, r.error) for r in printed.failed]
        pages = printed.bundle_pages
        each_out = WORK / "soffice-each"
        shutil.rmtree(each_out, ignore_errors=True)
        each_out.mkdir(parents=True)
        each = soffice_each(docx, each_out)
        pdf_ratio = each / pooled
        print(f"\nPDF of one province: {len(docx)} documents, bundle {pages} pages, in {pooled:.1f} s "
              f"({len(docx) / pooled:.1f} documents/s; includes the cover sheet, bundle and preview)")
        print(f"  one soffice per document: {each:.1f} s ({len(docx) / each:.1f} documents/s) "
              f"→ ours is {pdf_ratio:.1f}× faster")

    memory.stop()
    peak = memory.peak_pss
    print(f"\nหน่วยความจำสูงสุด / peak memory, this process and all it started: {peak:.0f} MB PSS "
          f"({memory.peak_rss:.0f} MB RSS, counting shared pages once per process)")

    checks = [
        ("national .docx batch ≤ 30 s", national <= TARGETS["national_seconds"], f"{national:.1f} s"),
        ("≥ 3× the plain docxtpl loop", ratio >= TARGETS["vs_docxtpl"], f"{ratio:.1f}×"),
        ("no-change rebuild ≤ 0.5 s", nochange <= TARGETS["nochange_seconds"], f"{nochange * 1000:.0f} ms"),
        ("one edited KPI rebuilds only its documents",
         sorted(p.name for p in edited.written) == ["agreement-individual.docx", "guidelines.docx", "kpi-sheets.docx",
                                                    "report-form-kpi-05.docx"], f"{len(edited.written)} files"),
        ("PDF ≥ 5× one soffice per document", pdf_ratio is None or pdf_ratio >= TARGETS["vs_soffice"],
         "skipped" if pdf_ratio is None else f"{pdf_ratio:.1f}×"),
        ("peak memory ≤ 600 MB", peak <= TARGETS["peak_mb"], f"{peak:.0f} MB"),
    ]
    print("\nเป้าหมาย / targets:")
    for label, ok, figure in checks:
        print(f"  {'ผ่าน/pass' if ok else 'ไม่ผ่าน/FAIL'}  {label}: {figure}")
    (WORK / "results.json").write_text(json.dumps({label: figure for label, _, figure in checks}, ensure_ascii=False,
                                                  indent=2), encoding="utf-8")
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
