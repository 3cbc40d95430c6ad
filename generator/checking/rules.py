"""Stage 2 of a build: the rules a round must follow, one function per rule.

Each rule reports with a stable code: E… stops the build, W… warns.
The codes are listed in docs/checks.md; tests/broken_rounds/ holds a round per rule.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterator

from ..reading import provinces
from ..base.diagnostics import Location, Report
from ..reading.model import DEFAULT_COLUMNS, DottedNumber, Item, Letter, Round, number_key
from ..thai import arabic_digits, round_period, thai_date
from ..thai.criteria import out_of_order
from ..thai.dates import MonthYear, thai_letter_date

Rule = Callable[[Round, Report], None]
RULES: list[Rule] = []


def rule(function: Rule) -> Rule:
    RULES.append(function)
    return function


def check_round(round_: Round, report: Report) -> None:
    for check in RULES:
        check(round_, report)


def _at(round_: Round, key: str, *path) -> Location:
    return round_.positions[key].at(tuple(path))


# ---------------------------------------------------------------- the office
@rule
def province_is_known(round_: Round, report: Report) -> None:
    """E201: the province is one of the 77."""
    name = round_.settings.office.province.removeprefix("จังหวัด")
    if name not in provinces.provinces():
        guess = provinces.closest(name)
        report.add("E201", _at(round_, "round", "office", "province"),
                   f"ไม่รู้จักจังหวัด '{name}'" + (f" หมายถึง '{guess}' หรือไม่" if guess else ""),
                   f"unknown province '{name}'" + (f"; did you mean '{guess}'?" if guess else ""))


def _province(round_: Round) -> provinces.Province | None:
    return provinces.provinces().get(round_.settings.office.province.removeprefix("จังหวัด"))


@rule
def office_agrees_with_province(round_: Round, report: Report) -> None:
    """E202 code, E203 letterhead, E205 address: all must be the province's own."""
    province = _province(round_)
    if province is None:
        return
    office = round_.settings.office
    if office.code is not None and office.code != province.code:
        other = provinces.by_code(office.code)
        report.add("E202", _at(round_, "round", "office", "code"),
                   f"อักษรย่อ '{office.code}'" + (f" เป็นของจังหวัด{other.name}" if other else " ไม่มีในระเบียบ")
                   + f" แต่จังหวัด{province.name} ใช้ '{province.code}' (ลบช่อง code ออกเพื่อให้ใช้ค่าที่ถูกต้อง)",
                   f"code '{office.code}'" + (f" belongs to {other.name}" if other else " is not an official code")
                   + f"; {province.name} uses '{province.code}' (remove the code field to derive it)")
    if office.letterhead is not None and office.letterhead != province.letterhead:
        report.add("E203", _at(round_, "round", "office", "letterhead"),
                   f"ที่ตั้งหัวหนังสือ '{office.letterhead}' ไม่ตรงกับจังหวัด ควรเป็น '{province.letterhead}'",
                   f"letterhead '{office.letterhead}' does not match the province: expected '{province.letterhead}'")
    for index, line in enumerate(office.address):
        for other in _other_provinces_in(line, province):
            report.add("E205", _at(round_, "round", "office", "address", index),
                       f"ที่อยู่ระบุ{other} ซึ่งไม่ใช่จังหวัด{province.name}",
                       f"the address names {other}, not {province.name}")


@rule
def signer_agrees_with_province(round_: Round, report: Report) -> None:
    """E204: the signer acts for this province's governor, not another's."""
    province = _province(round_)
    if province is None:
        return
    for index, line in enumerate(round_.settings.signer.lines):
        for match in re.finditer(r"ผู้ว่าราชการจังหวัด(\S+)", line):
            if match.group(1) != province.name:
                report.add("E204", _at(round_, "round", "signer", "lines", index),
                           f"ผู้ลงนามปฏิบัติราชการแทนผู้ว่าราชการจังหวัด{match.group(1)} แต่หนังสือออกจากจังหวัด{province.name}"
                           " (ใช้ for_governor: true แทนการพิมพ์บรรทัดนี้)",
                           f"the signer acts for the governor of {match.group(1)} but the letter is from "
                           f"{province.name} (use for_governor: true instead of typing this line)")


