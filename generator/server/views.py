"""The pages. Each view says which roles it serves (roles.role); every change is written to the audit log."""
from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import editing, jobs, pipeline
from .audit import record
from .models import AuditEntry, LoginFailure
from .roles import ADMIN, CLERK, REVIEWER, STAFF, public, role

ANY = (STAFF, CLERK, REVIEWER, ADMIN)
DOWNLOADS = {".docx", ".pdf", ".xlsx", ".csv"}


def _user_error(request, error: pipeline.UserError) -> None:
    messages.error(request, error.message)


# ------------------------------------------------------------------ signing in and out
@public
@require_http_methods(["GET", "POST"])
def login_view(request):
    problem = ""
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        password = request.POST.get("password", "")
        failure, _ = LoginFailure.objects.get_or_create(username=username)
        now = timezone.now()
        if failure.locked_until and failure.locked_until > now:
            problem = (f"บัญชีนี้ถูกล็อกชั่วคราว เพราะใส่รหัสผ่านผิด {settings.LOCKOUT_FAILURES} ครั้ง "
                       f"ลองใหม่หลัง {timezone.localtime(failure.locked_until):%H:%M} น. หรือให้ผู้ดูแลปลดล็อก / "
                       f"locked after {settings.LOCKOUT_FAILURES} failed logins: try again after "
                       f"{timezone.localtime(failure.locked_until):%H:%M} or ask the administrator")
        else:
            user = authenticate(request, username=username, password=password)
            if user is None:
                failure.failures += 1
                if failure.failures >= settings.LOCKOUT_FAILURES:
                    failure.locked_until = now + dt.timedelta(minutes=settings.LOCKOUT_MINUTES)
                    failure.failures = 0
                    record(username or "-", "login.locked", f"user:{username}", "", str(failure.locked_until))
                failure.save()
                problem = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง / wrong user name or password"
            else:
                failure.delete()
                login(request, user)  # a new session key: a session fixed before login is worth nothing
                record(user, "login", f"user:{user.username}")
                wanted = request.POST.get("next") or ""
                if not wanted.startswith("/") or wanted.startswith("//"):
                    wanted = reverse("rounds")
                return redirect(wanted)
    return render(request, "server/login.html", {"problem": problem, "next": request.GET.get("next", "")},
                  status=403 if problem else 200)


@role(*ANY)
@require_POST
def logout_view(request):
    record(request.user, "logout", f"user:{request.user.username}")
    logout(request)
    return redirect("login")


# ------------------------------------------------------------------ rounds
@role(*ANY)
@require_GET
def rounds(request):
    names = pipeline.rounds(settings.DATA)
    return render(request, "server/rounds.html", {"rounds": names})


@role(STAFF)
@require_POST
def new_round(request):
    source, target = request.POST.get("source", ""), request.POST.get("target", "").strip()
    try:
        lines = pipeline.new_round(settings.DATA, source, target)
    except pipeline.UserError as error:
        _user_error(request, error)
        return redirect("rounds")
    record(request.user, "round.new", f"round:{target}", source, "\n".join(lines))
    messages.success(request, f"สร้างรอบ {target} จาก {source} แล้ว / made {target} from {source}")
    return redirect("round", name=target)


def _folder(name: str) -> Path:
    try:
        return pipeline.round_folder(settings.DATA, name)
    except pipeline.UserError:
        raise Http404("ไม่พบรอบ / no such round") from None


def _documents(name: str) -> list[dict]:
    """The round's documents in output/: .docx, PDF and their page images."""
    target = settings.OUTPUT / name
    pages = jobs.pages_folder(name)
    found = []
    for docx in sorted(target.glob("*.docx")):
        pdf = docx.with_suffix(".pdf")
        found.append({"docx": docx.name, "pdf": pdf.name if pdf.exists() else "",
                      "xlsx": docx.with_suffix(".xlsx").name if docx.with_suffix(".xlsx").exists() else "",
                      "pages": sorted((p.name for p in pages.glob(f"{pdf.stem}-*.png")),
                                      key=lambda n: int(n.rsplit("-", 1)[1].split(".")[0]))})
    return found


