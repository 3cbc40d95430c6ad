"""Stage 3 of a build: plan every document of a round.

One module per kind turns a validated round into the jobs that make its
documents: which template, which output file, the template context, and which
data files it was made from. Rendering is the next stage's work.
"""
from __future__ import annotations

from ..model import Round
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
