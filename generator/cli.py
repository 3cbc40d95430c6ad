"""The command line: ``python -m generator <command>`` (or ``cdd-letters``).

Commands are thin: they parse arguments, call the build stages and print.
"""
from __future__ import annotations

import argparse
import contextlib
import sys
import traceback
from pathlib import Path

from . import PROJECT_ROOT, __version__
from .base.errors import UserError, log_internal_error

DESCRIPTION = """\
สร้างหนังสือเวียน ตารางตัวชี้วัด และแบบรายงาน ของสำนักงานพัฒนาชุมชนจังหวัด
จากข้อมูลในโฟลเดอร์ kpi_data/<รอบ>/ และแม่แบบ Word ใน letter_templates/

Makes the circulars, KPI tables and report forms of a provincial Community
Development office from the data in kpi_data/<round>/ and the Word templates
in letter_templates/.
"""

EPILOG = """\
ตัวอย่าง / examples:
  python -m generator rounds                        รายชื่อรอบ / list the rounds
  python -m generator check 2568-1-chachoengsao     ตรวจข้อมูล / validate a round
  python -m generator letters 2568-1-chachoengsao   สร้างเอกสาร / make the documents
  python -m generator new-round 2568-1-chachoengsao 2568-2-chachoengsao
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data", type=Path, default=PROJECT_ROOT / "kpi_data",
                        help="โฟลเดอร์ข้อมูล / data folder (default: kpi_data)")
    parser.add_argument("--register", type=Path, default=None,
                        help="ไฟล์ทะเบียนหนังสือส่ง / the register database (default: data/register.sqlite3, or $CDD_REGISTER)")
    commands = parser.add_subparsers(dest="command", metavar="<command>")

    commands.add_parser("rounds", help="รายชื่อรอบที่มีข้อมูล / list the rounds in the data folder")

    letters = commands.add_parser("letters", help="สร้างเอกสารทั้งหมดของรอบ / make every document of a round")
    letters.add_argument("round", nargs="?", help="ชื่อรอบ หรือ all / round name, or all (default: kpi_data/settings.yaml)")
    letters.add_argument("--output", type=Path, default=None, help="โฟลเดอร์ผลลัพธ์ / output folder (default: output)")
    letters.add_argument("--pdf", choices=("auto", "yes", "no"), default="auto",
                         help="สร้าง PDF ด้วย (auto: เมื่อมี LibreOffice) / make PDFs too (auto: when LibreOffice is there)")
    letters.add_argument("--workers", type=int, default=None, help="จำนวน LibreOffice พร้อมกัน / parallel LibreOffice processes")
    letters.add_argument("--reissue", metavar="เหตุผล/REASON",
                         help="ออกเลขใหม่ให้หนังสือที่ส่งแล้วแต่เนื้อหาเปลี่ยน / new numbers for issued letters that changed")

    printing_ = commands.add_parser("print", help="สร้างเอกสาร แล้วทำ PDF ชุดพิมพ์รวม / make the documents, their PDFs and the print bundle")
    printing_.add_argument("round", nargs="?", help="ชื่อรอบ หรือ all / round name, or all")
    printing_.add_argument("--output", type=Path, default=None)
    printing_.add_argument("--workers", type=int, default=None)
    printing_.add_argument("--reissue", metavar="เหตุผล/REASON")

    check = commands.add_parser("check", help="ตรวจข้อมูลของรอบ / validate a round's data")
    check.add_argument("round", nargs="?", help="ชื่อรอบ หรือ all / round name, or all (default: kpi_data/settings.yaml)")
    check.add_argument("--no-lint", action="store_true", help="ไม่ตรวจคำสะกด / skip the spelling lint")

    results = commands.add_parser("results", help="อ่านแบบรายงานที่ส่งกลับ คิดคะแนน และสรุปผล / read returned forms, score, summarise")
    results.add_argument("round", nargs="?", help="ชื่อรอบ / round name (default: kpi_data/settings.yaml)")
    results.add_argument("--output", type=Path, default=None, help="โฟลเดอร์ผลลัพธ์ / output folder (default: output)")
    results.add_argument("--pdf", choices=("auto", "yes", "no"), default="auto",
                         help="สร้าง PDF ด้วย (auto: เมื่อมี LibreOffice) / make PDFs too (auto: when LibreOffice is there)")
    results.add_argument("--workers", type=int, default=None)

    scaffold = commands.add_parser("new-round", help="เริ่มรอบใหม่จากรอบเดิม / start a round from an earlier one")
    scaffold.add_argument("source", help="รอบเดิม / the round to start from")
    scaffold.add_argument("target", help="ชื่อรอบใหม่ เช่น 2568-2-chachoengsao / the new round's name")

    register = commands.add_parser("register", help="ทะเบียนหนังสือส่ง / the outgoing letter register")
    actions = register.add_subparsers(dest="action", metavar="<action>", required=True)
    listing = actions.add_parser("list", help="รายการในทะเบียน / list the entries")
    listing.add_argument("--year", type=int, help="ปี พ.ศ. / calendar year (BE)")
    show = actions.add_parser("show", help="รายละเอียดหนึ่งรายการ / one entry")
    show.add_argument("key", help="เลขรายการ หรือ เช่น 'ว 226/2568' / entry id, or e.g. 'ว 226/2568'")
    issue = actions.add_parser("issue", help="บันทึกว่าลงนามและส่งแล้ว / mark a letter signed and sent")
    issue.add_argument("round", help="ชื่อรอบ / round")
    issue.add_argument("letter", help="ชื่อไฟล์หนังสือ เช่น 01-circular / the letter's file name")
    issue.add_argument("--date", help="วันที่ลงนาม เมื่อหนังสือลงไว้เฉพาะเดือนและปี / the day signed, when the letter "
                                      "gives month and year only")
    void = actions.add_parser("void", help="ยกเลิกเลข / void a number")
    void.add_argument("key")
    void.add_argument("--reason", required=True, help="เหตุผล / reason")
    export = actions.add_parser("export", help="ส่งออก .csv หรือ .xlsx ลงใน output/ / export to .csv or .xlsx, in output/")
    export.add_argument("file", type=Path, nargs="?", default=Path("ทะเบียนหนังสือส่ง.xlsx"),
                        help="ชื่อไฟล์ (ไว้ใน output/ เว้นแต่ระบุเต็ม) / file name (in output/ unless absolute)")
    export.add_argument("--year", type=int)
    printing = actions.add_parser("print", help="พิมพ์ทะเบียนเป็น .docx และ PDF ลงใน output/ / the register as a .docx and a PDF, in output/")
    printing.add_argument("file", type=Path, nargs="?", default=None,
                          help="ชื่อไฟล์ (ไว้ใน output/ เว้นแต่ระบุเต็ม) / file name (in output/ unless absolute)")
    printing.add_argument("--year", type=int)
    backup = actions.add_parser("backup", help="สำรองฐานข้อมูลลงใน output/ / back up the database, into output/")
    backup.add_argument("file", type=Path)
    start = actions.add_parser("start", help="ตั้งเลขถัดไปเมื่อย้ายจากสมุดทะเบียน / set the next number, moving from the paper book")
    start.add_argument("--office", required=True, help="เช่น 'ฉช 0018' / e.g. 'ฉช 0018'")
    start.add_argument("--year", type=int, required=True, help="ปี พ.ศ. / calendar year (BE)")
    start.add_argument("--next", type=int, required=True, help="เลขถัดไป / the next number")
    start.add_argument("--circular", action="store_true", help="ชุดเลข ว (หนังสือเวียน) / the ว series")

    templates = commands.add_parser("templates", help="แม่แบบ Word / the Word templates")
    templates.add_argument("--restore", action="store_true",
                           help="เขียนแม่แบบต้นฉบับทับ (ไฟล์เดิมเก็บเป็น .bak) / write the original templates back (old ones kept as .bak)")
    templates.add_argument("--guide", action="store_true",
                           help="สร้าง letter_templates/GUIDE.md ใหม่ / regenerate letter_templates/GUIDE.md")

    filters = commands.add_parser("filters", help="ตัวกรองสำหรับแม่แบบ พร้อมตัวอย่าง / template filters with examples")
    filters.add_argument("--markdown", action="store_true", help="เป็นตาราง Markdown / as a Markdown table")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return _run(args)
    except UserError as error:
        print(error.message, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("ยกเลิก / interrupted", file=sys.stderr)
        return 130
    except Exception:  # a defect, not the user's mistake: keep the details out of their way
        log = log_internal_error(traceback.format_exc())
        print(
            "เกิดข้อผิดพลาดภายในโปรแกรม กรุณาแจ้งผู้ดูแลพร้อมไฟล์ " + log + "\n"
            "Internal error: please send " + log + " to the maintainers.",
            file=sys.stderr,
        )
        return 2


def _run(args: argparse.Namespace) -> int:
    if args.command == "filters":
        from .guide import filter_table

        print(filter_table(markdown=args.markdown))
        return 0
    if args.command == "letters":
        return _letters(args)
    if args.command == "print":
        args.pdf = "yes"
        return _letters(args)
    if args.command == "check":
        return _check(args)
    if args.command == "results":
        return _results(args)
    if args.command == "register":
        return _register(args)
    if args.command == "templates":
        return _templates(args)
    if args.command == "new-round":
        from .reading.safety import is_folder_name, round_name_error
        from .build.new_round import new_round

        for name in (args.source, args.target):
            if not is_folder_name(name):
                raise round_name_error(name)
        for line in new_round(args.data / args.source, args.data / args.target):
            print(line)
        print(f"สร้างรอบ {args.target} แล้ว ตรวจด้วย make check ROUND={args.target} / "
              f"made {args.target}: check it with make check ROUND={args.target}")
        return 0
    if args.command == "rounds":
        for folder in sorted(p for p in args.data.iterdir() if (p / "round.yaml").is_file()):
            print(folder.name)
        return 0
    raise AssertionError(f"unhandled command {args.command}")


INCOMPLETE = 3  # make results: results made for the districts that are in, not for all: a draft to finish


def _shown(path: Path) -> str:
    """A path as a summary prints it: relative to where the command was run when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _count(number: int, noun: str) -> str:
    """English counts with their plural: 1 warning, 2 warnings.

    >>> _count(1, "warning"), _count(0, "error"), _count(2, "entry")
    ('1 warning', '0 errors', '2 entries')
    """
    if number == 1:
        return f"1 {noun}"
    return f"{number} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"


