"""The office server in a real browser (Debian's chromium driven by Playwright): the walk a member of staff and
the clerk make, and two people editing one letter. Screenshots of each step go to /tmp/h25-shots."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from server_process import start

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("CDD_SHOTS", "/tmp/h25-shots"))
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server():
    running = start(rounds={"2560-2-lampang", "2568-1-chachoengsao", "2567-2-phayao"})
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _login(page, server, user="admin", password=None) -> None:
    page.goto(server.url + "/")
    assert "/login/" in page.url
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password or server.password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def _wait_job(page) -> None:
    page.wait_for_selector("#job.done, #job.failed", timeout=240_000)
    assert page.locator("#job.done").count() == 1, page.locator("#job").inner_text()


def _typed_e301(page, field: str, value: str):
    """Type a weight that makes the form's total 110: E301 shows before anything is saved."""
    page.fill(field, value)
    e301 = page.locator("[data-code=E301]")
    e301.first.wait_for(timeout=20_000)
    assert "รวมได้ 110 ไม่ใช่ 100" in e301.first.inner_text()
    return e301


def test_the_walk(server, browser):
    """Log in, start a round from the last, change a letter's subject and a KPI's weight, see E301 at the field
    before saving, fix it, save, see the new page image, print, download the bundle, number the letter, log out."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _login(page, server)
    _shot(page, "01-logged-in")
    assert "2560-2-lampang" in page.inner_text("ul.rounds")

    page.select_option("#new-round select[name=source]", "2560-2-lampang")
    page.fill("#new-round input[name=target]", "2561-1-lampang")
    page.click("#new-round button")
    page.wait_for_url(re.compile(r".*/rounds/2561-1-lampang/$"))
    assert "สร้างรอบ 2561-1-lampang จาก 2560-2-lampang แล้ว" in page.inner_text(".messages")
    assert (server.data / "2561-1-lampang" / "round.yaml").is_file()
    _shot(page, "02-new-round")

    subject = "การประเมินผลการปฏิบัติราชการ รอบที่ 1 ปีงบประมาณ พ.ศ. 2561 ทดสอบเรื่องใหม่"
    page.click("text=01-circular")
    page.fill("input[name='v|letters/01-circular.yaml|subject']", subject)
    page.fill("input[name='v|letters/01-circular.yaml|date']", "10 พฤศจิกายน 2560")
    _shot(page, "03-letter-typed")
    page.click("#save")
    page.wait_for_url(re.compile(r".*/rounds/2561-1-lampang/\?job=\d+"))
    _wait_job(page)
    letter = (server.data / "2561-1-lampang" / "letters" / "01-circular.yaml").read_text(encoding="utf-8")
    assert " ".join(yaml.safe_load(letter)["subject"].split()) == subject
    assert letter.startswith("kind: circular\nnumber: auto\nsubject:")  # the order kept, the date added

    page.click("#edit-kpis")
    weight_1 = "input[name='v|kpis/kpi-01.yaml|forms/team/weight']"
    weight_2 = "input[name='v|kpis/kpi-02.yaml|forms/team/weight']"
    assert page.input_value(weight_1) == "60"
    e301 = _typed_e301(page, weight_1, "70")
    assert page.locator(".field", has=page.locator(weight_2)).locator("[data-code=E301]").count() == 1
    _shot(page, "04-e301-at-the-field")
    before_fix = (server.data / "2561-1-lampang" / "kpis" / "kpi-01.yaml").read_text(encoding="utf-8")
    assert "weight: 60" in before_fix  # nothing saved while typing

    page.fill(weight_2, "30")
    page.wait_for_function("document.querySelectorAll('[data-code=E301]').length === 0", timeout=20_000)
    _shot(page, "05-fixed")
    page.click("#save")
    page.wait_for_url(re.compile(r".*\?job=\d+"))
    _wait_job(page)
    image = page.locator("#job img.page.new").first
    image.wait_for()
    assert page.evaluate("(img) => img.naturalWidth", image.element_handle()) > 100
    assert "agreement" in page.inner_text("#job")
    _shot(page, "06-new-page-image")
    assert "weight: 70" in (server.data / "2561-1-lampang" / "kpis" / "kpi-01.yaml").read_text(encoding="utf-8")

    page.click("#print")
    page.locator("#job progress").wait_for()
    _wait_job(page)
    page.reload()
    _shot(page, "07-printed")
    with page.expect_download() as download_info:
        page.click("#bundle")
    bundle = Path(download_info.value.path())
    text = subprocess.run(["pdftotext", str(bundle), "-"], capture_output=True, text=True, check=True).stdout
    assert "ทดสอบเรื่องใหม่" in re.sub(r"\s+", " ", text)

    page.click("text=ออกเลข / number")
    page.wait_for_selector(".messages li")
    assert page.locator(".messages .success").count() == 1, page.inner_text(".messages")
    number = page.locator("table.letters tr", has_text="01-circular").locator("td.number").inner_text()
    assert number.startswith("ลป") and "ว" in number, number
    _wait_job(page)  # numbering builds the round again: the letter's page prints its number
    _shot(page, "08-numbered")
    pdf = context.request.get(server.url + "/rounds/2561-1-lampang/files/letter-01-circular.pdf")
    assert pdf.ok
    (SHOTS / "letter-numbered.pdf").write_bytes(pdf.body())
    letter_text = subprocess.run(["pdftotext", str(SHOTS / "letter-numbered.pdf"), "-"], capture_output=True,
                                 text=True, check=True).stdout
    thai_number = number.split("/ว", 1)[1].strip()
    assert re.fullmatch(r"[๐-๙]+", thai_number), number
    assert re.search(rf"ที่\s*ลป\s*[๐-๙.]+\s*/\s*ว\s*{thai_number}", letter_text), letter_text[:400]
    page.goto(server.url + "/register/")
    assert "ทดสอบเรื่องใหม่" in page.inner_text("table.register")
    _shot(page, "09-register")
    page.click("#register-print")
    page.wait_for_selector(".messages .success")
    with page.expect_download() as printed:
        page.click("a.register-file >> text=.pdf")
    register_text = subprocess.run(["pdftotext", printed.value.path(), "-"], capture_output=True, text=True).stdout
    assert "ทดสอบเรื่องใหม่" in re.sub(r"\s+", " ", register_text)

    page.click("#logout")
    page.wait_for_url(re.compile(r".*/login/$"))
    _shot(page, "10-logged-out")
    page.goto(server.url + "/rounds/2561-1-lampang/")
    assert "/login/" in page.url
    context.close()


def test_two_browsers_no_lost_update(server, browser):
    """Two people edit one letter: different fields are both kept; the same field is refused to the second,
    who is told what the first typed."""
    server.add_user("somchai", "รหัสผ่านยาวพอสมควร1", "staff")
    server.add_user("somsri", "รหัสผ่านยาวพอสมควร2", "staff")
    letter = server.data / "2568-1-chachoengsao" / "letters" / "02-stamped.yaml"
    pages = []
    for user, password in (("somchai", "รหัสผ่านยาวพอสมควร1"), ("somsri", "รหัสผ่านยาวพอสมควร2")):
        page = browser.new_context().new_page()
        _login(page, server, user, password)
        pages.append(page)
    url = server.url + "/rounds/2568-1-chachoengsao/edit/letter/02-stamped/"
    subject = "input[name='v|letters/02-stamped.yaml|subject']"
    to = "input[name='v|letters/02-stamped.yaml|to']"
    first, second = pages
    first.goto(url)
    second.goto(url)
    first.fill(subject, "เรื่องที่สมชายแก้")
    second.fill(to, "สำนักงานพัฒนาชุมชนอำเภอ ทุกอำเภอ (สมศรีแก้)")
    first.click("#save")
    first.wait_for_url(re.compile(r".*\?job=\d+"))
    second.click("#save")
    second.wait_for_url(re.compile(r".*\?job=\d+"))
    assert "เก็บไว้ทั้งสองอย่าง" in second.inner_text(".messages")
    _shot(second, "11-merged")
    text = letter.read_text(encoding="utf-8")
    assert "subject: เรื่องที่สมชายแก้" in text and "(สมศรีแก้)" in text

    first.goto(url)
    second.goto(url)
    first.fill(subject, "สมชายแก้ครั้งที่สอง")
    second.fill(subject, "สมศรีแก้ครั้งที่สอง")
    first.click("#save")
    first.wait_for_url(re.compile(r".*\?job=\d+"))
    second.click("#save")
    second.wait_for_selector("p.conflict")
    note = second.inner_text("p.conflict")
    assert "สมชายแก้ครั้งที่สอง" in note and "สมศรีแก้ครั้งที่สอง" in note
    _shot(second, "12-conflict")
    assert "subject: สมชายแก้ครั้งที่สอง" in letter.read_text(encoding="utf-8")
    assert "(สมศรีแก้)" in letter.read_text(encoding="utf-8")
    for page in pages:
        page.context.close()


def test_agreement_form_wording_and_a_table_in_the_browser(server, browser):
    """An agreement form's weight typed wrong shows E301 at a field before saving; its subtitle saved and built;
    the round's wording form; a wrong table upload refused with the reader's message, a good one taken."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _login(page, server)
    page.goto(server.url + "/rounds/2567-2-phayao/")
    page.click("#edit-agreement-team")
    assert "ชื่อรองใต้ชื่อแบบ" in page.inner_text("form#edit") and "subtitle" in page.inner_text("form#edit")
    weight = "input[name='v|kpis/kpi-01.yaml|forms/team/weight']"
    assert page.input_value(weight) == "40"
    e301 = _typed_e301(page, weight, "50")
    at = e301.first.evaluate("e => e.closest('.field').querySelector('input, select, textarea').name")
    assert re.fullmatch(r"v\|kpis/kpi-\d+\.yaml\|forms/team/weight", at), at  # at a weight of the team form
    _shot(page, "13-agreement-e301")
    page.fill(weight, "40")
    page.wait_for_function("document.querySelectorAll('[data-code=E301]').length === 0", timeout=20_000)
    page.fill("input[name='v|round.yaml|agreements/0/subtitle']", "(ทีมอำเภอ แก้ในเบราว์เซอร์)")
    page.click("#save")
    page.wait_for_url(re.compile(r".*\?job=\d+"))
    _wait_job(page)
    assert "agreement-team" in page.inner_text("#job")
    _shot(page, "14-agreement-saved")
    text = (server.data / "2567-2-phayao" / "round.yaml").read_text(encoding="utf-8")
    assert re.search(r"subtitle: \(ทีมอำเภอ แก้ในเบราว์เซอร์\) +# ชื่อรองใต้ชื่อแบบ", text)
    pdf = page.context.request.get(server.url + "/rounds/2567-2-phayao/files/agreement-team.pdf")
    (SHOTS / "agreement-team.pdf").write_bytes(pdf.body())
    printed = subprocess.run(["pdftotext", str(SHOTS / "agreement-team.pdf"), "-"], capture_output=True, text=True).stdout
    assert "แก้ในเบราว์เซอร์" in re.sub(r"\s+", " ", printed)

    page.click("#edit-wording")
    assert "บรรทัดรอบการประเมินใต้ชื่อเอกสาร" in page.inner_text("form#edit")
    _shot(page, "15-wording")

    page.goto(server.url + "/rounds/2567-2-phayao/")
    page.click("#tables-link")
    bad = server.root / "budget.csv"
    bad.write_text("อำเภอ,วงเงินที่ได้รับจัดสรร (บาท)\nเมืองพะเยา,หนึ่งล้าน\n", encoding="utf-8")
    page.select_option("select[name=table]", "tables/budget.csv")
    page.set_input_files("input[name=file]", str(bad))
    page.click("#upload-table-button")
    page.wait_for_selector("#refused")
    assert "E504" in page.inner_text("#refused") and "หนึ่งล้าน" in page.inner_text("#refused")
    _shot(page, "16-table-refused")
    good = server.root / "budget-good.csv"
    original = (server.data / "2567-2-phayao" / "tables" / "budget.csv").read_text(encoding="utf-8")
    changed = original.replace('"1,250,000"', '"1,300,000"').replace('"860,000"', '"810,000"')  # the total the same
    assert changed.count("1,300,000") == 1 and changed.count("810,000") == 1
    good.write_text(changed, encoding="utf-8")
    page.set_input_files("input[name=file]", str(good))
    page.click("#upload-table-button")
    page.wait_for_selector("#job, #refused")
    assert page.locator("#refused").count() == 0, page.inner_text("#refused")
    page.wait_for_url(re.compile(r".*\?job=\d+"))
    assert "รับตาราง tables/budget.csv แล้ว" in page.inner_text(".messages")
    _wait_job(page)
    _shot(page, "17-table-taken")

    page.goto(server.url + "/rounds/2567-2-phayao/")
    page.click("#edit-round")
    assert "กลุ่มงานเจ้าของเรื่อง" in page.inner_text("form#edit")
    page.fill("input[name='v|round.yaml|round/number']", "3")
    page.locator("[data-code=E103]").first.wait_for(timeout=20_000)
    number_field = page.locator(".field", has=page.locator("input[name='v|round.yaml|round/number']"))
    assert "(พิมพ์ไว้: 3)" in number_field.inner_text()
    _shot(page, "18-round-e103")
    page.goto(server.url + "/rounds/2567-2-phayao/")
    page.click("text=01-stamped")
    paragraphs = page.locator("textarea.paragraph")
    assert paragraphs.count() >= 2 and len(paragraphs.first.input_value()) > 40
    _shot(page, "19-letter-body")
    assert "1,300,000" in (server.data / "2567-2-phayao" / "tables" / "budget.csv").read_text(encoding="utf-8")
    page.context.close()