@role(*ANY)
@require_GET
def round_page(request, name):
    folder = _folder(name)
    letters = sorted(p.stem for p in (folder / "letters").glob("*.yaml"))
    numbers = {}
    try:
        for entry in pipeline.register_entries(settings.REGISTER):
            if entry.letter_key and entry.letter_key.startswith(f"{name}/") and entry.status != "void":
                numbers[entry.letter_key.split("/", 1)[1]] = entry.number_text
    except pipeline.UserError as error:
        _user_error(request, error)
    target = settings.OUTPUT / name
    return render(request, "server/round.html", {
        "name": name, "letters": [(letter, numbers.get(letter, "")) for letter in letters],
        "agreements": editing.agreement_ids(folder),
        "documents": _documents(name), "job": jobs.latest(name),
        "bundle": pipeline.BUNDLE if (target / pipeline.BUNDLE).exists() else ""})


# ------------------------------------------------------------------ editing
def _form(folder: Path, kind: str, item: str) -> editing.Form:
    try:
        if kind == "letter":
            return editing.letter_form(folder, item)
        if kind == "kpis" and item == "all":
            return editing.kpi_form(folder)
        if kind == "agreement":
            return editing.agreement_form(folder, item)
        if kind == "wording" and item == "round":
            return editing.wording_form(folder)
        if kind == "round" and item == "settings":
            return editing.round_form(folder)
    except pipeline.UserError:
        pass
    raise Http404("ไม่พบแบบฟอร์ม / no such form")


@role(STAFF)
@require_http_methods(["GET", "POST"])
def edit(request, name, kind, item):
    folder = _folder(name)
    form = _form(folder, kind, item)
    if request.method == "GET":
        editing.read(folder, form)
        return render(request, "server/edit.html", {"name": name, "form": form, "kind": kind, "item": item})
    values = editing.submitted(form, request.POST)
    versions = {file: request.POST.get(f"version|{file}", "") for file in form.files}
    form.versions = dict(versions)
    saved = editing.save(folder, form, values, versions)
    if saved.conflicts:
        for f, change in saved.conflicts:
            form.notes[f.name] = (f"ผู้อื่นแก้ช่องนี้เป็น “{change.theirs}” หลังจากคุณเปิดแบบฟอร์ม คุณพิมพ์ “{change.mine}” "
                                  f"ยังไม่ได้บันทึกทั้งสองอย่าง: ตรวจแล้วกดบันทึกอีกครั้ง / someone changed this to "
                                  f"“{change.theirs}” after you opened the form; you typed “{change.mine}”: nothing "
                                  f"was saved, check and save again")
        for file in form.files:  # a second save, made knowing the other person's value, is theirs to make
            form.versions[file] = editing.yamledit.version((folder / file).read_text(encoding="utf-8"))
        editing.FileVersion.objects.bulk_create(
            [editing.FileVersion(sha256=form.versions[f], text=(folder / f).read_text(encoding="utf-8"))
             for f in form.files], ignore_conflicts=True)
        messages.error(request, "ไม่ได้บันทึก: มีผู้อื่นแก้ช่องเดียวกัน / not saved: someone else changed the same field")
        return render(request, "server/edit.html", {"name": name, "form": form, "kind": kind, "item": item},
                      status=409)
    if saved.refused:
        messages.error(request, "ไม่ได้บันทึก: ข้อมูลที่พิมพ์มีข้อผิดพลาด (ดูที่ช่อง) / not saved: the values have "
                                "errors (see the fields)")
        return render(request, "server/edit.html", {"name": name, "form": form, "kind": kind, "item": item},
                      status=422)
    for where, before, after in saved.changes:
        record(request.user, "round.edit", f"{name}/{where}", before, after)
    for f, change in saved.theirs:
        messages.warning(request, f"{f.label}: ผู้อื่นแก้เป็น “{change.theirs}” ระหว่างที่คุณแก้ เก็บไว้ทั้งสองอย่าง / "
                                  f"{f.english}: changed to “{change.theirs}” by someone else meanwhile; both edits kept")
    if not saved.written:
        messages.info(request, "ไม่มีอะไรเปลี่ยน / nothing changed")
        return redirect("round", name=name)
    messages.success(request, f"บันทึก {', '.join(saved.written)} แล้ว กำลังสร้างเอกสาร / saved, building the documents")
    job = jobs.start(name, request.user)
    return redirect(reverse("round", kwargs={"name": name}) + f"?job={job.id}")


