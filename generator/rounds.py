"""Stage 1 of a build: read a round's folder into a validated :class:`Round`.

Every problem found on the way is reported with its file:line and a code; a
round with structural errors is not returned, so later stages never see half data.
"""
from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import Location, Report
from .load import Document, Positions, read_table, read_yaml
from .model import KPI, Letter, LoadedTable, Round, RoundFile
from .tables import prepare_table
from .thai.dates import WeekdayMismatch

M = TypeVar("M", bound=BaseModel)

ROUND_FILE = "round.yaml"


def read_round(folder: Path, report: Report) -> Round | None:
    """Read and validate ``folder``; problems go into ``report``."""
    folder = Path(folder)
    round_path = folder / ROUND_FILE
    if not round_path.is_file():
        report.add("E006", Location(round_path), "ไม่พบไฟล์ round.yaml ของรอบนี้",
                   "round.yaml is missing: is this a round folder?")
        return None
    positions: dict[str, Positions] = {}
    settings = _read_model(round_path, RoundFile, report, positions, "round")

    letters: dict[str, Letter] = {}
    for path in sorted((folder / "letters").glob("*.yaml")):
        letter = _read_model(path, Letter, report, positions, f"letter:{path.stem}")
        if letter is not None:
            letters[path.stem] = letter

    kpis, kpi_files = _read_kpis(folder / "kpis", report, positions)

    tables: dict[tuple[int, int], LoadedTable] = {}
    if settings is not None:
        for kpi in kpis:
            for index, spec in enumerate(kpi.tables):
                where = positions[f"kpi:{kpi.number}"].at(("tables", index, "file"))
                table_path = folder / spec.file
                if not table_path.is_file():
                    report.add("E701", where, f"ไม่พบไฟล์ตาราง '{spec.file}'", f"table file '{spec.file}' not found")
                    continue
                table = read_table(table_path, report)
                if table is not None:
                    loaded = prepare_table(spec, table, settings.districts, report,
                                           settings.office.province.removeprefix("จังหวัด"))
                    if loaded is not None:
                        tables[(kpi.number, index)] = loaded

    previous = None
    if settings is not None and settings.revision is not None:
        previous_folder = (folder / settings.revision.previous).resolve()
        if (previous_folder / "kpis").is_dir():
            previous_folder = previous_folder / "kpis"
        if not previous_folder.is_dir():
            report.add("E702", positions["round"].at(("revision", "previous")),
                       f"ไม่พบโฟลเดอร์ตัวชี้วัดเดิม '{settings.revision.previous}'",
                       f"folder of the previous KPIs '{settings.revision.previous}' not found")
        else:
            previous, _ = _read_kpis(previous_folder, report, {})

    if settings is None:
        return None
    # Parts that did not validate are left out; the rules still run on the rest so the
    # user sees every problem at once. The build refuses a round with any error.
    unreadable = tuple(sorted(key for key in positions if key.startswith("kpi-file:")))
    return Round(folder.name, folder, settings, letters, kpis, tables, positions, previous, unreadable)


def _read_kpis(folder: Path, report: Report, positions: dict[str, Positions]) -> tuple[list[KPI], dict[int, Path]]:
    kpis: list[KPI] = []
    files: dict[int, Path] = {}
    for path in sorted(folder.glob("*.yaml")):
        key = f"kpi-file:{path.name}"
        kpi = _read_model(path, KPI, report, positions, key)
        if kpi is None:
            positions.setdefault(key, Positions(path))  # marks the file as unreadable
            continue
        if kpi.number in files:
            report.add("E302", positions[key].at(("number",)),
                       f"ตัวชี้วัดที่ {kpi.number} ซ้ำกับไฟล์ {files[kpi.number].name}",
                       f"KPI number {kpi.number} is used twice (also in {files[kpi.number].name})")
            continue
        files[kpi.number] = path
        positions[f"kpi:{kpi.number}"] = positions.pop(key)
        kpis.append(kpi)
    kpis.sort(key=lambda k: k.number)
    return kpis, files


def _read_model(path: Path, model: type[M], report: Report, positions: dict[str, Positions], key: str) -> M | None:
    document = read_yaml(path, report)
    if document is None:
        return None
    positions[key] = document.positions
    if not isinstance(document.data, dict):
        report.add("E103", Location(path, 1, 1), "ไฟล์ต้องเป็นชุดของ ชื่อช่อง: ค่า", "the file must be a mapping of field: value")
        return None
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        for detail in error.errors():
            _report_validation(detail, model, document, report)
        return None


