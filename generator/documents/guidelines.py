"""แนวทางการดำเนินงานเพื่อบรรลุตัวชี้วัด: one sheet per KPI, its sections numbered ๑., ๒. and
their items ๑.๑, ๑.๒ … afresh on every sheet, as real guideline sheets are printed."""
from __future__ import annotations

from ..reading.model import KPI, Round
from ..thai import with_digits
from .common import paragraphs, person_text, round_view, sources, wording_view
from .job import DocumentJob

DEFAULT_TITLE = "แนวทางการดำเนินงานเพื่อบรรลุตัวชี้วัด"


def sections(kpi: KPI, digits) -> list[dict]:
    """The numbered sections of one KPI's sheet: the steps, then the reporting (when given)."""
    guideline = kpi.guideline
    parts = [(guideline.steps_heading, guideline.steps), (guideline.reporting_heading, guideline.reporting)]
    result = []
    for heading, blocks in parts:
        if not blocks:
            continue
        number = len(result) + 1
        result.append({"heading": with_digits(f"{number}. {heading}", digits),
                       "paragraphs": paragraphs(blocks, digits, prefix=f"{number}.")})
    return result


def guideline_view(kpi: KPI, digits, round_: Round) -> dict:
    guideline = kpi.guideline
    return {
        "wording": wording_view(round_, digits, kpi.wording),
        "title": with_digits(guideline.title or DEFAULT_TITLE, digits),
        "kpi_number": with_digits(kpi.number, digits),
        "name": with_digits(kpi.name, digits),
        "sections": sections(kpi, digits),
        # หมายเหตุ as a heading line, or run inline before the first remark when the data says so
        "remarks_heading": "" if guideline.remarks_inline else "หมายเหตุ",
        "remarks": [("หมายเหตุ " if guideline.remarks_inline and i == 0 else "") + with_digits(r, digits)
                    for i, r in enumerate(guideline.remarks)],
        "owner": person_text(kpi.owner, digits),
    }


def jobs(round_: Round) -> list[DocumentJob]:
    kpis = [k for k in round_.kpis if k.guideline]
    if not round_.makes("guidelines") or not kpis:
        return []
    digits = round_.settings.digits
    context = round_view(round_, digits)
    context["guidelines"] = [guideline_view(kpi, digits, round_) for kpi in kpis]
    return [DocumentJob(
        kind="guidelines", template="guidelines.docx", output="guidelines.docx",
        title=DEFAULT_TITLE, context=context,
        sources=sources(round_, *(f"kpi:{k.number}" for k in kpis)),
    )]
