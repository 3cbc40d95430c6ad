"""The forms a round is edited in: which fields of which files, with their Thai and English labels; the values
read with the files' versions; the checks run on the typed values; a save merged with anyone else's."""
from __future__ import annotations

import fcntl
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from . import pipeline, yamledit
from .models import FileVersion

# The fields and their labels come from the data model (generator.reading.model: each editable field carries a
# FormLabel beside its type; the wording's phrases are labelled in generator.reading.wording.PHRASES). The values
# are read and checked by the pipeline's own reader and checks, so the form holds no rule and no label of its own.


@dataclass(frozen=True)
class Field:
    file: str  # the file's path in the round, e.g. kpis/kpi-01.yaml
    path: tuple
    label: str
    english: str
    group: str = ""
    kind: str = "text"  # text, lines, date, number, choice (FormLabel.kind)
    choices: tuple = ()
    placeholder: str = ""

    @property
    def name(self) -> str:
        return "v|" + self.file + "|" + "/".join(map(str, self.path))

    @property
    def html_id(self) -> str:
        return "f" + hashlib.sha1(self.name.encode()).hexdigest()[:12]


@dataclass
class Form:
    title: str
    files: list[str]
    fields: list[Field]
    values: dict[str, str] = field(default_factory=dict)  # field name → value
    versions: dict[str, str] = field(default_factory=dict)  # file → version it was read at
    messages: dict[str, list] = field(default_factory=dict)  # field name → findings shown there
    others: list = field(default_factory=list)  # findings of the round not at one of the fields
    notes: dict[str, str] = field(default_factory=dict)  # field name → what someone else changed there

    @property
    def rows(self) -> list[dict]:
        """Each field with its value, its findings and its note, as the page shows them."""
        return [{"f": f, "group": f.group, "value": self.values.get(f.name, ""),
                 "found": self.messages.get(f.name, []), "note": self.notes.get(f.name, "")} for f in self.fields]


def _node(data, path: tuple):
    for key in path:
        if hasattr(data, "keys") and key in data:
            data = data[key]
        elif isinstance(data, list) and isinstance(key, int) and key < len(data):
            data = data[key]
        else:
            return None
    return data


def model_fields(file: str, base: tuple, model, data, group: str = "", where: tuple[str, str] = ("", ""),
                 only=None, number: str = "") -> list[Field]:
    """The labelled fields of ``model`` (a class of generator.reading.model) at ``base`` in a file: each with its
    label, kind and choices as the model defines them; a list of five levels as five fields."""
    node = _node(data, base)
    fields = []
    for name, label, choices in pipeline.form_labels(model):
        if (only is not None and not only(label)) or (label.present and not (hasattr(node, "keys") and name in node)):
            continue
        thai, english = label.thai + where[0], label.english + where[1]
        if label.blocks:
            fields += block_fields(file, base + (name,), data, label, group, f"{number}." if number else "")
        elif label.levels:
            fields += [Field(file, base + (name, level), f"{thai} ระดับ {level + 1}", f"{english}, level {level + 1}",
                             group, label.kind) for level in range(5)]
        else:
            fields.append(Field(file, base + (name,), thai, english, group, label.kind, choices))
    return fields


def block_fields(file: str, base: tuple, data, label, group: str, number: str = "") -> list[Field]:
    """A body's paragraphs and numbered items (a letter's ``body:``, an item's ``items:``), numbered as printed:
    a paragraph typed as text is one input; an item is its labelled fields (generator.reading.model.Item), its
    sub-items after it."""
    blocks = _node(data, base)
    fields, paragraphs, items = [], 0, 0
    for index, block in enumerate(blocks if isinstance(blocks, list) else []):
        path = base + (index,)
        if hasattr(block, "keys"):
            numbered = block.get("numbered", True) is not False
            items += numbered
            shown = f"{number}{items}" if numbered else f"{number}{items}+"
            fields += model_fields(file, path, pipeline.Item, data, group or "เนื้อความ / body", (f" {shown}", f" {shown}"),
                                   number=shown)
        elif isinstance(block, str):
            paragraphs += 1
            fields.append(Field(file, path, f"{label.thai} {number}{paragraphs}", f"{label.english} {number}{paragraphs}",
                                group or "เนื้อความ / body", "paragraph"))
    return fields


def wording_fields(file: str, base: tuple, group: str, document: str | None = None) -> list[Field]:
    """The phrases of a ``wording:`` block (those ``document`` prints, or all), labelled as the reader's PHRASES
    define them; the default shown in the empty field."""
    return [Field(file, base + (key,), phrase.thai, phrase.english, group, "lines",
                  placeholder="\n".join(phrase.default))
            for key, phrase in pipeline.PHRASES.items() if document is None or document in phrase.documents]


