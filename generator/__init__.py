"""Document pipeline of the provincial Community Development offices.

Reads a round's data from ``kpi_data/<round>/``, validates it and renders every
document of the round from the Word templates in ``letter_templates/``.
"""
from __future__ import annotations

import os
from pathlib import Path

__version__ = "0.1.0"

PROJECT_ROOT = Path(__file__).resolve().parent.parent
_DIGEST: list[str] = []


def program_digest() -> str:
    """The version and a hash of the program's own files (code and reference data).

    Manifests key documents on it, so a corrected program renders a round again even
    though the version number did not change.
    """
    if not _DIGEST:
        import hashlib

        package = Path(__file__).resolve().parent
        digest = hashlib.sha256(__version__.encode())
        for path in sorted(package.rglob("*")):
            if path.suffix in (".py", ".yaml", ".txt", ".json", ".csv") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
        _DIGEST.append(f"{__version__}+{digest.hexdigest()[:16]}")
    return _DIGEST[0]

# pythainlp downloads corpora on demand and writes ~/pythainlp-data otherwise;
# both are wrong for an office PC and for CI. Everything we use ships in the wheel.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_DATA", str(PROJECT_ROOT / ".cache" / "pythainlp-data"))
