"""The schema of a round's data, as staff write it in ``kpi_data/<round>/``.

Field names are English words; every sample file carries Thai comments that say
what each field means. Dates are typed as Thai dates ("๑๘ มกราคม ๒๕๖๘",
"18 ม.ค. 2568") or as Buddhist-era ISO dates ("2568-01-18").
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, field_validator

from .load import Positions, Table
from .thai import parse_thai_date
from .thai.digits import to_number


def _date(value: object) -> object:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_thai_date(value)
    return value


def _text(value: object) -> object:
    # YAML reads 0018 as the number 18 and 2568 as an int: for text fields keep what was typed.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _number(value: object) -> object:
    if isinstance(value, str):
        try:
            return to_number(value)
        except Exception:
            return value
    return value


def _whole(value: object) -> object:
    number = _number(value)
    if isinstance(number, (float, Decimal)) and number == int(number):
        return int(number)
    return number


ThaiDate = Annotated[dt.date, BeforeValidator(_date)]
Int = Annotated[int, BeforeValidator(_whole)]  # accepts ๑๒ as well as 12
Text = Annotated[str, BeforeValidator(_text)]
Number = Annotated[float, BeforeValidator(_number)]
Level = Annotated[Int, Field(ge=1, le=5)]


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
    department_number: Text  # เลขประจำของส่วนราชการ: 0018, 0019.4 …
    name: Text | None = None  # default: สำนักงานพัฒนาชุมชนจังหวัด<province>
    letterhead: Text | None = None  # default: ศาลากลางจังหวัด<province>
    address: list[Text] = Field(min_length=1)
    postal_code: Text
    group: Text  # กลุ่มงานเจ้าของเรื่อง
    phone: Text
    fax: Text | None = None
    phone_style: Literal["dash", "space"] = "dash"  # ๐-๓๘๕๑-๑๒๓๔ or ๐ ๕๔๒๖ ๕๐๕๕
    email: Text | None = None
    emblem: Text | None = None  # path of the Garuda image, relative to the round folder


class Signer(Strict):
    """ผู้ลงนาม: name, position lines, and whether the last line is the governor's."""

    name: Text
    lines: list[Text] = Field(default_factory=list)
    for_governor: bool = True  # adds "ผู้ว่าราชการจังหวัด<province>"


class Period(Strict):
    fiscal_year: Int = Field(ge=2400, le=2700)
    number: Literal[1, 2]
    start: ThaiDate | None = None
    end: ThaiDate | None = None
    draft: bool = False
    parties: tuple[Text, Text] | None = None  # default: (พัฒนาการจังหวัด<province>, พัฒนาการอำเภอ)


DocumentKind = Literal["agreement", "kpi_sheets", "guidelines", "report_forms", "revision"]


class Revision(Strict):
    """The round revises KPIs announced earlier: compare with that version."""

    previous: Text  # a round folder or a folder of KPI files, relative to this round
    letter: Text | None = None  # the letter that announces it (its file name without .yaml)


class RoundFile(Strict):
    """round.yaml"""

    office: Office
    signer: Signer
    round: Period
    districts: list[Text] = Field(min_length=1)
    digits: Literal["thai", "arabic"] = "thai"  # running text
    table_digits: Literal["thai", "arabic"] = "arabic"  # figures in district tables
    report_forms_per_district: bool = False
    revision: Revision | None = None
    # which documents the round makes besides its letters; default: every kind it has data for.
    # A round that only touches some KPIs leaves out "agreement" (whose weights must total 100).
    documents: list[DocumentKind] | None = None


# ---------------------------------------------------------------- letters
class Reference(Strict):
    """อ้างถึง"""

    text: Text = "หนังสือ"  # e.g. หนังสือจังหวัดเชียงใหม่
    number: Text
    date: ThaiDate


class Enclosure(Strict):
    """สิ่งที่ส่งมาด้วย"""

    title: Text
    quantity: Int = Field(default=1, ge=1)
    unit: Text = "ฉบับ"


