"""Problems a user can cause and fix, told in Thai and English.

A :class:`UserError` is caught by the command line and printed as its message;
anything else is a defect of the program and is logged, not shown as a traceback.
"""
from __future__ import annotations


class UserError(Exception):
    """A mistake in the user's input or set-up, with a message to show as it is."""

    def __init__(self, thai: str, english: str, where: str | None = None):
        self.thai, self.english, self.where = thai, english, where
        super().__init__(self.message)

    @property
    def message(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.thai}\n{' ' * len(prefix)}{self.english}"


class DataError(ValueError):
    """A typed value that cannot mean anything (a CE year, a number beyond any count),
    with the code the report gives it and the reason in Thai and English."""

    def __init__(self, code: str, thai: str, english: str):
        self.code, self.thai, self.english = code, thai, english
        super().__init__(f"{thai} / {english}")


def log_internal_error(details: str) -> str:
    """Keep a defect's details for the maintainers; say where they are. Never raises:
    a read-only checkout or a full disk must not turn one error into two."""
    import datetime as dt
    import tempfile
    from pathlib import Path

    from .. import PROJECT_ROOT

    text = f"{dt.datetime.now().isoformat()}\n{details}"
    for folder in (PROJECT_ROOT / ".cache", Path(tempfile.gettempdir())):
        log = folder / "last-error.txt"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log.write_text(text, encoding="utf-8")
            return str(log)
        except OSError:
            continue
    return "(ไม่มีที่เขียนบันทึกได้ / nowhere writable for the log)"