def _other_provinces_in(text: str, province: provinces.Province) -> Iterator[str]:
    for match in re.finditer(r"จังหวัด(\S+)", text):
        name = next((p for p in provinces.provinces() if match.group(1).startswith(p)), None)
        if name and name != province.name:
            yield f"จังหวัด{name}"
    for code in re.findall(r"(?<![ก-๙])([ก-ฮ]{2})\s+[0-9๐-๙]{5}", text):
        if code != province.code:
            yield f"อักษรย่อ {code}"


@rule
def letters_name_only_their_province(round_: Round, report: Report) -> None:
    """W206: a letter naming another province's หนังสือ/ศาลากลาง/ผู้ว่าราชการ is probably copied from another office."""
    province = _province(round_)
    if province is None:
        return
    for name, letter in round_.letters.items():
        for path, text in _letter_texts(letter):
            for match in re.finditer(r"(?:หนังสือ|ศาลากลาง|ผู้ว่าราชการ)จังหวัด(\S+)", text):
                other = next((p for p in provinces.provinces() if match.group(1).startswith(p)), None)
                if other and other != province.name:
                    report.add("W206", _at(round_, f"letter:{name}", *path),
                               f"ข้อความกล่าวถึงจังหวัด{other} แต่หนังสือออกจากจังหวัด{province.name}",
                               f"the text names {other} but the letter is from {province.name}")


# ---------------------------------------------------------------- KPIs and agreement forms
@dataclass(frozen=True)
class _Member:
    """A KPI file's place in one agreement form, with where each of its values was typed."""

    key: str  # positions key of the KPI file
    kpi_number: int
    number: int
    weight: float | None
    path: tuple  # path of the place in the file: ("forms", id) or () for kind/weight


def _members(round_: Round) -> dict[str, list[_Member]] | None:
    """Form id -> its members, from readable KPI files and the places read from unreadable ones.
    None when some KPI file's places could not be read at all (then sums cannot be trusted)."""
    sources = [(f"kpi:{k.number}", k.number, k.forms is not None, k.places()) for k in round_.kpis]
    for key, (number, declared, places) in round_.partial_places.items():
        sources.append((key, number, declared, places))
    if len(sources) < len(round_.kpis) + len(round_.unreadable):
        return None
    members: dict[str, list[_Member]] = defaultdict(list)
    for key, number, declared, places in sources:
        for form, place in places.items():
            members[form].append(_Member(key, number, place.number or number, place.weight,
                                         ("forms", form) if declared else ()))
    return members


def _form_titles(round_: Round) -> dict[str, str]:
    forms = round_.settings.agreements
    if forms is None:
        return {"team": "ตัวชี้วัดรายทีม", "individual": "ตัวชี้วัดรายบุคคล"}
    return {f.id: f"แบบ '{f.id}'" + (f" {f.subtitle}" if f.subtitle else "") for f in forms}


@rule
def kpis_name_declared_forms(round_: Round, report: Report) -> None:
    """E305: a KPI places itself only in agreement forms that round.yaml declares."""
    forms = round_.settings.agreements
    # without agreements in round.yaml the round has the two forms of older data: team and individual
    known = [f.id for f in forms] if forms is not None else ["team", "individual"]
    for kpi in round_.kpis:
        for form in kpi.forms or {}:
            if form not in known:
                guess = difflib.get_close_matches(form, known, n=1, cutoff=0.5)
                report.add("E305", round_.positions[f"kpi:{kpi.number}"].at(("forms", form), key=True),
                           f"ไม่มีแบบบันทึกข้อตกลง '{form}' ใน agreements ของ round.yaml (มี: {', '.join(known) or '-'})"
                           + (f" หมายถึง '{guess[0]}' หรือไม่" if guess else ""),
                           f"no agreement form '{form}' among round.yaml's agreements ({', '.join(known) or '-'})"
                           + (f"; did you mean '{guess[0]}'?" if guess else ""))
        if forms is not None and kpi.forms is None and kpi.kind is not None and round_.makes("agreement"):
            report.add("E305", _at(round_, f"kpi:{kpi.number}", "kind"),
                       "รอบนี้กำหนดแบบบันทึกข้อตกลงใน round.yaml แล้ว: ให้ระบุ forms แทน kind "
                       f"(เช่น forms: {{{known[0] if known else 'team'}: {{number: 1, weight: 20}}}})",
                       "this round declares its agreement forms in round.yaml: say forms instead of kind "
                       f"(e.g. forms: {{{known[0] if known else 'team'}: {{number: 1, weight: 20}}}})")


