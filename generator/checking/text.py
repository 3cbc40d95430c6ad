"""Rules on what running text says: weekdays and dates written in the text, deadlines that
must agree between the letter, the guideline and the KPI sheet, and KPI numbers written
into KPI names. One function per rule, registered with the rules of :mod:`generator.checking.rules`.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from pydantic import BaseModel

from .rules import _round_period, rule
from ..base.diagnostics import Location, Report
from ..reading.load import typed_bytes
from ..reading.model import Item, Round
from ..reading.model import parse_kpi_number as kpi_number
from ..thai import arabic_digits, thai_date
from ..thai.dates import WEEKDAYS, DateInText, dates_in_text
from ..thai.fiscal import fiscal_year_period

# Fields that hold no running text: names of people, codes, file names, column names.
NOT_TEXT = {"to", "address", "phone", "fax", "email", "file", "qr", "number", "emblem", "province",
            "letterhead", "postal_code", "department_number", "districts", "parties", "lines", "code",
            "previous", "letter", "column", "prefilled", "sum_of", "difference_of", "growth_of",
            "not_totalled", "total_label", "decimals", "copy_to", "columns", "results", "kind", "unit",
            "salutation", "complimentary_close", "attach", "documents", "digits", "table_digits", "position",
            "id", "phone_style"}
PEOPLE = {"owner", "coordinator", "signer"}


@dataclass(frozen=True)
class Text:
    """One text field of a round: where it was typed, and what it says."""

    key: str  # "letter:<name>", "kpi:<number>", "round"
    path: tuple
    text: str


def texts_of(value, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every running-text field of a model (or plain data), with its path.

    >>> from generator.reading.model import Person
    >>> list(texts_of({"name": "ชื่อตัวชี้วัด", "owner": {"name": "นายก", "position": "ผอ."}, "levels": ["ก", "ข"]}))
    [(('name',), 'ชื่อตัวชี้วัด'), (('levels', 0), 'ก'), (('levels', 1), 'ข')]
    """
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="python", exclude_defaults=True)
    if isinstance(value, dict):
        for key, child in value.items():
            if key in NOT_TEXT or key in PEOPLE:
                continue
            yield from texts_of(child, path + (key,))
    elif isinstance(value, (list, tuple)):
        for index, child in enumerate(value):
            yield from texts_of(child, path + (index,))
    elif isinstance(value, str) and value.strip():
        yield path, value


_LAST: tuple = (None, ())  # the last round read for its texts, and them: the rules read them in turn


def round_texts(round_: Round) -> Iterator[Text]:
    """Every running-text field of round.yaml (agreement titles, headings …), letters and KPIs (found once per
    round: a round is not changed once read)."""
    global _LAST
    last = _LAST
    if last[0] is not round_:
        last = (round_, tuple(_round_texts(round_)))
        _LAST = last
    return iter(last[1])


def _round_texts(round_: Round) -> Iterator[Text]:
    for path, text in texts_of(round_.settings):
        yield Text("round", path, text)
    for name, letter in round_.letters.items():
        for path, text in texts_of(letter):
            yield Text(f"letter:{name}", path, text)
    for kpi in round_.kpis:
        for path, text in texts_of(kpi):
            yield Text(_kpi_key(round_, kpi), path, text)


def _kpi_key(round_: Round, kpi) -> str:
    return f"kpi:{kpi.number}"


def where_in_text(round_: Round, key: str, path: tuple, snippet: str = "") -> Location:
    """The file:line of ``snippet`` inside a text field: a folded paragraph spans lines,
    and the user wants the line the words are on."""
    start = round_.positions[key].at(path)
    if not snippet or start.line is None:
        return start
    lines = _lines(str(start.file))
    if lines is None:
        return start
    probes = [snippet[:n] for n in (24, 12, 6) if len(snippet) >= n] or [snippet]
    for probe in probes:
        for number in range(start.line, min(len(lines), start.line + 60) + 1):
            if probe in lines[number - 1]:
                return Location(start.file, number)
    return start


def _lines(path: str) -> list[str] | None:
    """A file's lines, read once however many findings point into it (until the file changes); the typed text
    when the round is checked with typed text in place of the file (reading.load.reading_from)."""
    typed = typed_bytes(Path(path))
    if typed is not None:
        return _typed_lines(typed)
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return _lines_of(path, stat.st_mtime_ns, stat.st_size, stat.st_ino)  # a file replaced is a new inode


