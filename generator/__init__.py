"""Document pipeline of the provincial Community Development offices.

Reads a round's data from ``kpi_data/<round>/``, validates it and renders every
document of the round from the Word templates in ``letter_templates/``.
"""
from __future__ import annotations

import os
from pathlib import Path

__version__ = "0.1.0"

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# pythainlp downloads corpora on demand and writes ~/pythainlp-data otherwise;
# both are wrong for an office PC and for CI. Everything we use ships in the wheel.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_DATA", str(PROJECT_ROOT / ".cache" / "pythainlp-data"))
