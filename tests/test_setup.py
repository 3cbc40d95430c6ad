"""The set-up a new user runs: `make letters` installs what letters need, `make test` adds what the tests
use, and the README names exactly those packages."""
import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _packages(variable: str) -> list[str]:
    return re.search(rf"^{variable} := (.+)$", MAKEFILE, re.M).group(1).split()


def test_letters_install_only_what_letters_need_and_the_tests_add_theirs():
    letters, tests = _packages("LETTERS_PACKAGES"), _packages("TEST_PACKAGES")
    assert "chromium" not in letters and "chromium" in tests
    assert {"libreoffice-writer-nogui", "python3-uno", "fonts-thai-tlwg", "poppler-utils"} <= set(letters)
    set_up = README.split("## ", 2)[1]  # the section on the two commands
    for package in letters + tests:
        assert re.search(rf"(?<![\w-]){re.escape(package)}(?![\w-])", set_up), package
    named = set(re.findall(r"[a-z0-9][a-z0-9.+-]*-(?:nogui|uno|tlwg|core|utils|venv)\b|chromium|fontconfig", set_up))
    assert named == set(letters + tests + ["python3-venv"]), named


def test_make_test_asks_for_the_test_packages_and_make_letters_does_not():
    def dry_run(target: str) -> str:
        return subprocess.run(["make", "-n", "-W", "pyproject.toml", target], cwd=ROOT, capture_output=True,
                              text=True).stdout

    assert "libreoffice-calc-nogui chromium" in dry_run("test")
    letters = dry_run("letters")
    assert "libreoffice-writer-nogui" in letters and "chromium" not in letters


def test_the_commands_keep_their_bytecode_where_the_machine_says_not_to_write_it():
    """A machine that sets PYTHONDONTWRITEBYTECODE (many container images do) had every command compile its modules
    again (a round's `make letters` 5.8–6.0 s, 3.8 s with its bytecode; docs/speed.md): the Makefile's commands run
    without it."""
    shown = subprocess.run(
        ["make", "-s", "--no-print-directory", "--eval",
         'bytecode-shown: ; @$(PY) -c "import sys; print(sys.dont_write_bytecode)"', "bytecode-shown"],
        cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "False"


def _locked(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {name.lower().replace("_", "-"): version
            for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", text, re.M)}


def test_the_set_up_installs_exactly_the_locked_versions_with_their_hashes():
    """A new library release cannot change a fresh clone: every package the tests run with is the one the
    lock names, and the Makefile installs from the locks in hash-checking mode."""
    import importlib.metadata

    letters, tests = _locked("requirements.lock"), _locked("requirements-test.lock")
    server, results = _locked("requirements-server.lock"), _locked("requirements-results.lock")
    assert {"pyyaml", "python-docx", "docxtpl", "jinja2", "openpyxl", "pythainlp"} <= set(letters)
    # the results' charts are not the letters' set-up either: make results adds them
    assert {"matplotlib", "numpy"} <= set(results) - set(letters) and {"matplotlib", "numpy"} <= set(server)
    assert all(tests[name] == version for name, version in results.items())
    assert {"pytest", "hypothesis", "openxml-audit"} <= set(tests) - set(letters)
    # the office server's packages are not the letters' set-up (make letters installs only what it needs)
    assert {"django", "argon2-cffi"} <= set(server) - set(letters) and {"django", "argon2-cffi"} <= set(tests)
    assert all(tests[name] == version for name, version in letters.items())  # one version of each package
    assert all(tests[name] == version for name, version in server.items())  # the server tested as it runs
    for name, version in tests.items():
        assert importlib.metadata.version(name) == version, name
    for lock in ("$(LOCK)", "$(RESULTS_LOCK)", "$(TEST_LOCK)", "$(SERVER_LOCK)"):
        assert f"--require-hashes --no-deps --only-binary :all: -r {lock}" in MAKEFILE
    for lock in ("requirements-results.lock", "requirements-test.lock", "requirements-server.lock"):
        assert all("--hash=sha256:" in block for block in (ROOT / lock).read_text(encoding="utf-8").split("==")[1:])