# ---------------------------------------------------------------- pydantic → Thai
_TYPE_MESSAGES = {
    "int_parsing": ("ต้องเป็นจำนวนเต็ม", "must be a whole number"),
    "int_type": ("ต้องเป็นจำนวนเต็ม", "must be a whole number"),
    "int_from_float": ("ต้องเป็นจำนวนเต็ม", "must be a whole number"),
    "float_parsing": ("ต้องเป็นตัวเลข", "must be a number"),
    "float_type": ("ต้องเป็นตัวเลข", "must be a number"),
    "string_type": ("ต้องเป็นข้อความ", "must be text"),
    "bool_parsing": ("ต้องเป็น true หรือ false", "must be true or false"),
    "bool_type": ("ต้องเป็น true หรือ false", "must be true or false"),
    "list_type": ("ต้องเป็นรายการ (แต่ละบรรทัดขึ้นต้นด้วย - )", "must be a list (lines starting with - )"),
    "tuple_type": ("ต้องเป็นรายการ", "must be a list"),
    "dict_type": ("ต้องเป็นชุดของ ชื่อช่อง: ค่า", "must be a mapping of field: value"),
    "model_type": ("ต้องเป็นชุดของ ชื่อช่อง: ค่า", "must be a mapping of field: value"),
    "date_type": ("ต้องเป็นวันที่ เช่น ๑๘ มกราคม ๒๕๖๘", "must be a date such as 18 มกราคม 2568"),
}


def _data_path(loc: tuple, data: Any) -> tuple:
    """pydantic's location without its union-member names, as a path into the data."""
    path: list = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        # anything else is a union tag, or a missing field (reported at its parent)
    return tuple(path)


def _field_names(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names allowed where ``loc`` points, for did-you-mean."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None or part not in fields:
            continue
        current = _inner_model(fields[part].annotation)
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _inner_model(annotation: Any) -> Any:
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _report_validation(detail: dict, model: type[BaseModel], document: Document, report: Report) -> None:
    loc = tuple(detail["loc"])
    path = _data_path(loc, document.data)
    kind = detail["type"]
    field_name = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        allowed = _field_names(model, loc)
        guess = difflib.get_close_matches(field_name, allowed, n=1, cutoff=0.5)
        hint_th = f" หมายถึง '{guess[0]}' หรือไม่" if guess else ""
        hint_en = f"; did you mean '{guess[0]}'?" if guess else ""
        report.add("E101", document.positions.at(path, key=True),
                   f"ไม่รู้จักช่อง '{field_name}'{hint_th}", f"unknown field '{field_name}'{hint_en}")
        return
    where = document.positions.at(path)
    if kind == "missing":
        where = document.positions.at(path, key=True)  # the mapping that lacks it, by its name
        report.add("E102", where, f"ขาดช่อง '{field_name}' ซึ่งต้องมี", f"required field '{field_name}' is missing")
        return
    if kind == "value_error" and _is_date_field(loc):
        error = detail.get("ctx", {}).get("error", detail["msg"])
        thai, _, english = str(error).partition(" / ")
        code = "E407" if isinstance(error, WeekdayMismatch) else "E104"
        report.add(code, where, f"ช่อง '{field_name}': {thai}", f"field '{field_name}': {english or thai}")
        return
    if kind in _TYPE_MESSAGES:
        thai, english = _TYPE_MESSAGES[kind]
    elif kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        thai, english = f"ต้องเป็นค่าใดค่าหนึ่ง: {expected}", f"must be one of: {expected}"
    elif kind in ("too_short", "too_long"):
        ctx = detail.get("ctx", {})
        count = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        thai = f"ต้องมี{'อย่างน้อย' if kind == 'too_short' else 'ไม่เกิน'} {count} รายการ"
        english = f"must have {'at least' if kind == 'too_short' else 'at most'} {count} entries"
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ctx = detail.get("ctx", {})
        bound = next(iter(ctx.values()), "")
        words = {"greater_than_equal": ("ไม่น้อยกว่า", "at least"), "less_than_equal": ("ไม่เกิน", "at most"),
                 "greater_than": ("มากกว่า", "more than"), "less_than": ("น้อยกว่า", "less than")}[kind]
        thai, english = f"ต้อง{words[0]} {bound}", f"must be {words[1]} {bound}"
    else:
        thai, english = detail["msg"], detail["msg"]
    value = detail.get("input")
    shown = f" (พิมพ์ไว้: {value!r})" if isinstance(value, (str, int, float)) else ""
    report.add("E103", where, f"ช่อง '{field_name}' {thai}{shown}", f"field '{field_name}' {english}")


def _is_date_field(loc: tuple) -> bool:
    return any(str(part) in ("date", "deadline", "start", "end") for part in loc[-2:])