@rule
def agreement_forms_are_distinct(round_: Round, report: Report) -> None:
    """E306: every agreement form has its own id; W301: a declared form holds at least one KPI."""
    forms = round_.settings.agreements or []
    seen: set[str] = set()
    for index, form in enumerate(forms):
        if form.id in seen:
            report.add("E306", _at(round_, "round", "agreements", index, "id"),
                       f"รหัสแบบบันทึกข้อตกลง '{form.id}' ซ้ำกับแบบก่อนหน้า (แต่ละแบบต้องมีรหัสของตนเอง)",
                       f"agreement form id '{form.id}' is used twice: each form needs its own")
        seen.add(form.id)
    members = _members(round_)
    if members is None or not round_.makes("agreement"):
        return
    for index, form in enumerate(forms):
        if not members.get(form.id):
            report.add("W301", _at(round_, "round", "agreements", index, "id"),
                       f"แบบบันทึกข้อตกลง '{form.id}' ยังไม่มีตัวชี้วัด จึงไม่พิมพ์ (ระบุ forms: {{{form.id}: …}} ในไฟล์ตัวชี้วัด)",
                       f"agreement form '{form.id}' holds no KPI and is not printed "
                       f"(add forms: {{{form.id}: …}} to KPI files)")


@rule
def kpi_numbers_unique_in_each_form(round_: Round, report: Report) -> None:
    """E302: within one agreement form, no two KPIs share a number (KPIs of different forms may)."""
    members = _members(round_)
    if members is None:
        return
    titles = _form_titles(round_)
    for form, entries in members.items():
        first: dict[int, _Member] = {}
        for member in sorted(entries, key=lambda m: number_key(m.kpi_number)):
            other = first.setdefault(member.number, member)
            if other is member:
                continue
            where = round_.positions[member.key].at(member.path + ("number",) if member.path else ("number",))
            other_file = round_.positions[other.key].file.name
            form_name = titles.get(form, form)
            report.add("E302", where,
                       f"ตัวชี้วัดที่ {member.number} ซ้ำกับ {other_file} ใน{form_name}: "
                       "เลขตัวชี้วัดต้องไม่ซ้ำกันภายในแบบบันทึกข้อตกลงเดียวกัน",
                       f"KPI number {member.number} is used twice in {form_name} (also {other_file}): "
                       "a number must be unique within its agreement form")


@rule
def kpi_numbers_run_without_gaps(round_: Round, report: Report) -> None:
    """E303: each agreement form numbers its KPIs ๑, ๒, ๓ … (or from its numbering_from) with none missing."""
    if not round_.makes("agreement"):
        return
    members = _members(round_)
    if members is None:
        return
    titles = _form_titles(round_)
    starts = {f.id: f.numbering_from for f in round_.settings.agreements or []}
    legacy = round_.settings.agreements is None
    groups = {"": [m for ms in members.values() for m in ms]} if legacy else members
    for form, entries in groups.items():
        numbers = {m.number for m in entries}
        if not numbers:
            continue
        first = 1 if legacy else starts.get(form, 1)
        missing = missing_numbers(numbers, first)
        if missing:
            where = Location(round_.folder / "kpis") if legacy else \
                _at(round_, "round", "agreements", [f.id for f in round_.settings.agreements].index(form), "id") \
                if form in starts else Location(round_.folder / "kpis")
            name_th = "" if legacy else f" ใน{titles.get(form, form)}"
            report.add("E303", where,
                       "ไม่มีตัวชี้วัดที่ " + ", ".join(map(str, missing)) + f"{name_th} (เลขตัวชี้วัดต้องเรียงต่อกัน)",
                       "KPI number(s) " + ", ".join(map(str, missing)) + (f" are missing in form '{form}'" if form else
                                                                          " are missing") + ": numbers must run 1, 2, 3 …")


