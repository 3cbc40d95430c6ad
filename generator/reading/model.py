"""The schema of a round's data, as staff write it in ``kpi_data/<round>/``.

Field names are English words; every sample file carries Thai comments that say
what each field means. Dates are typed as Thai dates ("๑๘ มกราคม ๒๕๖๘",
"18 ม.ค. 2568") or as Buddhist-era ISO dates ("2568-01-18").

Agreement forms. A round may make several agreements (บันทึกข้อตกลง), each between two
parties who both sign it, each numbering its KPIs from ๑ with weights that sum to 100.
round.yaml lists the forms; each KPI file says which forms hold it, with its number and
weight in each::

    # round.yaml
    agreements:
      - id: team                       # named in KPI files and in the output (agreement-team.docx)
        subtitle: (ทีมอำเภอ)
        heading: เป้าหมายการปฏิบัติงานทีม
        parties: [พัฒนาการจังหวัดพะเยา, {position: พัฒนาการอำเภอ, role: ผู้รับการประเมิน}]
      - id: chief
        subtitle: (พัฒนาการอำเภอ)
    # kpis/kpi-01.yaml
    number: 1                          # the KPI's own number: its file, sheet and guideline
    forms:
      team: {number: 1, weight: 40}
      chief: {number: 3, weight: 20}

``Round.agreements()`` gives each form resolved: ``Agreement(form, parties, entries)`` with
``entries`` = ``FormEntry(number, weight, kpi)`` in number order. A round without
``agreements:`` gets a team and an individual form from the KPIs' older ``kind``/``weight``.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, Union, get_args, get_origin

from typing import Any

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, PlainValidator, Tag,
                      field_validator, model_validator)

from .load import Positions, Table
from ..thai import parse_thai_date
from ..base.errors import DataError
from ..thai.dates import MonthYear, parse_month_year
from ..thai.digits import arabic_digits, to_number
from .wording import Wording


def _date(value: object) -> object:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_thai_date(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # pydantic would read 0 as 1 January 1970: a number is never a date here
        raise ValueError(f"'{value}' ไม่ใช่วันที่ (พิมพ์เช่น ๑๘ มกราคม ๒๕๖๘) / "
                         f"'{value}' is not a date (write e.g. 18 มกราคม 2568)")
    return value


def _text(value: object) -> object:
    # YAML reads 0018 as the number 18 and 2568 as an int: for text fields keep what was typed.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _number(value: object) -> object:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        try:
            return to_number(value)
        except DataError:
            raise  # a number beyond any meaning, or commas in the wrong places: said as such
        except Exception:
            return value  # not a number at all: pydantic says "must be a number"
    return value


def _whole(value: object) -> object:
    number = _number(value)
    if isinstance(number, (float, Decimal)) and number == int(number):
        return int(number)
    return number


def _letter_date(value: object) -> object:
    if isinstance(value, str):
        month_only = parse_month_year(value)  # "มกราคม 2568": the day is written in on signing
        if month_only is not None:
            return month_only
    return _date(value)


class DottedNumber(str):
    """A KPI number written by dimension, as offices write it: "1.1", "2.3", "10.1".

    It sorts naturally among whole numbers (1 < 1.1 < 1.2 < 1.10 < 2) and formats like one
    in file names ("{:02d}" gives "01.1").

    >>> sorted([DottedNumber("1.10"), 2, DottedNumber("1.2"), 1])
    [1, '1.2', '1.10', 2]
    >>> f"{DottedNumber('1.1'):02d}"
    '01.1'
    """

    @property
    def parts(self) -> tuple[int, ...]:
        return tuple(int(p) for p in self.split("."))

    def __format__(self, spec: str) -> str:
        if spec.endswith("d"):
            first, *rest = self.parts
            return ".".join([format(first, spec), *map(str, rest)])
        return str.__format__(self, spec)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, bool) or not isinstance(other, (int, str)):
            return NotImplemented
        return isinstance(other, DottedNumber) and self.parts == other.parts

    def __hash__(self) -> int:
        return hash(self.parts)

    def __lt__(self, other: object) -> bool:
        return self.parts < number_key(other)

    def __le__(self, other: object) -> bool:
        return self.parts <= number_key(other)

    def __gt__(self, other: object) -> bool:
        return self.parts > number_key(other)

    def __ge__(self, other: object) -> bool:
        return self.parts >= number_key(other)


def number_key(number: object) -> tuple[int, ...]:
    """The order of a KPI number: 1 < 1.1 < 1.2 < 1.10 < 2.

    >>> number_key(3), number_key(DottedNumber("2.10"))
    ((3,), (2, 10))
    """
    if isinstance(number, DottedNumber):
        return number.parts
    if isinstance(number, int) and not isinstance(number, bool):
        return (number,)
    raise TypeError(f"not a KPI number: {number!r}")


_DOTTED = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,2}$")


def parse_kpi_number(value: object) -> object:
    """A KPI number as typed: a whole number 1–99, or numbers by dimension 1.1, ๒.๓, 10.1 (up to three parts).

    YAML reads 1.10 as the number 1.1: write such a number in quotes ("1.10").

    >>> parse_kpi_number("๒.๓"), parse_kpi_number(6), parse_kpi_number(1.1)
    ('2.3', 6, '1.1')
    """
    if isinstance(value, DottedNumber):
        return value
    if isinstance(value, bool):
        raise DataError("E103", "เลขตัวชี้วัดต้องเป็นตัวเลข", "a KPI number must be a number")
    typed = value
    if isinstance(value, float):
        typed = repr(value)
    if isinstance(typed, str):
        text = arabic_digits(typed.strip())
        if _DOTTED.match(text):
            parts = [int(p) for p in text.split(".")]
            if all(1 <= p <= 99 for p in parts[:1]) and all(p >= 1 for p in parts):
                return DottedNumber(".".join(map(str, parts)))
            raise DataError("E103", f"เลขตัวชี้วัด '{value}': แต่ละส่วนต้องเป็น 1–99",
                            f"KPI number '{value}': each part must be 1–99")
        typed = text
    whole = _whole(typed)
    if isinstance(whole, int) and 1 <= whole <= 99:
        return whole
    raise DataError("E103", f"เลขตัวชี้วัด '{value}' ต้องเป็นเลข 1–99 หรือเลขตามมิติ เช่น 1.1, 2.3",
                    f"KPI number '{value}' must be 1–99 or a number by dimension such as 1.1, 2.3")


KPINumber = Annotated[Any, PlainValidator(parse_kpi_number)]
ThaiDate = Annotated[dt.date, BeforeValidator(_date)]
LetterDate = Annotated[Union[dt.date, MonthYear], BeforeValidator(_letter_date)]
Int = Annotated[int, BeforeValidator(_whole)]  # accepts ๑๒ as well as 12
Text = Annotated[str, BeforeValidator(_text)]


def _title_lines(value: object) -> object:
    # a title of several lines may be typed as a YAML list: one line each (printed with line breaks)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
        return "\n".join(str(v).strip() for v in value)
    return _text(value)


TitleLines = Annotated[str, BeforeValidator(_title_lines)]
Number = Annotated[float, BeforeValidator(_number)]
Level = Annotated[Int, Field(ge=1, le=5)]


@dataclass(frozen=True)
class FormLabel:
    """How a field is shown where a person edits it (the office server's forms): its Thai label, English beside,
    and the kind of input. Kept beside the field's type in the model, so the reader, the checks and the form share
    one definition of the field: ``subject: Annotated[Text | None, FormLabel("เรื่อง", "subject")] = None``.

    ``kind``: text, lines (one per line), paragraph (a running text, its line breaks typed as spaces), date,
    number or choice (the choices are the field's Literal values).
    ``levels``: a list of five, one input per level. ``blocks``: a list of paragraphs and numbered items (a letter's
    body), each paragraph and each item's labelled fields one input, numbered as printed. ``present``: shown only when the file has the field.
    ``agreement``: a KPI's field shown under the KPI on each agreement form's page too."""

    thai: str
    english: str
    kind: Literal["text", "lines", "paragraph", "date", "number", "choice"] = "text"
    levels: bool = False
    blocks: bool = False
    present: bool = False
    agreement: bool = False


def form_labels(model: type[BaseModel]) -> list[tuple[str, FormLabel, tuple]]:
    """The labelled fields of a model in their order: (field name, its label, its choices for a choice).

    >>> [(name, label.thai) for name, label, _ in form_labels(Party)]
    [('position', 'ตำแหน่ง'), ('name', 'ชื่อผู้ลงนาม'), ('role', 'บทบาท')]
    >>> {name: choices for name, _, choices in form_labels(Letter)}["salutation"]
    ('เรียน', 'กราบเรียน', 'นมัสการ')
    """
    found = []
    for name, info in model.model_fields.items():
        label = next((m for m in info.metadata if isinstance(m, FormLabel)), None)
        if label is not None:
            found.append((name, label, _choices(info.annotation) if label.kind == "choice" else ()))
    return found


def _choices(annotation: object) -> tuple:
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    return tuple(c for arg in get_args(annotation) for c in _choices(arg))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# ---------------------------------------------------------------- the round
class Person(Strict):
    name: Text
    position: Text | None = None
    phone: Text | None = None


class Office(Strict):
    """ส่วนราชการเจ้าของหนังสือ: the issuing office."""

    province: Text
    code: Text | None = None  # derived from the province; if typed, it must agree
    department_number: Annotated[Text, FormLabel("เลขประจำของส่วนราชการ (เช่น 0018)", "the office's number (e.g. 0018)")]
    name: Annotated[Text | None, FormLabel("ชื่อส่วนราชการ (ว่าง: สำนักงานพัฒนาชุมชนจังหวัด…)", "the office's name",
                                           present=True)] = None  # default: สำนักงานพัฒนาชุมชนจังหวัด<province>
    letterhead: Annotated[Text | None, FormLabel("ที่ตั้ง (ว่าง: ศาลากลางจังหวัด…)", "letterhead", present=True)] = None
    # printed by external letters only (circular.docx): E105 asks for them when the round has one
    address: Annotated[list[Text], FormLabel("ที่อยู่ บรรทัดละหนึ่งบรรทัด", "address, one line per line", "lines")] = \
        Field(default_factory=list)
    postal_code: Annotated[Text | None, FormLabel("รหัสไปรษณีย์", "postal code")] = None
    group: Annotated[Text, FormLabel("กลุ่มงานเจ้าของเรื่อง", "the group that owns the letter")]
    phone: Annotated[Text, FormLabel("โทรศัพท์", "phone")]
    fax: Annotated[Text | None, FormLabel("โทรสาร", "fax")] = None
    phone_style: Literal["dash", "space"] = "dash"  # ๐-๓๘๕๑-๑๒๓๔ or ๐ ๕๔๒๖ ๕๐๕๕
    email: Annotated[Text | None, FormLabel("ไปรษณีย์อิเล็กทรอนิกส์", "e-mail")] = None
    emblem: Text | None = None  # path of the Garuda image, relative to the round folder


class Signer(Strict):
    """ผู้ลงนาม: name, position lines, and whether the last line is the governor's."""

    name: Annotated[Text | None, FormLabel("ชื่อผู้ลงนาม", "name of the signer")] = None  # printed by external letters only
    lines: Annotated[list[Text], FormLabel("ตำแหน่งผู้ลงนาม บรรทัดละหนึ่งบรรทัด", "the signer's position, one line per line",
                                           "lines")] = Field(default_factory=list)
    for_governor: bool = True  # adds "ผู้ว่าราชการจังหวัด<province>"


class Period(Strict):
    fiscal_year: Annotated[Int, FormLabel("ปีงบประมาณ (พ.ศ.)", "fiscal year (Buddhist era)", "number")] = \
        Field(ge=2400, le=2700)
    number: Annotated[Literal[1, 2], FormLabel("รอบที่ (1 หรือ 2)", "round (1 or 2)", "number")]
    start: Annotated[ThaiDate | None, FormLabel("วันเริ่มรอบ (ว่าง: ตามรอบ)", "the round's first day", "date",
                                                present=True)] = None
    end: Annotated[ThaiDate | None, FormLabel("วันสิ้นรอบ (ว่าง: ตามรอบ)", "the round's last day", "date",
                                              present=True)] = None
    draft: bool = False
    parties: tuple[Text, Text] | None = None  # default: (พัฒนาการจังหวัด<province>, พัฒนาการอำเภอ)


DEFAULT_AGREEMENT_TITLE = "แบบกำหนดตัวชี้วัด ค่าเป้าหมายและน้ำหนัก"
KIND_TITLES = {"team": "เป้าหมายการปฏิบัติงานทีม", "individual": "เป้าหมายการปฏิบัติงานบุคคล"}


class Party(Strict):
    """One side of an agreement, who signs it. Typed as a mapping, or as text (its position)."""

    position: Annotated[Text, FormLabel("ตำแหน่ง", "position")]  # ตำแหน่งที่พิมพ์ใต้ลายมือชื่อ เช่น พัฒนาการจังหวัดพะเยา
    name: Annotated[Text | None, FormLabel("ชื่อผู้ลงนาม", "name of the signer")] = None  # ว่าง: เว้นจุดไว้เขียนด้วยมือ
    role: Annotated[Text | None, FormLabel("บทบาท", "role")] = None  # ผู้ประเมิน / ผู้รับการประเมิน (ค่าปริยายตามลำดับ)

    @model_validator(mode="before")
    @classmethod
    def _text_is_position(cls, value: object) -> object:
        return {"position": value} if isinstance(value, (str, int)) else value


AgreementField = Literal["number", "group", "strategy", "goal", "kpi", "name", "levels", "unit", "target",
                         "thresholds", "weight", "sources", "owner"]
# what each column prints, and its heading unless the form gives its own (docs/agreements.md)
COLUMN_HEADINGS: dict[str, str] = {
    "number": "ที่", "group": "มิติ / ประเด็น", "strategy": "ยุทธศาสตร์", "goal": "เป้าหมายผลสำเร็จของงาน",
    "kpi": "ตัวชี้วัด / เกณฑ์การวัด", "name": "ตัวชี้วัด", "levels": "เกณฑ์การให้คะแนน", "unit": "หน่วยวัด",
    "target": "ค่าเป้าหมาย", "thresholds": "ค่าเป้าหมาย", "weight": "น้ำหนัก (ร้อยละ)",
    "sources": "แหล่งข้อมูล / หลักฐานเชิงประจักษ์", "owner": "ผู้รับผิดชอบ",
}
# the columns of a form that names none: the table as it has always been
DEFAULT_COLUMNS = ("strategy", "goal", "kpi", "unit", "thresholds", "weight", "sources")


def _column(value: object) -> object:
    return {"field": value} if isinstance(value, str) else value


class AgreementColumn(Strict):
    """One column of the agreement table: what it prints and its heading as the office writes it.
    ``thresholds`` is five cells (levels 1–5) under one heading; ``levels`` names their headings."""

    field: AgreementField
    heading: Text | None = None  # default: COLUMN_HEADINGS[field]
    levels: list[Text] | None = Field(default=None, min_length=5, max_length=5)  # thresholds: the five cells' headings
    width: Number | None = Field(default=None, gt=0, le=30)  # cm (the table is scaled to the page)


class KPIGroup(Strict):
    """A group of an agreement form's KPIs (มิติ, ยุทธศาสตร์, ประเด็น) with its own row and weight.
    Its KPIs are those numbered <number>.1, <number>.2 … in the form, or those listed in ``kpis``."""

    title: Annotated[Text, FormLabel("ชื่อกลุ่ม (มิติ / ประเด็น)", "group row")]  # e.g. มิติที่ 1 มิติด้านประสิทธิผล
    number: Int | None = Field(default=None, ge=1, le=99)
    weight: Annotated[Number | None, FormLabel("น้ำหนักของกลุ่ม (ร้อยละ)", "the group's weight (%)", "number"),
                      Field(default=None, gt=0, le=100)] = None  # the KPIs' weights sum to it
    kpis: list[KPINumber] | None = None  # the KPIs' numbers in the form, when not numbered by the group

    def holds(self, number: object) -> bool:
        if self.kpis is not None:
            return any(number_key(number) == number_key(k) for k in self.kpis)
        return self.number is not None and isinstance(number, DottedNumber) and number.parts[0] == self.number


class AgreementForm(Strict):
    """One agreement form (แบบบันทึกข้อตกลง) of the round: its own title, parties, KPIs and signatures.

    Which KPIs it holds is said in each KPI file (``forms: {<id>: {number, weight}}``), so a
    KPI can sit in several forms with a number and a weight of each form.
    """

    id: Annotated[Text, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")]  # used in KPI files and in the output name
    title: TitleLines = DEFAULT_AGREEMENT_TITLE  # a list: one line each
    subtitle: Annotated[Text | None, FormLabel("ชื่อรองใต้ชื่อแบบ", "subtitle")] = None  # e.g. (ทีมอำเภอ)
    heading: Annotated[Text | None, FormLabel("หัวข้อเหนือตาราง", "heading above the table")] = None
    numbering_from: Annotated[Int, FormLabel("เลขตัวชี้วัดแรกของแบบ", "the form's first KPI number", "number"),
                              Field(ge=1, le=99)] = 1  # the form's first KPI number: ๑, or where an earlier form stopped
    # (first party, second party) = (ผู้ประเมิน, ผู้รับการประเมิน); default: round.parties
    parties: tuple[Party, Party] | None = None
    # the table's columns in order, each a field name or {field, heading, levels, width}; default DEFAULT_COLUMNS
    columns: list[Annotated[AgreementColumn, BeforeValidator(_column)]] | None = Field(default=None, min_length=1)
    groups: list[KPIGroup] = Field(default_factory=list)  # group rows (มิติ …) with their weights
    wording: Wording | None = None  # this form's own phrases (generator/reading/wording.py, docs/wording.md)


DocumentKind = Literal["agreement", "kpi_sheets", "guidelines", "report_forms", "revision"]


class Revision(Strict):
    """The round revises KPIs announced earlier: compare with that version."""

    previous: Text  # a round folder or a folder of KPI files, relative to this round
    letter: Text | None = None  # the letter that announces it (its file name without .yaml)


class RoundFile(Strict):
    """round.yaml"""

    office: Office
    signer: Signer = Field(default_factory=Signer)  # a round of stamped letters and forms has no signer
    round: Period
    districts: list[Text] = Field(default_factory=list)  # needed by district tables and report forms
    # the agreement forms, in print order; none: a team and an individual form made from KPIs' kind
    agreements: list[AgreementForm] | None = None
    digits: Literal["thai", "arabic"] = "thai"  # running text
    table_digits: Literal["thai", "arabic"] = "arabic"  # figures in district tables
    report_forms_per_district: bool = False
    not_reporting: list[Text] = Field(default_factory=list)  # districts the province excuses from reporting this round
    revision: Revision | None = None
    # which documents the round makes besides its letters; default: every kind it has data for.
    # A round that only touches some KPIs leaves out "agreement" (whose weights must total 100).
    documents: list[DocumentKind] | None = None
    wording: Wording | None = None  # the round's phrases (generator/reading/wording.py, docs/wording.md)


# ---------------------------------------------------------------- letters
class Reference(Strict):
    """อ้างถึง"""

    text: Text = "หนังสือ"  # e.g. หนังสือจังหวัดเชียงใหม่
    number: Text
    date: ThaiDate


class Enclosure(Strict):
    """สิ่งที่ส่งมาด้วย"""

    title: Text
    quantity: Int = Field(default=1, ge=1, le=999)
    unit: Text = "ฉบับ"


class Item(Strict):
    """A numbered item of the body; its sub-items are numbered ๑.๑, ๑.๒ …

    ``numbered: false`` prints it as a paragraph without a number (a sentence with a deadline)."""

    text: Annotated[Text, FormLabel("ข้อ", "item", "paragraph")]
    numbered: bool = True
    deadline: Annotated[ThaiDate | None, FormLabel("กำหนดส่งของข้อ", "the deadline of item", "date",
                                                   present=True)] = None
    deadline_weekday: bool = True
    enclosures: list[Int] = Field(default_factory=list)  # cites สิ่งที่ส่งมาด้วย by number
    after: Annotated[Text | None, FormLabel("ข้อความต่อท้ายกำหนดส่งของข้อ", "the text after the deadline of item", "paragraph",
                                            present=True)] = None  # text that follows the deadline and the citation
    items: Annotated[list["Item"], FormLabel("ข้อย่อย", "sub-item", "paragraph", blocks=True)] = Field(default_factory=list)


def _block_kind(value: object) -> str:
    return "item" if isinstance(value, (dict, Item)) else "text"


# A body block is a paragraph (text) or a numbered item (a mapping); tagging the two
# lets a mistake inside an item be reported as that, not as "must be text".
BodyBlock = Annotated[
    Union[Annotated[Text, Tag("text")], Annotated[Item, Tag("item")]],
    Discriminator(_block_kind),
]


_CIRCULAR_MARK = "ว"


class Letter(Strict):
    """A letter. ``kind: circular`` is an external letter sent to many (ว); any kind may be
    sent to many with ``circular: true`` or a number typed with its ว ("ว631", "ว ๖๓๑")."""

    kind: Literal["circular", "external", "stamped"] = "circular"
    circular: bool | None = None  # sent to many: its number carries ว and comes from the ว series
    # running number; "auto" takes the next from the register; "blank" leaves it to be written in on signing
    number: Annotated[Int, Field(ge=1, le=99999)] | Literal["auto", "blank"] | None = None
    # a date, or a month and year only (the day left blank to write in)
    date: Annotated[LetterDate | None, FormLabel("ลงวันที่ (เช่น 18 มกราคม 2568)", "date (e.g. 18 มกราคม 2568)",
                                                 "date")] = None
    subject: Annotated[Text | None, FormLabel("เรื่อง", "subject")] = None  # every kind but a stamped letter prints it
    to: Annotated[Text, FormLabel("เรียน / ถึง", "to")]  # เรียน … (or ถึง … for a stamped letter)
    salutation: Annotated[Literal["เรียน", "กราบเรียน", "นมัสการ"], FormLabel("คำขึ้นต้น", "salutation",
                                                                            "choice")] = "เรียน"
    references: list[Reference] = Field(default_factory=list)
    enclosures: list[Enclosure] = Field(default_factory=list)
    body: Annotated[list[BodyBlock], FormLabel("ย่อหน้า", "paragraph", "paragraph", blocks=True)] = Field(min_length=1)
    closing: Annotated[Text | None, FormLabel("ข้อความก่อนคำลงท้าย (จึงเรียนมาเพื่อ…)", "closing sentence")] = None
    complimentary_close: Text | None = None  # default follows the salutation
    qr: Text | None = None  # address the QR code opens (the reporting form)
    qr_caption: Text | None = None
    copy_to: list[Text] = Field(default_factory=list)  # สำเนาส่ง
    attach: list[DocumentKind] = Field(default_factory=list)  # documents sent with this letter

    @model_validator(mode="before")
    @classmethod
    def _circular_mark_in_number(cls, data: object) -> object:
        """ "ว631", "ว 631", "ว๖๓๑", "ว auto": the running number of the ว series; a bare "ว" is
        printed as offices print a letter before signing, its number left blank (ที่ พย ๐๐๑๙.๔/ว)."""
        if isinstance(data, dict) and isinstance(data.get("number"), str):
            typed = data["number"].strip()
            if typed.startswith(_CIRCULAR_MARK):
                data = dict(data, number=typed[len(_CIRCULAR_MARK):].strip().removeprefix(".").strip() or "blank")
                if data.get("circular") is None:
                    data["circular"] = True
        return data

    @property
    def sent_to_many(self) -> bool:
        """Whether the number carries ว and comes from the ว series of the register."""
        return self.circular if self.circular is not None else self.kind == "circular"


# ---------------------------------------------------------------- KPIs
class Evidence(Strict):
    level: Level | None = None
    items: list[Text]


class Milestones(Strict):
    steps: list[Text] = Field(min_length=5, max_length=5)  # ขั้นตอนที่ ๑–๕
    # ขั้นตอนที่ทำแล้วในแต่ละระดับ: level -> steps done; default: level n = steps 1..n
    done: dict[Level, list[Level]] | None = None


class Schedule(Strict):
    day_of_month: Int | None = Field(default=None, ge=1, le=31)  # report every <day> of the month
    deadline: ThaiDate | None = None
    channel: Text | None = None


def _blocks(value: object) -> object:
    return [value] if isinstance(value, (str, dict)) else value


class Guideline(Strict):
    """A KPI's guideline sheet: its sections are numbered ๑., ๒. and their items ๑.๑, ๑.๒ … afresh per KPI."""

    title: TitleLines | None = None  # default: แนวทางการดำเนินงานเพื่อบรรลุตัวชี้วัด; a list: one line each
    steps_heading: Text = "แนวทางการดำเนินงาน"
    steps: list[BodyBlock] = Field(default_factory=list)
    reporting_heading: Text = "แนวทางการรายงานผล"
    reporting: Annotated[list[BodyBlock], BeforeValidator(_blocks)] = Field(default_factory=list)
    remarks: list[Text] = Field(default_factory=list)
    remarks_inline: bool = False  # true: "หมายเหตุ <first remark>" on one line, as many real sheets print it


class Computed(Strict):
    """A column computed from others: checked when typed, filled when blank."""

    column: Text
    sum_of: list[Text] | None = None
    difference_of: tuple[Text, Text] | None = None  # first - second
    growth_of: tuple[Text, Text] | None = None  # (new - base) / base × 100, as a percentage


class DistrictTable(Strict):
    file: Text  # tables/<name>.csv or .xlsx, relative to the round folder
    title: Text | None = None
    total_label: Text = "รวม"  # label of the row that holds the totals
    not_totalled: list[Text] = Field(default_factory=list)  # columns whose total is not a sum
    computed: list[Computed] = Field(default_factory=list)
    digits: Literal["thai", "arabic"] | None = None  # default: the round's table_digits
    decimals: dict[Text, int] = Field(default_factory=dict)
    results: list[Text] = Field(default_factory=list)  # columns of this round's results: emptied by new-round


class ColumnGroup(Strict):
    """A heading over several blank columns of a report form (merged header cells)."""

    title: Text
    columns: list[Text] = Field(min_length=1)  # the blank columns under it, adjacent, in order


ColumnKind = Literal["count", "remaining", "percent", "level", "date", "text"]


class ReportForm(Strict):
    title: TitleLines | None = None  # default: แบบรายงานผลความก้าวหน้า; a list: one line each
    table: Int = 0  # which of the KPI's tables gives the districts and prefilled target
    prefilled: Text  # column copied into the form
    columns: list[Text] = Field(min_length=1)  # blank columns the district fills
    groups: list[ColumnGroup] = Field(default_factory=list)  # headings spanning several columns
    footer: Text | None = None  # default: ส่ง <office> <group> <phone>
    per_district: bool | None = None  # also one form per district; default: the round's report_forms_per_district
    # what each blank column holds in the Excel form (generator/documents/form_workbook.py); a column not named here
    # takes its kind from its heading: ร้อยละ → percent, คงเหลือ → remaining, ระดับ → level, วันที่ → date, else count
    column_kinds: dict[Text, ColumnKind] = Field(default_factory=dict)
    at_most_target: bool = True  # a count may not exceed the district's prefilled target


class Deduction(Strict):
    """หักคะแนน: a condition the program can evaluate from the returned forms."""

    rule: Literal["late", "missing_month"]  # late: reported after schedule.deadline; missing_month: a month without a report
    points: Number = Field(default=1, gt=0, le=5)
    months: list[Text] = Field(default_factory=list)  # for missing_month: "มกราคม 2568" or "2568-01"


class PercentOf(Strict):
    """The percentage a KPI is scored on, from the report form's columns: the sum of the ``numerator``
    columns ÷ the sum of the ``denominator`` columns × 100. One definition: the form's percent column,
    the check of a returned file, each district's and the province's figure, and the summary use it."""

    label: Text = "ร้อยละ"  # the measure's name in the summary, e.g. ร้อยละคงเหลือ
    numerator: list[Text] = Field(min_length=1, max_length=10)  # count columns added up above the line
    denominator: list[Text] = Field(min_length=1, max_length=10)  # the prefilled column and/or count columns below it


class Scoring(Strict):
    """How a district's result becomes a score (defaults documented in docs/results.md)."""

    value: Text | None = None  # the form column compared with the thresholds; default: the percent column, else the first count
    percent: PercentOf | None = None  # the percentage scored, from named columns; default: first count ÷ prefilled
    direction: Literal["higher", "lower"] = "higher"  # higher = ค่ามากดี, lower = ค่าน้อยดี
    interpolate: bool = False  # true: a score between two levels in proportion (4.5 half-way from level 4 to 5)
    below_level_1: Number = Field(default=0, ge=0, le=5)  # the score of a result that misses level 1
    decimals: Int = Field(default=2, ge=0, le=4)
    deductions: list[Deduction] = Field(default_factory=list)


class Contact(Strict):
    """A person to ask about a KPI, as the sheet lists them; the phone is printed as typed."""

    role: Text | None = None  # ผู้กำกับดูแลตัวชี้วัด, ผู้จัดเก็บข้อมูล …
    name: Text
    position: Text | None = None
    phone: Text | None = None  # as typed, extension and all: "0 5441 1234 ต่อ 105"


def _header_cell(value: object) -> object:
    return {"text": value} if not isinstance(value, dict) else value


class HeaderCell(Strict):
    text: Text = ""
    span: Int = Field(default=1, ge=1, le=40)  # columns it covers
    rows: Int = Field(default=1, ge=1, le=5)  # header rows it covers (merged down)


class SheetTable(Strict):
    """A table of a KPI sheet, rows and columns as typed: level tables, scoring tables by level of the
    organisation, weighted scores, baselines by year. ``levels`` is a shorthand for a level table."""

    title: Text | None = None
    header: list[list[Annotated[HeaderCell, BeforeValidator(_header_cell)]]] = Field(default_factory=list)
    rows: list[list[Annotated[Text, BeforeValidator(lambda v: "" if v is None else v)]]] = Field(default_factory=list)
    levels: list[Text] | None = Field(default=None, min_length=5, max_length=5)  # ระดับคะแนน | เกณฑ์ table
    total: Text | None = None  # a total row with this label: the numeric columns summed
    digits: Literal["thai", "arabic"] | None = None  # default: the round's digits
    widths: list[Number] | None = None  # relative column widths
    note: Text | None = None  # a line under the table (หมายเหตุ …)


class Sheet(Strict):
    """The KPI sheet as the office writes it: its own title lines, then its tables in order."""

    title: list[Text] = Field(default_factory=list)  # lines printed at the top of this KPI's sheet
    tables: list[SheetTable] = Field(default_factory=list)


class FormPlace(Strict):
    """Where a KPI sits in one agreement form: its number there (from ๑) and its weight there."""

    # default: the KPI's own number; 1.1, 2.3 … by dimension
    number: Annotated[KPINumber | None, FormLabel("ลำดับในแบบ", "number in the form", "number")] = None
    weight: Annotated[Number | None, FormLabel("น้ำหนัก (ร้อยละ)", "weight (%)", "number"),
                      Field(default=None, gt=0, le=100)] = None


def _target(value: object) -> object:
    """A level's target: a number (80, ๘๐, "ร้อยละ 80" stays text), a criterion as typed, blank ("": printed
    blank, as a real form leaves it) or not applicable (null or a dash: printed "–")."""
    if isinstance(value, str):
        stripped = value.strip()
        if stripped == "":
            return ""
        if stripped in ("-", "–", "—"):
            return None
        try:
            return float(to_number(stripped))
        except Exception:
            return stripped
    return value


Target = Annotated[Union[float, str, None], BeforeValidator(_target)]


class KPIPlaces(BaseModel):
    """The agreement places of a KPI file that did not validate as a whole, so that the
    weights of its forms are still checked (a wrong weight never hides behind another error)."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    number: KPINumber
    forms: dict[Text, FormPlace] | None = None
    kind: Literal["team", "individual"] | None = None
    weight: Number | None = Field(default=None, gt=0, le=100)

    def places(self) -> dict[str, FormPlace]:
        if self.forms is not None:
            return {form: FormPlace(number=place.number or self.number, weight=place.weight)
                    for form, place in self.forms.items()}
        return {self.kind: FormPlace(number=self.number, weight=self.weight)} if self.kind else {}


class KPI(Strict):
    """One KPI. ``number`` names it in the round (its file, its sheet); ``forms`` places it in
    agreement forms, each with the number and weight it has there. Older data says ``kind``
    (team/individual) and ``weight`` instead: the KPI is then in that form under its own number."""

    number: KPINumber  # 1–99, or by dimension: 1.1, 2.3, 10.1 (order: 1 < 1.1 < 1.2 < 1.10 < 2)
    name: Annotated[Text, FormLabel("ชื่อตัวชี้วัด", "KPI name")]
    forms: dict[Text, FormPlace] | None = None  # agreement form id -> {number, weight}
    kind: Literal["team", "individual"] | None = None
    strategy: Text | None = None  # ยุทธศาสตร์
    goal: Text | None = None  # เป้าหมายผลสำเร็จของงาน (printed by the agreement)
    unit: Annotated[Text | None, FormLabel("หน่วยวัด", "unit", agreement=True)] = None  # ร้อยละ / ระดับ …
    # older data: the weight of the one form its kind names
    weight: Annotated[Number | None, FormLabel("น้ำหนัก (ร้อยละ)", "weight (%)", "number", present=True),
                      Field(default=None, gt=0, le=100)] = None
    target: Annotated[Level, FormLabel("ค่าเป้าหมาย (ระดับ)", "target (level)", "number", agreement=True)] = 5
    levels: list[Text] | None = Field(default=None, min_length=5, max_length=5)
    # per level: a number, a criterion as typed, "" (blank) or null (–)
    thresholds: Annotated[list[Target] | None, FormLabel("ค่าเป้าหมาย", "threshold", levels=True,
                                                         agreement=True)] = None
    thresholds_text: Text | None = None  # one sentence printed across the five threshold cells
    # ค่าเป้าหมาย as typed (ร้อยละ 80), in the agreement's target column
    target_value: Annotated[Text | None, FormLabel("ค่าเป้าหมาย (ตามที่พิมพ์)", "target as printed",
                                                   agreement=True)] = None
    assessed_in: list[Literal[1, 2]] | None = None  # the rounds the KPI is assessed in (default: every round)
    conditions: list[Text] = Field(default_factory=list)
    rationale: Text | None = None
    sources: list[Text] = Field(default_factory=list)
    owner: Person | None = None  # printed by the KPI sheets
    contacts: list[Contact] = Field(default_factory=list)  # ผู้กำกับดูแล ผู้จัดเก็บข้อมูล …, phones as typed
    sheet: Sheet | None = None  # the KPI's own sheet: title block and tables as written
    coordinator: Person | None = None
    definitions: list[Text] = Field(default_factory=list)
    formula: list[Text] = Field(default_factory=list)
    collection: list[Text] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    milestones: Milestones | None = None
    schedule: Schedule | None = None
    guideline: Guideline | None = None
    tables: list[DistrictTable] = Field(default_factory=list)
    report_form: ReportForm | None = None
    scoring: Scoring | None = None  # how returned results are scored (make results)
    wording: Wording | None = None  # phrases of this KPI's guideline sheet and report form (docs/wording.md)

    @field_validator("levels")
    @classmethod
    def _dash_for_empty(cls, levels: list[str] | None) -> list[str] | None:
        if levels is None:
            return None
        return [level if level not in ("", "-", "—") else "–" for level in levels]

    def places(self) -> dict[str, FormPlace]:
        """Agreement form id -> this KPI's number and weight there (``kind``/``weight`` when no ``forms``)."""
        if self.forms is not None:
            return {form: FormPlace(number=place.number or self.number, weight=place.weight)
                    for form, place in self.forms.items()}
        if self.kind is not None:
            return {self.kind: FormPlace(number=self.number, weight=self.weight)}
        return {}

    @property
    def has_sheet(self) -> bool:
        """Whether the KPI sheets print a sheet for it: it writes something only a sheet prints."""
        return bool(self.sheet is not None or self.owner is not None or self.contacts or self.rationale
                    or self.definitions or self.formula or self.collection or self.evidence or self.milestones
                    or self.tables or self.coordinator is not None)

    def assessed(self, round_number: int) -> bool:
        return self.assessed_in is None or round_number in self.assessed_in

    @property
    def main_weight(self) -> float | None:
        """The weight to show beside the KPI alone: its own, else the one of its first form."""
        if self.weight is not None:
            return self.weight
        return next((p.weight for p in self.places().values() if p.weight is not None), None)


# ---------------------------------------------------------------- loaded round
@dataclass(frozen=True)
class FormEntry:
    """A KPI as one agreement form holds it."""

    number: int  # its number in this form (๑, ๒ … within the form)
    weight: float | None
    kpi: "KPI"


@dataclass(frozen=True)
class Agreement:
    """An agreement form with its KPIs in number order: what an agreement document prints
    and what scoring reads. ``parties`` are (ผู้ประเมิน, ผู้รับการประเมิน)."""

    form: AgreementForm
    parties: tuple[Party, Party]
    entries: list[FormEntry]
    declared: bool  # typed in round.yaml (False: made from KPIs' kind)

    @property
    def id(self) -> str:
        return self.form.id

    @property
    def total_weight(self) -> float:
        return sum(e.weight or 0 for e in self.entries)

    def grouped(self) -> list[tuple["KPIGroup | None", list[FormEntry]]]:
        """The entries under their group rows, in the order of the groups (a form without groups:
        one run of entries under no group). Entries of no group come last, under None."""
        if not self.form.groups:
            return [(None, list(self.entries))]
        result = [(group, [e for e in self.entries if group.holds(e.number)]) for group in self.form.groups]
        placed = {id(e) for _, entries in result for e in entries}
        rest = [e for e in self.entries if id(e) not in placed]
        return result + ([(None, rest)] if rest else [])

@dataclass(frozen=True)
class LoadedTable:
    """A district table after reading: its spec, cells (computed ones filled), total row."""

    spec: DistrictTable
    header: list[str]
    rows: list[list[str]]
    total: list[str] | None
    source: Table  # the file as read, for locations


@dataclass(frozen=True)
class Round:
    """A whole round, validated: what the documents are made from.

    ``positions`` maps "round", "letter:<name>" and "kpi:<number>" to where each
    value of that file was typed, so later rules can point at file:line too.
    """

    name: str
    folder: Path
    settings: RoundFile
    letters: dict[str, Letter]
    kpis: list[KPI]
    tables: dict[tuple[int, int], LoadedTable]  # (KPI number, table index) -> table
    positions: dict[str, Positions] = field(default_factory=dict)
    previous_kpis: list[KPI] | None = None
    unreadable: tuple[str, ...] = ()  # files left out because they did not validate
    # of those, the agreement places that could still be read: key -> (KPI number, typed forms?, places)
    partial_places: dict[str, tuple[int, bool, dict[str, "FormPlace"]]] = field(default_factory=dict)

    def makes(self, kind: str) -> bool:
        """Whether the round makes this kind of document."""
        chosen = self.settings.documents
        return kind in chosen if chosen is not None else kind in self.available_documents()

    def available_documents(self) -> set[str]:
        kinds = set()
        if any(k.has_sheet for k in self.kpis):
            kinds.add("kpi_sheets")
        if any(k.places() for k in self.kpis):
            kinds.add("agreement")
        if any(k.guideline for k in self.kpis):
            kinds.add("guidelines")
        if any(k.report_form for k in self.kpis):
            kinds.add("report_forms")
        if self.settings.revision is not None:
            kinds.add("revision")
        return kinds

    def kpi(self, number: int) -> KPI | None:
        return next((k for k in self.kpis if k.number == number), None)

    def agreements(self) -> list[Agreement]:
        """The agreement forms, in print order, each with its KPIs sorted by their number there.

        Declared in round.yaml (``agreements:``); otherwise a team and an individual form made from
        the KPIs' ``kind``, as older rounds have it. A form without KPIs is left out."""
        made = self.__dict__.get("_agreements")
        if made is None:  # each KPI sheet, the agreement, the checks and the scores ask: made once per round
            made = self._resolve_agreements()
            object.__setattr__(self, "_agreements", made)
        return list(made)

    def _resolve_agreements(self) -> list[Agreement]:
        declared = self.settings.agreements is not None
        forms = self.settings.agreements if declared else [
            AgreementForm(id=kind, heading=KIND_TITLES[kind]) for kind in ("team", "individual")]
        default_parties = self.default_parties()
        result = []
        for form in forms:
            entries = sorted((FormEntry(place.number, place.weight, kpi)
                              for kpi in self.kpis for form_id, place in kpi.places().items() if form_id == form.id),
                             key=lambda e: (number_key(e.number), number_key(e.kpi.number)))
            if entries or declared:
                result.append(Agreement(form, form.parties or default_parties, entries, declared))
        return [a for a in result if a.entries]

    def default_parties(self) -> tuple[Party, Party]:
        from .provinces import provinces

        typed = self.settings.round.parties
        if typed is not None:
            return Party(position=typed[0]), Party(position=typed[1])
        province = self.settings.office.province.removeprefix("จังหวัด")
        known = provinces().get(province)
        return Party(position=f"พัฒนาการจังหวัด{known.name if known else province}"), Party(position="พัฒนาการอำเภอ")