def _check(args: argparse.Namespace) -> int:
    from .checking.validate import resolve_rounds, validate

    failed = False
    for folder in resolve_rounds(args.data, args.round):
        _, report = validate(folder, lint=not args.no_lint)
        if report.diagnostics:
            print(report.format(Path.cwd()))
        errors, warnings = len(report.errors), len(report.warnings)
        status = "ผ่าน / passed" if not errors else "ไม่ผ่าน / failed"
        print(f"{folder.name}: {status} — ข้อผิดพลาด {errors} คำเตือน {warnings} / "
              f"{_count(errors, 'error')}, {_count(warnings, 'warning')}")
        failed |= bool(errors)
    return 1 if failed else 0


def _results(args: argparse.Namespace) -> int:
    from .base.paths import OUTPUT
    from .results.summary import build_results
    from .checking.validate import resolve_rounds

    output = args.output or OUTPUT
    failed = incomplete = False
    for folder in resolve_rounds(args.data, args.round):
        result = build_results(folder, output)
        if result.report.diagnostics:
            print(result.report.format(Path.cwd()))
        if result.failed:
            print(f"{folder.name}: ไม่ได้สรุปผล ผลเดิมยังอยู่ / no results written, the previous ones are kept", file=sys.stderr)
            failed = True
            continue
        print(f"{folder.name}: ผลการประเมิน เขียน {len(result.written)} ไม่เปลี่ยน {len(result.unchanged)} ใน {_shown(result.target)} / "
              f"results: {len(result.written)} written, {len(result.unchanged)} unchanged")
        if result.incomplete:
            incomplete = True
            print(f"{folder.name}: ผลยังไม่ครบ สรุปผลและหนังสือแจ้งผลพิมพ์เป็นร่าง / incomplete: the summary and the "
                  f"circular print as drafts (ร่าง) until every district is in or listed under not_reporting", file=sys.stderr)
            for line in result.missing:
                print(f"  {line}", file=sys.stderr)
        for path in result.written:
            print(f"  {path.name}")
        for form in result.forms:
            best = sorted(form.scores, key=lambda d: form.ranks[d])[:3]
            print(f"  {form.title}: " + ", ".join(f"{form.ranks[d]}. {d} {form.scores[d]}" for d in best
                                                   if form.scores[d] is not None))
        if args.pdf != "no":
            failed |= not _pdf(args, result.target, result.report)
    return 1 if failed else INCOMPLETE if incomplete else 0


