"""What the documents stage hands to rendering."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Image:
    """A picture for the template (made an InlineImage at render time): a file or PNG bytes."""

    height_cm: float
    path: Path | None = None
    data: bytes | None = None


@dataclass
class DocumentJob:
    kind: str  # circular, stamped, agreement, kpi_sheets, guidelines, report_form, revision
    template: str  # file name in letter_templates/
    output: str  # file name in output/<round>/
    title: str  # Thai title, for the manifest and the document's properties
    context: dict
    sources: list[Path] = field(default_factory=list)  # data files the document is made from
    attach: list[str] = field(default_factory=list)  # for a letter: the kinds of document it sends
