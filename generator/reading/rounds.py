"""Stage 1 of a build: read a round's folder into a validated :class:`Round`.

Every problem found on the way is reported with its file:line and a code; a
round with structural errors is not returned, so later stages never see half data.
"""
from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..base.diagnostics import Location, Report
from ..base.errors import DataError
from .safety import inside, path_problem
from .load import Document, Positions, read_table, read_yaml
from .model import KPI, KPIPlaces, Letter, LoadedTable, Round, RoundFile, number_key
from .tables import prepare_table
from ..thai.dates import WeekdayMismatch

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
    settings = _read_model(round_path, RoundFile, report, positions, "round", folder=folder)

    letters: dict[str, Letter] = {}
    for path in sorted((folder / "letters").glob("*.yaml")):
        letter = _read_model(path, Letter, report, positions, f"letter:{path.stem}", folder=folder)
        if letter is not None:
            letters[path.stem] = letter

    partial: dict = {}
    kpis, kpi_files = _read_kpis(folder / "kpis", report, positions, partial, inside_of=folder)

    tables: dict[tuple[int, int], LoadedTable] = {}
    if settings is not None:
        for kpi in kpis:
            for index, spec in enumerate(kpi.tables):
                where = positions[f"kpi:{kpi.number}"].at(("tables", index, "file"))
                table_path = folder / spec.file
                if inside(folder, table_path) and not table_path.exists():
                    report.add("E701", where, f"ไม่พบไฟล์ตาราง '{spec.file}'", f"table file '{spec.file}' not found")
                    continue
                table = read_table(table_path, report, folder, where)
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
        if not inside(folder.parent, previous_folder):
            problem = path_problem(folder.parent, folder / settings.revision.previous)
            report.add(problem[0] if problem else "E007", positions["round"].at(("revision", "previous")),
                       f"โฟลเดอร์ตัวชี้วัดเดิม '{settings.revision.previous}' อยู่นอกโฟลเดอร์ข้อมูล จึงไม่อ่าน",
                       f"the previous KPIs' folder '{settings.revision.previous}' is outside the data folder: "
                       "it is not read")
        elif not previous_folder.is_dir():
            report.add("E702", positions["round"].at(("revision", "previous")),
                       f"ไม่พบโฟลเดอร์ตัวชี้วัดเดิม '{settings.revision.previous}'",
                       f"folder of the previous KPIs '{settings.revision.previous}' not found")
        else:
            previous, _ = _read_kpis(previous_folder, report, {}, inside_of=folder.parent)

    if settings is None:
        return None
    # Parts that did not validate are left out; the rules still run on the rest so the
    # user sees every problem at once. The build refuses a round with any error.
    unreadable = tuple(sorted(key for key in positions if key.startswith("kpi-file:")))
    return Round(folder.name, folder, settings, letters, kpis, tables, positions, previous, unreadable, partial)


def _read_kpis(folder: Path, report: Report, positions: dict[str, Positions],
               partial: dict | None = None, inside_of: Path | None = None) -> tuple[list[KPI], dict[int, Path]]:
    kpis: list[KPI] = []
    files: dict[int, Path] = {}
    for path in sorted(folder.glob("*.yaml")):
        key = f"kpi-file:{path.name}"
        data: list = []
        kpi = _read_model(path, KPI, report, positions, key, keep=data, folder=inside_of or folder.parent)
        if kpi is None:
            positions.setdefault(key, Positions(path))  # marks the file as unreadable
            if partial is not None and data and isinstance(data[0], dict):
                try:
                    places = KPIPlaces.model_validate(data[0])
                    partial[key] = (places.number, places.forms is not None, places.places())
                except ValidationError:
                    pass
            continue
        if kpi.number in files:
            report.add("E302", positions[key].at(("number",)),
                       f"ตัวชี้วัดที่ {kpi.number} ซ้ำกับไฟล์ {files[kpi.number].name}: เลขประจำตัวชี้วัด (number) "
                       "ต้องไม่ซ้ำกันในโฟลเดอร์ kpis ของรอบ (เลขในแต่ละแบบบันทึกข้อตกลงอยู่ที่ forms)",
                       f"KPI number {kpi.number} is used twice (also in {files[kpi.number].name}): a KPI's own "
                       "number must be unique among the round's KPI files (its number in each agreement form "
                       "goes under forms)")
            continue
        files[kpi.number] = path
        positions[f"kpi:{kpi.number}"] = positions.pop(key)
        kpis.append(kpi)
    kpis.sort(key=lambda k: number_key(k.number))
    return kpis, files


def _read_model(path: Path, model: type[M], report: Report, positions: dict[str, Positions], key: str,
                keep: list | None = None, folder: Path | None = None) -> M | None:
    document = read_yaml(path, report, folder)
    if document is None:
        return None
    positions[key] = document.positions
    if keep is not None:
        keep.append(document.data)
    if not isinstance(document.data, dict):
        report.add("E103", Location(path, 1, 1), "ไฟล์ต้องเป็นชุดของ ชื่อช่อง: ค่า", "the file must be a mapping of field: value")
        return None
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        _report_errors(error.errors(), model, document, report)
        return None


# ---------------------------------------------------------------- pydantic → Thai
# What a field expects, said plainly, for fields whose type is a choice of several
# (pydantic reports each alternative separately, in its own terms).
_EXPECTED = {
    "number": ("เลขที่หนังสือ: ตัวเลข (เช่น 631 หรือ ๖๓๑), เลขหนังสือเวียน (ว631), auto ให้ทะเบียนออกเลข "
               "หรือ blank เว้นว่างไว้เขียนเมื่อลงนาม",
               "the running number: digits (631 or ๖๓๑), a circular number (ว631), auto for the register's next, "
               "or blank to write in on signing"),
    "thresholds": ("ค่าเป้าหมายของระดับ: ตัวเลข ข้อความเกณฑ์ หรือเว้นว่าง", "a level's target: a number, a criterion, or blank"),
    "weight": ("น้ำหนักเป็นตัวเลขร้อยละ เช่น 20", "a weight, a percentage such as 20"),
}

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


