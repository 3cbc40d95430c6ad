"""Every line the stock templates used to print fixed, as data with today's words as defaults.

A ``wording:`` block may stand in ``round.yaml`` (round-wide), in an agreement form of
``round.yaml`` (that form only) and in a KPI file (that KPI's guideline sheet and report form).
The nearest one that names a phrase wins. Each phrase is a line of text, a list of lines (printed
one per line), or blank (``""`` or ``[]``: the line is left out). Placeholders in braces take the
round's values: ``{round}``, ``{fiscal_year}``, ``{period}``, ``{province}``, ``{evaluator}``,
``{evaluated}``; nothing else in braces is read (data is never a template). Digits are printed in
the document's style, whatever was typed.

docs/wording.md lists every phrase with its default and an example per document
(``tests/test_wording.py`` checks that it lists exactly :data:`PHRASES`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict

from ..thai import with_digits


def _text(value: object) -> object:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


Line = Annotated[str, BeforeValidator(_text)]
Lines = Union[Line, list[Line], None]


@dataclass(frozen=True)
class Phrase:
    default: tuple[str, ...]
    documents: tuple[str, ...]
    thai: str
    english: str


PHRASES: dict[str, Phrase] = {
    "round_line": Phrase(
        ("รอบการประเมินที่ {round} ปีงบประมาณ พ.ศ. {fiscal_year} ({period})",),
        ("agreement", "kpi_sheets", "guidelines"),
        "บรรทัดรอบการประเมินใต้ชื่อเอกสาร", "the round line under a document's title"),
    "period": Phrase(
        ("{round_period}",), ("agreement", "kpi_sheets", "guidelines"),
        "ช่วงเวลาที่ {period} พิมพ์ (แบบบันทึกข้อตกลงที่ครอบคลุมช่วงอื่นใส่เองได้)",
        "what {period} prints (an agreement form covering other dates sets its own)"),
    "audience_line": Phrase(
        (), ("agreement", "kpi_sheets", "guidelines", "report_forms"),
        "บรรทัดผู้รับ/กลุ่มเป้าหมายใต้บรรทัดรอบการประเมิน (ค่าปริยาย: ไม่มี)",
        "an audience line below the round line (default: none)"),
    "parties_line": Phrase(
        ("บันทึกข้อตกลงการประเมินผลการปฏิบัติราชการ ระหว่าง {evaluator} กับ {evaluated}",), ("agreement",),
        "บรรทัดคู่ข้อตกลงใต้ชื่อแบบ (ว่างได้ เมื่อชื่อแบบบอกไว้แล้ว)",
        "the parties' line under the form's title (blank when the title says it already)"),
    "parties_suffix": Phrase(
        (), ("agreement",), "คำต่อท้ายบรรทัดคู่ข้อตกลง เช่น (ทีมอำเภอ…)",
        "words after the parties' line, e.g. (ทีมอำเภอ…)"),
    "kpi_sheets_parties_line": Phrase(
        ("ระหว่าง {evaluator} กับ {evaluated}",), ("kpi_sheets",),
        "บรรทัดคู่ข้อตกลงใต้ชื่อคำอธิบายตัวชี้วัด", "the parties' line under the KPI sheets' title"),
    "report_round_line": Phrase(
        ("รอบการประเมินที่ {round} ปีงบประมาณ พ.ศ. {fiscal_year}",), ("report_forms",),
        "บรรทัดรอบการประเมินของแบบรายงาน", "the report form's round line"),
    "as_of_line": Phrase(
        ("ข้อมูล ณ วันที่ ..............................................",), ("report_forms",),
        "บรรทัด \"ข้อมูล ณ วันที่\" ของแบบรายงาน", "the report form's \"data as of\" line"),
    "reporter_lines": Phrase(
        ("ลงชื่อ ........................................................ ผู้รายงาน",
         "(........................................................)",
         "ตำแหน่ง ........................................................",
         "โทร. ........................................................"),
        ("report_forms",), "บรรทัดลงชื่อผู้รายงานท้ายแบบรายงาน", "the reporter's signature lines under the form"),
}


class Wording(BaseModel):
    """A ``wording:`` block: any phrase of :data:`PHRASES`, as a line, a list of lines or blank."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    round_line: Lines = None
    period: Lines = None
    audience_line: Lines = None
    parties_line: Lines = None
    parties_suffix: Lines = None
    kpi_sheets_parties_line: Lines = None
    report_round_line: Lines = None
    as_of_line: Lines = None
    reporter_lines: Lines = None


assert set(Wording.model_fields) == set(PHRASES)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def phrase(key: str, blocks: list[Wording | None]) -> tuple[str, ...]:
    """The lines of a phrase: from the first block (nearest first) that names it, else the default.

    >>> phrase("as_of_line", [Wording(as_of_line=""), None])
    ()
    >>> phrase("audience_line", [None, Wording(audience_line=["ก", "ข"])])
    ('ก', 'ข')
    >>> phrase("as_of_line", [])[0][:15]
    'ข้อมูล ณ วันที่'
    """
    for block in blocks:
        if block is None or key not in block.model_fields_set:
            continue
        value = getattr(block, key)
        if value is None or value == "":
            return ()
        return (value,) if isinstance(value, str) else tuple(value)
    return PHRASES[key].default


def fill(line: str, values: dict[str, str]) -> str:
    """``{name}`` replaced by its value; braces around anything else are printed as typed.

    >>> fill("รอบที่ {round} {x.__class__} {unknown}", {"round": "2"})
    'รอบที่ 2 {x.__class__} {unknown}'
    """
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), line)


def lines(key: str, blocks: list[Wording | None], values: dict[str, str], digits) -> list[str]:
    """A phrase as the document prints it: placeholders filled, digits in the document's style.

    >>> lines("round_line", [None], {"round": "2", "fiscal_year": "2567", "period": "1 เมษายน – 30 กันยายน 2567"},
    ...       "thai")
    ['รอบการประเมินที่ ๒ ปีงบประมาณ พ.ศ. ๒๕๖๗ (๑ เมษายน – ๓๐ กันยายน ๒๕๖๗)']
    """
    return [with_digits(fill(line, values), digits) for line in phrase(key, blocks)]