@role(STAFF)
@require_POST
def check(request, name, kind, item):
    """Checks as a person types: the findings at each field, swapped in by htmx (out of band)."""
    folder = _folder(name)
    form = _form(folder, kind, item)
    values = editing.submitted(form, request.POST)
    editing.check(folder, form, values)
    return render(request, "server/check.html", {"form": form})


# ------------------------------------------------------------------ build, print, files
@role(STAFF, CLERK)
@require_POST
def build(request, name):
    _folder(name)
    job = jobs.start(name, request.user)
    return redirect(reverse("round", kwargs={"name": name}) + f"?job={job.id}")


@role(STAFF, CLERK)
@require_GET
def job_status(request, name, job_id):
    job = jobs.get(job_id)
    if job is None or job.round != name:
        raise Http404("ไม่พบงาน / no such job")
    response = render(request, "server/job.html", {"job": job, "name": name})
    if job.finished:
        response["HX-Refresh"] = "true" if request.GET.get("refresh") else "false"
    return response


def _inside(folder: Path, file: str) -> Path:
    """A file named by a request, only when it is a plain file of ``folder`` (no path reaches outside)."""
    if not file or "/" in file or "\\" in file or file.startswith(".") or "\x00" in file:
        raise Http404("ไม่พบไฟล์ / no such file")
    path = (folder / file).resolve()
    if path.parent != folder.resolve() or not path.is_file():
        raise Http404("ไม่พบไฟล์ / no such file")
    return path


@role(*ANY)
@require_GET
def download(request, name, file):
    _folder(name)
    path = _inside(settings.OUTPUT / name, file)
    if path.suffix.lower() not in DOWNLOADS:
        raise Http404("ไม่พบไฟล์ / no such file")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name,
                        content_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream")


@role(*ANY)
@require_GET
def page_image(request, name, file):
    _folder(name)
    path = _inside(jobs.pages_folder(name), file)
    if path.suffix != ".png":
        raise Http404("ไม่พบไฟล์ / no such file")
    return FileResponse(open(path, "rb"), content_type="image/png")


# ------------------------------------------------------------------ the register
@role(CLERK)
@require_GET
def register(request):
    try:
        entries = pipeline.register_entries(settings.REGISTER)
    except pipeline.UserError as error:
        _user_error(request, error)
        entries = []
    printed = [name for name in (pipeline.REGISTER_PRINT, str(Path(pipeline.REGISTER_PRINT).with_suffix(".pdf")))
               if (settings.OUTPUT / name).is_file()]
    return render(request, "server/register.html", {"entries": entries, "columns": pipeline.COLUMNS_TH,
                                                    "printed": printed})


@role(CLERK)
@require_POST
def register_print(request):
    try:
        made = pipeline.print_register(settings.REGISTER, settings.OUTPUT)
    except pipeline.UserError as error:
        _user_error(request, error)
        return redirect("register")
    record(request.user, "register.print", "register", "", ", ".join(p.name for p in made))
    messages.success(request, "พิมพ์ทะเบียนแล้ว / the register is printed")
    return redirect("register")


@role(CLERK)
@require_GET
def register_file(request, file):
    if file not in (pipeline.REGISTER_PRINT, str(Path(pipeline.REGISTER_PRINT).with_suffix(".pdf"))):
        raise Http404("ไม่พบไฟล์ / no such file")
    path = _inside(settings.OUTPUT, file)
    return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)


@role(CLERK)
@require_POST
def number_letter(request, name, letter):
    folder = _folder(name)
    try:
        number = pipeline.number_letter(folder, letter, settings.REGISTER)
    except pipeline.UserError as error:
        _user_error(request, error)
        return redirect("round", name=name)
    record(request.user, "register.number", f"{name}/{letter}", "", number)
    messages.success(request, f"ออกเลข ที่ {number} ให้หนังสือ {letter} แล้ว กำลังสร้างเอกสารใหม่ให้พิมพ์เลข / "
                              f"{letter} numbered {number}, building the documents again to print it")
    job = jobs.start(name, request.user)  # the letter's page prints its number
    return redirect(reverse("round", kwargs={"name": name}) + f"?job={job.id}")