def missing_numbers(numbers: set, first: int = 1) -> list:
    """The numbers a form skips: whole numbers from ``first``, and within each dimension 1.1, 1.2 …

    >>> from generator.reading.model import DottedNumber as D
    >>> missing_numbers({1, 3}), missing_numbers({D("1.1"), D("1.3"), D("2.1")})
    ([2], ['1.2'])
    """
    whole = {n for n in numbers if not isinstance(n, DottedNumber)}
    missing: list = sorted(set(range(first, max(whole) + 1)) - whole) if whole else []
    by_prefix: dict[tuple, set] = defaultdict(set)
    for number in numbers:
        if isinstance(number, DottedNumber):
            by_prefix[number.parts[:-1]].add(number.parts[-1])
    for prefix, last in sorted(by_prefix.items()):
        missing += [DottedNumber(".".join(map(str, prefix + (n,)))) for n in range(1, max(last) + 1) if n not in last]
    return missing


@rule
def groups_hold_their_weights(round_: Round, report: Report) -> None:
    """E307: a group's KPIs' weights sum to the group's weight; E308: the groups of a form sum to 100;
    E309: in a form with groups each KPI belongs to exactly one group."""
    if not round_.makes("agreement") or not round_.settings.agreements:
        return
    by_id = {a.id: a for a in round_.agreements()}
    for index, form in enumerate(round_.settings.agreements):
        agreement = by_id.get(form.id)
        if not form.groups or agreement is None:
            continue
        for entry in agreement.entries:
            holding = [g.title for g in form.groups if g.holds(entry.number)]
            if len(holding) != 1:
                key = f"kpi:{entry.kpi.number}"
                where = _at(round_, key, "forms", form.id, "number") if entry.kpi.forms else _at(round_, key, "number")
                report.add("E309", where,
                           f"ตัวชี้วัดที่ {entry.number} ในแบบ '{form.id}' "
                           + ("ไม่อยู่ในมิติ/กลุ่มใด" if not holding else f"อยู่ในหลายกลุ่ม ({', '.join(holding)})")
                           + " (กลุ่มมี number: เลขนำหน้า เช่น 1 สำหรับ 1.1, 1.2 หรือ kpis: [เลข])",
                           f"KPI {entry.number} of form '{form.id}' is in "
                           + ("no group" if not holding else f"several groups ({', '.join(holding)})")
                           + " (a group holds the KPIs numbered <number>.n, or those listed in kpis)")
        weights = []
        for position, group in enumerate(form.groups):
            if group.weight is None:
                continue
            weights.append(group.weight)
            members = [e for e in agreement.entries if group.holds(e.number)]
            if any(e.weight is None for e in members):
                continue  # E105 names the missing weight
            total = sum(e.weight for e in members)
            if abs(total - group.weight) > 1e-9:
                listed = ", ".join(f"{e.number}: {e.weight:g}" for e in members) or "-"
                report.add("E307", _at(round_, "round", "agreements", index, "groups", position, "weight"),
                           f"น้ำหนักของ '{group.title}' คือ {group.weight:g} แต่ตัวชี้วัดในกลุ่มรวมได้ {total:g} ({listed})",
                           f"'{group.title}' weighs {group.weight:g} but its KPIs sum to {total:g} ({listed})")
        if weights and len(weights) == len(form.groups) and abs(sum(weights) - 100) > 1e-9:
            report.add("E308", round_.positions["round"].at(("agreements", index, "groups"), key=True),
                       f"น้ำหนักของมิติ/กลุ่มในแบบ '{form.id}' รวมได้ {sum(weights):g} ไม่ใช่ 100",
                       f"the group weights of form '{form.id}' sum to {sum(weights):g}, not 100")


@rule
def weights_sum_to_100(round_: Round, report: Report) -> None:
    """E301: within each agreement form the weights sum to 100."""
    if not round_.makes("agreement"):
        return
    members = _members(round_)
    if members is None:
        return
    titles = _form_titles(round_)
    for form, entries in members.items():
        entries = sorted(entries, key=lambda m: number_key(m.number))
        if any(m.weight is None for m in entries):
            continue  # E105 says which weight is missing
        total = sum(m.weight for m in entries)
        if abs(total - 100) > 1e-9:
            listed = ", ".join(f"{m.number}: {m.weight:g}" for m in entries)
            last = entries[-1]
            report.add("E301", round_.positions[last.key].at(last.path + ("weight",)),
                       f"น้ำหนักของ{titles.get(form, form)}รวมได้ {total:g} ไม่ใช่ 100 ({listed})",
                       f"the weights of {titles.get(form, form)} sum to {total:g}, not 100 ({listed})")