@lru_cache(maxsize=16)
def _typed_lines(typed: bytes) -> list[str] | None:
    try:
        return typed.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        return None


@lru_cache(maxsize=64)
def _lines_of(path: str, modified: int, size: int, inode: int) -> list[str] | None:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None


# ---------------------------------------------------------------- weekdays and dates in text
@rule
def weekdays_in_text_match_their_dates(round_: Round, report: Report) -> None:
    """E406: "วันศุกร์ที่ ๒๐ มกราคม ๒๕๖๘" in running text, where 20 January 2568 is a Monday."""
    for text in round_texts(round_):
        for found in dates_in_text(text.text):
            if found.weekday is None or found.weekday == found.start.weekday():
                continue
            real = WEEKDAYS[found.start.weekday()]
            report.add("E406", where_in_text(round_, text.key, text.path, found.text),
                       f"'{found.text}': วันที่ {thai_date(found.start)} เป็น{real} ไม่ใช่{WEEKDAYS[found.weekday]}",
                       f"'{found.text}': {found.start:%d %B} {found.start.year + 543} is a "
                       f"{found.start:%A}, not a {_english_weekday(found.weekday)}")


def _english_weekday(number: int) -> str:
    return ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][number]


DEADLINE_CUES = re.compile(r"(ภายใน|กำหนดส่ง|ก่อนวันที่|ไม่เกินวันที่|ให้แล้วเสร็จ|ทุกวันที่|ส่งภายใน)[^()]{0,22}$")
ANCHORED = re.compile(r"(ลงวันที่|ณ\s*วันที่|ณ|ตั้งแต่|ฐาน\S*)\s*$")


def is_deadline(text: str, found: DateInText) -> bool:
    """Whether the date is a deadline ("ภายในวันที่ …", "กำหนดส่ง …").

    >>> text = "รายงานผลภายในวันที่ 20 ของเดือนมกราคม – มีนาคม 2568"
    >>> is_deadline(text, dates_in_text(text)[0])
    True
    """
    return bool(DEADLINE_CUES.search(arabic_digits(text[max(0, found.offset - 40):found.offset])))


@rule
def dates_in_text_within_round(round_: Round, report: Report) -> None:
    """E408 (W408 in a draft): a deadline written in the text falls outside the round (a text
    left from the last round after new-round); W407: another date in the text falls outside
    the fiscal year."""
    start, end = _round_period(round_)
    if start > end:
        return  # E106 says so once, at round.yaml
    year_start, year_end = fiscal_year_period(round_.settings.round.fiscal_year)
    for text in round_texts(round_):
        for found in dates_in_text(text.text):
            where = where_in_text(round_, text.key, text.path, found.text)
            shown = _span(found)
            if is_deadline(text.text, found):
                other_round = _names_another_round(text.text, found, round_.settings.round.number)
                low, high = (min(year_start, start), max(year_end, end)) if other_round else (start, end)
                if found.start < low or found.end > high:
                    report.add("W408" if round_.settings.round.draft else "E408", where,
                               f"กำหนดเวลา '{found.text}' ({shown}) อยู่นอกรอบการประเมิน ({thai_date(start)} – "
                               f"{thai_date(end)}): ข้อความอาจค้างมาจากรอบก่อน",
                               f"the deadline '{found.text}' is outside the round ({start} – {end}): "
                               "the text may be left from an earlier round")
                continue
            before = arabic_digits(text.text[max(0, found.offset - 12):found.offset])
            if ANCHORED.search(before):
                continue  # a letter's date or a baseline "ณ วันที่ …" may lie in an earlier year
            if found.start < min(year_start, start) or found.end > max(year_end, end):
                report.add("W407", where,
                           f"วันที่ '{found.text}' อยู่นอกปีงบประมาณ {round_.settings.round.fiscal_year} "
                           f"({thai_date(year_start)} – {thai_date(year_end)})",
                           f"the date '{found.text}' is outside fiscal year {round_.settings.round.fiscal_year} "
                           f"({year_start} – {year_end})")


