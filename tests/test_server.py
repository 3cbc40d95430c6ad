"""The office server without a browser (Django's test client, in this process): every route refuses an anonymous
request and a wrong role, login rotates the session and locks after five failures, CSRF is enforced, edits are
checked at the field, saved keeping the YAML's comments, merged or refused, written to the audit log; hostile text
is shown escaped; no request reaches a file outside the round. The rounds are a temporary copy."""
from __future__ import annotations

import html
import os
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
_HOME = Path(tempfile.mkdtemp(prefix="cdd-server-unit-"))
os.environ.setdefault("CDD_SERVER_HOME", str(_HOME / "home"))
os.environ.setdefault("CDD_DATA", str(_HOME / "empty"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "generator.server.settings")
django = pytest.importorskip("django")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import URLPattern, URLResolver, get_resolver, reverse  # noqa: E402

from generator.server import jobs, serve, views  # noqa: E402
from generator.server.models import AuditEntry  # noqa: E402

ROUND = "2568-1-chachoengsao"
PASSWORD = "ยาวพอสำหรับรหัสผ่าน-1"
ROLE_NAMES = ("staff", "clerk", "reviewer", "admin")


@pytest.fixture(scope="module")
def office():
    root = Path(tempfile.mkdtemp(prefix="cdd-server-office-"))
    shutil.copytree(ROOT / "kpi_data", root / "kpi_data")
    saved = settings.DATA, settings.OUTPUT, settings.REGISTER, list(settings.ALLOWED_HOSTS)
    settings.DATA, settings.OUTPUT, settings.REGISTER = root / "kpi_data", root / "output", root / "register.sqlite3"
    settings.ALLOWED_HOSTS.append("testserver")
    serve.prepare()
    for role in ROLE_NAMES:
        if not User.objects.filter(username=f"u-{role}").exists():
            user = User.objects.create_user(f"u-{role}", password=PASSWORD, is_staff=role == "admin")
            user.groups.add(Group.objects.get(name=role))
    yield root
    settings.DATA, settings.OUTPUT, settings.REGISTER, settings.ALLOWED_HOSTS[:] = saved
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def builds(monkeypatch):
    """Saves start a build job: recorded here instead, so these tests stay on the data (the browser test builds)."""
    started = []

    def start(name, user):
        started.append(name)
        return jobs.Job(len(started), name, user.username)
    monkeypatch.setattr(views.jobs, "start", start)
    return started


def client_for(role: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=f"u-{role}"))
    return client


SAMPLE = {"name": ROUND, "kind": "letter", "item": "01-circular", "job_id": 1, "file": "x.pdf",
          "letter": "01-circular", "path": "htmx.min.js", "app_label": "auth", "object_id": "1",
          "content_type_id": "1", "model_name": "user"}


def _routes(patterns=None, prefix="", namespace=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern),
                               namespace + (entry.namespace + ":" if entry.namespace else ""))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry, namespace


def _url(route: str, pattern: URLPattern, namespace: str) -> str | None:
    names = list(pattern.pattern.regex.groupindex) or re.findall(r"<(?:\w+:)?(\w+)>", route)
    if pattern.name:
        try:
            return reverse(namespace + pattern.name, kwargs={n: SAMPLE[n] for n in names if n in SAMPLE})
        except Exception:
            pass
    text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(SAMPLE.get(m.group(1), "1")), route)
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(SAMPLE.get(m.group(1), "1")), text)
    return "/" + text.replace("^", "").replace("$", "").replace("\\", "")


def test_every_route_refuses_anonymous_and_wrong_roles(office):
    walked = 0
    for route, pattern, namespace in _routes():
        view = pattern.callback
        url = _url(route, pattern, namespace)
        if getattr(view, "public", False):
            continue
        roles = getattr(view, "roles", None)
        if roles is None and namespace == "admin:":
            roles = {"admin"}  # the admin site's own login and logout send everyone to the office's
        assert roles is not None, f"{route}: the view does not say which roles it serves"
        for method in ("get", "post"):
            response = getattr(Client(), method)(url)
            assert response.status_code == 302 and response["Location"].startswith("/login/"), (route, method,
                                                                                              response.status_code)
        for wrong in set(ROLE_NAMES) - set(roles):
            for method in ("get", "post"):
                response = getattr(client_for(wrong), method)(url)
                assert response.status_code == 403, (route, wrong, method, response.status_code)
                if method == "get" and not url.startswith("/admin/"):
                    assert "ไม่มีสิทธิ์" in response.content.decode()
        walked += 1
    assert walked >= 20  # the office's routes and the admin site's


