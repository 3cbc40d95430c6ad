"""แนวทางการดำเนินงานเพื่อบรรลุตัวชี้วัด: numbered steps per KPI (๑.๑ …)."""
from __future__ import annotations

from ..model import Round
from ..thai import with_digits
from .common import paragraphs, person_text, round_view, sources
from .job import DocumentJob


def jobs(round_: Round) -> list[DocumentJob]:
    kpis = [k for k in round_.kpis if k.guideline]
    if not round_.makes("guidelines") or not kpis:
        return []
    digits = round_.settings.digits
    context = round_view(round_, digits)
    context["guidelines"] = [
        {
            "number": with_digits(index, digits),
            "kpi_number": with_digits(kpi.number, digits),
            "name": with_digits(kpi.name, digits),
            "steps": paragraphs(kpi.guideline.steps, digits, prefix=f"{index}."),
            "reporting": with_digits(kpi.guideline.reporting or "", digits),
            "remarks": [with_digits(r, digits) for r in kpi.guideline.remarks],
            "owner": person_text(kpi.owner, digits),
        }
        for index, kpi in enumerate(kpis, start=1)
    ]
    return [DocumentJob(
        kind="guidelines", template="guidelines.docx", output="guidelines.docx",
        title="แนวทางการดำเนินงานเพื่อบรรลุตัวชี้วัด", context=context,
        sources=sources(round_, *(f"kpi:{k.number}" for k in kpis)),
    )]
