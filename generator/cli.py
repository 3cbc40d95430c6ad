"""The command line: ``python -m generator <command>`` (or ``cdd-letters``).

Commands are thin: they parse arguments, call the build stages and print.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import traceback
from pathlib import Path

from . import PROJECT_ROOT, __version__
from .errors import UserError

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
    commands = parser.add_subparsers(dest="command", metavar="<command>")

    commands.add_parser("rounds", help="รายชื่อรอบที่มีข้อมูล / list the rounds in the data folder")

    letters = commands.add_parser("letters", help="สร้างเอกสารทั้งหมดของรอบ / make every document of a round")
    letters.add_argument("round", nargs="?", help="ชื่อรอบ หรือ all / round name, or all (default: kpi_data/settings.yaml)")
    letters.add_argument("--output", type=Path, default=None, help="โฟลเดอร์ผลลัพธ์ / output folder (default: output)")

    check = commands.add_parser("check", help="ตรวจข้อมูลของรอบ / validate a round's data")
    check.add_argument("round", nargs="?", help="ชื่อรอบ หรือ all / round name, or all (default: kpi_data/settings.yaml)")
    check.add_argument("--no-lint", action="store_true", help="ไม่ตรวจคำสะกด / skip the spelling lint")

    scaffold = commands.add_parser("new-round", help="เริ่มรอบใหม่จากรอบเดิม / start a round from an earlier one")
    scaffold.add_argument("source", help="รอบเดิม / the round to start from")
    scaffold.add_argument("target", help="ชื่อรอบใหม่ เช่น 2568-2-chachoengsao / the new round's name")

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
        log = PROJECT_ROOT / ".cache" / "last-error.txt"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(f"{dt.datetime.now().isoformat()}\n{traceback.format_exc()}", encoding="utf-8")
        print(
            "เกิดข้อผิดพลาดภายในโปรแกรม กรุณาแจ้งผู้ดูแลพร้อมไฟล์ " + str(log) + "\n"
            "Internal error: please send " + str(log) + " to the maintainers.",
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
    if args.command == "check":
        return _check(args)
    if args.command == "templates":
        return _templates(args)
    if args.command == "new-round":
        from .scaffold import new_round

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


def _check(args: argparse.Namespace) -> int:
    from .validate import resolve_rounds, validate

    failed = False
    for folder in resolve_rounds(args.data, args.round):
        _, report = validate(folder, lint=not args.no_lint)
        if report.diagnostics:
            print(report.format(Path.cwd()))
        errors, warnings = len(report.errors), len(report.warnings)
        status = "ผ่าน / passed" if not errors else "ไม่ผ่าน / failed"
        print(f"{folder.name}: {status} — ข้อผิดพลาด {errors} คำเตือน {warnings} / {errors} errors, {warnings} warnings")
        failed |= bool(errors)
    return 1 if failed else 0


def _letters(args: argparse.Namespace) -> int:
    from .build import build_round
    from .paths import OUTPUT
    from .validate import resolve_rounds

    failed = False
    output = args.output or OUTPUT
    for folder in resolve_rounds(args.data, args.round):
        try:
            result = build_round(folder, output)
        except UserError as error:
            print(f"{folder.name}: {error.message}", file=sys.stderr)
            print(f"{folder.name}: ไม่ได้สร้างเอกสาร เอกสารเดิมยังอยู่ / nothing written, the previous output is kept",
                  file=sys.stderr)
            failed = True
            continue
        if result.report.diagnostics:
            print(result.report.format(Path.cwd()))
        if result.failed:
            print(f"{folder.name}: ข้อมูลมีข้อผิดพลาด ไม่ได้สร้างเอกสาร / the data has errors: nothing written")
            failed = True
            continue
        where = output / folder.name
        print(f"{folder.name}: สร้างเอกสาร {len(result.written)} ฉบับใน {where} / {len(result.written)} documents in {where}")
        for path in result.written:
            print(f"  {path.name}")
    return 1 if failed else 0


def _templates(args: argparse.Namespace) -> int:
    import shutil

    from .guide import sample_contexts, template_guide
    from .paths import TEMPLATES
    from .stock_templates import STOCK, write_stock_templates

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