_DOCUMENT_NAMES = {
    "agreement": ("แบบกำหนดตัวชี้วัด (agreement)", "the agreement (agreement)"),
    "kpi_sheets": ("คำอธิบายตัวชี้วัด (kpi_sheets)", "the KPI sheets (kpi_sheets)"),
    "report_forms": ("แบบรายงานผล (report_forms)", "the report forms (report_forms)"),
    "tables": ("ตารางรายอำเภอ (tables)", "the district tables (tables)"),
    "letter": ("หนังสือ (circular.docx)", "the letter (circular.docx)"),
}
# KPI fields each document prints: asked for only when the round makes that document
_KPI_FIELDS_PRINTED = {
    "agreement": ("goal", "unit", "levels"),
    "kpi_sheets": ("unit", "levels", "owner"),
}


def _agreement_fields_printed(round_: Round) -> dict:
    """KPI number -> the KPI fields some agreement form holding it prints (by its columns)."""
    field_of_column = {"strategy": ("strategy",), "goal": ("goal",), "unit": ("unit",), "kpi": ("levels",),
                       "levels": ("levels",)}
    printed: dict = defaultdict(set)
    for agreement in round_.agreements():
        columns = [c.field for c in agreement.form.columns] if agreement.form.columns else list(DEFAULT_COLUMNS)
        fields = {name for column in columns for name in field_of_column.get(column, ())}
        for entry in agreement.entries:
            printed[entry.kpi.number] |= fields
    return printed


def _given_otherwise(kpi, name: str) -> bool:
    """A field another form of the same thing stands for: levels as numbers (thresholds, a sentence
    across the five cells, a level table of the sheet), the owner as contact people."""
    if name == "levels":
        return bool(kpi.thresholds or kpi.thresholds_text or kpi.assessed_in
                    or (kpi.sheet and any(t.levels for t in kpi.sheet.tables)))
    if name == "owner":
        return bool(kpi.contacts)
    return False
# fields a real document may leave blank: typed as "" they print nothing
_BLANK_ALLOWED = {"unit", "owner", "goal"}


def _needed(report: Report, where: Location, field_name: str, document: str, whose: str = "") -> None:
    thai_doc, english_doc = _DOCUMENT_NAMES[document]
    blank = field_name in _BLANK_ALLOWED
    report.add("E105", where, f"ขาดช่อง '{field_name}'{whose} ซึ่ง{thai_doc}ต้องพิมพ์"
               + (f" (ถ้าเอกสารจริงเว้นว่าง ให้ใส่ {field_name}: \"\")" if blank else ""),
               f"field '{field_name}' is missing{' (' + whose.strip() + ')' if whose else ''}: "
               f"{english_doc} prints it" + (f" (blank on the real form? write {field_name}: \"\")" if blank else ""))


@rule
def fields_printed_are_given(round_: Round, report: Report) -> None:
    """E105: a field that is optional in the data is given wherever a document the round makes prints it."""
    in_agreement = {e.kpi.number for a in round_.agreements() for e in a.entries} if round_.makes("agreement") else set()
    printed = _agreement_fields_printed(round_)
    for kpi in round_.kpis:
        key = f"kpi:{kpi.number}"
        for document, names in _KPI_FIELDS_PRINTED.items():
            if not round_.makes(document) or (document == "agreement" and kpi.number not in in_agreement):
                continue
            if document == "kpi_sheets" and not kpi.has_sheet:
                continue  # no sheet is printed for it
            for name in names:
                if document == "agreement" and name not in printed.get(kpi.number, ()):
                    continue  # no form holding it has a column that prints it
                if getattr(kpi, name) is None and not _given_otherwise(kpi, name):
                    _needed(report, round_.positions[key].at(("name",), key=True), name, document)
        if kpi.number in in_agreement:
            for form, place in kpi.places().items():
                if place.weight is None:
                    path = ("forms", form) if kpi.forms is not None else ("name",)
                    _needed(report, round_.positions[key].at(path, key=True), "weight", "agreement",
                            f" ในแบบ '{form}'")
    if not round_.settings.districts:
        needs = "report_forms" if any(k.report_form for k in round_.kpis) and round_.makes("report_forms") else \
            "tables" if any(k.tables for k in round_.kpis) else None
        if needs:
            _needed(report, round_.positions["round"].at(("districts",), key=True), "districts", needs)
    for name, letter in round_.letters.items():
        if letter.kind != "stamped" and not letter.subject:
            _needed(report, round_.positions[f"letter:{name}"].at(("to",), key=True), "subject", "letter")
    if any(letter.kind != "stamped" for letter in round_.letters.values()):
        # an external letter prints the office's address with its postal code, and the signer's name
        settings, positions = round_.settings, round_.positions["round"]
        for path, value in ((("office", "address"), settings.office.address),
                            (("office", "postal_code"), settings.office.postal_code),
                            (("signer", "name"), settings.signer.name)):
            if not value:
                _needed(report, positions.at(path, key=True), ".".join(path), "letter")


