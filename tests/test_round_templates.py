"""A round's own template (kpi_data/<round>/templates/<kind>.docx): used for that round only, checked by
make check against the round's data and the stock template, carried forward by new-round."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from docx import Document

from generator.build.stages import build_round
from generator.cli import main
from tests.docx_text import paragraphs
from tests.rounds import copy_round

ROOT = Path(__file__).resolve().parent.parent


def own_template(folder: Path, name: str, change, stock: str | None = None) -> Path:
    (folder / "templates").mkdir(exist_ok=True)
    path = folder / "templates" / name
    shutil.copy(ROOT / "letter_templates" / (stock or name), path)
    document = Document(str(path))
    change(document)
    document.save(str(path))
    return path


def urgent(document) -> None:
    """ด่วนที่สุด above the number, as a clerk would type it in Word."""
    document.paragraphs[0].insert_paragraph_before("ด่วนที่สุด")


def test_a_rounds_own_template_is_used_for_that_round_only(tmp_path, capsys):
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    own_template(folder, "stamped.docx", urgent)
    assert main(["--data", str(folder.parent), "check", folder.name]) == 0
    assert "W713" not in capsys.readouterr().out  # it leaves nothing out
    assert not build_round(folder, tmp_path / "out").failed
    out = tmp_path / "out" / folder.name
    assert paragraphs(out / "letter-02-stamped.docx")[0] == "ด่วนที่สุด"
    assert "ด่วนที่สุด" not in paragraphs(out / "letter-01-circular.docx")  # the stock circular
    other = copy_round(tmp_path, "2567-2-phayao")
    assert not build_round(other, tmp_path / "out").failed
    assert "ด่วนที่สุด" not in paragraphs(tmp_path / "out" / other.name / "letter-01-stamped.docx")


def test_check_lists_values_the_data_lacks_and_fields_left_out(tmp_path, capsys):
    folder = copy_round(tmp_path, "2568-1-chachoengsao")

    def change(document):
        document.add_paragraph("โทรสาร {{ office.fax_number }}")
        for paragraph in document.paragraphs:
            if paragraph.text == "{{ office.phone_line }}":
                paragraph._element.getparent().remove(paragraph._element)

    own_template(folder, "stamped.docx", change)
    own_template(folder, "stampd.docx", urgent, stock="stamped.docx")  # a misspelt name
    assert main(["--data", str(folder.parent), "check", folder.name]) == 1
    out = capsys.readouterr().out
    assert re.search(r"templates/stamped\.docx: E713 .*'office\.fax_number'", out), out
    assert re.search(r"templates/stamped\.docx: W713 .*office\.phone_line", out), out
    assert re.search(r"templates/stampd\.docx: W714 ", out), out


def test_a_broken_round_template_is_named_by_check(tmp_path, capsys):
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    own_template(folder, "stamped.docx", lambda d: d.add_paragraph("{{ office.name "))
    assert main(["--data", str(folder.parent), "check", folder.name]) == 1
    out = capsys.readouterr().out
    assert re.search(r"templates/stamped\.docx: E712 ", out), out
    assert "Traceback" not in out


def test_new_round_carries_the_template_forward(tmp_path, capsys):
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    own_template(folder, "stamped.docx", urgent)
    assert main(["--data", str(folder.parent), "new-round", folder.name, "2568-2-chachoengsao"]) == 0
    copied = folder.parent / "2568-2-chachoengsao" / "templates" / "stamped.docx"
    assert copied.read_bytes() == (folder / "templates" / "stamped.docx").read_bytes()
