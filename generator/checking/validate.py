"""Read a round and apply every rule and the spelling lint: one call, every problem."""
from __future__ import annotations

from pathlib import Path

from ..base.diagnostics import Report
from ..base.errors import UserError
from ..reading.load import read_yaml
from ..reading.model import Round
from ..reading.rounds import read_round
from ..reading.safety import is_folder_name, round_name_error
from . import addresses, numbering, scoring, templates, text  # noqa: F401  (their rules register with check_round)
from .plausibility import check_plausible
from .rules import check_round
from .spelling import accepted_words, lint_round


def validate(folder: Path, lint: bool = True) -> tuple[Round | None, Report]:
    """The round (None when it has errors) and the report of every problem found."""
    report = Report()
    round_ = read_round(folder, report)
    if round_ is not None:
        check_round(round_, report)
        check_plausible(round_, report)
        if lint:
            lint_round(round_, report, accepted_words(folder.parent / "accepted-words.txt"))
    return (round_ if not report.errors else None), report


def resolve_rounds(data: Path, name: str | None) -> list[Path]:
    """Round folders for a name, a path, "all", or the default of kpi_data/settings.yaml."""
    if not data.is_dir():
        raise UserError(f"ไม่พบโฟลเดอร์ข้อมูล {data}", f"data folder {data} not found")
    rounds = sorted(p for p in data.iterdir() if (p / "round.yaml").is_file())
    if name == "all":
        return rounds
    if not name:
        settings_path = data / "settings.yaml"
        settings = _read_settings(settings_path, data)
        name = settings.get("default_round")
        if not name:
            raise UserError("ไม่ได้ระบุรอบ และไม่มี default_round ใน kpi_data/settings.yaml",
                            "no round given and no default_round in kpi_data/settings.yaml")
    folder = _round_folder(data, name)
    if not (folder / "round.yaml").is_file():
        names = ", ".join(p.name for p in rounds) or "-"
        raise UserError(f"ไม่พบรอบ '{name}' (มี: {names})", f"no round '{name}' (there are: {names})")
    return [folder]


def _round_folder(data: Path, name: str) -> Path:
    """A round is one folder of the data folder, named by its name or by a path to it;
    a path that leads anywhere else ("letters/..", "../x") is refused."""
    if is_folder_name(name):
        return data / name
    resolved = Path(name).resolve()
    if resolved.parent == data.resolve() and is_folder_name(resolved.name) and (resolved / "round.yaml").is_file():
        return data / resolved.name
    raise round_name_error(name)


def _read_settings(path: Path, data: Path) -> dict:
    """kpi_data/settings.yaml, held to the limits of every data file."""
    if not path.exists():
        return {}
    report = Report()
    document = read_yaml(path, report, data)
    if report.errors:
        raise UserError("อ่าน kpi_data/settings.yaml ไม่ได้:\n" + report.format(Path.cwd()),
                        "cannot read kpi_data/settings.yaml (see above)")
    settings = document.data if document is not None else {}
    return settings if isinstance(settings, dict) else {}