@rule
def thresholds_in_order(round_: Round, report: Report) -> None:
    """E304: numeric thresholds of levels 1–5 rise (or fall) steadily."""
    for kpi in round_.kpis:
        if not kpi.thresholds:
            continue
        if len(kpi.thresholds) != 5:
            report.add("E304", _at(round_, f"kpi:{kpi.number}", "thresholds"),
                       "เกณฑ์ตัวเลขต้องมี 5 ค่า ตามระดับ 1–5 (ระดับที่ไม่มีให้ใส่ null)",
                       "thresholds need 5 values, one per level (null for a level without one)")
            continue
        # numbers, bounds ("≥ 80", "< 5", "ต่ำกว่า 5") and ranges ("70-79") are read; other text prints as typed
        worst = out_of_order(list(kpi.thresholds))
        if worst is not None:
            report.add("E304", _at(round_, f"kpi:{kpi.number}", "thresholds", worst),
                       f"ตัวชี้วัดที่ {kpi.number}: เกณฑ์ระดับ {worst + 1} ไม่เรียงตามลำดับ ({_numbers(kpi.thresholds)})",
                       f"KPI {kpi.number}: the threshold of level {worst + 1} is out of order ({_numbers(kpi.thresholds)})")


def _numbers(values) -> str:
    return ", ".join("–" if v is None else v if isinstance(v, str) else f"{v:g}" for v in values)


@rule
def round_starts_before_it_ends(round_: Round, report: Report) -> None:
    """E106: round.start is before round.end (said once, at round.yaml; deadlines are then not
    compared with a period that does not exist)."""
    start, end = _round_period(round_)
    if start > end:
        field_name = "start" if round_.settings.round.start is not None else "end"
        report.add("E106", _at(round_, "round", "round", field_name),
                   f"วันเริ่มรอบ ({thai_date(start)}) อยู่หลังวันสิ้นสุดรอบ ({thai_date(end)}): ตรวจ round.start และ round.end",
                   f"the round starts ({start}) after it ends ({end}): check round.start and round.end")


def period_is_ordered(round_: Round) -> bool:
    start, end = _round_period(round_)
    return start <= end


@rule
def kpi_deadlines_in_round(round_: Round, report: Report) -> None:
    """E402: a KPI's reporting deadline falls within the round."""
    if not period_is_ordered(round_):
        return
    start, end = _round_period(round_)
    for kpi in round_.kpis:
        if kpi.schedule and kpi.schedule.deadline and not start <= kpi.schedule.deadline <= end:
            report.add("E402", _at(round_, f"kpi:{kpi.number}", "schedule", "deadline"),
                       f"กำหนดส่ง {thai_date(kpi.schedule.deadline)} อยู่นอกรอบการประเมิน ({thai_date(start)} – {thai_date(end)})",
                       f"deadline {kpi.schedule.deadline} is outside the round ({start} – {end})")


@rule
def report_forms_use_existing_columns(round_: Round, report: Report) -> None:
    """E705: a report form prefills a column of one of its KPI's tables."""
    for kpi in round_.kpis:
        form = kpi.report_form
        if form is None:
            continue
        key = f"kpi:{kpi.number}"
        if form.table >= len(kpi.tables):
            report.add("E705", _at(round_, key, "report_form", "table"),
                       f"ตัวชี้วัดที่ {kpi.number} ไม่มีตารางลำดับที่ {form.table}",
                       f"KPI {kpi.number} has no table number {form.table} (tables count from 0)")
            continue
        table = round_.tables.get((kpi.number, form.table))
        if table is not None and form.prefilled not in table.header:
            report.add("E705", _at(round_, key, "report_form", "prefilled"),
                       f"ไม่มีคอลัมน์ '{form.prefilled}' ในตาราง ({', '.join(table.header[1:])})",
                       f"no column '{form.prefilled}' in the table ({', '.join(table.header[1:])})")


