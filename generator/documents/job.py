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


def context_paths(value, prefix: str = "") -> dict[str, object]:
    """Dotted paths of a template context, lists as [], with one example value each."""
    found: dict[str, object] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            found.update(context_paths(item, f"{prefix}.{key}" if prefix else key))
    elif isinstance(value, list) and any(isinstance(i, (dict, list)) for i in value):
        for item in value:
            for path, example in context_paths(item, prefix + "[]").items():
                found.setdefault(path, example)
        found.setdefault(prefix, value)
    else:
        found[prefix] = value
    return found