def _entry_id(request) -> int:
    try:
        return int(request.POST.get("entry", ""))
    except ValueError:
        raise Http404("ไม่พบรายการ / no such entry") from None


@role(CLERK)
@require_POST
def issue(request):
    entry = _entry_id(request)
    try:
        number = pipeline.issue(settings.REGISTER, entry, settings.OUTPUT, request.POST.get("signed", ""))
    except pipeline.UserError as error:
        _user_error(request, error)
        return redirect("register")
    record(request.user, "register.issue", f"entry:{entry}", "allocated", f"issued {number} {request.POST.get('signed', '')}")
    messages.success(request, f"บันทึกการส่ง ที่ {number} แล้ว / {number} issued")
    return redirect("register")


@role(CLERK)
@require_POST
def void(request):
    entry = _entry_id(request)
    reason = request.POST.get("reason", "")[:500]
    try:
        number = pipeline.void(settings.REGISTER, entry, reason)
    except pipeline.UserError as error:
        _user_error(request, error)
        return redirect("register")
    record(request.user, "register.void", f"entry:{entry}", number, f"void: {reason}")
    messages.success(request, f"ยกเลิกเลข {number} แล้ว / {number} voided")
    return redirect("register")


# ------------------------------------------------------------------ returned report forms and results
MAX_UPLOAD_FILES = 30
RETURN_SUFFIXES = {".xlsx", ".csv"}