@rule
def report_form_groups_cover_adjacent_columns(round_: Round, report: Report) -> None:
    """E707: a heading spanning columns of a report form names its blank columns, side by side, each once."""
    for kpi in round_.kpis:
        form = kpi.report_form
        if form is None:
            continue
        taken: set[str] = set()
        for index, group in enumerate(form.groups):
            where = _at(round_, f"kpi:{kpi.number}", "report_form", "groups", index, "columns")
            unknown = [c for c in group.columns if c not in form.columns]
            positions = [form.columns.index(c) for c in group.columns if c in form.columns]
            if unknown:
                report.add("E707", where,
                           f"หัวข้อ '{group.title}' อ้างคอลัมน์ที่ไม่มีใน columns: {', '.join(unknown)} "
                           f"(มี: {', '.join(form.columns)})",
                           f"heading '{group.title}' names columns not in columns: {', '.join(unknown)} "
                           f"(there are: {', '.join(form.columns)})")
            elif positions != list(range(positions[0], positions[0] + len(positions))):
                report.add("E707", where,
                           f"คอลัมน์ใต้หัวข้อ '{group.title}' ต้องอยู่ติดกันและเรียงตาม columns",
                           f"the columns under heading '{group.title}' must be adjacent and in the order of columns")
            elif taken & set(group.columns):
                report.add("E707", where,
                           f"คอลัมน์ {', '.join(sorted(taken & set(group.columns)))} อยู่ใต้หัวข้อมากกว่าหนึ่งหัวข้อ",
                           f"column(s) {', '.join(sorted(taken & set(group.columns)))} are under more than one heading")
            taken |= set(group.columns)


# ---------------------------------------------------------------- letters
def _round_period(round_: Round):
    period = round_.settings.round
    return round_period(period.fiscal_year, period.number, period.start, period.end)


def _items(blocks, path=()) -> Iterator[tuple[tuple, Item]]:
    for index, block in enumerate(blocks):
        if isinstance(block, Item):
            yield path + (index,), block
            yield from _items(block.items, path + (index, "items"))


def _letter_texts(letter: Letter) -> Iterator[tuple[tuple, str]]:
    if letter.subject:
        yield ("subject",), letter.subject
    for index, block in enumerate(letter.body):
        if isinstance(block, str):
            yield ("body", index), block
    for path, item in _items(letter.body, ("body",)):
        yield path + ("text",), item.text
        if item.after:
            yield path + ("after",), item.after
    if letter.closing:
        yield ("closing",), letter.closing


@rule
def deadlines_after_letter_date_and_in_round(round_: Round, report: Report) -> None:
    """E401: no deadline before the letter's date; E402: none outside the round."""
    start, end = _round_period(round_)
    ordered = start <= end
    for name, letter in round_.letters.items():
        for path, item in _items(letter.body, ("body",)):
            if item.deadline is None:
                continue
            where = _at(round_, f"letter:{name}", *path, "deadline")
            earliest = letter.date.first if isinstance(letter.date, MonthYear) else letter.date
            if letter.date and item.deadline < earliest:
                report.add("E401", where,
                           f"กำหนดส่ง {thai_date(item.deadline)} ก่อนวันที่ของหนังสือ ({thai_letter_date(letter.date).strip()})",
                           f"deadline {item.deadline} is before the letter's date {letter.date.isoformat()}")
            elif ordered and not start <= item.deadline <= end:
                report.add("E402", where,
                           f"กำหนดส่ง {thai_date(item.deadline)} อยู่นอกรอบการประเมิน ({thai_date(start)} – {thai_date(end)})",
                           f"deadline {item.deadline} is outside the round ({start} – {end})")