def _data(folder: Path, file: str):
    return yamledit.load((folder / file).read_text(encoding="utf-8")) or {}


def letter_form(folder: Path, letter: str) -> Form:
    file = f"letters/{letter}.yaml"
    if not pipeline.is_folder_name(letter) or not (folder / file).is_file():
        raise pipeline.UserError(f"ไม่พบหนังสือ '{letter}'", f"no letter '{letter}'")
    return Form(f"หนังสือ {letter} / letter {letter}", [file],
                model_fields(file, (), pipeline.Letter, _data(folder, file)))


def _kpi_files(folder: Path) -> list[tuple[str, object]]:
    return [(f"kpis/{path.name}", yamledit.load(path.read_text(encoding="utf-8")) or {})
            for path in sorted((folder / "kpis").glob("*.yaml"))]


def kpi_form(folder: Path) -> Form:
    """Every KPI's labelled fields and its place (number, weight) in each agreement form, on one page: weights
    that must total 100 are changed together."""
    files, fields = [], []
    for file, data in _kpi_files(folder):
        files.append(file)
        group = f"{Path(file).stem}: {yamledit.get(data, ('name',)) or ''}"
        fields += model_fields(file, (), pipeline.KPI, data, group)
        forms = _node(data, ("forms",))
        for form_id in (forms if hasattr(forms, "keys") else []):
            fields += model_fields(file, ("forms", str(form_id)), pipeline.FormPlace, data, group,
                                   (f" ในแบบ {form_id}", f" in form {form_id}"))
    return Form("ตัวชี้วัดและน้ำหนัก / KPIs and weights", files, fields)


def agreement_ids(folder: Path) -> list[str]:
    """The agreement forms round.yaml declares, in order (a round without ``agreements:`` has none to edit)."""
    forms = _node(_data(folder, "round.yaml"), ("agreements",))
    return [str(f["id"]) for f in forms if hasattr(f, "keys") and "id" in f] if isinstance(forms, list) else []


def agreement_form(folder: Path, form_id: str) -> Form:
    """One agreement form: its headings, who signs it, its group rows, its own wording, and each KPI it holds with
    the KPI's number and weight there and its targets by level."""
    data = _data(folder, "round.yaml")
    forms = _node(data, ("agreements",))
    index = next((i for i, f in enumerate(forms or []) if hasattr(f, "keys") and str(f.get("id")) == form_id), None)
    if index is None:
        raise pipeline.UserError(f"ไม่พบแบบบันทึกข้อตกลง '{form_id}'", f"no agreement form '{form_id}'")
    base = ("agreements", index)
    fields = model_fields("round.yaml", base, pipeline.AgreementForm, data, f"แบบ {form_id} / form {form_id}")
    for j, party in enumerate(_node(data, base + ("parties",)) or []):
        group = f"ฝ่ายที่ {j + 1} ({'ผู้ประเมิน' if j == 0 else 'ผู้รับการประเมิน'}) / party {j + 1}"
        if hasattr(party, "keys"):
            fields += model_fields("round.yaml", base + ("parties", j), pipeline.Party, data, group)
        else:  # typed as text: its position
            _, label, _ = pipeline.form_labels(pipeline.Party)[0]
            fields.append(Field("round.yaml", base + ("parties", j), label.thai, label.english, group))
    for k, row in enumerate(_node(data, base + ("groups",)) or []):
        fields += model_fields("round.yaml", base + ("groups", k), pipeline.KPIGroup, data, f"กลุ่มที่ {k + 1} / group {k + 1}")
    fields += wording_fields("round.yaml", base + ("wording",), "ถ้อยคำของแบบนี้ / this form's wording", "agreement")
    files = ["round.yaml"]
    for file, kpi in _kpi_files(folder):
        if not hasattr(_node(kpi, ("forms", form_id)), "keys"):
            continue
        files.append(file)
        group = f"{Path(file).stem}: {yamledit.get(kpi, ('name',)) or ''}"
        fields += model_fields(file, ("forms", form_id), pipeline.FormPlace, kpi, group)
        fields += model_fields(file, (), pipeline.KPI, kpi, group, only=lambda label: label.agreement)
    return Form(f"แบบบันทึกข้อตกลง {form_id} / agreement form {form_id}", files, fields)


def round_form(folder: Path) -> Form:
    """round.yaml's office, signer and period: what every letter's head and foot print."""
    data = _data(folder, "round.yaml")
    fields = (model_fields("round.yaml", ("office",), pipeline.Office, data, "ส่วนราชการ / the office")
              + model_fields("round.yaml", ("signer",), pipeline.Signer, data, "ผู้ลงนาม / the signer")
              + model_fields("round.yaml", ("round",), pipeline.Period, data, "รอบการประเมิน / the period"))
    return Form("ข้อมูลของรอบ / the round", ["round.yaml"], fields)


