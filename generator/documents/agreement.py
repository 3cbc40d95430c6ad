"""แบบกำหนดตัวชี้วัด ค่าเป้าหมายและน้ำหนัก: one document per agreement form, each with its own
title, KPIs numbered within it, its total weight, and the signatures of both its parties."""
from __future__ import annotations

from ..model import KPI, Agreement, Party, Round
from ..thai import format_number, with_digits
from .common import round_view, sources, wording_view
from .job import DocumentJob

DEFAULT_ROLES = ("ผู้ประเมิน", "ผู้รับการประเมิน")
BLANK_NAME = "........................................................"


def targets(kpi: KPI, digits) -> list[str]:
    """ค่าเป้าหมาย ๑–๕: a level's number, its criterion as typed, blank where the data leaves it blank (""),
    or "–" where the data says it has none (null, a dash).

    >>> from generator.model import KPI
    >>> kpi = KPI(number=1, name="x", thresholds=[None, "ต่ำกว่า ร้อยละ 5", 80, "", 90.5])
    >>> targets(kpi, "thai")
    ['–', 'ต่ำกว่า ร้อยละ ๕', '๘๐', '', '๙๐.๕']
    """
    values = list(kpi.thresholds or [])[:5]
    values += [None] * (5 - len(values))
    return ["–" if t is None else with_digits(t, digits) if isinstance(t, str) else format_number(t, None, digits)
            for t in values]


def kpi_row(kpi: KPI, number: int, weight: float | None, digits) -> dict:
    sources_list = list(kpi.sources)
    if kpi.owner is not None:
        sources_list.append(f"ผู้รับผิดชอบ: {kpi.owner.position or kpi.owner.name}")
    return {
        "number_text": with_digits(number, digits),
        "name": with_digits(kpi.name, digits),
        "strategy": with_digits(kpi.strategy or "", digits),
        "goal": with_digits(kpi.goal or "", digits),
        "unit": kpi.unit or "",
        "levels": [{"number": with_digits(i, digits), "text": with_digits(t, digits)}
                   for i, t in enumerate(kpi.levels or [], start=1)],
        "conditions": [with_digits(c, digits) for c in kpi.conditions],
        "targets": targets(kpi, digits),
        "weight_text": format_number(weight, None, digits) if weight is not None else "",
        "sources_text": with_digits("\n".join(sources_list), digits),  # one item per line
    }


def party_view(party: Party, index: int, digits) -> dict:
    return {"name": with_digits(party.name, digits) if party.name else BLANK_NAME,
            "position": with_digits(party.position, digits),
            "role": party.role or DEFAULT_ROLES[index]}


def form_view(agreement: Agreement, digits) -> dict:
    form = agreement.form
    return {
        "id": form.id,
        "title": with_digits(form.title, digits),
        "subtitle": with_digits(form.subtitle or "", digits),
        "heading": with_digits(form.heading or "", digits),
        "parties": [party_view(p, i, digits) for i, p in enumerate(agreement.parties)],
        "kpis": [kpi_row(e.kpi, e.number, e.weight, digits) for e in agreement.entries],
        "total_weight": format_number(agreement.total_weight, None, digits),
    }


def jobs(round_: Round) -> list[DocumentJob]:
    if not round_.makes("agreement"):
        return []
    digits = round_.settings.digits
    result = []
    for agreement in round_.agreements():
        context = round_view(round_, digits)
        view = form_view(agreement, digits)
        context["agreement"] = view
        context["parties"] = [p["position"] for p in view["parties"]]
        context["wording"] = wording_view(round_, digits, agreement.form.wording, parties=tuple(context["parties"]))
        title = agreement.form.title.replace("\n", " ") + (f" {agreement.form.subtitle}" if agreement.form.subtitle else "")
        result.append(DocumentJob(
            kind="agreement", template="agreement.docx", output=f"agreement-{agreement.id}.docx",
            title=title, context=context,
            sources=sources(round_, *(f"kpi:{e.kpi.number}" for e in agreement.entries)),
        ))
    return result
