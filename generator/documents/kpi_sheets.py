"""คำอธิบายตัวชี้วัด (KPI Template): every field of each KPI, with its tables."""
from __future__ import annotations

from ..model import KPI, Round
from ..thai import format_number, format_percent, thai_date, with_digits
from .common import KIND_TITLES, person_text, round_view, sources, wording_view
from .job import DocumentJob
from .tables_view import table_view

CHECK = "✓"


def milestone_rows(kpi: KPI, digits) -> list[dict]:
    if kpi.milestones is None:
        return []
    done = kpi.milestones.done or {level: list(range(1, level + 1)) for level in range(1, 6)}
    return [{"level": with_digits(level, digits),
             "marks": [CHECK if step in done.get(level, []) else "" for step in range(1, 6)]}
            for level in range(1, 6)]


def schedule_text(kpi: KPI, digits) -> str:
    schedule = kpi.schedule
    if schedule is None:
        return ""
    parts = []
    if schedule.day_of_month:
        parts.append(f"ทุกวันที่ {schedule.day_of_month} ของเดือน")
    if schedule.deadline:
        parts.append(f"รายงานผลรอบสุดท้ายภายในวันที่ {thai_date(schedule.deadline, digits)}")
    if schedule.channel:
        parts.append(f"ผ่าน{schedule.channel}")
    return with_digits(" ".join(parts), digits)


def _forms_of(round_: Round, kpi: KPI) -> list:
    return [a for a in round_.agreements() if any(e.kpi is kpi for e in a.entries)]


def weight_text(round_: Round, kpi: KPI, digits) -> str:
    """น้ำหนัก: ร้อยละ ๒๐, or one per form when the KPI sits in several: ร้อยละ ๔๐ (ทีมอำเภอ), ร้อยละ ๒๐ (…)."""
    weights = []
    for agreement in _forms_of(round_, kpi):
        entry = next(e for e in agreement.entries if e.kpi is kpi)
        if entry.weight is not None:
            weights.append((entry.weight, agreement.form.subtitle or agreement.form.heading or agreement.id))
    if len(weights) > 1:
        return ", ".join(f"{format_percent(w, None, digits)} {with_digits(label, digits)}" for w, label in weights)
    weight = kpi.main_weight
    return format_percent(weight, None, digits) if weight is not None else ""


def group_title(round_: Round, kpi: KPI) -> str:
    forms = _forms_of(round_, kpi)
    if forms and forms[0].form.heading:
        return forms[0].form.heading
    return KIND_TITLES.get(kpi.kind or "", "")


def kpi_view(round_: Round, kpi: KPI) -> dict:
    digits = round_.settings.digits
    return {
        "group_title": group_title(round_, kpi),
        "number_text": with_digits(kpi.number, digits),
        "name": with_digits(kpi.name, digits),
        "unit": kpi.unit or "",
        "weight_percent": weight_text(round_, kpi, digits),
        "rationale": with_digits(kpi.rationale or "", digits),
        # a list prints one item per line, as the real sheets do
        "sources_text": with_digits("\n".join(f"{i}. {s}" if len(kpi.sources) > 1 else s
                                              for i, s in enumerate(kpi.sources, start=1)) or "–", digits),
        "owner_text": person_text(kpi.owner, digits),
        "coordinator_text": person_text(kpi.coordinator, digits),
        "levels": [{"number": with_digits(i, digits), "text": with_digits(t, digits)}
                   for i, t in enumerate(kpi.levels or [], start=1)],
        "conditions": _numbered(kpi.conditions, digits),
        "definitions": _numbered(kpi.definitions, digits),
        "formula": [with_digits(f, digits) for f in kpi.formula],
        "collection": _numbered(kpi.collection, digits),
        "evidence": [{"level": with_digits(e.level, digits) if e.level else "ทุกระดับ",
                      "entries": [with_digits(i, digits) for i in e.items]} for e in kpi.evidence],
        "milestones": milestone_rows(kpi, digits),
        "milestone_steps": [{"number": with_digits(i, digits), "text": with_digits(s, digits)}
                            for i, s in enumerate(kpi.milestones.steps, start=1)] if kpi.milestones else [],
        "schedule_text": schedule_text(kpi, digits),
        "tables": [table_view(round_, round_.tables[(kpi.number, index)])
                   for index in range(len(kpi.tables)) if (kpi.number, index) in round_.tables],
        "weight": format_number(kpi.main_weight, None, digits) if kpi.main_weight is not None else "",
    }


def _numbered(texts: list[str], digits) -> list[str]:
    if len(texts) <= 1:
        return [with_digits(t, digits) for t in texts]
    return [with_digits(f"{i}. {t}", digits) for i, t in enumerate(texts, start=1)]


def jobs(round_: Round) -> list[DocumentJob]:
    if not round_.makes("kpi_sheets") or not round_.kpis:
        return []
    context = round_view(round_, round_.settings.digits)
    context["kpis"] = [kpi_view(round_, k) for k in round_.kpis]
    context["wording"] = wording_view(round_, round_.settings.digits, parties=tuple(context["parties"]))
    table_files = [round_.folder / spec.file for k in round_.kpis for spec in k.tables]
    return [DocumentJob(
        kind="kpi_sheets", template="kpi_sheets.docx", output="kpi-sheets.docx",
        title="คำอธิบายตัวชี้วัด ค่าเป้าหมาย และน้ำหนัก", context=context,
        sources=sources(round_, *(f"kpi:{k.number}" for k in round_.kpis)) + table_files,
    )]
