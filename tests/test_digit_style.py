"""One digit style per table and per title block: no document of a sample round mixes Thai and Arabic
digits within one table (headings and spanning headings included) or within its title lines."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from generator.build.stages import build_round
from tests.docx_text import paragraphs
from tests.rounds import copy_round

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = sorted(p.name for p in (ROOT / "kpi_data").iterdir() if (p / "round.yaml").exists())
FILE_NAME = re.compile(r"\S+\.(?:pdf|docx|xlsx)")  # the cover sheet lists files: a name is not a number


def styles_in(text: str) -> set[str]:
    text = FILE_NAME.sub("", text)
    return {style for style, digits in (("thai", "[๐-๙]"), ("arabic", "[0-9]")) if re.search(digits, text)}


@pytest.mark.parametrize("name", ROUNDS)
def test_no_table_or_title_block_mixes_digit_styles(tmp_path, name):
    folder = copy_round(tmp_path, name)
    assert not build_round(folder, tmp_path / "out").failed
    documents = sorted((tmp_path / "out" / name).glob("*.docx"))
    assert documents
    for path in documents:
        document = Document(str(path))
        for index, table in enumerate(document.tables):
            text = "\n".join(cell.text for row in table.rows for cell in row.cells)
            assert len(styles_in(text)) < 2, f"{path.name}, table {index + 1}: {text[:300]}"
        title = []
        for paragraph in document.paragraphs:
            if paragraph.style.name in ("DocTitle", "DocSubtitle"):
                title.append(paragraph.text)
            elif title:
                break
        assert len(styles_in("\n".join(title))) < 2, f"{path.name}: {title}"


def test_a_spanning_heading_takes_the_tables_digits(tmp_path):
    """A report form whose group heading names a year: "ปี 2566" over columns in the table's Arabic digits,
    not "ปี ๒๕๖๖" from the document's running text."""
    folder = copy_round(tmp_path, "2567-2-phayao")
    kpi = folder / "kpis" / "kpi-01.yaml"
    kpi.write_text(kpi.read_text(encoding="utf-8").replace("{title: ผลการพัฒนา (ครัวเรือน),",
                                                           "{title: ผลการพัฒนา ปี 2567 (ครัวเรือน),"), encoding="utf-8")
    assert not build_round(folder, tmp_path / "out").failed
    form = tmp_path / "out" / folder.name / "report-form-kpi-01.docx"
    heading = [cell.text for cell in Document(str(form)).tables[0].rows[0].cells]
    assert "ผลการพัฒนา ปี 2567 (ครัวเรือน)" in heading
    assert any("๒๕๖๗" in p for p in paragraphs(form))  # the running text keeps Thai digits
