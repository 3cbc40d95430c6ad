"""The set-up a new user runs: `make letters` installs what letters need, `make test` adds what the tests
use, and the README names exactly those packages."""
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
