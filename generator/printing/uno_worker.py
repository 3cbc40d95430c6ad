"""A long-lived LibreOffice converter, driven over UNO. Runs under Debian's /usr/bin/python3
(python3-uno), not the project's virtual environment; talks JSON lines on stdin/stdout.

One worker owns one soffice process with its own user profile (two soffice on one
profile fail silently). Requests:

  {"op": "open", "docx": path, "thai_page_numbers": bool, "page_starts": bool, "parts": [[start, end]…]}
      -> {"ok": true, "pages": n, "page_starts": [text…], "part_pages": [[first, last]…], "steps": {…}}
  {"op": "finish", "pdf": path, "markers": [text or null per page]} -> {"ok": true, "pages": n, "steps": {…}}
  {"op": "warm", "docx": path, "pdf": path} -> {"ok": true, "steps": {…}}: a small document opened, laid out,
      exported and closed, so that the first real one does not wait for LibreOffice to load what it needs

``steps``: the seconds each step took inside LibreOffice (load; layout: page numbers and page count or page starts;
markers; export; close — a document is closed after its "finish" answer, and that time comes with the next answer),
for the bench.

``page_starts`` is the first line of text on each page, from LibreOffice's own layout:
the caller picks the continuation words (คำต่อหน้า) from it with Thai word segmentation.
``parts`` names the bookmarks of the first and last paragraph of each document of a joined one
(generator/ooxml/joined.py); ``part_pages`` gives the pages they are on, as laid out (blank pages
LibreOffice inserts between them counted).
A failure answers {"ok": false, "error": …}; if soffice itself died the worker exits.

The worker and its soffice form one process group (the pool starts the worker in a
session of its own). When the build dies — SIGKILL included — the worker kills that
whole group: the kernel sends it SIGTERM (it sets PR_SET_PDEATHSIG as it starts), and a
watchdog thread also notices the parent has gone, even while a conversion blocks.
"""
import ctypes
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

NATIVE_NUMBERING = 12  # com.sun.star.style.NumberingType: digits of the text's locale (๑ ๒ ๓ for Thai)
PAGE_FRAME = 7  # com.sun.star.text.RelOrientation
CM = 1000  # UNO lengths are 1/100 mm


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def reply(message):
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


PR_SET_PDEATHSIG = 1
_prctl = ctypes.CDLL(None, use_errno=True).prctl


def watch_parent(parent):
    """Kill this worker's process group (oosplash, soffice.bin and itself) once the build is gone.

    SIGTERM is blocked in every thread and taken here, so it acts even while the main
    thread waits inside LibreOffice."""
    while True:
        received = signal.sigtimedwait({signal.SIGTERM}, 0.25)
        if received is not None or os.getppid() != parent:
            os.killpg(0, signal.SIGKILL)


def _office_child():
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    _prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


# LibreOffice runs its graphics render tests (~1.3 s of drawing 4096-pixel bitmaps) at every start
# until the profile records the version it last ran, which only its window shows ever set; a worker
# records it, and gives a new profile the installed version before its first start.
LAST_VERSION = ('<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse">'
                '<value>{version}</value></prop></item>')
REGISTRY = ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            '{items}\n</oor:items>\n')