def _letters(args: argparse.Namespace) -> int:
    from .build import stamp
    from .base.paths import OUTPUT, TEMPLATES

    output = args.output or OUTPUT
    inputs = None
    if args.reissue is None and args.round != "all":  # checked before anything heavy is loaded
        folder = _round_named(args.data, args.round)
        if folder is not None:
            try:
                inputs = stamp.fingerprint(args.data, folder, TEMPLATES, stamp.default_register(args.register),
                                           _stamp_options(args, output))
            except OSError:  # a folder gone or unreadable: the full build says what is wrong
                inputs = None
            summary = stamp.unchanged_summary(output / folder.name, inputs)
            if summary is not None:
                _print_unchanged(folder.name, output / folder.name, summary)
                return 0

    totals = {"written": 0, "unchanged": 0, "failed": 0}
    with contextlib.ExitStack() as stack:
        # one round is built in this process: LibreOffice starts on the other core meanwhile (several rounds are
        # built by forked processes, which must not inherit its threads and pipes: it starts after them)
        pool = _office_pool(args, stack, warm=True) if args.round != "all" else None

        from .build.stages import build_rounds
        from .base.progress import Progress
        from .checking.validate import resolve_rounds

        folders = resolve_rounds(args.data, args.round)
        if len(folders) != 1 or inputs is None or folders[0] != _round_named(args.data, args.round):
            inputs = None
        with Progress(len(folders), "สร้างเอกสาร / building") as progress:
            results = build_rounds(folders, output, workers=args.workers, progress=progress.advance,
                                   register_path=args.register, reissue=args.reissue)
        if pool is None:
            pool = _office_pool(args, stack)
        failed = _report_rounds(args, results, output, inputs, totals, pool)
    if len(results) > 1:
        print(f"รวม / total: เขียน {totals['written']} ไม่เปลี่ยน {totals['unchanged']} รอบที่ผิดพลาด {totals['failed']} / "
              f"{totals['written']} written, {totals['unchanged']} unchanged, {totals['failed']} rounds failed")
    return 1 if failed else 0