class Item(Strict):
    """A numbered item of the body; its sub-items are numbered ๑.๑, ๑.๒ …"""

    text: Text
    deadline: ThaiDate | None = None
    deadline_weekday: bool = True
    enclosures: list[Int] = Field(default_factory=list)  # cites สิ่งที่ส่งมาด้วย by number
    after: Text | None = None  # text that follows the deadline and the citation
    items: list["Item"] = Field(default_factory=list)


def _block_kind(value: object) -> str:
    return "item" if isinstance(value, (dict, Item)) else "text"


# A body block is a paragraph (text) or a numbered item (a mapping); tagging the two
# lets a mistake inside an item be reported as that, not as "must be text".
BodyBlock = Annotated[
    Union[Annotated[Text, Tag("text")], Annotated[Item, Tag("item")]],
    Discriminator(_block_kind),
]


class Letter(Strict):
    kind: Literal["circular", "external", "stamped"] = "circular"
    number: Int | Literal["auto"] | None = None  # running number; "auto" takes the next from the register
    date: ThaiDate | None = None
    subject: Text
    to: Text  # เรียน … (or ถึง … for a stamped letter)
    salutation: Literal["เรียน", "กราบเรียน", "นมัสการ"] = "เรียน"
    references: list[Reference] = Field(default_factory=list)
    enclosures: list[Enclosure] = Field(default_factory=list)
    body: list[BodyBlock] = Field(min_length=1)
    closing: Text | None = None  # จึงเรียนมาเพื่อ …
    complimentary_close: Text | None = None  # default follows the salutation
    qr: Text | None = None  # address the QR code opens (the reporting form)
    qr_caption: Text | None = None
    copy_to: list[Text] = Field(default_factory=list)  # สำเนาส่ง
    attach: list[DocumentKind] = Field(default_factory=list)  # documents sent with this letter


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


class Guideline(Strict):
    steps: list[BodyBlock] = Field(default_factory=list)
    reporting: Text | None = None
    remarks: list[Text] = Field(default_factory=list)


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


class ReportForm(Strict):
    title: Text | None = None
    table: Int = 0  # which of the KPI's tables gives the districts and prefilled target
    prefilled: Text  # column copied into the form
    columns: list[Text] = Field(min_length=1)  # blank columns the district fills
    per_district: bool | None = None  # also one form per district; default: the round's report_forms_per_district


class KPI(Strict):
    number: Int = Field(ge=1)
    name: Text
    kind: Literal["team", "individual"]
    strategy: Text | None = None  # ยุทธศาสตร์
    goal: Text  # เป้าหมายผลสำเร็จของงาน
    unit: Text  # ร้อยละ / ระดับ / ระดับความสำเร็จ
    weight: Number = Field(gt=0, le=100)
    target: Level = 5
    levels: list[Text] = Field(min_length=5, max_length=5)
    thresholds: list[Number | None] | None = None
    conditions: list[Text] = Field(default_factory=list)
    rationale: Text | None = None
    sources: list[Text] = Field(default_factory=list)
    owner: Person
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

    @field_validator("levels")
    @classmethod
    def _dash_for_empty(cls, levels: list[str]) -> list[str]:
        return [level if level not in ("", "-", "—") else "–" for level in levels]


# ---------------------------------------------------------------- loaded round
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

    def makes(self, kind: str) -> bool:
        """Whether the round makes this kind of document."""
        chosen = self.settings.documents
        return kind in chosen if chosen is not None else kind in self.available_documents()

    def available_documents(self) -> set[str]:
        kinds = set()
        if self.kpis:
            kinds |= {"agreement", "kpi_sheets"}
        if any(k.guideline for k in self.kpis):
            kinds.add("guidelines")
        if any(k.report_form for k in self.kpis):
            kinds.add("report_forms")
        if self.settings.revision is not None:
            kinds.add("revision")
        return kinds

    def kpi(self, number: int) -> KPI | None:
        return next((k for k in self.kpis if k.number == number), None)
