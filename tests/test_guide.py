"""The template guide stays true: every variable described, the committed guide current."""
from pathlib import Path

from generator.documents.job import context_paths
from generator.guide import VARIABLES, sample_contexts, template_guide

ROOT = Path(__file__).resolve().parent.parent


def test_every_template_variable_is_described():
    contexts = sample_contexts(ROOT / "kpi_data")
    assert len(contexts) == 9  # seven kinds of document and the two of make results
    missing = {path for examples in contexts.values() for c in examples for path in context_paths(c)} - set(VARIABLES)
    assert not missing, sorted(missing)


def test_committed_guide_is_the_generated_one():
    generated = template_guide(sample_contexts(ROOT / "kpi_data"))
    committed = (ROOT / "letter_templates" / "GUIDE.md").read_text(encoding="utf-8")
    assert committed == generated, "run: python -m generator templates --guide"


def test_committed_templates_are_the_stock_ones(tmp_path):
    """A template edited by hand is fine for an office, but the repository ships the originals."""
    from docx import Document

    from generator.documents.stock_templates import write_stock_templates

    for path in write_stock_templates(tmp_path):
        ours = [p.text for p in Document(str(path)).paragraphs]
        shipped = [p.text for p in Document(str(ROOT / "letter_templates" / path.name)).paragraphs]
        assert ours == shipped, path.name