def _report_rounds(args: argparse.Namespace, results, output: Path, inputs, totals: dict, pool) -> bool:
    """Say what the build of each round wrote, and print it (``pool``: LibreOffice shared by the rounds);
    whether any round failed."""
    from .build import stamp

    failed = False
    for result in results:
        if result.report.diagnostics:
            print(result.report.format(Path.cwd()))
        if result.error:
            print(f"{result.round}: {result.error}", file=sys.stderr)
        if result.failed:
            print(f"{result.round}: ไม่ได้สร้างเอกสาร เอกสารเดิมยังอยู่ / nothing written, the previous output is kept",
                  file=sys.stderr)
            failed = True
            totals["failed"] += 1
            continue
        where = output / result.round
        totals["written"] += len(result.written)
        totals["unchanged"] += len(result.unchanged)
        print(f"{result.round}: เขียน {len(result.written)} ไม่เปลี่ยน {len(result.unchanged)} ใน {_shown(where)} / "
              f"{len(result.written)} written, {len(result.unchanged)} unchanged")
        for path in result.written:
            print(f"  {path.name}")
        for name in result.removed:
            print(f"  ลบ / removed {name}")
        for number in result.numbers:
            print(f"  เลขจากทะเบียน / number taken: {number}")
        for series, start in result.new_series:
            print(f"  ใช้เลขชุด {series} ครั้งแรกในทะเบียนนี้ จึงเริ่มที่ ๑ ถ้าสมุดทะเบียนเดิมใช้ไปถึงเลขอื่นแล้ว "
                  f"ให้ยกเลิกเลขนี้ (register void) แล้วตั้งเลขถัดไป: {start} แล้วสร้างใหม่\n"
                  f"  first use of {series} in this register, so it starts at 1: if the paper book is further on, "
                  f"void this number, set the next one with the command above, and build again")
        summary = {"documents": len(result.written) + len(result.unchanged),
                   "report": result.report.format(Path.cwd()) if result.report.diagnostics else ""}
        stamp.forget(where)
        if args.pdf != "no":
            ok = _pdf(args, where, result.report, summary, pool)
            failed |= not ok
        else:
            ok = True
        if ok and inputs is not None and not result.numbers:
            stamp.write(where, inputs, summary)
    return failed


