"""A field is required only where a document the round makes prints it (E105 names the document)."""
from __future__ import annotations

import re

from generator.build.stages import build_round
from generator.cli import main
from tests.docx_text import paragraphs
from tests.rounds import copy_round


def without_address_and_signer(folder):
    """round.yaml with no office address, no postal code and no signer at all."""
    path = folder / "round.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"  address:.*\n    - ถนนหน้าเมือง\n", "", text)
    text = re.sub(r"  postal_code: .*\n", "", text)
    text = re.sub(r"signer:.*\n(  .*\n)+", "", text)
    assert "address" not in text and "postal_code" not in text and "signer" not in text
    path.write_text(text, encoding="utf-8")


def test_a_stamped_letter_round_needs_no_address_postal_code_or_signer(tmp_path, capsys):
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    (folder / "letters" / "01-circular.yaml").unlink()
    without_address_and_signer(folder)
    assert main(["--data", str(folder.parent), "check", folder.name]) == 0, capsys.readouterr().out
    assert not build_round(folder, tmp_path / "out").failed
    letter = paragraphs(tmp_path / "out" / folder.name / "letter-02-stamped.docx")
    stock = tmp_path / "stock"
    (tmp_path / "s").mkdir()
    build_round(copy_round(tmp_path / "s", "2568-1-chachoengsao"), stock)
    assert letter == paragraphs(stock / folder.name / "letter-02-stamped.docx")  # it never printed them


def test_a_round_with_an_external_letter_is_told_what_the_letter_prints(tmp_path, capsys):
    folder = copy_round(tmp_path, "2568-1-chachoengsao")
    without_address_and_signer(folder)
    assert main(["--data", str(folder.parent), "check", folder.name]) == 1
    out = capsys.readouterr().out
    for field in ("office.address", "office.postal_code", "signer.name"):
        line = next(line for line in out.splitlines() if f"'{field}'" in line)
        assert "E105" in line and "round.yaml" in line and "circular.docx" in line, line
