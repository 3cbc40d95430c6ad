"""The bench's synthetic rounds are rounds a user could have made: they pass `check`."""
from pathlib import Path

import yaml

from generator.bench import district_counts, make_national
from generator.checking.validate import validate


def test_synthetic_rounds_pass_the_checks(tmp_path: Path):
    folders = make_national(tmp_path / "kpi_data", limit=3)
    for folder, districts in zip(folders, district_counts()):
        round_, report = validate(folder, lint=False)
        assert round_ is not None and not report.errors, report.format()
        assert len(yaml.safe_load((folder / "round.yaml").read_text(encoding="utf-8"))["districts"]) == districts
    assert sum(district_counts()) == 878 + 11  # every province's real districts; 11 of Bangkok's


def test_the_pdf_comparison_wants_two_checkouts_of_this_program(tmp_path: Path, capsys):
    from generator import PROJECT_ROOT
    from generator.bench_pdf import main

    assert main([str(tmp_path), str(PROJECT_ROOT), "--runs", "1"]) == 2
    assert f"not a checkout of this program: {tmp_path}" in capsys.readouterr().err
