import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_DATA", str(ROOT / ".cache" / "pythainlp-data"))

# A test that builds a sample round numbering its letters (2568-1-nan's circular says `number: auto`) takes its
# numbers from a register of the test session's own, never the office's data/register.sqlite3.
_SESSION_REGISTER: list[Path] = []
if "CDD_REGISTER" not in os.environ:
    import tempfile

    _SESSION_REGISTER.append(Path(tempfile.mkdtemp(prefix="cdd-test-register-")))
    os.environ["CDD_REGISTER"] = str(_SESSION_REGISTER[0] / "register.sqlite3")


def pytest_sessionfinish(session, exitstatus):
    import shutil

    for folder in _SESSION_REGISTER:  # the folder this session made, nothing else
        shutil.rmtree(folder, ignore_errors=True)