def _returns_page(request, name, refused=None, status=200):
    folder = settings.DATA / name / pipeline.RETURNS_FOLDER
    results = settings.OUTPUT / name / "results"
    return render(request, "server/returns.html", {
        "name": name, "returns": sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else [],
        "refused": refused or [], "made": sorted(p.name for p in results.iterdir() if p.is_file())
        if results.is_dir() else [], "max_files": MAX_UPLOAD_FILES,
        "max_mb": pipeline.MAX_FILE_BYTES // (1024 * 1024)}, status=status)


def _upload_name(upload) -> str | None:
    """A returned file's name as it will be kept: a plain name ending .xlsx or .csv, or None."""
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or name.startswith(".") or len(name) > 120 or "\x00" in name or Path(name).suffix.lower() not in RETURN_SUFFIXES:
        return None
    return name


@role(REVIEWER)
@require_http_methods(["GET", "POST"])
def returns(request, name):
    folder = _folder(name)
    if request.method == "GET":
        return _returns_page(request, name)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_UPLOAD_FILES * pipeline.MAX_FILE_BYTES:
        messages.error(request, "ไฟล์ที่ส่งรวมกันใหญ่เกินไป / the upload is too large")
        return _returns_page(request, name, status=413)
    uploads = request.FILES.getlist("files")
    if not uploads or len(uploads) > MAX_UPLOAD_FILES:
        messages.error(request, f"เลือกไฟล์ 1 ถึง {MAX_UPLOAD_FILES} ไฟล์ / choose 1 to {MAX_UPLOAD_FILES} files")
        return _returns_page(request, name, status=400)
    refused, accepted = [], {}
    for upload in uploads:
        kept = _upload_name(upload)
        if kept is None:
            refused.append((upload.name, [f"E901 รับเฉพาะไฟล์ .xlsx หรือ .csv ที่ชื่อไม่ขึ้นต้นด้วยจุด / only .xlsx or .csv "
                                          f"files, their names not starting with a dot"]))
        elif upload.size > pipeline.MAX_FILE_BYTES:
            refused.append((kept, [f"E902 ไฟล์ใหญ่เกิน {pipeline.MAX_FILE_BYTES // (1024 * 1024)} MB / the file is larger "
                                   f"than {pipeline.MAX_FILE_BYTES // (1024 * 1024)} MB"]))
        else:
            accepted[kept] = upload.read()
    try:
        found = pipeline.check_returns(folder, accepted) if accepted else {}
    except pipeline.UserError as error:
        _user_error(request, error)
        return _returns_page(request, name, status=422)
    target = folder / pipeline.RETURNS_FOLDER
    for kept, data in accepted.items():
        errors = [d for d in found.get(kept, []) if d.severity == "error"]
        if errors:
            refused.append((kept, [f"{d.where.cell or d.where.line or ''} {d.code} {d.thai} / {d.english}".strip()
                                   for d in errors]))
            continue
        target.mkdir(exist_ok=True)
        pipeline.write_atomic(target / kept, data)
        record(request.user, "returns.upload", f"{name}/{pipeline.RETURNS_FOLDER}/{kept}", "",
               f"{len(data)} bytes sha256 {hashlib.sha256(data).hexdigest()}")
        messages.success(request, f"รับ {kept} แล้ว / {kept} taken")
    return _returns_page(request, name, refused, status=422 if refused else 200)


# ------------------------------------------------------------------ a round's tables
def _tables_page(request, name, folder, refused=(), status=200):
    return render(request, "server/tables.html", {
        "name": name, "tables": editing.table_files(folder), "refused": list(refused),
        "chosen": request.POST.get("table", "") if request.method == "POST" else "",
        "max_mb": pipeline.MAX_FILE_BYTES // (1024 * 1024)}, status=status)


@role(STAFF)
@require_http_methods(["GET", "POST"])
def tables(request, name):
    """A district table uploaded (.xlsx or .csv) in place of one of the round's: checked by the reader's rules,
    written only when clean."""
    folder = _folder(name)
    if request.method == "GET":
        return _tables_page(request, name, folder)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    upload = request.FILES.get("file")
    table = next((t for t in editing.table_files(folder) if t.file == request.POST.get("table", "")), None)
    size = pipeline.MAX_FILE_BYTES // (1024 * 1024)
    if length > pipeline.MAX_FILE_BYTES + 64 * 1024 or (upload is not None and upload.size > pipeline.MAX_FILE_BYTES):
        return _tables_page(request, name, folder, [f"E921 ไฟล์ใหญ่เกิน {size} MB / the file is larger than {size} MB"],
                            413)
    suffix = Path((upload.name if upload else "") or "").suffix.lower()
    if table is None or upload is None or suffix not in editing.TABLE_SUFFIXES:
        return _tables_page(request, name, folder, ["E922 เลือกตารางของรอบ และไฟล์ .xlsx หรือ .csv / choose one of "
                                                    "the round's tables and an .xlsx or .csv file"], 400)
    done = editing.upload_table(folder, table, suffix, upload.read())
    if done.refused:
        messages.error(request, f"ไม่ได้รับ {upload.name}: ตารางมีข้อผิดพลาด ไม่ได้เปลี่ยนอะไร / {upload.name} refused: "
                                f"the table has errors, nothing was changed")
        return _tables_page(request, name, folder, done.refused, 422)
    for where, before, after in done.changes:
        record(request.user, "round.table", f"{name}/{where}", before, after)
    messages.success(request, f"รับตาราง {done.written} แล้ว กำลังสร้างเอกสาร / {done.written} taken, building")
    job = jobs.start(name, request.user)
    return redirect(reverse("round", kwargs={"name": name}) + f"?job={job.id}")


@role(REVIEWER)
@require_POST
def make_results(request, name):
    folder = _folder(name)
    try:
        result = pipeline.results(folder, settings.OUTPUT)
    except pipeline.UserError as error:
        _user_error(request, error)
        return redirect("returns", name=name)
    errors = [d for d in result.report.sorted() if d.severity == "error"]
    for d in errors[:20]:
        messages.error(request, f"{d.where.file.name}:{d.where.cell or d.where.line or ''} {d.code} {d.thai} / {d.english}")
    if not result.failed:
        record(request.user, "results.make", f"round:{name}", "", ", ".join(p.name for p in result.written) or "unchanged")
        messages.success(request, f"สรุปผลแล้ว เขียน {len(result.written)} ไฟล์{' (ยังไม่ครบ: ร่าง)' if result.incomplete else ''}"
                                  f" / results made, {len(result.written)} written{' (incomplete: draft)' if result.incomplete else ''}")
    return redirect("returns", name=name)


@role(*ANY)
@require_GET
def results_download(request, name, file):
    _folder(name)
    path = _inside(settings.OUTPUT / name / "results", file)
    if path.suffix.lower() not in DOWNLOADS | {".png"}:
        raise Http404("ไม่พบไฟล์ / no such file")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)


# ------------------------------------------------------------------ a round's own templates
@role(STAFF)
@require_http_methods(["GET", "POST"])
def templates(request, name):
    """A template downloaded, edited in Word and uploaded as the round's own: checked by make check's template
    rules (E712 unusable, E713 a value the data does not give, W713 …) before it is kept."""
    folder = _folder(name)
    findings, status = [], 200
    if request.method == "POST":
        chosen = request.POST.get("template", "")
        upload = request.FILES.get("file")
        if chosen not in pipeline.TEMPLATE_NAMES or upload is None:
            messages.error(request, "เลือกแม่แบบและไฟล์ / choose a template and a file")
            status = 400
        elif upload.size > pipeline.MAX_FILE_BYTES or not (upload.name or "").lower().endswith(".docx"):
            messages.error(request, f"E712 รับเฉพาะไฟล์ Word .docx ไม่เกิน {pipeline.MAX_FILE_BYTES // (1024 * 1024)} MB / "
                                    f"only a Word .docx file of at most {pipeline.MAX_FILE_BYTES // (1024 * 1024)} MB")
            status = 422
        else:
            data = upload.read()
            place = f"{pipeline.ROUND_TEMPLATES_FOLDER}/{chosen}"
            report, copy = pipeline.check_with(folder, {place: data})
            for d in report.sorted():
                try:
                    relative = d.where.file.resolve().relative_to(copy.resolve()).as_posix()
                except ValueError:
                    continue
                if relative == place:
                    findings.append(d)
            if any(d.severity == "error" for d in findings):
                messages.error(request, f"ไม่รับแม่แบบ {chosen}: แก้ตามข้อความแล้วส่งใหม่ / {chosen} refused: fix it as "
                                        f"the messages say and upload it again")
                status = 422
            else:
                before = pipeline.template_file(folder, chosen)
                (folder / pipeline.ROUND_TEMPLATES_FOLDER).mkdir(exist_ok=True)
                pipeline.write_atomic(folder / place, data)
                record(request.user, "template.upload", f"{name}/{place}",
                       f"{before.name} sha256 {hashlib.sha256(before.read_bytes()).hexdigest()}",
                       f"sha256 {hashlib.sha256(data).hexdigest()}")
                messages.success(request, f"ใช้แม่แบบ {chosen} ของรอบนี้แล้ว / {chosen} is now this round's own")
    own = {n for n in pipeline.TEMPLATE_NAMES if (folder / pipeline.ROUND_TEMPLATES_FOLDER / n).is_file()}
    return render(request, "server/templates.html", {"name": name, "names": pipeline.TEMPLATE_NAMES, "own": own,
                                                     "findings": findings}, status=status)


@role(STAFF)
@require_GET
def template_download(request, name, file):
    folder = _folder(name)
    try:
        path = pipeline.template_file(folder, file)
    except pipeline.UserError:
        raise Http404("ไม่พบแม่แบบ / no such template") from None
    return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)


# ------------------------------------------------------------------ the audit log
@role(ADMIN)
@require_GET
def audit_log(request):
    return render(request, "server/audit.html", {"entries": AuditEntry.objects.all()[:500]})


@public
def static_file(request, path):
    """htmx and the style sheet, from the project itself (no internet on the office network)."""
    from django.views.static import serve

    if path not in ("htmx.min.js", "server.css"):
        raise Http404("ไม่พบไฟล์ / no such file")
    response = serve(request, f"server/{path}", document_root=settings.STATIC_ROOT)
    response["Cache-Control"] = "max-age=3600"
    return response


def forbidden(request, exception=None):
    return render(request, "server/error.html", {"status": 403, "thai": "ไม่มีสิทธิ์ทำรายการนี้",
                                                  "english": "your role does not allow this"}, status=403)


def not_found(request, exception=None):
    return render(request, "server/error.html", {"status": 404, "thai": "ไม่พบหน้านี้", "english": "not found"},
                  status=404)


def server_error(request):
    return HttpResponse("เกิดข้อผิดพลาดภายใน กรุณาแจ้งผู้ดูแล / internal error: please tell the administrator",
                        status=500, content_type="text/plain; charset=utf-8")