def _round_named(data: Path, name: str | None) -> Path | None:
    """The folder of a round named on the command line, or of kpi_data/settings.yaml's
    default_round, found without loading the program; None when only validation can tell."""
    if not name:
        try:
            import yaml

            name = yaml.safe_load((data / "settings.yaml").read_text(encoding="utf-8")).get("default_round")
        except Exception:  # the full path reads it again and says what is wrong
            return None
    if not isinstance(name, str) or not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    folder = data / name
    return folder if (folder / "round.yaml").is_file() else None


def _stamp_options(args: argparse.Namespace, output: Path) -> dict:
    """The options a build's output depends on (not --workers), and where its messages point from."""
    import shutil

    from .base.paths import UNO_PYTHON
    from .build.stamp import default_register

    return {"command": args.command, "round": args.round, "data": str(args.data.resolve()),
            "output": str(output.resolve()), "pdf": args.pdf, "cwd": str(Path.cwd()),
            "register": str(default_register(args.register).resolve()),
            # "auto" makes PDFs once LibreOffice is installed
            "soffice": shutil.which("soffice"), "uno": UNO_PYTHON.exists(), "fonts": _font_files(args)}


def _font_files(args: argparse.Namespace) -> list | None:
    """The fonts the PDFs are set in (fetched or the office's own): a change makes the PDFs again."""
    if args.pdf == "no":
        return None
    from .base import fonts
    from .build.stamp import tree

    return [tree(fonts.CACHE), tree(fonts.USER_FONTS)]


def _print_unchanged(name: str, where: Path, summary: dict) -> None:
    """What a build that changed nothing prints, from the last build's stamp."""
    if summary.get("report"):
        print(summary["report"])
    count = summary.get("documents", 0)
    print(f"{name}: เขียน 0 ไม่เปลี่ยน {count} ใน {_shown(where)} / 0 written, {count} unchanged")
    pdf = summary.get("pdf")
    if not pdf:
        return
    if pdf.get("skipped"):
        print(f"ข้าม PDF / PDF skipped: {pdf['skipped']}")
        return
    if pdf.get("font_warning"):
        print(pdf["font_warning"])
    print(f"PDF: สร้าง 0 ข้าม {pdf['made']} (ไม่เปลี่ยน) / 0 made, {pdf['made']} unchanged")
    print(f"  {_shown(where / pdf['bundle'])}: {pdf['bundle_pages']} หน้า / pages")
    print(f"  {_shown(where / 'index.html')}")
    for line in pdf.get("preflight", []):
        print(line)