@rule
def references_precede_the_letter(round_: Round, report: Report) -> None:
    """E405: a letter cannot refer to one dated after it."""
    for name, letter in round_.letters.items():
        for index, reference in enumerate(letter.references):
            if letter.date and reference.date > (letter.date.last if isinstance(letter.date, MonthYear) else letter.date):
                report.add("E405", _at(round_, f"letter:{name}", "references", index, "date"),
                           f"หนังสือที่อ้างถึงลงวันที่ {thai_date(reference.date)} หลังวันที่ของหนังสือนี้",
                           f"the referenced letter is dated {reference.date}, after this letter")


_CITATION = re.compile(r"สิ่งที่ส่งมาด้วย\s*(?:ที่\s*)?([0-9๐-๙]+)(?:\s*[-–]\s*([0-9๐-๙]+))?")


@rule
def cited_enclosures_exist(round_: Round, report: Report) -> None:
    """E403: every สิ่งที่ส่งมาด้วย the body cites is in the list of enclosures."""
    for name, letter in round_.letters.items():
        count = len(letter.enclosures)
        for path, item in _items(letter.body, ("body",)):
            for position, number in enumerate(item.enclosures):
                if not 1 <= number <= count:
                    report.add("E403", _at(round_, f"letter:{name}", *path, "enclosures", position),
                               f"อ้างถึงสิ่งที่ส่งมาด้วย {number} แต่หนังสือมีสิ่งที่ส่งมาด้วย {count} รายการ",
                               f"cites enclosure {number} but the letter has {count}")
        for path, text in _letter_texts(letter):
            for match in _CITATION.finditer(text):
                highest = max(int(arabic_digits(g)) for g in match.groups() if g)
                if highest > count:
                    report.add("E403", _at(round_, f"letter:{name}", *path),
                               f"ข้อความอ้างถึง '{match.group(0)}' แต่หนังสือมีสิ่งที่ส่งมาด้วย {count} รายการ",
                               f"the text cites '{match.group(0)}' but the letter has {count} enclosure(s)")


@rule
def revision_letter_exists(round_: Round, report: Report) -> None:
    """E703: the revision names a letter of this round."""
    revision = round_.settings.revision
    if revision and revision.letter and revision.letter not in round_.letters:
        report.add("E703", _at(round_, "round", "revision", "letter"),
                   f"ไม่มีหนังสือ '{revision.letter}' ในโฟลเดอร์ letters/",
                   f"no letter '{revision.letter}' in letters/")


@rule
def attachments_have_content(round_: Round, report: Report) -> None:
    """E704: a letter attaches only documents the round has data for."""
    if round_.unreadable:
        return  # a KPI file that did not validate is reported already; its documents are not missing
    available = round_.available_documents()
    for index, kind in enumerate(round_.settings.documents or []):
        if kind not in available:
            report.add("E704", _at(round_, "round", "documents", index),
                       f"ให้สร้าง '{kind}' แต่รอบนี้ไม่มีข้อมูลสำหรับเอกสารนี้",
                       f"asks for '{kind}' but the round has no data for it")
    for name, letter in round_.letters.items():
        for index, kind in enumerate(letter.attach):
            if kind not in available:
                report.add("E704", _at(round_, f"letter:{name}", "attach", index),
                           f"แนบ '{kind}' แต่รอบนี้ไม่มีข้อมูลสำหรับเอกสารนี้",
                           f"attaches '{kind}' but the round has no data for it")


@rule
def emblem_is_available(round_: Round, report: Report) -> None:
    """E706: a configured Garuda image exists; W801: without one the space is left blank."""
    from ..base.paths import DEFAULT_EMBLEM

    configured = round_.settings.office.emblem
    if configured:
        if not (round_.folder / configured).is_file():
            report.add("E706", _at(round_, "round", "office", "emblem"),
                       f"ไม่พบไฟล์ตราครุฑ '{configured}'", f"the Garuda image '{configured}' was not found")
    elif round_.letters and not DEFAULT_EMBLEM.is_file():
        report.add("W801", round_.positions["round"].at(("office",), key=True),
                   "ไม่มีภาพตราครุฑ: เว้นที่ว่างสูง ๓ ซม. ไว้ (วางภาพที่ letter_templates/garuda.png หรือระบุ office.emblem)",
                   "no Garuda image: a 3 cm blank space is left (put the image at letter_templates/garuda.png "
                   "or set office.emblem)")