COMPARED = re.compile(r"(จาก|เทียบ|กับ|ของ)\S{0,12}\s*$")
FISCAL_YEAR = re.compile(r"ปีงบประมาณ\s*(?:พ\.ศ\.)?\s*([0-9๐-๙]{4})(?![0-9๐-๙])")


@rule
def fiscal_year_in_text(round_: Round, report: Report) -> None:
    """W411: the text names a fiscal year other than the round's ("ปีงบประมาณ พ.ศ. ๒๕๖๗" in a
    2568 round): often a sentence left from the last round."""
    year = round_.settings.round.fiscal_year
    for text in round_texts(round_):
        named = [(m, int(arabic_digits(m.group(1)))) for m in FISCAL_YEAR.finditer(text.text)]
        if any(typed == year for _, typed in named):
            continue  # "ปี 2560 … เพิ่มขึ้นจากปี 2559": a comparison, not a stale year
        reported = set()
        for match, typed in named:
            compared = COMPARED.search(text.text[max(0, match.start() - 25):match.start()])
            if typed != year and not compared and typed not in reported:
                reported.add(typed)
                report.add("W411", where_in_text(round_, text.key, text.path, match.group(0)),
                           f"ข้อความกล่าวถึง '{match.group(0)}' แต่รอบนี้เป็นปีงบประมาณ {year}",
                           f"the text names '{match.group(0)}' but this round is fiscal year {year}")


def _names_another_round(text: str, found: DateInText, number: int) -> bool:
    """"รอบที่ ๑ ภายในวันที่ ๒๔ ก.พ. ๖๐" in a round-2 text is a deadline of round 1, said on purpose."""
    before = arabic_digits(text[max(0, found.offset - 30):found.offset])
    return any(int(n) != number for n in re.findall(r"รอบ(?:การประเมิน)?ที่\s*([0-9])", before))


def _span(found: DateInText) -> str:
    return thai_date(found.start) if found.is_day else f"{thai_date(found.start)} – {thai_date(found.end)}"


# ---------------------------------------------------------------- deadlines left blank
BLANK_DEADLINE = re.compile(r"(ภายใน|ภายในวันที่|กำหนดส่ง|ก่อนวันที่|ไม่เกินวันที่)\s*$")


@rule
def deadlines_are_set(round_: Round, report: Report) -> None:
    """E410 (W410 in a draft): a deadline new-round cleared (``deadline:`` left empty) or a
    sentence ending "ภายใน" with no date after it."""
    draft = round_.settings.round.draft
    code = "W410" if draft else "E410"
    for key, positions in round_.positions.items():
        if not key.startswith(("letter:", "kpi:")):
            continue
        if key.startswith("letter:") and key.removeprefix("letter:") not in round_.letters:
            continue  # a letter that did not validate is reported already; its values are unknown
        for path in positions.keys:
            if path[-1] != "deadline" or _value_at(round_, key, path) is not None:
                continue
            report.add(code, positions.at(path, key=True),
                       "ยังไม่ได้กำหนดวันส่ง (deadline ว่าง): ใส่วันที่ของรอบนี้" + (" ก่อนพิมพ์ฉบับจริง" if draft else ""),
                       "the deadline is empty: type this round's date" + (" before the final print" if draft else ""))
    for text in round_texts(round_):
        if text.path and text.path[-1] == "text" and BLANK_DEADLINE.search(text.text):
            item = _value_at(round_, text.key, text.path[:-1])
            if isinstance(item, Item) and item.deadline is None:
                report.add(code, where_in_text(round_, text.key, text.path),
                           f"ข้อความจบด้วย '{BLANK_DEADLINE.search(text.text).group(1)}' แต่ไม่มีวันที่ตามมา "
                           "(ใส่ deadline ของข้อนี้)",
                           "the sentence ends with a deadline word but no date follows (set this item's deadline)")


def _value_at(round_: Round, key: str, path: tuple):
    """The validated value at ``path`` of a letter or KPI (None when absent)."""
    node = round_.letters.get(key.removeprefix("letter:")) if key.startswith("letter:") \
        else next((k for k in round_.kpis if _kpi_key(round_, k) == key), None)
    for part in path:
        if node is None:
            return None
        if isinstance(part, int):
            node = node[part] if isinstance(node, (list, tuple)) and part < len(node) else None
        else:
            node = getattr(node, part, None) if not isinstance(node, dict) else node.get(part)
    return node