def _pdf(args: argparse.Namespace, where: Path, report, summary: dict | None = None, pool=None) -> bool:
    """Print one round; ``pool``: LibreOffice kept open for the command's other rounds (:func:`_office_pool`)."""
    from .printing.bundle import BUNDLE, print_round
    from .printing.pdf import unavailable

    summary = {} if summary is None else summary
    reason = unavailable()
    if reason:
        if args.pdf == "yes":
            raise UserError(f"สร้าง PDF ไม่ได้: {reason}", f"cannot make PDF: {reason}")
        print(f"ข้าม PDF / PDF skipped: {reason}")
        summary["pdf"] = {"skipped": reason}
        return True
    result = print_round(where, report, workers=args.workers, pool=pool)
    made = [r for r in result.converted if not r.error]
    if result.font_warning:
        print(f"คำเตือน/warning W810: {result.font_warning[0]}\n    {result.font_warning[1]}")
    print(f"PDF: สร้าง {len(made)} ข้าม {len(result.skipped)} (ไม่เปลี่ยน) / {len(made)} made, {len(result.skipped)} unchanged")
    for failure in result.failed:
        print(f"  ผิดพลาด / failed: {failure.task.docx.name}: {failure.error}", file=sys.stderr)
    if result.failed:
        print("  ชุดพิมพ์รวมเดิมยังอยู่ / the previous print bundle is kept", file=sys.stderr)
        return False
    print(f"  {_shown(where / BUNDLE)}: {result.bundle_pages} หน้า / pages")
    print(f"  {_shown(where / 'index.html')}")
    preflight = []
    ok = _preflight_summary(result, preflight)
    summary["pdf"] = {"made": len(made) + len(result.skipped), "bundle": BUNDLE, "bundle_pages": result.bundle_pages,
                      "preflight": preflight, "font_warning": f"คำเตือน/warning W810: {result.font_warning[0]}\n    "
                                                               f"{result.font_warning[1]}" if result.font_warning else ""}
    return ok


def _office_pool(args: argparse.Namespace, stack: contextlib.ExitStack, warm: bool = False):
    """LibreOffice for every round the command prints, started now in the background (each start costs about half
    a second of both cores); ``warm``: each worker also prints a small document, while the build renders
    (:meth:`Worker.warm_up`). None when no PDF is to be made. It is stopped when the command ends, at once even
    while it starts, so that a round that fails to build is not kept waiting."""
    if args.pdf == "no":
        return None
    from .printing.pdf import Pool, unavailable

    if unavailable():
        return None
    pool = stack.enter_context(Pool(args.workers, kept=True))
    pool.start_soon(pool.size, warm=warm)
    return pool


def _preflight_summary(result, lines: list[str] | None = None) -> bool:
    """The preflight's findings per document; False when a letter's signature block is split.
    ``lines``, when given, receives the findings as printed (a rebuild that changes nothing repeats them)."""
    findings = [(name, f) for name, found in result.preflight.items() for f in found]
    checked, documents = len(result.preflight), sum(1 for found in result.preflight.values() if found)
    counts = (f"ตรวจ {checked} เอกสาร พบ {len(findings)} รายการ ใน {documents} เอกสาร / "
              f"{_count(checked, 'document')} checked, {_count(len(findings), 'finding')} in {documents}")
    timing = (f" (its checks {result.preflight_work:.1f} s, mostly while LibreOffice converted; "
              f"{result.preflight_seconds:.1f} s added to PDF {result.pdf_seconds:.1f} s)") if result.pdf_seconds >= 0.05 else ""
    print(f"ตรวจก่อนพิมพ์ / preflight: {counts}{timing}")
    for name in getattr(result, "set_again", []):
        print(f"  จัดบรรทัดใหม่โดยเว้นท้ายบรรทัดมากขึ้น เพราะ LibreOffice ตัดบรรทัดต่างจากที่จัดไว้ / set again with more "
              f"room at each line's end, LibreOffice having set its lines otherwise: {Path(name).with_suffix('.pdf')}")
    figures = _preflight_figures([f for _, f in findings], getattr(result, "bundle_pages", 0) or 0)
    print(figures)
    if lines is not None:
        lines.append(f"ตรวจก่อนพิมพ์ / preflight: {counts} (ไม่เปลี่ยน / unchanged)")
        lines.append(figures)
    for name, finding in findings:
        line = "  " + finding.format(str(Path(name).with_suffix(".pdf"))).replace("\n", "\n  ")
        print(line)
        if lines is not None:
            lines.append(line)
    errors = [name for name, finding in findings if finding.error]
    if errors:
        print(f"  หน้าที่ต้องจัดใหม่ก่อนส่งลงนาม (ส่วนลงนามแยกหน้า สระแยกจากตัวอักษร หรือช่องว่างกว้าง): "
              f"{', '.join(sorted(set(errors)))} / pages to set again before signing (a split signature block, "
              f"a mark apart from its letter or a wide gap)", file=sys.stderr)
    return not errors


