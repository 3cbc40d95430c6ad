"""A progress bar for long batches: shown on a terminal, silent in logs and CI."""
from __future__ import annotations

import sys


class Progress:
    def __init__(self, total: int, label: str, minimum: int = 3):
        self.total, self.label = total, label
        self.bar = None
        if total >= minimum and sys.stdout.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeRemainingColumn

            self.bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                           transient=True)
            self.task = self.bar.add_task(label, total=total)

    def __enter__(self):
        if self.bar is not None:
            self.bar.start()
        return self

    def advance(self, *_) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