def seed_profile(profile):
    """A new profile starts with the installed LibreOffice's version as the last one run."""
    registry = os.path.join(profile, "user", "registrymodifications.xcu")
    if os.path.exists(registry):
        return
    try:
        shown = subprocess.run(["soffice", "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return
    match = re.search(r"LibreOffice (\d+)\.(\d+)", shown)
    if match:
        os.makedirs(os.path.dirname(registry), exist_ok=True)
        with open(registry, "w", encoding="utf-8") as stream:
            stream.write(REGISTRY.format(items=LAST_VERSION.format(version=f"{match[1]}.{match[2]}")))


def record_version(context):
    """Record the running version as the last one run (after an upgrade, the render tests run once)."""
    provider = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", context)
    product = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess", (prop("nodepath", "/org.openoffice.Setup/Product"),))
    version = ".".join(product.getByName("ooSetupVersion").split(".")[:2])
    if product.getByName("ooSetupLastVersion") != version:
        product.replaceByName("ooSetupLastVersion", version)
        product.commitChanges()
        provider.flush()  # written now: LibreOffice writes its settings a while later or as it quits, and is killed


def office_launcher():
    """LibreOffice's own launcher, ``oosplash`` (it starts soffice.bin, and starts it again when it asks to), as the
    ``soffice`` script runs it on Linux, with the one variable that script exports: the script itself starts eight
    small processes to find its folder (a UNO connection after 0.196 s instead of 0.217 s, medians of 16 starts each
    taking turns). The script, where oosplash is not beside it."""
    script = shutil.which("soffice")
    if script:
        oosplash = os.path.join(os.path.dirname(os.path.realpath(script)), "oosplash")
        if os.access(oosplash, os.X_OK):
            return oosplash, dict(os.environ, SAL_ENABLE_FILE_LOCKING="1")
    return "soffice", None


def start_office(profile, pipe, shared_packages):
    seed_profile(profile)
    launcher, environment = office_launcher()
    # UNO_SHARED_PACKAGES_CACHE: LibreOffice tests whether the shared extension folder is writable by
    # creating and deleting stamp.sys in it (/usr/lib/libreoffice/share/uno_packages/cache when run as
    # root): point it at a folder of the project's own.
    office = subprocess.Popen(
        [launcher, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         f"--accept=pipe,name={pipe};urp;", f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
         f"-env:UNO_SHARED_PACKAGES_CACHE={uno.systemPathToFileUrl(shared_packages)}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment, preexec_fn=_office_child)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 90
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if office.poll() is not None or time.time() > deadline:
                raise RuntimeError("LibreOffice did not start")
            time.sleep(0.02)  # soffice is ready ~0.2 s after its start
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    try:
        record_version(context)
    except Exception:  # only a slower next start
        pass
    return office, desktop


# Every document is a .docx the program wrote: named, Word's import filter skips LibreOffice's type detection, which
# opens the package and asks several filters whether they take it (3 % of LibreOffice's time over a province's print).
WORD_IMPORT = "MS Word 2007 XML"


def open_hidden(desktop, path):
    """The .docx at ``path``, opened without a window."""
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0,
                                            (prop("Hidden", True), prop("FilterName", WORD_IMPORT)))
    if document is None:
        raise RuntimeError("LibreOffice could not open the file")
    return document


def export_pdf(document, path):
    document.storeToURL(uno.systemPathToFileUrl(path), (prop("FilterName", "writer_pdf_Export"),))


def page_starts(document):
    """The first non-empty line of every page, as laid out."""
    controller = document.getCurrentController()
    cursor = controller.getViewCursor()
    count = controller.PageCount
    starts = []
    for page in range(1, count + 1):
        cursor.jumpToPage(page)
        cursor.jumpToStartOfPage()
        text = ""
        for _ in range(12):  # skip empty lines (spacing paragraphs)
            cursor.gotoEndOfLine(True)
            text = cursor.getString().strip()
            cursor.collapseToEnd()
            if text or not cursor.goDown(1, False) or cursor.getPage() != page:
                break
            cursor.gotoStartOfLine(False)
        starts.append(text)
    return count, starts


def part_pages(document, parts):
    """The pages (first, last) each part of a joined document is on: the pages of its two bookmarks."""
    cursor = document.getCurrentController().getViewCursor()
    bookmarks = document.getBookmarks()
    pages = []
    for names in parts:
        found = []
        for name in names:
            cursor.gotoRange(bookmarks.getByName(name).getAnchor(), False)
            found.append(cursor.getPage())
        pages.append(found)
    return pages


def thai_page_numbers(document):
    """Page numbers in Thai digits: native numbering of the page styles a .docx's sections become
    (LibreOffice does not read Word's thaiNumbers page-number format).

    LibreOffice names them "Standard", "First Page" and "Converted<n>". Asking every page style
    whether it is in use costs 60 ms a document, more than laying out a one-page form, and so does
    setting every page style; the preflight (P109) reads every page number back."""
    styles = document.getStyleFamilies().getByName("PageStyles")
    for name in styles.getElementNames():
        if name in ("Standard", "First Page") or name.startswith("Converted"):
            styles.getByName(name).NumberingType = NATIVE_NUMBERING


def add_marker(document, page, text):
    """คำต่อหน้า: "/word..." at the bottom right of ``page``, in the bottom margin (no reflow)."""
    from com.sun.star.table import BorderLine2
    from com.sun.star.text.TextContentAnchorType import AT_PAGE

    controller = document.getCurrentController()
    cursor = controller.getViewCursor()
    cursor.jumpToPage(page)
    style = document.getStyleFamilies().getByName("PageStyles").getByName(cursor.PageStyleName)
    frame = document.createInstance("com.sun.star.text.TextFrame")
    frame.AnchorType = AT_PAGE
    frame.AnchorPageNo = page
    width = 8 * CM
    frame.Width, frame.Height = width, 900
    frame.HoriOrient, frame.VertOrient = 0, 0
    frame.HoriOrientRelation = frame.VertOrientRelation = PAGE_FRAME
    frame.HoriOrientPosition = style.Width - style.RightMargin - width
    frame.VertOrientPosition = style.Height - style.BottomMargin + 150
    none = BorderLine2()
    frame.LeftBorder = frame.RightBorder = frame.TopBorder = frame.BottomBorder = none
    frame.LeftBorderDistance = frame.RightBorderDistance = frame.TopBorderDistance = frame.BottomBorderDistance = 0
    document.getText().insertTextContent(document.getText().getStart(), frame, False)
    content = frame.getText()
    content.setString(text)
    run = content.createTextCursor()
    run.gotoStart(False)
    run.gotoEnd(True)
    run.ParaAdjust = 1  # right
    for font in ("CharFontName", "CharFontNameComplex", "CharFontNameAsian"):
        setattr(run, font, "TH SarabunPSK")
    run.CharHeight = run.CharHeightComplex = 16


def lap(steps, name, since):
    """Record the seconds since ``since`` as step ``name``; the time now."""
    now = time.perf_counter()
    steps[name] = now - since
    return now


def main():
    profile, pipe, parent, shared_packages = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    _prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)  # the build's death: SIGTERM, taken by watch_parent
    if os.getppid() != parent:  # the build died before the line above
        return
    threading.Thread(target=watch_parent, args=(parent,), daemon=True).start()
    os.makedirs(shared_packages, exist_ok=True)
    office, desktop = start_office(profile, pipe, shared_packages)
    reply({"ok": True, "ready": True})
    document = None
    opened_pages, closed = None, 0.0
    try:
        for line in sys.stdin:
            request = json.loads(line)
            try:
                steps = {"close": closed} if closed else {}  # seconds of each step, for the bench
                closed = 0.0
                clock = time.perf_counter()
                if request["op"] == "open":
                    if document is not None:
                        document.close(True)
                    document = open_hidden(desktop, request["docx"])
                    clock = lap(steps, "load", clock)
                    if request.get("thai_page_numbers"):
                        thai_page_numbers(document)
                    count, starts = page_starts(document) if request.get("page_starts") else \
                        (document.getCurrentController().PageCount, [])
                    parts = part_pages(document, request["parts"]) if request.get("parts") else []
                    lap(steps, "layout", clock)
                    opened_pages = count
                    reply({"ok": True, "pages": count, "page_starts": starts, "part_pages": parts, "steps": steps})
                elif request["op"] == "warm":
                    # a small document first: the Word import, the fonts and the PDF export load now, while the
                    # build renders, rather than with the first document printed
                    warming = open_hidden(desktop, request["docx"])
                    try:
                        warming.getCurrentController().PageCount
                        export_pdf(warming, request["pdf"])
                    finally:
                        warming.close(True)
                    reply({"ok": True, "steps": dict(steps, warm=time.perf_counter() - clock)})
                elif request["op"] == "finish":
                    markers = [(page, marker) for page, marker in enumerate(request.get("markers") or [], start=1)
                               if marker]
                    for page, marker in markers:
                        add_marker(document, page, marker)
                    # counted again only when a marker was added (it sits in the margin: no reflow expected)
                    pages = document.getCurrentController().PageCount if markers else opened_pages
                    clock = lap(steps, "markers", clock)
                    export_pdf(document, request["pdf"])
                    clock = lap(steps, "export", clock)
                    reply({"ok": True, "pages": pages, "steps": steps})
                    # closed after the answer: the pool writes the PDF and starts its checks meanwhile; the time it
                    # took goes with the next document's answer
                    closing, document = document, None
                    try:
                        closing.close(True)
                    except Exception:  # LibreOffice gone: the next request says so
                        pass
                    closed = time.perf_counter() - clock
            except Exception as error:  # report, and stop if LibreOffice itself is gone
                document = None
                alive = office.poll() is None
                reply({"ok": False, "error": f"{type(error).__name__}: {error}", "alive": alive})
                if not alive:
                    return
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