def wording_form(folder: Path) -> Form:
    """The round's phrases (round.yaml ``wording:``): an empty field prints the default shown in it."""
    return Form("ถ้อยคำของรอบ / the round's wording", ["round.yaml"],
                wording_fields("round.yaml", ("wording",), ""))


def read(folder: Path, form: Form) -> Form:
    """The form's values as the files hold them now, and the versions they were read at (kept for a merge)."""
    for file in form.files:
        text = (folder / file).read_text(encoding="utf-8")
        form.versions[file] = yamledit.version(text)
        if not FileVersion.objects.filter(sha256=form.versions[file]).exists():  # read often, written once
            FileVersion.objects.get_or_create(sha256=form.versions[file], defaults={"text": text})
        data = yamledit.load(text)
        for f in form.fields:
            if f.file == file:
                form.values[f.name] = yamledit.get(data, f.path) or ""
    return form


def submitted(form: Form, post) -> dict[str, dict[tuple, str]]:
    """The typed values by file, for the form's own fields only (anything else in the request is ignored)."""
    by_file: dict[str, dict[tuple, str]] = {}
    for f in form.fields:
        if f.name in post:
            value = post[f.name]
            if f.kind == "paragraph":  # a running text: the lines a person broke it into are joined, as YAML folds them
                value = " ".join(line.strip() for line in value.splitlines() if line.strip())
            form.values[f.name] = value
            by_file.setdefault(f.file, {})[f.path] = value
    return by_file


def check(folder: Path, form: Form, values: dict[str, dict[tuple, str]]) -> Form:
    """The round's checks with the typed values in place; each finding shown at its field."""
    texts = {file: yamledit.apply((folder / file).read_text(encoding="utf-8"), fields)
             for file, fields in values.items()}
    report, copy = pipeline.check_with(folder, texts)
    _place(form, report, copy, texts, folder)
    return form


def _place(form: Form, report, copy: Path, texts: dict[str, str], folder: Path) -> None:
    lines = {}
    for file in form.files:
        text = texts.get(file) or (folder / file).read_text(encoding="utf-8")
        for path, where in yamledit.field_lines(text, [f.path for f in form.fields if f.file == file]).items():
            lines.setdefault((file, where[0]), []).append((where[1], path))
    by_key = {(f.file, f.path): f for f in form.fields}
    form.messages, form.others = {}, []
    for finding in report.sorted():
        try:
            file = finding.where.file.resolve().relative_to(copy.resolve()).as_posix()
        except ValueError:
            file = str(finding.where.file)
        here = lines.get((file, finding.where.line))
        if here:
            column = finding.where.column or 10**6
            _, path = max((c for c in here if c[0] <= column), default=here[0])
            form.messages.setdefault(by_key[(file, path)].name, []).append(finding)
        else:
            form.others.append((file, finding))


@dataclass
class Saved:
    written: list[str] = field(default_factory=list)
    conflicts: list = field(default_factory=list)  # (Field, Change)
    theirs: list = field(default_factory=list)  # (Field, Change): kept, made by someone else meanwhile
    refused: list = field(default_factory=list)  # new errors: nothing written
    changes: list = field(default_factory=list)  # (file, before, after) per field, for the audit log