def _preflight_figures(findings, pages: int) -> str:
    """What a clerk checks on every page, counted: marks apart from their letters, gaps over 7 pt,
    lines ending after ไม่, compound words cut (and per 10 pages), pages more than a third empty.

    >>> from generator.printing.preflight import Finding
    >>> print(_preflight_figures([Finding("P115", 1, "ธรรมาภิ|บาล")], 20))
      สระแยก 0 · ช่องว่างเกิน ๗ pt 0 · ตัดหลัง ไม่ 0 · ตัดคำประสม 1 (0.5 ต่อ 10 หน้า) · หน้าว่างเกิน ⅓ 0 / detached marks 0, gaps over 7 pt 0, breaks after ไม่ 0, compound cuts 1 (0.5 per 10 pages), pages over ⅓ empty 0
    """
    count = {code: sum(1 for f in findings if f.code == code) for code in ("P112", "P113", "P114", "P115", "P116")}
    per_ten = f"{10 * count['P115'] / pages:.1f}" if pages else "-"
    return (f"  สระแยก {count['P112']} · ช่องว่างเกิน ๗ pt {count['P113']} · ตัดหลัง ไม่ {count['P114']} · "
            f"ตัดคำประสม {count['P115']} ({per_ten} ต่อ 10 หน้า) · หน้าว่างเกิน ⅓ {count['P116']} / "
            f"detached marks {count['P112']}, gaps over 7 pt {count['P113']}, breaks after ไม่ {count['P114']}, "
            f"compound cuts {count['P115']} ({per_ten} per 10 pages), pages over ⅓ empty {count['P116']}")


def _templates(args: argparse.Namespace) -> int:
    import shutil

    from .guide import sample_contexts, template_guide
    from .base.paths import TEMPLATES
    from .documents.stock_templates import STOCK, write_stock_templates

    if args.restore:
        for name in STOCK:
            if (TEMPLATES / name).exists():
                shutil.copy2(TEMPLATES / name, TEMPLATES / f"{name}.bak")
        for path in write_stock_templates(TEMPLATES):
            print(f"เขียนแม่แบบ / wrote {path}")
    if args.guide or not args.restore:
        guide = TEMPLATES / "GUIDE.md"
        guide.write_text(template_guide(sample_contexts(args.data)), encoding="utf-8")
        print(f"เขียนคู่มือ / wrote {guide}")
    return 0


def _register(args: argparse.Namespace) -> int:
    from .register.store import Register

    with Register(args.register) as register, register.errors():
        return _register_action(args, register)


def _register_pdf(docx: Path) -> None:
    """The printed register as a PDF beside its .docx: a clerk prints the PDF. Without LibreOffice, the .docx only."""
    from .printing import pdf

    reason = pdf.unavailable()
    if reason:
        print(f"ข้าม PDF / PDF skipped: {reason}")
        return
    [result] = pdf.convert([pdf.PdfTask(docx, docx.with_suffix(".pdf"), markers=False)], workers=1)
    if result.error:
        raise UserError(f"ทำ PDF ของทะเบียนไม่ได้: {result.error}", f"the register's PDF failed: {result.error}")
    print(f"เขียน {_shown(result.task.pdf)} แล้ว ({result.pages} หน้า) / wrote {_shown(result.task.pdf)} "
          f"({_count(result.pages, 'page')})")