def _report_errors(details: list[dict], model: type[BaseModel], document: Document, report: Report) -> None:
    """One message per mistake: the alternatives of one value are one message, and a field
    reported missing is not when an unknown key beside it is its misspelling."""
    misspelt: set[tuple] = set()
    for detail in details:
        if detail["type"] == "extra_forbidden":
            loc = tuple(detail["loc"])
            guess = _guess(str(loc[-1]), _field_names(model, loc))
            if guess:
                misspelt.add(_data_path(loc[:-1], document.data) + (guess,))
    by_path: dict[tuple, list[dict]] = {}
    for detail in details:
        loc = tuple(detail["loc"])
        if detail["type"] == "missing" and _data_path(loc, document.data) + (str(loc[-1]),) in misspelt:
            continue
        key = (_data_path(loc, document.data), detail["type"] if detail["type"] in ("extra_forbidden", "missing")
               else "value", str(loc[-1]) if detail["type"] in ("extra_forbidden", "missing") else "")
        by_path.setdefault(key, []).append(detail)
    for (path, kind, _), group in by_path.items():
        if kind == "value" and len(group) > 1:
            _report_choice(group, path, document, report)
        else:
            _report_validation(group[0], model, document, report)


def _guess(name: str, allowed: list[str]) -> str | None:
    found = difflib.get_close_matches(name, allowed, n=1, cutoff=0.5)
    return found[0] if found else None


def _field_name(loc: tuple, path: tuple) -> str:
    """The field a value belongs to, as the data names it (never a validator's internal name)."""
    names = [part for part in path if isinstance(part, str)]
    if names:
        return names[-1]
    names = [str(part) for part in loc if isinstance(part, str) and "[" not in part and part.isidentifier()]
    return names[-1] if names else ""


def _report_choice(group: list[dict], path: tuple, document: Document, report: Report) -> None:
    """A value that fits none of its field's alternatives: one E103 naming the field and what it takes."""
    loc = tuple(group[0]["loc"])
    field_name = _field_name(loc, path)
    if field_name in _EXPECTED:
        thai, english = _EXPECTED[field_name]
    else:
        said = [_TYPE_MESSAGES.get(d["type"]) or _literal(d) for d in group]
        said = [s for s in said if s]
        thai = " หรือ ".join(dict.fromkeys(t.removeprefix("ต้องเป็น") for t, _ in said))
        english = " or ".join(dict.fromkeys(e.removeprefix("must be ") for _, e in said))
        thai, english = f"ต้องเป็น{thai}", f"must be {english}"
    value = group[0].get("input")
    shown = f" (พิมพ์ไว้: {value!r})" if isinstance(value, (str, int, float)) else ""
    report.add("E103", document.positions.at(path), f"ช่อง '{field_name}' {thai}{shown}", f"field '{field_name}': {english}")


def _literal(detail: dict) -> tuple[str, str] | None:
    if detail["type"] != "literal_error":
        return None
    expected = detail.get("ctx", {}).get("expected", "")
    return f"ต้องเป็นค่าใดค่าหนึ่ง: {expected}", f"must be one of: {expected}"


def _report_validation(detail: dict, model: type[BaseModel], document: Document, report: Report) -> None:
    loc = tuple(detail["loc"])
    path = _data_path(loc, document.data)
    kind = detail["type"]
    field_name = str(loc[-1]) if kind in ("extra_forbidden", "missing") else _field_name(loc, path)
    if kind == "extra_forbidden":
        guess = _guess(field_name, _field_names(model, loc))
        hint_th = f" หมายถึง '{guess}' หรือไม่" if guess else ""
        hint_en = f"; did you mean '{guess}'?" if guess else ""
        report.add("E101", document.positions.at(path, key=True),
                   f"ไม่รู้จักช่อง '{field_name}'{hint_th}", f"unknown field '{field_name}'{hint_en}")
        return
    where = document.positions.at(path)
    if kind == "missing":
        where = document.positions.at(path, key=True)  # the mapping that lacks it, by its name
        report.add("E102", where, f"ขาดช่อง '{field_name}' ซึ่งต้องมี", f"required field '{field_name}' is missing")
        return
    coded = detail.get("ctx", {}).get("error")
    if kind == "value_error" and isinstance(coded, DataError):
        report.add(coded.code, where, f"ช่อง '{field_name}': {coded.thai}", f"field '{field_name}': {coded.english}")
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
        thai, english = _literal(detail)
    elif kind == "string_pattern_mismatch":
        thai, english = ("ต้องเป็นอักษรอังกฤษ ตัวเลข - หรือ _ (ไม่เกิน 32 ตัว) เช่น team",
                         "must be English letters, digits, - or _ (at most 32), e.g. team")
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
    elif field_name in _EXPECTED:
        thai, english = _EXPECTED[field_name]
        thai, english = f"ต้องเป็น{thai}", f"must be {english}"
    else:
        thai, english = detail["msg"], detail["msg"]
    value = detail.get("input")
    shown = f" (พิมพ์ไว้: {value!r})" if isinstance(value, (str, int, float)) else ""
    report.add("E103", where, f"ช่อง '{field_name}' {thai}{shown}", f"field '{field_name}' {english}")


def _is_date_field(loc: tuple) -> bool:
    return any(str(part) in ("date", "deadline", "start", "end") for part in loc[-2:])