def test_login_csrf_session_rotation_and_lockout(office):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert client.post("/login/", {"username": "u-staff", "password": PASSWORD}).status_code == 403  # no token
    session = client.session
    session["before"] = 1
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before
    done = client.post("/login/", {"username": "u-staff", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert done.status_code == 302 and done["Location"] == "/"
    assert client.cookies["sessionid"].value != before
    from django.contrib.sessions.models import Session
    assert not Session.objects.filter(session_key=before).exists()
    assert AuditEntry.objects.filter(username="u-staff", action="login").exists()

    User.objects.create_user("u-locked", password=PASSWORD).groups.add(Group.objects.get(name="staff"))
    other = Client()
    for _ in range(5):
        wrong = other.post("/login/", {"username": "u-locked", "password": "ผิด"})
        assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in wrong.content.decode()
    locked = other.post("/login/", {"username": "u-locked", "password": PASSWORD})
    assert locked.status_code == 403 and "ถูกล็อกชั่วคราว" in locked.content.decode()
    assert "_auth_user_id" not in other.session
    assert AuditEntry.objects.filter(action="login.locked", target="user:u-locked").exists()


def test_passwords_are_hashed_with_argon2(office):
    assert User.objects.get(username="u-staff").password.startswith("argon2$")


def _letter_form(client, letter="01-circular"):
    """The form as a browser would send it back: the versions and every field's value."""
    page = client.get(f"/rounds/{ROUND}/edit/letter/{letter}/").content.decode()
    parsed = _Values()
    parsed.feed(page)
    fields = dict(re.findall(r'<input type="hidden" name="(version\|[^"]+)" value="([0-9a-f]+)"', page))
    return page, {**fields, **{k: v or "" for k, v in parsed.values.items()}}


def test_check_as_you_type_shows_e301_at_the_weight_field(office):
    client = client_for("staff")
    page = client.get("/rounds/2560-2-lampang/edit/kpis/all/")
    assert page.status_code == 200 and "น้ำหนัก (ร้อยละ) ในแบบ team" in page.content.decode()
    answer = client.post("/rounds/2560-2-lampang/edit/kpis/all/check/",
                         {"v|kpis/kpi-01.yaml|forms/team/weight": "70"}).content.decode()
    from generator.server.editing import Field
    at = Field("kpis/kpi-02.yaml", ("forms", "team", "weight"), "", "").html_id
    block = re.search(rf'<div class="messages-at" id="msg-{at}" hx-swap-oob="true">(.*?)</div>', answer, re.S).group(1)
    assert "E301" in block and "รวมได้ 110 ไม่ใช่ 100" in block
    assert "weight: 60" in (office / "kpi_data" / "2560-2-lampang" / "kpis" / "kpi-01.yaml").read_text(encoding="utf-8")


def test_a_save_bringing_an_error_writes_nothing(office, builds):
    client = client_for("staff")
    file = office / "kpi_data" / "2560-2-lampang" / "kpis" / "kpi-01.yaml"
    before = file.read_text(encoding="utf-8")
    page = client.get("/rounds/2560-2-lampang/edit/kpis/all/").content.decode()
    versions = dict(re.findall(r'name="(version\|[^"]+)" value="([0-9a-f]+)"', page))
    answer = client.post("/rounds/2560-2-lampang/edit/kpis/all/", {**versions, "v|kpis/kpi-01.yaml|forms/team/weight": "70"})
    assert answer.status_code == 422 and "E301" in answer.content.decode()
    assert file.read_text(encoding="utf-8") == before and builds == []


def test_save_keeps_comments_and_logs_before_and_after(office, builds):
    client = client_for("staff")
    file = office / "kpi_data" / ROUND / "letters" / "01-circular.yaml"
    before = file.read_text(encoding="utf-8")
    _, versions = _letter_form(client)
    answer = client.post(f"/rounds/{ROUND}/edit/letter/01-circular/",
                         {**versions, "v|letters/01-circular.yaml|subject": "เรื่องใหม่ของหนังสือเวียน"})
    assert answer.status_code == 302 and builds == [ROUND]
    after = file.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [(before.splitlines()[4], "subject: เรื่องใหม่ของหนังสือเวียน")]
    assert "# circular = หนังสือเวียน (เลข ว)" in after
    entry = AuditEntry.objects.filter(action="round.edit").first()
    assert entry.username == "u-staff" and entry.target == f"{ROUND}/letters/01-circular.yaml:subject"
    assert entry.before.startswith("การดำเนินงานตัวชี้วัด") and entry.after == "เรื่องใหม่ของหนังสือเวียน"


def test_a_stale_save_is_merged_or_refused(office, builds):
    first, second = client_for("staff"), client_for("staff")
    file = office / "kpi_data" / ROUND / "letters" / "02-stamped.yaml"
    _, old = _letter_form(first, "02-stamped")
    _, same = _letter_form(second, "02-stamped")
    url = f"/rounds/{ROUND}/edit/letter/02-stamped/"
    assert first.post(url, {**old, "v|letters/02-stamped.yaml|subject": "ของคนแรก"}).status_code == 302
    merged = second.post(url, {**same, "v|letters/02-stamped.yaml|to": "ทุกอำเภอ (คนที่สอง)"}, follow=True)
    assert "เก็บไว้ทั้งสองอย่าง" in merged.content.decode()
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    assert (data["subject"], data["to"]) == ("ของคนแรก", "ทุกอำเภอ (คนที่สอง)")
    assert "closing" not in data  # a field the letter lacks, sent empty by the form, is not added
    assert "closing sentence" not in merged.content.decode()  # nor named as changed by the other person
    refused = second.post(url, {**same, "v|letters/02-stamped.yaml|subject": "ของคนที่สอง"})
    assert refused.status_code == 409
    assert "ของคนแรก" in html.unescape(refused.content.decode())
    assert yaml.safe_load(file.read_text(encoding="utf-8"))["subject"] == "ของคนแรก"


class _Values(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values, self.scripts = {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name", "").startswith("v|"):
            self.values[attrs["name"]] = attrs.get("value")
        if tag == "script":
            self.scripts.append(attrs.get("src"))
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)


@pytest.mark.parametrize("case", yaml.safe_load((ROOT / "tests" / "corpus_html.yaml").read_text(encoding="utf-8"))
                         + yaml.safe_load((ROOT / "tests" / "corpus_formula_injection.yaml").read_text(encoding="utf-8")),
                         ids=lambda case: case["why"])
def test_hostile_text_shows_as_text(office, case):
    file = office / "kpi_data" / ROUND / "letters" / "02-stamped.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    text = " ".join(case["text"].split())
    data["subject"] = text
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    page = client_for("staff").get(f"/rounds/{ROUND}/edit/letter/02-stamped/").content.decode()
    parsed = _Values()
    parsed.feed(page)
    assert parsed.values["v|letters/02-stamped.yaml|subject"] == text
    assert parsed.scripts == ["/static/server/htmx.min.js"]
    assert "hx-get=\"/register/\"" not in page and "SECRET_KEY" not in page.replace("{{ settings.SECRET_KEY }}", "")


def test_no_request_reaches_outside_the_round(office):
    client = client_for("clerk")
    target = office / "output" / ROUND
    target.mkdir(parents=True, exist_ok=True)
    (target / "letter.pdf").write_bytes(b"%PDF-1.4 test")
    (office / "output" / "secret.pdf").write_bytes(b"%PDF secret")
    assert client.get(f"/rounds/{ROUND}/files/letter.pdf").status_code == 200
    for bad in ("..%2Fsecret.pdf", "%2E%2E%2Fsecret.pdf", ".manifest.json", "manifest.json", "..",
                "%2Fetc%2Fpasswd", "letter.pdf%00.png"):
        assert client.get(f"/rounds/{ROUND}/files/{bad}").status_code == 404, bad
    for bad in ("..", "..%2F..%2Fkpi_data", "%2E%2E", "nope"):
        assert client.get(f"/rounds/{bad}/").status_code == 404, bad
    assert client.get(f"/rounds/{ROUND}/pages/..%2F..%2Fsecret-key").status_code == 404


def test_the_register_refuses_voiding_without_a_reason(office):
    client = client_for("clerk")
    answer = client.post("/register/void/", {"entry": "1", "reason": ""}, follow=True)
    assert answer.status_code == 200
    assert "ไม่พบรายการ" in answer.content.decode() or "เหตุผล" in answer.content.decode()


def test_user_changes_are_audited(office):
    admin = client_for("admin")
    assert admin.get("/admin/").status_code == 200
    assert admin.get("/audit/").status_code == 200
    user = User.objects.create_user("u-new", password=PASSWORD)
    user.groups.add(Group.objects.get(name="clerk"))
    assert AuditEntry.objects.filter(action="user.create", target="user:u-new").exists()
    assert AuditEntry.objects.filter(action="user.groups.add", target="user:u-new", after="clerk").exists()


RETURN_CASES = [case for case in yaml.safe_load((ROOT / "tests" / "corpus_returns.yaml").read_text(encoding="utf-8"))
                if case["class"] != "links"]  # a link cannot be uploaded: it arrives as the bytes it points to


def _empty_returns(office) -> Path:
    folder = office / "kpi_data" / ROUND / "results"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


@pytest.mark.parametrize("case", RETURN_CASES, ids=lambda case: f"{case['class']}-{case['code']}-{case['file']}")
def test_uploads_of_the_returns_corpus_are_refused_with_their_messages(office, case, tmp_path):
    from tests.test_corpus_returns import broken

    made = broken(case, tmp_path) / "results" / case["file"]
    taken = _empty_returns(office)
    from django.core.files.uploadedfile import SimpleUploadedFile
    answer = client_for("reviewer").post(f"/rounds/{ROUND}/returns/",
                                         {"files": [SimpleUploadedFile(case["file"], made.read_bytes())]})
    page = html.unescape(answer.content.decode())
    refused = page.split('id="refused"', 1)[-1].split("</section>", 1)[0]
    assert answer.status_code == 422 and case["code"] in refused, refused
    place = case["place"].split(":", 1)[1] if ":" in case["place"] else ""
    if "!" in place:
        assert place.split("!", 1)[1] in refused, (place, refused)
    assert not (taken / case["file"]).exists()


def test_a_good_return_is_taken_and_the_results_made(office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    taken = _empty_returns(office)
    client = client_for("reviewer")
    sample = ROOT / "kpi_data" / ROUND / "results"
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(sample.glob("*.xlsx"))]
    answer = client.post(f"/rounds/{ROUND}/returns/", {"files": files})
    assert answer.status_code == 200, html.unescape(answer.content.decode())
    assert sorted(p.name for p in taken.iterdir()) == sorted(f.name for f in files)
    assert AuditEntry.objects.filter(action="returns.upload", target=f"{ROUND}/results/บางคล้า.xlsx").exists()
    page = client.post(f"/rounds/{ROUND}/results/", follow=True).content.decode()
    assert "สรุปผลแล้ว" in page and "results-summary.xlsx" in page
    assert client.get(f"/rounds/{ROUND}/results/results-summary.xlsx").status_code == 200


def test_uploads_are_bounded(office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    taken = _empty_returns(office)
    client = client_for("reviewer")
    many = [SimpleUploadedFile(f"{i}.csv", b"a,b\n") for i in range(31)]
    assert client.post(f"/rounds/{ROUND}/returns/", {"files": many}).status_code == 400
    big = SimpleUploadedFile("ใหญ่.xlsx", b"PK" + bytes(6 * 1024 * 1024))
    answer = client.post(f"/rounds/{ROUND}/returns/", {"files": [big]})
    assert answer.status_code == 422 and "E902" in answer.content.decode()
    for name in (".hidden.xlsx", "run.sh", "../../round.yaml"):
        answer = client.post(f"/rounds/{ROUND}/returns/", {"files": [SimpleUploadedFile(name, b"x")]})
        assert answer.status_code == 422 and "E901" in answer.content.decode(), name
    assert list(taken.iterdir()) == []
    assert (office / "kpi_data" / ROUND / "round.yaml").read_bytes() == (ROOT / "kpi_data" / ROUND / "round.yaml").read_bytes()


TEMPLATE_CASES = [case for case in yaml.safe_load((ROOT / "tests" / "broken_rounds_templates.yaml").read_text(encoding="utf-8"))
                  if case["code"] in ("E712", "E713", "W713") and case.get("round") == ROUND]


@pytest.mark.parametrize("case", TEMPLATE_CASES, ids=lambda case: f"{case['code']}-{case['message']}")
def test_an_uploaded_template_is_checked_before_it_is_used(office, case, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.test_broken_rounds import _write_template

    [(place, spec)] = case["template"].items()
    made = tmp_path / Path(place).name
    _write_template(made, spec)
    own = office / "kpi_data" / ROUND / place
    own.unlink(missing_ok=True)
    client = client_for("staff")
    stock = client.get(f"/rounds/{ROUND}/templates/{made.name}")
    assert stock.status_code == 200 and b"".join(stock.streaming_content)[:2] == b"PK"
    answer = client.post(f"/rounds/{ROUND}/templates/", {"template": made.name,
                                                         "file": SimpleUploadedFile(made.name, made.read_bytes())})
    page = html.unescape(answer.content.decode())
    findings = page.split('id="findings"', 1)[-1]
    assert case["code"] in findings and case["message"] in findings
    if case["code"].startswith("E"):
        assert answer.status_code == 422 and not own.exists()
    else:
        assert answer.status_code == 200 and own.read_bytes() == made.read_bytes()
        assert AuditEntry.objects.filter(action="template.upload", target=f"{ROUND}/{place}").exists()
        own.unlink()


def test_the_preflights_findings_are_marked_on_their_page(office):
    finding = "letter-02-stamped.pdf:2: P113 ช่องว่างกว้างเกิน ๗ pt / a gap over 7 pt"
    pages = jobs.shown_pages([Path(f"letter-02-stamped-{n}.png") for n in (1, 2, 3)], [(3, finding)], first=1)
    job = jobs.Job(9001, ROUND, "u-staff", state="done", finished=1.0, written=["letter-02-stamped.docx"],
                   pages={"letter-02-stamped.pdf": pages})
    jobs._jobs[job.id] = job
    page = html.unescape(client_for("staff").get(f"/rounds/{ROUND}/jobs/{job.id}/").content.decode())
    marked = re.findall(r'<div class="shown-page( marked)?"><div class="page-frame"><img src="[^"]*/pages/'
                        r'letter-02-stamped-(\d)\.png"', page)
    assert marked == [("", "1"), (" marked", "3")]
    assert f"หน้า / page 3: {finding}" in page


# ------------------------------------------------------------------ forms from the data model
def _labels(page: str) -> list[tuple[str, str]]:
    return [(html.unescape(th).strip(), html.unescape(en).strip()) for th, en in
            re.findall(r'<label for="f[0-9a-f]+">(.*?) <span class="en">/ (.*?)</span></label>', page, re.S)]


def _model_labels() -> set[tuple[str, str]]:
    from generator.reading import model
    from generator.reading.wording import PHRASES

    found = {(p.thai, p.english) for p in PHRASES.values()}
    for cls in (model.Office, model.Signer, model.Period, model.Letter, model.Item, model.KPI, model.FormPlace, model.AgreementForm, model.Party, model.KPIGroup):
        found |= {(label.thai, label.english) for _, label, _ in model.form_labels(cls)}
    return found


@pytest.mark.parametrize("url", [f"/rounds/{ROUND}/edit/letter/01-circular/", "/rounds/2567-2-phayao/edit/kpis/all/",
                                 "/rounds/2567-2-phayao/edit/agreement/team/", f"/rounds/{ROUND}/edit/wording/round/",
                                 f"/rounds/{ROUND}/edit/round/settings/"])
def test_every_label_of_a_form_comes_from_the_data_model(office, url):
    """The form holds no label of its own: each is a FormLabel of generator/reading/model.py (or a phrase of the
    reader's wording), possibly with the level or the form it stands for added."""
    page = client_for("staff").get(url).content.decode()
    labels = _labels(page)
    assert len(labels) >= 4, labels
    known = _model_labels()
    for thai, english in labels:
        base = (re.sub(r" (ระดับ \d|ในแบบ [\w-]+|[\d.]+\+?)$", "", thai),
                re.sub(r"(, level \d| in form [\w-]+| [\d.]+\+?)$", "", english))
        assert base in known, (thai, english)


def test_a_letters_body_is_edited_paragraph_by_paragraph_and_item_by_item(office, builds):
    """The body's paragraphs and numbered items, numbered as printed (ข้อ 1.2 is item 2 of item 1), each one input;
    a paragraph typed over several lines is saved as one running text, the rest of the file as it was."""
    client = client_for("staff")
    file = office / "kpi_data" / ROUND / "letters" / "01-circular.yaml"
    before = file.read_text(encoding="utf-8")
    page, values = _letter_form(client)
    labels = [thai for thai, _ in _labels(page)]
    assert labels.index("ย่อหน้า 1") < labels.index("ย่อหน้า 2") < labels.index("ข้อ 1") < labels.index("ข้อ 1.4") \
        < labels.index("ข้อ 3") < labels.index("ย่อหน้า 3") < labels.index("ข้อความก่อนคำลงท้าย (จึงเรียนมาเพื่อ…)")
    assert "ครัวเรือนที่พัฒนาได้" in page and "กำหนดส่งของข้อ 1" in labels
    answer = client.post(f"/rounds/{ROUND}/edit/letter/01-circular/", {
        **values, "v|letters/01-circular.yaml|body/1": "เพื่อให้การดำเนินงานเป็นไปด้วยความเรียบร้อย\r\n  จังหวัดฯ ขอให้อำเภอดำเนินการ ดังนี้",
        "v|letters/01-circular.yaml|body/2/items/0/text": "ครัวเรือนที่พัฒนาได้แล้ว"})
    assert answer.status_code == 302 and builds == [ROUND]
    after = file.read_text(encoding="utf-8")
    from generator.reading.load import read_yaml
    from generator.base.diagnostics import Report
    body = read_yaml(file, Report()).data["body"]
    assert body[1] == "เพื่อให้การดำเนินงานเป็นไปด้วยความเรียบร้อย จังหวัดฯ ขอให้อำเภอดำเนินการ ดังนี้"
    assert body[2]["items"][0]["text"] == "ครัวเรือนที่พัฒนาได้แล้ว" and body[2]["deadline"] == before_deadline(before)
    kept = [line for line in before.splitlines() if line not in after.splitlines()]
    assert len(kept) == 3, kept  # the paragraph's two lines and the sub-item's line; comments and the rest as they were
    file.write_text(before, encoding="utf-8")


def test_the_rounds_office_signer_and_period_are_edited_and_checked(office, builds):
    """round.yaml's office, signer and period as one form: a wrong round number is shown at its field before
    saving; a new phone number and signer's position are saved, the comments beside them kept."""
    client = client_for("staff")
    file = office / "kpi_data" / ROUND / "round.yaml"
    before = file.read_text(encoding="utf-8")
    url = f"/rounds/{ROUND}/edit/round/settings/"
    page = client.get(url).content.decode()
    labels = [thai for thai, _ in _labels(page)]
    assert {"กลุ่มงานเจ้าของเรื่อง", "โทรศัพท์", "ชื่อผู้ลงนาม", "ปีงบประมาณ (พ.ศ.)", "รอบที่ (1 หรือ 2)"} <= set(labels)
    assert "กลุ่มงานสารสนเทศการพัฒนาชุมชน" in page and "นายชลอ พงษ์ชูบ" in page
    from generator.server.editing import Field
    answer = client.post(url + "check/", {"v|round.yaml|round/number": "3"}).content.decode()
    at = Field("round.yaml", ("round", "number"), "", "").html_id
    block = re.search(rf'<div class="messages-at" id="msg-{at}" hx-swap-oob="true">(.*?)</div>', answer, re.S).group(1)
    assert 'data-code="E103"' in block and "(พิมพ์ไว้: 3)" in block, block
    versions = dict(re.findall(r'name="(version\|[^"]+)" value="([0-9a-f]+)"', page))
    refused = client.post(url, {**versions, "v|round.yaml|round/number": "3"})
    assert refused.status_code == 422 and file.read_text(encoding="utf-8") == before
    answer = client.post(url, {**versions, "v|round.yaml|office/phone": "0-3851-9999",
                               "v|round.yaml|signer/lines": "พัฒนาการจังหวัดฉะเชิงเทรา\r\nปฏิบัติราชการแทน"})
    assert answer.status_code == 302 and builds == [ROUND]
    after = file.read_text(encoding="utf-8")
    assert "  phone: 0-3851-9999\n" in after and "# กลุ่มงานเจ้าของเรื่อง (ท้ายหนังสือ)" in after
    assert "    - พัฒนาการจังหวัดฉะเชิงเทรา\n    - ปฏิบัติราชการแทน\n" in after
    assert [line for line in before.splitlines() if line not in after.splitlines()] == \
        ["  phone: 0-3851-1234", "    - พัฒนาการจังหวัด ปฏิบัติราชการแทน"]
    file.write_text(before, encoding="utf-8")


def before_deadline(text: str) -> str:
    return re.search(r"deadline: (\S+ \S+ \S+)", text).group(1)


def test_a_field_labelled_in_the_model_appears_in_the_form(office, monkeypatch):
    """A field added to the letter's model with a FormLabel is on the letter's form, no server code touched."""
    from typing import Annotated

    from generator.reading import model
    from generator.server import pipeline

    class Letter(model.Letter):
        complimentary_close: Annotated[str | None, model.FormLabel("คำลงท้าย", "complimentary close")] = None
    monkeypatch.setattr(pipeline, "Letter", Letter)
    page = client_for("staff").get(f"/rounds/{ROUND}/edit/letter/01-circular/").content.decode()
    assert ("คำลงท้าย", "complimentary close") in _labels(page)
    assert 'name="v|letters/01-circular.yaml|complimentary_close"' in page
    choice = re.search(r'<select id="f[0-9a-f]+" name="v\|letters/01-circular.yaml\|salutation">(.*?)</select>',
                       page).group(1)  # a choice: the Literal's values, the file's own (none: the default) chosen
    assert re.findall(r'<option value="([^"]*)"', choice) == ["", "เรียน", "กราบเรียน", "นมัสการ"]
    assert '<option value="" selected>' in choice


def test_an_agreement_form_is_edited_checked_and_saved_with_its_comments(office, builds):
    client = client_for("staff")
    url = "/rounds/2567-2-phayao/edit/agreement/team/"
    round_file = office / "kpi_data" / "2567-2-phayao" / "round.yaml"
    kpi_file = office / "kpi_data" / "2567-2-phayao" / "kpis" / "kpi-01.yaml"
    page = html.unescape(client.get(url).content.decode())
    assert "ชื่อรองใต้ชื่อแบบ" in page and 'value="(ทีมอำเภอ)"' in page
    assert "ตำแหน่ง" in page and 'value="หัวหน้าทีมพัฒนาการอำเภอ"' in page  # who signs
    assert "ค่าเป้าหมาย ระดับ 5" in page and 'value="ต่ำกว่า 5"' in page  # the KPI's thresholds by level
    assert 'name="v|round.yaml|agreements/0/wording/parties_line"' in page  # the form's own wording
    assert "chief" not in re.findall(r'name="v\|kpis/kpi-01.yaml\|forms/(\w+)/weight"', page)  # this form's only

    answer = client.post(url + "check/", {"v|kpis/kpi-01.yaml|forms/team/weight": "50"}).content.decode()
    from generator.server.editing import Field
    messages_at = dict(re.findall(r'<div class="messages-at" id="msg-(f[0-9a-f]+)" hx-swap-oob="true">(.*?)</div>',
                                  answer, re.S))
    e301 = [at for at, block in messages_at.items() if 'data-code="E301"' in block]
    assert len(e301) == 1 and "รวมได้ 110 ไม่ใช่ 100" in messages_at[e301[0]]
    assert e301[0] in {Field(f"kpis/{p.name}", ("forms", "team", "weight"), "", "").html_id
                       for p in kpi_file.parent.glob("*.yaml")}

    parsed = _Values()
    parsed.feed(client.get(url).content.decode())
    versions = {**dict(re.findall(r'name="(version\|[^"]+)" value="([0-9a-f]+)"', page)),
                **{k: v or "" for k, v in parsed.values.items()}}  # the whole form, as the browser sends it
    before = round_file.read_text(encoding="utf-8")
    saved = client.post(url, {**versions, "v|round.yaml|agreements/0/subtitle": "(ทีมอำเภอ ทดสอบ)",
                              "v|round.yaml|agreements/0/parties/1/name": "นายทดสอบ ระบบดี",
                              "v|kpis/kpi-01.yaml|thresholds/4": "ไม่เกิน 4"})
    assert saved.status_code == 302 and builds[-1] == "2567-2-phayao"
    after = round_file.read_text(encoding="utf-8")
    assert re.search(r"\n    subtitle: \(ทีมอำเภอ ทดสอบ\) +# ชื่อรองใต้ชื่อแบบ\n", after)  # comment and place kept
    assert len(after.splitlines()) == len(before.splitlines())
    data = yaml.safe_load(after)
    assert data["agreements"][0]["parties"][1] == {"position": "หัวหน้าทีมพัฒนาการอำเภอ",
                                                   "role": "ผู้รับการประเมิน (ทีมอำเภอ)", "name": "นายทดสอบ ระบบดี"}
    assert yaml.safe_load(kpi_file.read_text(encoding="utf-8"))["thresholds"] == [9, 8, 7, 6, "ไม่เกิน 4"]
    assert "# ค่าเป้าหมายในตาราง ระดับละหนึ่งค่า" in kpi_file.read_text(encoding="utf-8")
    targets = {e.target for e in AuditEntry.objects.filter(action="round.edit")}
    assert {"2567-2-phayao/round.yaml:agreements.0.subtitle", "2567-2-phayao/kpis/kpi-01.yaml:thresholds.4"} <= targets

    stale = client.post(url, {**versions, "v|round.yaml|agreements/0/subtitle": "(ของคนที่สอง)"})
    assert stale.status_code == 409 and "(ทีมอำเภอ ทดสอบ)" in html.unescape(stale.content.decode())
    merged = client.post(url, {**versions, "v|round.yaml|agreements/0/heading": "เป้าหมายทีม (คนที่สอง)"}, follow=True)
    assert "เก็บไว้ทั้งสองอย่าง" in merged.content.decode()
    data = yaml.safe_load(round_file.read_text(encoding="utf-8"))["agreements"][0]
    assert (data["subtitle"], data["heading"]) == ("(ทีมอำเภอ ทดสอบ)", "เป้าหมายทีม (คนที่สอง)")


def test_the_rounds_wording_is_edited_as_lines(office, builds):
    client = client_for("staff")
    url = f"/rounds/{ROUND}/edit/wording/round/"
    round_file = office / "kpi_data" / ROUND / "round.yaml"
    page = html.unescape(client.get(url).content.decode())
    assert "บรรทัดลงชื่อผู้รายงานท้ายแบบรายงาน" in page and "the reporter's signature lines" in page
    assert 'placeholder="รอบการประเมินที่ {round} ปีงบประมาณ พ.ศ. {fiscal_year} ({period})"' in page
    versions = dict(re.findall(r'name="(version\|[^"]+)" value="([0-9a-f]+)"', page))
    saved = client.post(url, {**versions, "v|round.yaml|wording/audience_line": "ถึง อำเภอทุกอำเภอ\r\nและทีมตำบล"})
    assert saved.status_code == 302
    data = yaml.safe_load(round_file.read_text(encoding="utf-8"))
    assert data["wording"] == {"audience_line": ["ถึง อำเภอทุกอำเภอ", "และทีมตำบล"]}
    again = html.unescape(client.get(url).content.decode())
    assert ">ถึง อำเภอทุกอำเภอ\nและทีมตำบล</textarea>" in again


# ------------------------------------------------------------------ tables uploaded
def _xlsx(rows, formula_at=None) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "ตาราง"
    for row in rows:
        sheet.append(row)
    if formula_at:
        sheet[formula_at] = "=SUM(B2:B3)"  # saved by a program, not Excel: no computed value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


PHAYAO_TABLE = "tables/budget.csv"
GOOD_BUDGET = [["อำเภอ", "วงเงินที่ได้รับจัดสรร (บาท)"], ["เมืองพะเยา", "1,300,000"], ["จุน", "860,000"],
               ["เชียงคำ", "1,180,000"], ["เชียงม่วน", "640,000"], ["ดอกคำใต้", "900,000"], ["ปง", "700,000"],
               ["แม่ใจ", "500,000"], ["ภูซาง", "450,000"], ["ภูกามยาว", "400,000"]]


def _csv(rows) -> bytes:
    return ("\n".join(",".join(f'"{c}"' for c in row) for row in rows) + "\n").encode("utf-8")


@pytest.mark.parametrize("name, data, status, expected", [
    ("budget.csv", _csv([GOOD_BUDGET[0], ["เมืองพะเยาา", "1,250,000"], *GOOD_BUDGET[2:]]), 422,
     ["tables/budget.csv:2:1: E502", "เมืองพะเยาา"]),  # a district misspelt: the reader's message at its line
    ("budget.csv", _csv([GOOD_BUDGET[0], ["เมืองพะเยา", "หนึ่งล้าน"], *GOOD_BUDGET[2:]]), 422,
     ["tables/budget.csv:2:2: E504", "หนึ่งล้าน"]),  # text in a number cell
    ("budget.xlsx", _xlsx([GOOD_BUDGET[0], ["เมืองพะเยา", 1], ["จุน", 2], ["เชียงคำ", None]], formula_at="B4"), 422,
     ["tables/budget.xlsx:ตาราง!B4: E020"]),  # a formula cell without its value, at its sheet and cell
    ("budget.xlsx", b"PK\x03\x04 not really a workbook", 422, ["E003"]),
    ("budget.xlsx", _xlsx([GOOD_BUDGET[0], *GOOD_BUDGET[1:5], ["ดอกคำใต้", "เก้าแสน"], *GOOD_BUDGET[6:]]), 422,
     ["tables/budget.xlsx:ตาราง!B6: E504", "เก้าแสน"]),  # text in a number cell of a workbook
    ("budget.xlsx", _xlsx([["อำเภอ", "เงิน"], *GOOD_BUDGET[1:]]), 422,
     ["E705", "ไม่มีคอลัมน์ 'วงเงินที่ได้รับจัดสรร (บาท)'"]),  # a column the round's report form needs is gone
    ("budget.txt", b"x", 400, ["E922"]),
    ("budget.csv", b"a" * (5 * 1024 * 1024 + 10), 413, ["E921"]),
], ids=["district", "text-number", "formula", "not-xlsx", "xlsx-cell", "columns", "suffix", "size"])
def test_a_wrong_table_upload_changes_nothing(office, builds, name, data, status, expected):
    from django.core.files.uploadedfile import SimpleUploadedFile

    folder = office / "kpi_data" / "2567-2-phayao"
    before = {p: p.read_bytes() for p in [*folder.glob("tables/*"), *folder.glob("kpis/*.yaml")]}
    answer = client_for("staff").post("/rounds/2567-2-phayao/tables/",
                                      {"table": PHAYAO_TABLE, "file": SimpleUploadedFile(name, data)})
    page = html.unescape(answer.content.decode())
    assert answer.status_code == status, page[-2000:]
    refused = re.search(r'<section id="refused">(.*?)</section>', page, re.S).group(1)
    for text in expected:
        assert text in refused, refused
    assert {p: p.read_bytes() for p in [*folder.glob("tables/*"), *folder.glob("kpis/*.yaml")]} == before
    assert builds == [] and not AuditEntry.objects.filter(action="round.table").exists()


def test_a_good_table_upload_is_written_logged_and_built(office, builds):
    from django.core.files.uploadedfile import SimpleUploadedFile

    folder = office / "kpi_data" / "2567-2-phayao"
    client = client_for("staff")
    import hashlib
    was = hashlib.sha256((folder / PHAYAO_TABLE).read_bytes()).hexdigest()
    assert PHAYAO_TABLE in client.get("/rounds/2567-2-phayao/tables/").content.decode()
    answer = client.post("/rounds/2567-2-phayao/tables/",
                         {"table": PHAYAO_TABLE, "file": SimpleUploadedFile("budget.csv", _csv(GOOD_BUDGET))})
    assert answer.status_code == 302 and builds == ["2567-2-phayao"]
    assert '"เมืองพะเยา","1,300,000"' in (folder / PHAYAO_TABLE).read_text(encoding="utf-8")
    entry = AuditEntry.objects.get(action="round.table")
    assert entry.target == "2567-2-phayao/tables/budget.csv" and entry.username == "u-staff"
    assert entry.before.endswith(f"sha256 {was}") and "sha256" in entry.after and was not in entry.after

    # an Excel workbook in place of the .csv: the KPI file then names it, its comment kept
    answer = client.post("/rounds/2567-2-phayao/tables/",
                         {"table": PHAYAO_TABLE, "file": SimpleUploadedFile("งบประมาณ.xlsx", _xlsx(GOOD_BUDGET))})
    assert answer.status_code == 302, html.unescape(answer.content.decode())[-1500:]
    kpi = (folder / "kpis" / "kpi-03.yaml").read_text(encoding="utf-8")
    assert re.search(r"  - file: tables/budget.xlsx +#", kpi) or "  - file: tables/budget.xlsx\n" in kpi
    assert (folder / "tables" / "budget.xlsx").is_file() and not (folder / PHAYAO_TABLE).exists()
    from generator.server import pipeline
    assert not [d for d in pipeline.check(folder).errors], "the round reads clean with the workbook"


# ------------------------------------------------------------------ a numbered letter printed with its number
def test_a_numbered_letter_of_a_draft_round_is_built_with_its_number(office, builds):
    """ออกเลข takes the register's number and builds the round again; the draft round's build, which takes no
    number itself, prints the one taken (the letter's .docx: ที่ ลป …/ว <number in Thai digits>)."""
    from generator.build.stages import build_round
    from generator.server import pipeline
    from generator.thai import with_digits
    from docx_text import text

    pipeline.new_round(settings.DATA, "2560-2-lampang", "2561-2-lampang")
    folder = settings.DATA / "2561-2-lampang"
    assert yaml.safe_load((folder / "round.yaml").read_text(encoding="utf-8"))["round"]["draft"] is True
    from generator.server import yamledit
    letter_file = folder / "letters" / "01-circular.yaml"  # a letter takes a number once it is dated (E720)
    letter_file.write_text(yamledit.apply(letter_file.read_text(encoding="utf-8"), {("date",): "10 เมษายน 2561"}),
                           encoding="utf-8")
    built = build_round(folder, settings.OUTPUT, register=settings.REGISTER)
    letter = settings.OUTPUT / "2561-2-lampang" / "letter-01-circular.docx"
    assert not built.failed and re.search(r"ที่ ลป [๐-๙.]+/ว\s*\n", text(letter) + "\n")  # blank before numbering

    answer = client_for("clerk").post("/rounds/2561-2-lampang/letters/01-circular/number/")
    assert answer.status_code == 302 and "?job=" in answer["Location"] and builds == ["2561-2-lampang"]
    entry = next(e for e in pipeline.register_entries(settings.REGISTER) if e.letter_key == "2561-2-lampang/01-circular")
    assert AuditEntry.objects.filter(action="register.number", after=entry.number_text).exists()

    built = build_round(folder, settings.OUTPUT, register=settings.REGISTER)  # what the job started does first
    assert "letter-01-circular.docx" in [p.name for p in built.written]
    printed = re.search(r"ที่ ลป [๐-๙.]+/ว\s*([๐-๙]+)", text(letter))
    assert printed and printed.group(1) == with_digits(str(entry.number), "thai"), text(letter)[:300]
    again = build_round(folder, settings.OUTPUT, register=settings.REGISTER)
    assert [e.number for e in pipeline.register_entries(settings.REGISTER)
            if e.letter_key.startswith("2561-2-lampang/")] == [entry.number]  # a draft takes no other number
    assert not again.written


def test_a_finding_with_a_place_is_boxed_on_its_page_image(office):
    finding = "letter-02-stamped.pdf:1: P113 ช่องว่างกว้างเกิน ๗ pt / a gap over 7 pt"
    pages = jobs.shown_pages([Path(f"letter-02-stamped-{n}.png") for n in (1, 2)],
                             [(1, finding, (0.143, 0.095, 0.37, 0.117))], first=1)
    job = jobs.Job(9002, ROUND, "u-staff", state="done", finished=1.0, written=["letter-02-stamped.docx"],
                   pages={"letter-02-stamped.pdf": pages})
    jobs._jobs[job.id] = job
    page = html.unescape(client_for("staff").get(f"/rounds/{ROUND}/jobs/{job.id}/").content.decode())
    boxes = re.findall(r'<div class="page-frame"><img src="[^"]*/pages/letter-02-stamped-(\d)\.png"[^>]*>'
                       r'<span class="finding-box" style="left:([\d.]+)%;top:([\d.]+)%;width:([\d.]+)%;'
                       r'height:([\d.]+)%" title="([^"]*)"></span></div>', page)
    assert boxes == [("1", "13.90", "9.10", "23.50", "3.00", finding)]


def test_the_largest_sample_rounds_kpi_page_is_taken_whole(office):
    """27 KPIs, each with its labelled fields and its place in the form: the whole page is one request (within
    the server's bound on a form's fields) and its checks answer."""
    client = client_for("staff")
    page = client.get("/rounds/2568-1-nan/edit/kpis/all/").content.decode()
    parsed = _Values()
    parsed.feed(page)
    sent = {**dict(re.findall(r'name="(version\|[^"]+)" value="([0-9a-f]+)"', page)),
            **{k: v or "" for k, v in parsed.values.items()}}
    assert len(sent) > 300  # more than the 400 fields Django allows by default, with a few more labelled fields
    answer = client.post("/rounds/2568-1-nan/edit/kpis/all/check/", sent)
    assert answer.status_code == 200 and "messages-at" in answer.content.decode()
