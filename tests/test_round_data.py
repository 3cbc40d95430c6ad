"""Round data beyond single rules: Excel tables, TIS-620 files, and starting a new round."""
from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import Workbook

from generator.cli import main
from generator.checking.validate import validate

ROOT = Path(__file__).resolve().parent.parent


def _data(tmp_path: Path, *rounds: str) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("settings.yaml", "accepted-words.txt"):
        shutil.copy(ROOT / "kpi_data" / name, data / name)
    for name in rounds:
        shutil.copytree(ROOT / "kpi_data" / name, data / name)
    return data


def test_an_excel_table_reads_like_its_csv(tmp_path):
    data = _data(tmp_path, "2560-2-lampang")
    folder = data / "2560-2-lampang"
    csv_round, _ = validate(folder, lint=False)
    lines = (folder / "tables" / "otop-producers.csv").read_text(encoding="utf-8").splitlines()
    workbook = Workbook()
    sheet = workbook.active
    for line in lines:
        cells = line.split(",")
        sheet.append([cells[0]] + [int(c) for c in cells[1:]] if cells[0] != "อำเภอ" else cells)
    workbook.save(folder / "tables" / "otop-producers.xlsx")
    kpi = folder / "kpis" / "kpi-04.yaml"
    kpi.write_text(kpi.read_text(encoding="utf-8").replace("otop-producers.csv", "otop-producers.xlsx"), encoding="utf-8")
    xlsx_round, report = validate(folder, lint=False)
    assert not report.errors, report.format()
    assert xlsx_round.tables[(4, 0)].rows == csv_round.tables[(4, 0)].rows
    assert xlsx_round.tables[(4, 0)].total == ["รวม", "605", "121"]


def test_a_tis620_csv_from_thai_excel_is_read_with_a_warning(tmp_path):
    data = _data(tmp_path, "2568-1-chachoengsao")
    table = data / "2568-1-chachoengsao" / "tables" / "target-households.csv"
    table.write_bytes(table.read_text(encoding="utf-8").encode("cp874"))
    round_, report = validate(data / "2568-1-chachoengsao", lint=False)
    assert round_ is not None and not report.errors
    tis620 = [d for d in report.diagnostics if d.code == "W001"]
    assert len(tis620) == 1 and "CSV UTF-8" in tis620[0].english
    assert round_.tables[(4, 0)].rows[0] == ["เมืองฉะเชิงเทรา", "52"]


def test_new_round_moves_the_period_and_clears_numbers_dates_and_results(tmp_path, capsys):
    data = _data(tmp_path, "2560-2-lampang")
    assert main(["--data", str(data), "new-round", "2560-2-lampang", "2561-1-lampang"]) == 0
    summary = capsys.readouterr().out
    new = data / "2561-1-lampang"
    # cleared deadlines stay as empty keys the check asks for; texts naming the last round are listed
    assert "deadline:" in (new / "letters" / "01-circular.yaml").read_text(encoding="utf-8")
    assert "letters/01-circular.yaml:" in summary and "W410" in summary
    assert "W407" in summary and "30 กันยายน 2560" in summary
    round_, report = validate(new, lint=False)
    assert not report.errors, report.format()
    period = round_.settings.round
    assert (period.fiscal_year, period.number, period.draft) == (2561, 1, True)
    for letter in round_.letters.values():
        assert letter.number == "auto" and letter.date is None
    sales = round_.tables[(3, 0)]
    month = sales.header.index("เม.ย. 60")
    assert all(row[month] == "" for row in sales.rows)
    base = sales.header.index("ฐานยอดขาย ต.ค. 58 – ก.ค. 59")
    assert sales.rows[0][base] == "96,965,030"  # the baseline is not a result: kept
    written = (new / "round.yaml").read_text(encoding="utf-8")
    assert "phone_style: space           # ๐ ๕๔๒๖ ๕๐๕๕" in written  # staff's comments survive
    assert "# 1 ตุลาคม 2560 – 31 มีนาคม 2561" in written  # the period comment is the new one
    # the source round is untouched, and the new one cannot be made twice
    assert validate(data / "2560-2-lampang", lint=False)[0].settings.round.number == 2
    assert main(["--data", str(data), "new-round", "2560-2-lampang", "2561-1-lampang"]) == 1
    assert "มีโฟลเดอร์" in capsys.readouterr().err


def test_new_round_copies_the_data_but_not_the_returned_forms_or_backups(tmp_path, capsys):
    data = _data(tmp_path, "2568-1-chachoengsao")
    source = data / "2568-1-chachoengsao"
    returned = sorted(p.name for p in (source / "results").iterdir())
    assert returned  # the sample round holds the districts' returns
    (source / "letters" / "01-circular.yaml.bak").write_text("old", encoding="utf-8")
    (source / "tables" / "~$ตาราง.xlsx").write_bytes(b"lock")
    assert main(["--data", str(data), "new-round", "2568-1-chachoengsao", "2568-2-chachoengsao"]) == 0
    summary = capsys.readouterr().out
    new = data / "2568-2-chachoengsao"
    assert not (new / "results").exists()
    assert not (new / "letters" / "01-circular.yaml.bak").exists()
    assert not list((new / "tables").glob("~$*"))
    assert (new / "round.yaml").is_file() and list((new / "kpis").glob("*.yaml"))
    assert "not copied" in summary and "results/" in summary and "letters/01-circular.yaml.bak" in summary
    assert "copied" in summary and "round.yaml" in summary
    # the new round's results find no returns yet, instead of 13 returns of the last round (E903 each)
    main(["--data", str(data), "results", "2568-2-chachoengsao"])
    said = capsys.readouterr()
    assert "E903" not in said.out + said.err and "put the returned report forms there" in said.out + said.err