def _in_output(file: Path) -> Path:
    """Where a register export, print or backup goes: a relative name lands in output/ (ignored by git)."""
    from .base.paths import OUTPUT

    target = file if file.is_absolute() else OUTPUT / file
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _year_entries(register, year: int | None) -> list:
    from .thai import with_digits

    entries = register.entries(year)
    if not entries:
        raise UserError(f"ทะเบียนไม่มีรายการในปี {with_digits(str(year))} ({register.path}) ปีของเลขคือปี พ.ศ. ตามวันที่หนังสือ"
                        if year else f"ทะเบียนยังไม่มีรายการ ({register.path})",
                        f"the register has no entries{f' in {year}' if year else ''} ({register.path})"
                        + (": a number belongs to the year (BE) of its letter's date" if year else ""))
    return entries


def _register_action(args: argparse.Namespace, register) -> int:
    from . import ooxml
    from .base.paths import OUTPUT
    from .register.exports import export_csv, export_xlsx, print_docx
    from .register.store import COLUMNS_TH, text_hash

    if args.action == "list":
        if args.year is None and not register.entries():
            print(f"ทะเบียนยังไม่มีรายการ / the register has no entries yet ({register.path})")
            return 0
        entries = _year_entries(register, args.year)
        print(" | ".join(["รายการ"] + COLUMNS_TH))
        for entry in entries:
            print(" | ".join([str(entry.id)] + entry.row()))
    elif args.action == "show":
        entry = register.find(args.key)
        for label, value in zip(["รายการ/id"] + COLUMNS_TH + ["สถานะ/status", "หนังสือ/letter"],
                                [entry.id] + entry.row() + [entry.status, entry.letter_key or "-"]):
            print(f"{label}: {value}")
    elif args.action == "issue":
        entry = register.live(f"{args.round}/{args.letter}")
        if entry is None:
            raise UserError(f"หนังสือ {args.round}/{args.letter} ยังไม่มีเลขจากทะเบียน (ใช้ number: auto แล้วสร้างเอกสาร)",
                            f"{args.round}/{args.letter} has no number from the register (use number: auto and build)")
        document = OUTPUT / args.round / f"letter-{args.letter}.docx"
        if not document.is_file():
            raise UserError(f"ยังไม่ได้สร้าง {document}", f"{document} has not been made yet: run make letters")
        signed = None
        if args.date:
            from .thai import parse_thai_date

            try:
                signed = parse_thai_date(args.date)
            except ValueError as error:
                raise UserError(f"วันที่ลงนาม --date: {error}", f"--date: {error}") from None
        entry = register.mark_issued(entry.id, text_hash(ooxml.paragraph_texts(document.read_bytes())), signed)
        print(f"บันทึกการส่งหนังสือ ที่ {entry.number_text} แล้ว / {entry.number_text} marked issued")
    elif args.action == "void":
        entry = register.void(register.find(args.key).id, args.reason)
        print(f"ยกเลิกเลข {entry.number_text} แล้ว / {entry.number_text} voided: {entry.reason}")
    elif args.action == "export":
        suffix = args.file.suffix.lower()
        if suffix not in (".xlsx", ".csv"):
            raise UserError("ส่งออกได้เฉพาะ .csv หรือ .xlsx", "export to a .csv or .xlsx file")
        entries = _year_entries(register, args.year)
        target = _in_output(args.file)
        (export_xlsx if suffix == ".xlsx" else export_csv)(entries, target)
        print(f"ส่งออก {len(entries)} รายการ ไปยัง {_shown(target)} / exported {_count(len(entries), 'entry')} "
              f"to {_shown(target)}")
    elif args.action == "print":
        entries = _year_entries(register, args.year)
        file = args.file or Path(f"ทะเบียนหนังสือส่ง{f'-{args.year}' if args.year else ''}.docx")
        target = _in_output(file)
        print_docx(entries, target, entries[0].office, args.year)
        print(f"เขียน {_shown(target)} แล้ว / wrote {_shown(target)}")
        _register_pdf(target)
    elif args.action == "backup":
        target = _in_output(args.file)
        register.backup(target)
        print(f"สำรองไว้ที่ {_shown(target)} / backed up to {_shown(target)}")
    elif args.action == "start":
        register.set_start(args.office, args.circular, args.year, args.next)
        print(f"เลขถัดไปของ {args.office} {'ว ' if args.circular else ''}ปี {args.year}: {args.next}")
    return 0
