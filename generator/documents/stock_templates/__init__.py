"""The stock Word templates in letter_templates/, built here so they can be restored.

Staff edit the .docx files in Word; ``python -m generator templates --restore``
writes these originals back. Each Jinja tag sits in a run of its own (docxtpl
needs a tag inside one run); loops over paragraphs, table rows and columns use
docxtpl's ``{%p``, ``{%tr`` and ``{%tc`` tags. The variables are listed in
letter_templates/GUIDE.md.

One small builder per kind (:mod:`.letters`, :mod:`.agreement`, :mod:`.kpi_sheets`, :mod:`.guidelines`,
:mod:`.report_form`, :mod:`.revision`, :mod:`.results`), each made of the pieces in :mod:`.parts`.
"""
from __future__ import annotations

from pathlib import Path

from ... import ooxml
from .agreement import agreement
from .guidelines import guidelines
from .kpi_sheets import kpi_sheets
from .letters import circular, stamped
from .report_form import report_form
from .results import results_circular, results_summary
from .revision import revision

STOCK = {
    "circular.docx": circular,
    "stamped.docx": stamped,
    "agreement.docx": agreement,
    "kpi_sheets.docx": kpi_sheets,
    "guidelines.docx": guidelines,
    "report_form.docx": report_form,
    "revision.docx": revision,
    "results_summary.docx": results_summary,
    "results_circular.docx": results_circular,
}


def write_stock_templates(folder: Path, only_missing: bool = False) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in STOCK.items():
        path = folder / name
        if only_missing and path.exists():
            continue
        document = build()
        ooxml.package.drop_stale_parts(document)
        ooxml.runs.set_thai_fonts(document)
        ooxml.package.set_fixed_properties(document, title=name.removesuffix(".docx"))
        import io

        buffer = io.BytesIO()
        document.save(buffer)
        path.write_bytes(ooxml.deterministic_zip(buffer.getvalue()))
        written.append(path)
    return written
