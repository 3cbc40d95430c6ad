"""A sample round copied into a test's folder, with the project-wide data files beside it."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_round(tmp_path: Path, name: str) -> Path:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    for f in ("settings.yaml", "accepted-words.txt"):
        shutil.copy(ROOT / "kpi_data" / f, data / f)
    shutil.copytree(ROOT / "kpi_data" / name, data / name)
    return data / name
