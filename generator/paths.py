"""Where the project keeps things."""
from __future__ import annotations

from . import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "letter_templates"
DATA = PROJECT_ROOT / "kpi_data"
OUTPUT = PROJECT_ROOT / "output"
DEFAULT_EMBLEM = TEMPLATES / "garuda.png"  # the Garuda image, when the office gives none
