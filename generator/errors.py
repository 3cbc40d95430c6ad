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