@contextmanager
def _round_lock(folder: Path):
    """One save of a round at a time, across threads and processes (an office's WSGI server may run several)."""
    locks = settings.HOME / "locks"
    locks.mkdir(exist_ok=True)
    with open(locks / f"{folder.name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def errors_brought(folder: Path, texts: dict[str, str | bytes]) -> tuple[list, pipeline.Report, Path]:
    """The errors the round would have with ``texts`` in place of its files and has not now (a save or an upload
    that brings one writes nothing), in file and line order; the report with the texts in place, and the folder its
    locations start with."""
    known = {(d.code, d.thai) for d in pipeline.check(folder).errors}
    report, copy = pipeline.check_with(folder, texts)
    return [d for d in report.sorted() if d.severity == "error" and (d.code, d.thai) not in known], report, copy


def save(folder: Path, form: Form, values: dict[str, dict[tuple, str]], versions: dict[str, str]) -> Saved:
    """Write the typed values. A file changed since the form read it is merged: the other person's fields are
    kept beside these; a field both changed differently is a conflict and nothing at all is written. A save
    that would bring a new error (E…) writes nothing either."""
    result = Saved()
    by_key = {(f.file, f.path): f for f in form.fields}
    with _round_lock(folder):
        texts, before = {}, {}
        for file, fields in values.items():
            current = (folder / file).read_text(encoding="utf-8")
            before[file] = current
            version = versions.get(file, "")
            if version == yamledit.version(current):
                texts[file] = yamledit.apply(current, fields)
                continue
            base = FileVersion.objects.filter(sha256=version).first()
            if base is None:  # no record of what the form was opened on: every changed field is a conflict
                base_text = current
                merged, theirs, conflicts = current, [], [
                    yamledit.Change(p, None, yamledit.get(yamledit.load(current), p), v) for p, v in fields.items()
                    if yamledit.norm(v) != (yamledit.get(yamledit.load(current), p) or "")]
            else:
                base_text = base.text
                merged, theirs, conflicts = yamledit.merge(base_text, current, fields)
            result.theirs += [(by_key[(file, c.path)], c) for c in theirs if (file, c.path) in by_key]
            result.conflicts += [(by_key[(file, c.path)], c) for c in conflicts if (file, c.path) in by_key]
            texts[file] = merged
        if result.conflicts:
            return result
        changed = {file: text for file, text in texts.items() if text != before[file]}
        if not changed:
            return result
        result.refused, new_report, copy = errors_brought(folder, changed)
        if result.refused:
            _place(form, new_report, copy, changed, folder)
            return result
        for file, text in changed.items():
            pipeline.write_atomic(folder / file, text.encode("utf-8"))
            FileVersion.objects.update_or_create(sha256=yamledit.version(text), defaults={"text": text})
            old, new = yamledit.load(before[file]), yamledit.load(text)
            for f in form.fields:
                if f.file == file and yamledit.get(old, f.path) != yamledit.get(new, f.path):
                    result.changes.append((f"{file}:{'.'.join(map(str, f.path))}", yamledit.get(old, f.path) or "",
                                           yamledit.get(new, f.path) or ""))
            result.written.append(file)
            form.versions[file] = yamledit.version(text)
    return result


# ------------------------------------------------------------------ a round's tables, uploaded
TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class TableFile:
    file: str  # as the KPI file names it, e.g. tables/budget.csv
    kpi_file: str  # kpis/kpi-03.yaml
    index: int  # its place in the KPI's tables:
    title: str


def table_files(folder: Path) -> list[TableFile]:
    """The round's district tables, as its KPI files name them (``tables: - file: tables/….csv``): only plain
    files of the round's tables/ folder."""
    found = []
    for file, data in _kpi_files(folder):
        for index, spec in enumerate(_node(data, ("tables",)) or []):
            name = str(spec.get("file", "")) if hasattr(spec, "keys") else ""
            parts = name.split("/")
            if (len(parts) == 2 and parts[0] == "tables" and pipeline.is_folder_name(Path(parts[1]).stem)
                    and Path(name).suffix.lower() in TABLE_SUFFIXES):
                found.append(TableFile(name, file, index, str(spec.get("title") or "")))
    return found


@dataclass
class TableUpload:
    written: str = ""  # the table's file in the round, when written
    refused: list[str] = field(default_factory=list)  # the reader's messages, each at its file:line or sheet!cell
    replaced: str = ""  # the table's earlier file, when its kind changed (.csv → .xlsx)
    changes: list = field(default_factory=list)  # (file, before, after) for the audit log


def upload_table(folder: Path, table: TableFile, suffix: str, data: bytes) -> TableUpload:
    """A table uploaded in place of one of the round's: read by the round's own reader and checks (with their
    hardening rules) in a temporary copy; written atomically only when it brings no new error. A table of the
    other kind (.xlsx for a .csv) replaces it, and the KPI file is changed to name it."""
    result = TableUpload()
    target = str(Path(table.file).with_suffix(suffix))
    texts: dict[str, str | bytes] = {target: data}
    with _round_lock(folder):
        kpi_before = (folder / table.kpi_file).read_text(encoding="utf-8")
        if target != table.file:
            texts[table.kpi_file] = yamledit.apply(kpi_before, {("tables", table.index, "file"): target})
        new, _, copy = errors_brought(folder, texts)
        if new:
            result.refused = [d.format(root=copy) for d in new]
            return result
        before = (folder / target).read_bytes() if (folder / target).is_file() else b""
        pipeline.write_atomic(folder / target, data)
        result.changes.append((target, _digest(before), _digest(data)))
        if target != table.file:
            pipeline.write_atomic(folder / table.kpi_file, texts[table.kpi_file].encode("utf-8"))
            result.changes.append((f"{table.kpi_file}:tables.{table.index}.file", table.file, target))
            (folder / table.file).unlink(missing_ok=True)
            result.replaced = table.file
        result.written = target
    return result


def _digest(data: bytes) -> str:
    return f"{len(data)} bytes sha256 {hashlib.sha256(data).hexdigest()}" if data else ""
