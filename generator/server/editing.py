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

# One definition per field: its place in the file and its label. The values are read and checked by the
# pipeline's own reader and checks (generator.reading.model), so the form never holds a rule of its own.
LETTER_FIELDS = [
    (("subject",), "เรื่อง", "subject"),
    (("to",), "เรียน / ถึง", "to"),
    (("date",), "ลงวันที่ (เช่น 18 มกราคม 2568)", "date (e.g. 18 มกราคม 2568)"),
    (("closing",), "ข้อความก่อนคำลงท้าย (จึงเรียนมาเพื่อ…)", "closing sentence"),
]
KPI_NAME = (("name",), "ชื่อตัวชี้วัด", "KPI name")


@dataclass(frozen=True)
class Field:
    file: str  # the file's path in the round, e.g. kpis/kpi-01.yaml
    path: tuple
    label: str
    english: str
    group: str = ""

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


def letter_form(folder: Path, letter: str) -> Form:
    file = f"letters/{letter}.yaml"
    if not pipeline.is_folder_name(letter) or not (folder / file).is_file():
        raise pipeline.UserError(f"ไม่พบหนังสือ '{letter}'", f"no letter '{letter}'")
    return Form(f"หนังสือ {letter} / letter {letter}", [file],
                [Field(file, path, th, en) for path, th, en in LETTER_FIELDS])


def kpi_form(folder: Path) -> Form:
    """Every KPI's name and its weight in each agreement form, on one page: weights that must total 100
    are changed together."""
    files, fields = [], []
    for path in sorted((folder / "kpis").glob("*.yaml")):
        file = f"kpis/{path.name}"
        data = yamledit.load(path.read_text(encoding="utf-8")) or {}
        files.append(file)
        group = f"{path.stem}: {yamledit.get(data, ('name',)) or ''}"
        fields.append(Field(file, KPI_NAME[0], KPI_NAME[1], KPI_NAME[2], group))
        forms = data.get("forms") if hasattr(data, "get") else None
        if hasattr(forms, "items"):
            for form_id in forms:
                fields.append(Field(file, ("forms", str(form_id), "weight"), f"น้ำหนัก (ร้อยละ) ในแบบ {form_id}",
                                    f"weight (%) in form {form_id}", group))
        elif hasattr(data, "get") and data.get("weight") is not None:
            fields.append(Field(file, ("weight",), "น้ำหนัก (ร้อยละ)", "weight (%)", group))
    return Form("ตัวชี้วัดและน้ำหนัก / KPIs and weights", files, fields)


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
                    if " ".join(v.split()) != (yamledit.get(yamledit.load(current), p) or "")]
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
        old_report = pipeline.check(folder)
        new_report, copy = pipeline.check_with(folder, changed)
        known = {(d.code, d.thai) for d in old_report.errors}
        result.refused = [d for d in new_report.errors if (d.code, d.thai) not in known]
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
