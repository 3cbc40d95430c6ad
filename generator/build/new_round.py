"""``new-round``: start a round from the last one.

The folder is copied with its comments kept (ruamel.yaml round-trips YAML), the
period moves to the next round, letter numbers, dates and deadlines are cleared
(the register gives new numbers), the round becomes a draft, and the columns a
table marks as ``results`` are emptied. The districts' returned forms (``results/``), backups and
lock files stay behind; the summary lists what was copied and what was not. A cleared deadline stays as an empty
``deadline:`` for the check to ask for, and the summary lists every text that
still names the last round's dates or fiscal year.
"""
from __future__ import annotations

import csv
import fnmatch
import io
import re
import shutil
import tempfile
from pathlib import Path

from ruamel.yaml import YAML

from ..base.diagnostics import Report
from ..base.errors import UserError
from ..reading.load import read_table
from ..base.paths import RETURNS
from ..reading.safety import is_folder_name, round_name_error
from ..thai import round_period, thai_date_range
from ..checking.validate import validate

NAME = re.compile(r"^(\d{4})-([12])\b")


def next_period(fiscal_year: int, number: int) -> tuple[int, int]:
    """
    >>> next_period(2568, 1)
    (2568, 2)
    >>> next_period(2568, 2)
    (2569, 1)
    """
    return (fiscal_year, 2) if number == 1 else (fiscal_year + 1, 1)


def new_round(source: Path, target: Path) -> list[str]:
    """Make ``target`` from ``source``; returns what was changed, for the user."""
    if not (is_folder_name(target.name) and target.parent.resolve() == source.parent.resolve()):
        raise round_name_error(str(target.name))  # a new round sits beside the old one, never elsewhere
    if not (source / "round.yaml").is_file():
        raise UserError(f"ไม่พบรอบต้นทาง '{source.name}'", f"source round '{source.name}' not found")
    if target.exists():
        raise UserError(f"มีโฟลเดอร์ '{target.name}' อยู่แล้ว จะไม่เขียนทับ",
                        f"'{target.name}' already exists: it is not overwritten")
    source_round, report = validate(source, lint=False)
    if source_round is None:
        raise UserError(f"รอบต้นทางมีข้อผิดพลาด ให้แก้ก่อน (make check ROUND={source.name})",
                        f"the source round has errors: fix them first (make check ROUND={source.name})")

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    changes: list[str] = []
    # build in a temporary folder beside the target, then rename: no half-made round is left behind
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        work = staging / target.name
        left_out: list[str] = []
        shutil.copytree(source, work, ignore=_not_data(source, left_out))
        copied = sorted(str(p.relative_to(work)) for p in work.rglob("*") if p.is_file())
        changes.append(f"คัดลอก {len(copied)} ไฟล์ / copied {len(copied)} file(s): " + ", ".join(copied))
        if left_out:
            changes.append("ไม่คัดลอก (ไม่ใช่ข้อมูลของรอบใหม่) / not copied (not the new round's data): "
                           + ", ".join(left_out))

        round_path = work / "round.yaml"
        data = yaml.load(round_path.read_text(encoding="utf-8"))
        period = data["round"]
        named = NAME.match(target.name)
        fiscal_year, number = (int(named.group(1)), int(named.group(2))) if named else \
            next_period(int(period["fiscal_year"]), int(period["number"]))
        period["fiscal_year"], period["number"] = fiscal_year, number
        for key in ("start", "end"):
            if key in period:
                del period[key]
        period["draft"] = True
        start, end = round_period(fiscal_year, number)
        period.ca.items.pop("number", None)  # the old comment names the old period
        period.yaml_add_eol_comment(thai_date_range(start, end, "arabic"), "number", column=31)
        _dump(yaml, data, round_path)
        changes.append(f"round.yaml: รอบที่ {number}/{fiscal_year} (ร่าง) / round {number} of {fiscal_year}, draft")

        for path in sorted((work / "letters").glob("*.yaml")):
            letter = yaml.load(path.read_text(encoding="utf-8"))
            # a letter sent to many keeps its ว: the register gives it the next of the ว series
            letter["number"] = "ว auto" if str(letter.get("number", "")).strip().startswith("ว") else "auto"
            if "date" in letter:
                del letter["date"]
            cleared = _clear_deadlines(letter.get("body", []))
            _dump(yaml, letter, path)
            changes.append(f"letters/{path.name}: เลขที่ auto ล้างวันที่และกำหนดส่ง {cleared} รายการ / "
                           f"number auto, date and {cleared} deadline(s) cleared")

        for path in sorted((work / "kpis").glob("*.yaml")):
            kpi = yaml.load(path.read_text(encoding="utf-8"))
            if kpi.get("schedule") and kpi["schedule"].get("deadline") is not None:
                _blank_deadline(kpi["schedule"])
                changes.append(f"kpis/{path.name}: ล้างกำหนดส่ง / deadline cleared")
            cleared = 0
            for step_list in [kpi.get("guideline", {}).get("steps", [])] if kpi.get("guideline") else []:
                cleared += _clear_deadlines(step_list)
            _dump(yaml, kpi, path)
            for spec in kpi.get("tables", []) or []:
                if spec.get("results"):
                    # computed columns follow the results: blank cells are computed again
                    emptied = list(spec["results"]) + [c["column"] for c in spec.get("computed", []) or []]
                    _empty_columns(work / spec["file"], emptied)
                    changes.append(f"{spec['file']}: ล้างผลการดำเนินงาน {len(emptied)} คอลัมน์ / "
                                   f"{len(emptied)} result column(s) emptied")

        work.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return changes + _left_from_the_last_round(target)


