"""The tree reads as the pipeline: each stage is a package whose docstring says what it owns and what it
may import, and no import runs back up (docs/architecture.md)."""
from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
# the commands on top may use every stage; nothing else sits beside them
TOP = {"__init__", "__main__", "cli", "bench", "bench_pdf", "guide"}
STAGES = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())


def allowed(stage: str) -> set[str]:
    """The stages a package's docstring lets it import ("May import: base, thai.")."""
    doc = importlib.import_module(f"generator.{stage}").__doc__ or ""
    found = re.search(r"^May import: (.*)$", doc, re.M)
    assert found, f"generator/{stage}/__init__.py: its docstring must end with 'May import: …'"
    named = re.sub(r"\(.*?\)", "", found.group(1)).strip().rstrip(".")  # "(pipeline.py only)" is a remark
    return set() if named.startswith("nothing") else {s.strip() for s in named.split(",")}


def program_imports(path: Path):
    """(line, module path as a list, imported names) of every import of the program in ``path``, lazy imports
    inside functions included, relative ones resolved from where ``path`` lies."""
    package = ["generator", *path.relative_to(PACKAGE).parts[:-1]] if path.is_relative_to(PACKAGE) else []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                target = package[: len(package) - node.level + 1] + (node.module.split(".") if node.module else [])
            elif (node.module or "").split(".")[0] == "generator":
                target = node.module.split(".")
            else:
                continue
            yield node.lineno, target, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("generator."):
                    yield node.lineno, alias.name.split("."), []


def imported_stages(path: Path) -> list[tuple[int, str]]:
    """(line, stage) of every import of another part of the program."""
    found = []
    for line, target, names in program_imports(path):
        stages = [target[1]] if len(target) > 1 else names
        found.extend((line, name) for name in stages if name in STAGES or name in TOP)
    return found


def test_the_top_holds_only_the_commands():
    loose = {p.stem for p in PACKAGE.glob("*.py")} - TOP
    assert not loose, f"modules outside a stage package: {sorted(loose)}"


@pytest.mark.parametrize("stage", STAGES)
def test_imports_point_down(stage):
    permitted = allowed(stage) | {stage}
    wrong = [f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}"
             for path in sorted((PACKAGE / stage).rglob("*.py"))
             for line, name in imported_stages(path) if name not in permitted and name != "__init__"]
    assert not wrong, "\n".join(wrong)


def test_the_layers_have_no_cycle():
    """What each docstring permits is itself one way: no two stages may import each other."""
    permits = {stage: allowed(stage) for stage in STAGES}
    both = sorted({tuple(sorted((a, b))) for a in STAGES for b in permits[a] if a in permits.get(b, ())})
    assert not both, both


def test_a_wrong_arrow_is_seen(monkeypatch):
    """The walk sees a lazy import inside a function, relative or absolute."""
    source = "def f():\n    from ..build import stages\n    import generator.results.score\n"
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: source)
    assert imported_stages(PACKAGE / "thai" / "probe.py") == [(2, "build"), (3, "results")]


def test_the_architecture_page_lists_every_stage():
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [stage for stage in STAGES if f"| `{stage}/` |" not in page]
    assert not missing, f"docs/architecture.md has no row for {missing}"


def test_every_import_names_a_module_that_is_there():
    """A lazy import inside a function fails only when that function runs: each is resolved here, the tests' too."""
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")) + sorted((PACKAGE.parent / "tests").glob("*.py")):
        for line, target, _ in program_imports(path):
            folder = PACKAGE.parent.joinpath(*target)
            if not (folder.with_suffix(".py").is_file() or (folder / "__init__.py").is_file()):
                missing.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {'.'.join(target)}")
    assert not missing, "\n".join(missing)


def test_the_server_reaches_the_pipeline_through_one_module():
    """The server's pages, forms and jobs call the pipeline through server/pipeline.py alone."""
    wrong = [f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}"
             for path in sorted((PACKAGE / "server").rglob("*.py")) if path.name != "pipeline.py"
             for line, name in imported_stages(path) if name not in ("server", "__init__")]
    assert not wrong, "\n".join(wrong)
