"""Documents: every document of a round planned, and rendered with its Word template.

One module per kind turns a validated round into the jobs that make its
documents: which template, which output file, the template context, and which
data files it was made from (:mod:`.letters`, :mod:`.agreement`, :mod:`.kpi_sheets`,
:mod:`.guidelines`, :mod:`.report_forms`, :mod:`.revision`). Beside them:

- :mod:`.job`              a planned document, and the dotted paths of its template context
- :mod:`.render`           the sandboxed Jinja/docx renderer of a job
- :mod:`.stock_templates`  the stock Word templates, a small builder per kind, so they can be restored
- :mod:`.form_layout`      where every cell of a report form is (the .docx, the .xlsx and the reader share it)
- :mod:`.form_workbook`    the report form as an .xlsx, locked except the cells a district fills

A new document kind: a module here with ``jobs(round_)``, added to ``KINDS`` (docs/architecture.md).
May import: base, thai, ooxml, reading.
"""
from __future__ import annotations

from ..reading.model import Round
from . import agreement, guidelines, kpi_sheets, letters, report_forms, revision
from .job import DocumentJob, Image

KINDS = (letters, agreement, kpi_sheets, guidelines, report_forms, revision)


def plan(round_: Round, numbers: dict[str, int] | None = None) -> list[DocumentJob]:
    """Every document of the round, in print order. ``numbers`` are the running numbers the
    register gave to letters whose data says ``number: auto``."""
    jobs: list[DocumentJob] = []
    for kind in KINDS:
        jobs.extend(kind.jobs(round_, numbers or {}) if kind is letters else kind.jobs(round_))
    return jobs


__all__ = ["DocumentJob", "Image", "plan"]
