"""The README and the guides in docs/ stay true: the filter table and the list of codes come from the code."""
import re
from pathlib import Path

from generator.guide import filter_table

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDES = {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("*.md"))}


def test_the_filter_table_is_the_generated_one():
    page = GUIDES["templates.md"]
    table = page.split("<!-- filters -->")[1].split("<!-- /filters -->")[0].strip()
    assert table == filter_table(markdown=True)


def test_every_code_is_explained_in_the_guides():
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py"))
    explained = "".join(GUIDES.values())
    for code in sorted(set(re.findall(r'"([EWP]\d{3})"', sources))):
        assert f"| {code} |" in explained, code


def test_each_code_means_one_thing():
    rows = [code for page in GUIDES.values() for code in re.findall(r"^\| ([EWP]\d{3}) \|", page, re.M)]
    assert not {code for code in rows if rows.count(code) > 1}


def test_readme_gives_the_two_commands_and_stays_short():
    assert "make letters" in README and "make test" in README
    assert len(README.splitlines()) <= 150


def test_every_guide_the_readme_links_exists_and_links_back():
    linked = set(re.findall(r"\]\(docs/([\w-]+\.md)\)", README))
    assert linked == set(GUIDES), (linked, set(GUIDES))
    for name, page in GUIDES.items():
        assert "](../README.md)" in page, name
        for target in re.findall(r"\]\(((?!http)[^)#]+)\)", page):
            assert (ROOT / "docs" / target).resolve().exists(), (name, target)