# ---------------------------------------------------------------- deadlines that must agree
@dataclass(frozen=True)
class Deadline:
    key: str
    path: tuple
    text: str
    date: dt.date

    def place(self, round_: Round) -> str:
        where = round_.positions[self.key].at(self.path + ("deadline",))
        return f"{Path(where.file).relative_to(round_.folder)}:{where.line}"


def _item_deadlines(key: str, blocks, path: tuple) -> Iterator[Deadline]:
    for index, block in enumerate(blocks):
        if isinstance(block, Item):
            if block.deadline is not None:
                yield Deadline(key, path + (index,), block.text, block.deadline)
            yield from _item_deadlines(key, block.items, path + (index, "items"))


def _same_step(a: str, b: str) -> bool:
    """Two steps are the same when they share a long run of words.

    >>> _same_step("ตรวจสอบฐานข้อมูลครัวเรือนยากจนเป้าหมายที่มีรายได้ต่ำกว่าเกณฑ์", "ตรวจสอบฐานข้อมูลครัวเรือนยากจนเป้าหมายและจำแนกสถานะ")
    True
    """
    a, b = " ".join(a.split()), " ".join(b.split())
    match = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= 20 and match.size >= 0.4 * min(len(a), len(b))


@rule
def deadlines_agree(round_: Round, report: Report) -> None:
    """E409: a step's deadline in a letter differs from the same step's in a KPI's guideline,
    or a letter's final report date from the KPI sheet's; W409: a monthly reporting day
    written in a text differs from the KPI's ``schedule.day_of_month``."""
    letter_steps = [d for name, letter in round_.letters.items()
                    for d in _item_deadlines(f"letter:{name}", letter.body, ("body",))]
    for kpi in round_.kpis:
        key = _kpi_key(round_, kpi)
        guide = list(_item_deadlines(key, kpi.guideline.steps, ("guideline", "steps"))) if kpi.guideline else []
        for step in guide:
            for letter_step in letter_steps:
                if letter_step.date != step.date and _same_step(letter_step.text, step.text):
                    _disagree(round_, report, letter_step, step)
    _final_reports_agree(round_, report, letter_steps)
    _monthly_days_agree(round_, report)


def _final_reports_agree(round_: Round, report: Report, letter_steps: list[Deadline]) -> None:
    """A letter's "รายงานผลรอบสุดท้าย" deadline is the KPI sheet's ``schedule.deadline``."""
    finals = {k.number: k for k in round_.kpis if k.schedule and k.schedule.deadline}
    for step in letter_steps:
        if "รอบสุดท้าย" not in step.text:
            continue
        letter = round_.letters[step.key.removeprefix("letter:")]
        cited = {int(arabic_digits(n)) for _, t in texts_of(letter) for n in KPI_CITED.findall(t)}
        kpis = [finals[n] for n in cited if n in finals] or (list(finals.values()) if len(finals) == 1 else [])
        for kpi in kpis:
            if kpi.schedule.deadline != step.date:
                _disagree(round_, report, step, Deadline(_kpi_key(round_, kpi), ("schedule",), "", kpi.schedule.deadline))


def _disagree(round_: Round, report: Report, first: Deadline, second: Deadline) -> None:
    report.add("E409", round_.positions[first.key].at(first.path + ("deadline",)),
               f"กำหนดส่งขั้นตอนเดียวกันไม่ตรงกัน: ที่นี่ {thai_date(first.date)} แต่ {second.place(round_)} "
               f"{thai_date(second.date)}",
               f"the same step has two deadlines: {first.date} here, {second.date} at {second.place(round_)}")


MONTHLY_DAY = re.compile(r"(?:ทุก|ภายใน)วันที่\s*([0-9๐-๙]{1,2})\s*ของ(?:ทุก)?เดือน")
KPI_CITED = re.compile(r"ตัวชี้วัดที่\s*([0-9๐-๙]+)")


