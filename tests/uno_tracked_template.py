"""Edit a Word template in LibreOffice with change recording on, as a clerk would in Word with
Track Changes on, and save it as .docx: the file carries w:ins, w:del, w:rPrChange, a comment and a
bookmark as a real program writes them. Runs under Debian's /usr/bin/python3 (python3-uno):

    /usr/bin/python3 tests/uno_tracked_template.py SOURCE.docx TARGET.docx PROFILE_DIR

Edits made to the stock circular (each inside a {{ }} tag unless said otherwise):
- ``{{ letter.subject }}``: typed as ``{{ letter.subjx }}`` with recording off, then "x }}" replaced by
  "ect }}" with it on (``{{ letter.subj`` + w:del "x }}" + w:ins "ect }}", as the issue saw it);
- ``{{ office.group }}``: an "x" typed into the tag with recording off, then deleted with it on;
- ``{{ salutation }}``: "tation }}" replaced by itself (LibreOffice writes w:moveFrom and w:moveTo);
- ``{{ office.name }}``: a comment anchored on "office.name";
- ``{{ office.phone_line }}``: a bookmark over "phone";
- ``{{ complimentary_close }}``: "complimentary" made bold (a recorded format change);
- after the subject's tag, outside it: " (ฉบับแก้ไข)" inserted (tracked text the accepted letter prints).

Comments are the one mark this cannot make: LibreOffice 7.4 driven over UNO without a window dies both
adding a comment and loading a .docx that has one, so tests/test_template_revisions.py writes Word's
comment XML itself.
"""
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def find(document, text):
    search = document.createSearchDescriptor()
    search.SearchString = text
    found = document.findFirst(search)
    if found is None:
        raise SystemExit(f"not in the template: {text}")
    return found


def select_inside(document, tag, start, length):
    """A cursor over ``length`` characters of ``tag``, from ``start``."""
    found = find(document, tag)
    cursor = found.getText().createTextCursorByRange(found.getStart())
    cursor.goRight(start, False)
    cursor.goRight(length, True)
    return cursor


def edit(document):
    document.RecordChanges = False  # typos made before recording starts
    cursor = select_inside(document, "{{ office.group }}", len("{{ office.gr"), 0)
    cursor.setString("x")
    cursor = select_inside(document, "{{ letter.subject }}", len("{{ letter.subj"), len("ect"))
    cursor.setString("x")
    document.RecordChanges = True

    cursor = select_inside(document, "{{ office.grxoup }}", len("{{ office.gr"), 1)
    cursor.setString("")
    cursor = select_inside(document, "{{ letter.subjx }}", len("{{ letter.subj"), len("x }}"))
    cursor.setString("ect }}")
    cursor = select_inside(document, "{{ salutation }}", len("{{ salu"), len("tation }}"))
    cursor.setString("tation }}")  # the same text again: LibreOffice records it as a move
    cursor = select_inside(document, "เรื่อง", 0, 0)
    cursor.gotoEndOfParagraph(False)
    cursor.getText().insertString(cursor, " (ฉบับแก้ไข)", False)

    cursor = select_inside(document, "{{ office.phone_line }}", len("{{ office."), len("phone"))
    mark = document.createInstance("com.sun.star.text.Bookmark")
    mark.Name = "phone"
    cursor.getText().insertTextContent(cursor, mark, True)

    cursor = select_inside(document, "{{ complimentary_close }}", 3, len("complimentary"))
    cursor.CharWeight = 150.0



def main(source, target, profile):
    pipe = f"cdd-test-{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(600):
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                time.sleep(0.1)
        else:
            raise SystemExit("LibreOffice did not start")
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                                (prop("Hidden", True),))
        edit(document)
        document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                            (prop("FilterName", "MS Word 2007 XML"),))
        document.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge goes down as soffice quits
            pass
        office.wait(timeout=30)
    finally:
        if office.poll() is None:
            office.kill()
            office.wait()


if __name__ == "__main__":
    main(*sys.argv[1:4])
