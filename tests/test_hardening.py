"""What the broken-round corpus cannot hold, because no file:line is to blame: round names
that are paths, an output folder that is a file, a damaged manifest, one round failing among
many, a checkout where nothing can be written, and templates that ask for gigabytes."""
from __future__ import annotations

import io
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.build import stages as build
from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
ROUND = "2568-1-chachoengsao"


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("settings.yaml", "accepted-words.txt"):
        shutil.copy(ROOT / "kpi_data" / name, folder / name)
    shutil.copytree(ROOT / "kpi_data" / ROUND, folder / ROUND)
    return folder


def _letters(data: Path, round_name: str, output: Path, capsys) -> tuple[int, str]:
    status = main(["--data", str(data), "letters", round_name, "--output", str(output), "--pdf", "no"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out + err


def test_a_path_to_a_round_is_the_round_itself_never_a_round_named_dotdot(data, tmp_path, capsys):
    output = tmp_path / "work" / "output"
    status, _ = _letters(data, str(data / ROUND / "letters" / ".."), output, capsys)
    assert status == 0
    assert (output / ROUND / "manifest.json").is_file()
    assert sorted(p.name for p in output.parent.rglob("manifest.json")) == ["manifest.json"]


@pytest.mark.parametrize("name", ["..", "../x", f"{ROUND}/../../x", "/etc"])
def test_a_round_name_that_leaves_the_data_folder_is_refused(data, tmp_path, capsys, name):
    output = tmp_path / "output"
    status, said = _letters(data, name, output, capsys)
    assert status == 1 and "single folder name" in said
    assert not output.exists()


def test_new_round_is_made_beside_the_old_one_or_not_at_all(data, tmp_path, capsys):
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["--data", str(data), "new-round", ROUND, "../../x"]) == 1
    said = capsys.readouterr().err
    assert "single folder name" in said and "Traceback" not in said
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not (tmp_path.parent / "x").exists()


def test_an_output_folder_that_is_a_file_is_said_and_left_alone(data, tmp_path, capsys):
    output = tmp_path / "output"
    output.mkdir()
    (output / ROUND).write_text("a note someone saved here", encoding="utf-8")
    status, said = _letters(data, ROUND, output, capsys)
    assert status == 1 and "is a file, not a folder" in said and "Internal error" not in said
    assert (output / ROUND).read_text(encoding="utf-8") == "a note someone saved here"


@pytest.mark.parametrize("manifest", ["[]", "garbage {", '{"documents": [1, {"file": 2}, null]}', '"x"'])
def test_a_damaged_manifest_means_build_afresh(data, tmp_path, capsys, manifest):
    output = tmp_path / "output"
    assert _letters(data, ROUND, output, capsys)[0] == 0
    first = {p.name: p.read_bytes() for p in (output / ROUND).glob("*.docx")}
    (output / ROUND / "manifest.json").write_text(manifest, encoding="utf-8")
    status, said = _letters(data, ROUND, output, capsys)
    assert status == 0, said
    assert {p.name: p.read_bytes() for p in (output / ROUND).glob("*.docx")} == first
    assert (output / ROUND / "manifest.json").read_text(encoding="utf-8").startswith("{")
    assert main(["--data", str(data), "letters", ROUND, "--output", str(output), "--pdf", "no"]) == 0
    assert "0 written" in capsys.readouterr().out  # and the next build knows it again


def test_letters_all_builds_every_round_when_one_meets_a_defect(data, tmp_path, capsys, monkeypatch):
    shutil.copytree(ROOT / "kpi_data" / "2560-2-lampang", data / "2560-2-lampang")
    real = build.build_round

    def fails_for_lampang(folder, *args, **kwargs):
        if folder.name == "2560-2-lampang":
            raise RuntimeError("a defect met in one round")
        return real(folder, *args, **kwargs)

    monkeypatch.setattr(build, "build_round", fails_for_lampang)
    output = tmp_path / "output"
    status = main(["--data", str(data), "letters", "all", "--output", str(output), "--pdf", "no", "--workers", "1"])
    out, err = capsys.readouterr()
    assert status == 1 and "Traceback" not in out + err
    assert "2560-2-lampang: เกิดข้อผิดพลาดภายในโปรแกรมกับรอบนี้" in err
    assert (output / ROUND / "manifest.json").is_file()
    assert "รอบที่ผิดพลาด 1" in out


def _checkout_where_nothing_can_be_written(tmp_path: Path) -> Path:
    """A copy of the program whose .cache is a file: every write there fails, as on a read-only
    checkout (chmod does not stop root, who runs these tests in CI)."""
    project = tmp_path / "checkout"
    project.mkdir()
    shutil.copytree(ROOT / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "kpi_data", project / "kpi_data")
    shutil.copytree(ROOT / "letter_templates", project / "letter_templates")
    (project / ".cache").write_text("not a folder", encoding="utf-8")
    return project


def test_check_works_where_the_program_cannot_write_for_itself(tmp_path):
    project = _checkout_where_nothing_can_be_written(tmp_path)
    result = subprocess.run([sys.executable, "-m", "generator", "check", ROUND], cwd=project,
                            capture_output=True, text=True, env=_env(project))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr and "ผ่าน / passed" in result.stdout


def test_an_internal_error_on_an_unwritable_checkout_is_one_message(tmp_path, capsys, monkeypatch):
    import generator
    from generator import cli

    monkeypatch.setattr(generator, "PROJECT_ROOT", _checkout_where_nothing_can_be_written(tmp_path))
    monkeypatch.setattr(cli, "_run", lambda args: 1 / 0)
    assert main(["rounds"]) == 2
    said = capsys.readouterr().err
    assert "Traceback" not in said and "Internal error: please send" in said
    log = said.split("please send ")[1].split(" to the maintainers")[0]
    assert "ZeroDivisionError" in Path(log).read_text(encoding="utf-8")


def _env(project: Path) -> dict:
    import os

    env = dict(os.environ, PYTHONPATH=str(project))
    return env


# ---------------------------------------------------------------- templates that ask for gigabytes
def _template_with(tag: str, folder: Path) -> Path:
    from docx import Document

    shutil.copytree(ROOT / "letter_templates", folder)
    document = Document(str(folder / "circular.docx"))
    document.add_paragraph(tag)
    document.save(str(folder / "circular.docx"))
    return folder


def _inflated_template(folder: Path) -> Path:
    shutil.copytree(ROOT / "letter_templates", folder)
    source = zipfile.ZipFile(folder / "circular.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * (200 * 1024 * 1024), 1)
            target.writestr(info.filename, data)
    (folder / "circular.docx").write_bytes(out.getvalue())
    return folder


BUILD = """
import sys
from pathlib import Path
from generator.build.stages import _build_one
result = _build_one((Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), None, None))
print(result.error or "built")
"""


@pytest.mark.parametrize("make", [
    lambda folder: _template_with("{{ 'x' * 10**10 }}", folder),
    lambda folder: _template_with("{% for i in range(10**9) %}x{% endfor %}", folder),
    lambda folder: _template_with("{{ 'x'.center(10**10) }}", folder),
    lambda folder: _template_with("{% for i in range(9999) %}{% for j in range(9999) %}xxxxxxxx{% endfor %}"
                                  "{% endfor %}", folder),
    _inflated_template,
], ids=["repeat-text", "range", "center", "runaway-loop", "inflated-document-xml"])
def test_a_template_asking_for_gigabytes_is_refused_within_a_small_budget(data, tmp_path, make):
    templates = make(tmp_path / "templates")

    def budget():
        resource.setrlimit(resource.RLIMIT_AS, (700 << 20, 700 << 20))
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))

    result = subprocess.run([sys.executable, "-c", BUILD, str(data / ROUND), str(tmp_path / "output"), str(templates)],
                            cwd=ROOT, capture_output=True, text=True, preexec_fn=budget, timeout=240)
    said = result.stdout + result.stderr
    assert result.returncode == 0 and "Traceback" not in said, said
    assert "circular.docx" in said and "built" not in said and "internal error" not in said, said
    assert not (tmp_path / "output" / ROUND).exists()