def _monthly_days_agree(round_: Round, report: Report) -> None:
    days = {k.number: k for k in round_.kpis if k.schedule and k.schedule.day_of_month}
    if not days:
        return
    cited_by: dict[str, set[int]] = {}  # letter → the KPI numbers its texts cite
    for text in round_texts(round_):
        if text.key.startswith("kpi:"):
            kpis = [k for k in round_.kpis if _kpi_key(round_, k) == text.key and k.number in days]
        elif not text.key.startswith("letter:"):
            continue
        else:
            if text.key not in cited_by:
                letter = round_.letters[text.key.removeprefix("letter:")]
                cited_by[text.key] = {int(arabic_digits(n)) for _, t in texts_of(letter) for n in KPI_CITED.findall(t)}
            cited = cited_by[text.key]
            kpis = [days[n] for n in cited if n in days] or (list(days.values()) if len(days) == 1 else [])
        for match in MONTHLY_DAY.finditer(text.text):
            typed = int(arabic_digits(match.group(1)))
            for kpi in kpis:
                if typed == kpi.schedule.day_of_month:
                    continue
                schedule = round_.positions[_kpi_key(round_, kpi)].at(("schedule", "day_of_month"))
                report.add("W409", where_in_text(round_, text.key, text.path, match.group(0)),
                           f"'{match.group(0)}' แต่ตัวชี้วัดที่ {kpi.number} กำหนดรายงานทุกวันที่ "
                           f"{kpi.schedule.day_of_month} ({Path(schedule.file).relative_to(round_.folder)}:{schedule.line})",
                           f"'{match.group(0)}' but KPI {kpi.number} reports on day {kpi.schedule.day_of_month} "
                           f"of the month ({Path(schedule.file).relative_to(round_.folder)}:{schedule.line})")


# ---------------------------------------------------------------- KPI numbers in names
NUMBER_IN_NAME = re.compile(r"^\s*ตัวชี้วัดที่\s*([0-9๐-๙]{1,2}(?:\.[0-9๐-๙]{1,2}){0,2})(?![0-9๐-๙.])")


def _cited_number(typed: str):
    """A KPI number as cited in a text (6, ๖, 1.1), or None when it is no KPI number.

    >>> _cited_number("๑.๑"), _cited_number("6"), _cited_number("123")
    ('1.1', 6, None)
    """
    try:
        return kpi_number(typed)
    except ValueError:  # DataError included
        return None


@rule
def kpi_names_carry_their_number(round_: Round, report: Report) -> None:
    """E207: a KPI whose name starts "ตัวชี้วัดที่ ๔" is filed under another number; a letter
    citing "ตัวชี้วัดที่ N <name>" with the name of a KPI numbered otherwise."""
    for kpi in round_.kpis:
        match = NUMBER_IN_NAME.match(kpi.name)
        numbers = {kpi.number} | {place.number for place in kpi.places().values() if place.number}
        if match and _cited_number(match.group(1)) not in numbers:
            report.add("E207", round_.positions[_kpi_key(round_, kpi)].at(("name",)),
                       f"ชื่อตัวชี้วัดขึ้นต้นว่า '{match.group(0).strip()}' แต่ไฟล์นี้เป็นตัวชี้วัดที่ {kpi.number} "
                       "(ลบเลขออกจากชื่อ หรือแก้ number)",
                       f"the KPI's name starts '{match.group(0).strip()}' but it is filed as KPI {kpi.number} "
                       "(remove the number from the name, or correct number)")
    names = [(number, " ".join(NUMBER_IN_NAME.sub("", kpi.name).split())) for kpi in round_.kpis
             for number in {kpi.number} | {p.number for p in kpi.places().values() if p.number}]
    for text in round_texts(round_):
        if not text.key.startswith("letter:"):
            continue
        for match in re.finditer(r"ตัวชี้วัดที่\s*([0-9๐-๙]+(?:\.[0-9๐-๙]+)*)\s*:?\s*", text.text):
            cited = _cited_number(match.group(1))
            following = " ".join(text.text[match.end():match.end() + 200].split())
            owners = [n for n, name in names if len(name) >= 12 and following.startswith(name[:30])]
            if owners and cited not in owners:
                report.add("E207", where_in_text(round_, text.key, text.path, match.group(0)),
                           f"'{match.group(0).strip()}' ตามด้วยชื่อของตัวชี้วัดที่ {owners[0]}",
                           f"'{match.group(0).strip()}' is followed by the name of KPI {owners[0]}")
