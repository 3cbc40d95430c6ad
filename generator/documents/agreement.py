"""แบบกำหนดตัวชี้วัด ค่าเป้าหมายและน้ำหนัก: the agreement table, team and individual KPIs."""
from __future__ import annotations

from ..model import KPI, Round
from ..thai import format_number, with_digits
from .common import KIND_TITLES, round_view, sources
from .job import DocumentJob


def targets(kpi: KPI, digits) -> list[str]:
    """ค่าเป้าหมาย ๑–๕: the numeric threshold of each level, or ✓ where a level has a criterion."""
    if kpi.thresholds and len(kpi.thresholds) == 5:
        return [format_number(t, None, digits) if t is not None else "–" for t in kpi.thresholds]
    return ["–" if level == "–" else "✓" for level in kpi.levels]


def kpi_row(kpi: KPI, digits) -> dict:
    owner = kpi.owner.position or kpi.owner.name
    return {
        "number_text": with_digits(kpi.number, digits),
        "name": with_digits(kpi.name, digits),
        "strategy": with_digits(kpi.strategy or "", digits),
        "goal": with_digits(kpi.goal, digits),
        "unit": kpi.unit,
        "levels": [{"number": with_digits(i, digits), "text": with_digits(t, digits)}
                   for i, t in enumerate(kpi.levels, start=1)],
        "conditions": [with_digits(c, digits) for c in kpi.conditions],
        "targets": targets(kpi, digits),
        "weight_text": format_number(kpi.weight, None, digits),
        "sources_text": with_digits("; ".join(kpi.sources + [f"ผู้รับผิดชอบ: {owner}"]), digits),
    }


def jobs(round_: Round) -> list[DocumentJob]:
    if not round_.makes("agreement"):
        return []
    digits = round_.settings.digits
    context = round_view(round_, digits)
    groups = []
    for kind in ("team", "individual"):
        kpis = [k for k in round_.kpis if k.kind == kind]
        if kpis:
            groups.append({"title": KIND_TITLES[kind], "kpis": [kpi_row(k, digits) for k in kpis],
                           "total_weight": format_number(sum(k.weight for k in kpis), None, digits)})
    context["groups"] = groups
    return [DocumentJob(
        kind="agreement", template="agreement.docx", output="agreement.docx",
        title="แบบกำหนดตัวชี้วัด ค่าเป้าหมายและน้ำหนัก",
        context=context, sources=sources(round_, *(f"kpi:{k.number}" for k in round_.kpis)),
    )]