@pytest.mark.parametrize("part", ["documents", "workbooks"])
def test_a_manifest_naming_files_outside_deletes_nothing_there(data, tmp_path, capsys, part):
    import json

    output = tmp_path / "output"
    assert _letters(data, ROUND, output, capsys)[0] == 0
    canary = tmp_path / "canary-keep.txt"
    canary.write_text("keep", encoding="utf-8")
    manifest_path = output / ROUND / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest.setdefault(part, []).extend([{"file": "../../canary-keep.txt", "input": "0", "sha256": "0"},
                                          {"file": str(canary), "input": "0", "sha256": "0"}])
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    status, said = _letters(data, ROUND, output, capsys)
    assert status == 0 and said.count("W024") == 2, said
    assert canary.read_text(encoding="utf-8") == "keep"


def test_a_settings_file_of_billion_laughs_is_refused_without_expanding(data, capsys):
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    (data / "settings.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["--data", str(data), "check"]) == 1
    out, err = capsys.readouterr()
    assert "E012" in err and "settings.yaml:6" in err and "Traceback" not in out + err


def test_a_round_whose_build_process_dies_fails_alone(data, tmp_path, capsys, monkeypatch):
    """A worker that dies takes every round still in its pool with it: those are built again,
    each alone, so only the round that kills its process is reported as failed."""
    import multiprocessing
    import os

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched build reaches the workers only when they are forked")
    shutil.copytree(ROOT / "kpi_data" / "2560-2-lampang", data / "2560-2-lampang")
    real = build.build_round

    def dies_for_lampang(folder, *args, **kwargs):
        if folder.name == "2560-2-lampang":
            os._exit(9)
        return real(folder, *args, **kwargs)

    monkeypatch.setattr(build, "build_round", dies_for_lampang)
    output = tmp_path / "output"
    status = main(["--data", str(data), "letters", "all", "--output", str(output), "--pdf", "no", "--workers", "2"])
    out, err = capsys.readouterr()
    assert status == 1 and "Traceback" not in out + err
    assert "2560-2-lampang: เกิดข้อผิดพลาดภายในโปรแกรมกับรอบนี้" in err
    assert f"{ROUND}: เกิดข้อผิดพลาด" not in err
    assert (output / ROUND / "manifest.json").is_file() and not (output / "2560-2-lampang").exists()


def test_a_shared_garuda_file_that_is_not_an_image_is_said_before_rendering(data, tmp_path, capsys, monkeypatch):
    from generator.checking import plausibility

    broken = tmp_path / "garuda.png"
    broken.write_text("saved over by mistake", encoding="utf-8")
    monkeypatch.setattr(plausibility, "DEFAULT_EMBLEM", broken)
    assert main(["--data", str(data), "check", ROUND, "--no-lint"]) == 1
    out = capsys.readouterr().out
    assert f"{broken}: E025" in out and "Traceback" not in out
