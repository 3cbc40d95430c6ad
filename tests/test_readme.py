"""The README stays true: its filter table and its list of codes come from the code."""
import re
from pathlib import Path

from generator.guide import filter_table

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_filter_table_is_the_generated_one():
    table = README.split("<!-- filters -->")[1].split("<!-- /filters -->")[0].strip()
    assert table == filter_table(markdown=True)


def test_every_code_is_explained_in_the_readme():
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py"))
    for code in sorted(set(re.findall(r'"([EWP]\d{3})"', sources))):
        assert f"| {code} |" in README, code


def test_readme_gives_the_two_commands():
    assert "make letters" in README and "make test" in README