# Copied forward: the round's data and its own templates. Left behind: the districts' returned forms (they
# belong to the last round: results of the new one would count them), backups and the lock files Word,
# Excel and LibreOffice leave beside an open file.
NOT_DATA = ("*.bak", "*.orig", "*~", "~$*", ".~lock.*#")


def _not_data(source: Path, left_out: list[str]):
    """A ``copytree`` ignore function that also records, relative to ``source``, what it left out."""
    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder)
        ignored = {n for n in names if any(fnmatch.fnmatch(n, pattern) for pattern in NOT_DATA)}
        if here == source and RETURNS in names and (here / RETURNS).is_dir():
            ignored.add(RETURNS)
        left_out.extend(sorted(str((here / n).relative_to(source)) + ("/" if (here / n).is_dir() else "")
                               for n in ignored))
        return ignored
    return ignore


def _clear_deadlines(blocks) -> int:
    count = 0
    for block in blocks or []:
        if isinstance(block, dict):
            if block.get("deadline") is not None:
                _blank_deadline(block)
                count += 1
            count += _clear_deadlines(block.get("items", []))
    return count


def _blank_deadline(mapping) -> None:
    """Keep the key, empty: the check then asks for this round's date (W410, E410 once not a
    draft), where a deleted deadline would silently leave the sentence without one."""
    mapping["deadline"] = None
    mapping.ca.items.pop("deadline", None)
    mapping.yaml_add_eol_comment("ใส่วันส่งของรอบนี้ / this round's deadline", "deadline")


def _left_from_the_last_round(target: Path) -> list[str]:
    """Texts that still name the last round's dates or fiscal year, and blank deadlines."""
    _, report = validate(target, lint=False)
    return [f"{d.where.file.relative_to(target)}:{d.where.line}: {d.code} {d.thai} / {d.english}"
            for d in report.sorted() if d.code in STALE_CODES]


STALE_CODES = {"W407", "W408", "W410", "W411"}


def _dump(yaml: YAML, data, path: Path) -> None:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _empty_columns(path: Path, columns: list[str]) -> None:
    table = read_table(path, Report())
    if table is None or path.suffix.lower() != ".csv":
        return
    indexes = [i for i, name in enumerate(table.header) if name in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow(["" if i in indexes else cell for i, cell in enumerate(row)])
    path.write_text(out.getvalue(), encoding="utf-8")
