"""Problems found in a round's data: where, what (Thai and English), and a stable code."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    file: Path
    line: int | None = None
    column: int | None = None
    cell: str | None = None  # in a workbook: sheet!cell, e.g. ผลการดำเนินงาน!D7

    def __str__(self) -> str:
        if self.cell is not None:
            return f"{self.file}:{self.cell}"
        parts = [str(self.file)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Diagnostic:
    code: str  # e.g. "E201"; E… stop the build, W… do not
    where: Location
    thai: str
    english: str

    @property
    def severity(self) -> Severity:
        return "error" if self.code.startswith("E") else "warning"

    def format(self, root: Path | None = None) -> str:
        where = self.where
        if root is not None:
            try:
                where = Location(where.file.resolve().relative_to(root.resolve()), where.line, where.column, where.cell)
            except ValueError:
                pass
        label = "ผิดพลาด/error" if self.severity == "error" else "คำเตือน/warning"
        return f"{where}: {self.code} {label}: {self.thai}\n    {self.english}"


@dataclass
class Report:
    """Every problem of a round, collected so the user sees them all at once."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, code: str, where: Location, thai: str, english: str) -> None:
        self.diagnostics.append(Diagnostic(code, where, thai, english))

    def extend(self, other: "Report") -> None:
        self.diagnostics.extend(other.diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=lambda d: (str(d.where.file), d.where.line or 0, d.where.column or 0, d.code))

    def format(self, root: Path | None = None) -> str:
        return "\n".join(d.format(root) for d in self.sorted())
