"""Where the project keeps things."""
from __future__ import annotations

from pathlib import Path

from .. import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "letter_templates"
DATA = PROJECT_ROOT / "kpi_data"
OUTPUT = PROJECT_ROOT / "output"
DEFAULT_EMBLEM = TEMPLATES / "garuda.png"  # the Garuda image, when the office gives none
UNO_PYTHON = Path("/usr/bin/python3")  # the system Python, the one python3-uno installs into
RETURNS = "results"  # a round's folder of returned report forms (kpi_data/<round>/results): not data to copy forward
