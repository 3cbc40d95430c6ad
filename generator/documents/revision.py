"""การปรับปรุงรายละเอียดตัวชี้วัด: the KPIs and levels that changed since an earlier version."""
from __future__ import annotations

from ..reading.model import KPI, Round
from ..thai import format_percent, thai_date, with_digits
from ..thai.dates import thai_letter_date
from .common import round_view, sources
from .letters import number_text
from .job import DocumentJob


def changes(previous: list[KPI], current: list[KPI]) -> list[tuple[KPI, str, str, str]]:
    """(KPI, level label, old, new) for every level or weight that differs; new KPIs in full."""
    before = {k.number: k for k in previous}
    rows: list[tuple[KPI, str, str, str]] = []
    for kpi in current:
        old = before.get(kpi.number)
        if old is not None and old.main_weight != kpi.main_weight and None not in (old.main_weight, kpi.main_weight):
            rows.append((kpi, "น้ำหนัก", format_percent(old.main_weight), format_percent(kpi.main_weight)))
        for level, text in enumerate(kpi.levels or [], start=1):
            old_text = old.levels[level - 1] if old is not None and old.levels else "–"
            if " ".join(old_text.split()) != " ".join(text.split()):
                rows.append((kpi, f"ระดับ {level}", old_text, text))
    return rows


def jobs(round_: Round) -> list[DocumentJob]:
    revision = round_.settings.revision
    if revision is None or not round_.makes("revision") or round_.previous_kpis is None:
        return []
    digits = round_.settings.digits
    context = round_view(round_, digits)
    rows = []
    order: dict[int, int] = {}
    for kpi, level, old, new in changes(round_.previous_kpis, round_.kpis):
        first = kpi.number not in order
        order.setdefault(kpi.number, len(order) + 1)
        owners = [p.name for p in (kpi.owner, kpi.coordinator) if p]
        rows.append({
            "number": with_digits(order[kpi.number], digits) if first else "",
            "kpi": with_digits(f"ตัวชี้วัดที่ {kpi.number} {kpi.name}"
                                + (f" : {format_percent(kpi.main_weight)}" if kpi.main_weight is not None else ""), digits)
            if first else "",
            "level": with_digits(level, digits),
            "old": with_digits(old, digits),
            "new": with_digits(new, digits),
            "owner": with_digits(" ".join(f"{i}. {n}" for i, n in enumerate(owners, start=1)), digits) if first else "",
        })
    context["changes"] = rows
    letter = round_.letters.get(revision.letter) if revision.letter else None
    context["announced_by"] = ""
    if letter is not None:
        context["announced_by"] = (f"หนังสือจังหวัด{context['province']} ที่ {number_text(round_, letter, digits)}"
                                   + (f" ลงวันที่ {thai_letter_date(letter.date, digits).strip()}" if letter.date else ""))
    previous_files = [p for p in (round_.folder / revision.previous).rglob("*.yaml")]
    return [DocumentJob(
        kind="revision", template="revision.docx", output="revision.docx",
        title="การปรับปรุงรายละเอียดตัวชี้วัดและค่าเป้าหมาย", context=context,
        sources=sources(round_, *(f"kpi:{k.number}" for k in round_.kpis)) + sorted(previous_files),
    )]
