"""What the checks of dates, weekdays, KPI numbers, addresses and districts find in the raw text
of the three real circulars the sample rounds were typed from (the spelling check has its own
evaluation, tests/spelling_evaluation.py). Each document is read with the period, province and
KPIs of the sample round made from it.

    .venv/bin/python tests/source_text_checks.py
"""
from __future__ import annotations

import difflib
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_DATA", str(ROOT / ".cache" / "pythainlp-data"))

from generator.reading import places as addresses  # noqa: E402
from generator.reading import provinces  # noqa: E402
from generator.checking.text import (
    ANCHORED, COMPARED, FISCAL_YEAR, MONTHLY_DAY, NUMBER_IN_NAME, _names_another_round, is_deadline,
)
from generator.thai import arabic_digits, round_period, thai_date  # noqa: E402
from generator.thai.dates import WEEKDAYS, dates_in_text  # noqa: E402
from generator.thai.fiscal import fiscal_year_period  # noqa: E402
from generator.checking.validate import validate  # noqa: E402

DOCUMENTS = Path("/work/shared/reference-documents")
SOURCES = {"001_ddb6ed0cd2b1d68b.txt": "2568-1-chachoengsao", "003_916804220d3f3c2d.txt": "2560-2-lampang",
           "004_ff27c6bcafe791fd.txt": "2565-2-chachoengsao"}


def findings(document: str, folder: Path) -> list[tuple[str, int, str]]:
    round_, _ = validate(folder, lint=False)
    period = round_.settings.round
    province = round_.settings.office.province.removeprefix("จังหวัด")
    start, end = round_period(period.fiscal_year, period.number, period.start, period.end)
    year_start, year_end = fiscal_year_period(period.fiscal_year)
    text = re.sub(r"<[^>]+>", " ", (DOCUMENTS / document).read_text(encoding="utf-8"))
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        plain = arabic_digits(line)
        for date in dates_in_text(line):
            if date.weekday is not None and date.weekday != date.start.weekday():
                found.append(("E406", number, f"'{date.text}' เป็น{WEEKDAYS[date.start.weekday()]}"))
            if is_deadline(line, date):
                wide = _names_another_round(line, date, period.number)
                low, high = (min(year_start, start), max(year_end, end)) if wide else (start, end)
                if date.start < low or date.end > high:
                    found.append(("E408", number, f"deadline '{date.text}' outside {thai_date(start)} – {thai_date(end)}"))
            elif not ANCHORED.search(arabic_digits(line[max(0, date.offset - 12):date.offset])) and \
                    (date.start < min(year_start, start) or date.end > max(year_end, end)):
                found.append(("W407", number, f"'{date.text}' outside fiscal year {period.fiscal_year}"))
        named = [(m, int(arabic_digits(m.group(1)))) for m in FISCAL_YEAR.finditer(line)]
        if named and not any(y == period.fiscal_year for _, y in named):
            for match, year in named:
                if not COMPARED.search(line[max(0, match.start() - 25):match.start()]):
                    found.append(("W411", number, f"'{match.group(0)}' in a fiscal year {period.fiscal_year} round"))
        for match in re.finditer(r"ตัวชี้วัดที่\s*([0-9๐-๙]+)\s*:?\s*", line):
            cited = int(arabic_digits(match.group(1)))
            following = " ".join(line[match.end():match.end() + 200].split())
            owners = {n for k in round_.kpis for n in {k.number} | {p.number for p in k.places().values() if p.number}
                      if len(NUMBER_IN_NAME.sub("", k.name)) >= 12 and following.startswith(NUMBER_IN_NAME.sub("", k.name)[:30])}
            if owners and cited not in owners:
                found.append(("E207", number, f"'{match.group(0).strip()}' followed by the name of KPI {sorted(owners)}"))
        for match in MONTHLY_DAY.finditer(line):
            day = int(arabic_digits(match.group(1)))
            days = {k.schedule.day_of_month for k in round_.kpis if k.schedule and k.schedule.day_of_month}
            if days and day not in days:
                found.append(("W409", number, f"'{match.group(0)}' but the KPIs report on day {sorted(days)}"))
        for match in re.finditer(r"(?<![ก-ฮ])([ก-ฮ]{2})\s*([0-9]{5})(?![0-9])", plain):
            code, postal = match.groups()
            if postal not in addresses.postal_codes(province):
                owner = addresses.province_of_postal_code(postal)
                found.append(("E209", number, f"postal code {postal} ({owner or 'unknown'}) in a letter of {province}"))
        for match in re.finditer(r"0[\s-]?[2-7][0-9\s-]{7,10}[0-9]", plain):
            area = addresses.area_code(match.group(0))
            if area and province not in addresses.area_codes()[area]:
                found.append(("E210", number, f"phone {match.group(0)}: area {area} is not {province}'s"))
        if "\t" in line:
            cell = line.split("\t")[0].strip().removeprefix("อำเภอ")
            real = addresses.district_names(province)
            if cell and cell not in real and re.fullmatch(r"[ก-๙]+", cell):
                close = difflib.get_close_matches(cell, real, n=1, cutoff=0.75)
                if close:
                    found.append(("E502", number, f"district '{cell}': the national list has '{close[0]}'"))
    letterhead = re.search(r"ศาลากลางจังหวัด(\S+)", text)
    if letterhead and letterhead.group(1) != province:
        found.append(("E203", text[:letterhead.start()].count("\n") + 1,
                      f"letterhead of {letterhead.group(1)} on a letter of {province} (existing rule)"))
    for match in re.finditer(r"ที่\s+([ก-ฮ]{2})\s", text):
        if match.group(1) != provinces.provinces()[province].code:
            found.append(("E202", text[:match.start()].count("\n") + 1,
                          f"code {match.group(1)}, {province} is {provinces.provinces()[province].code} (existing rule)"))
            break
    return found


if __name__ == "__main__":
    for document, round_name in SOURCES.items():
        print(f"{document} (read as {round_name})")
        for code, line, what in findings(document, ROOT / "kpi_data" / round_name):
            print(f"  line {line}: {code} {what}")
