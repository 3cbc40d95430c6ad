"""Per-district tables as the templates print them."""
from __future__ import annotations

from ..reading.model import LoadedTable, Round
from ..thai import with_digits
from .common import number_cell


def table_view(round_: Round, table: LoadedTable) -> dict:
    digits = table.spec.digits or round_.settings.table_digits
    columns = table.header

    # the whole table, header and numbering too, in the table's digits: 1,488 beside ปี 2560, not ปี ๒๕๖๐
    def cells(row: list[str]) -> list[str]:
        out = [with_digits(row[0], digits)]
        for index in range(1, len(columns)):
            out.append(number_cell(row[index], digits, table.spec.decimals.get(columns[index])))
        return out

    total = None
    if table.total is not None:
        total = cells(table.total)
    return {
        "title": with_digits(table.spec.title or "", digits),  # the title in the table's digits too
        "header": [with_digits(h, digits) for h in columns],
        "rows": [{"number": with_digits(i, digits), "cells": cells(r)}
                 for i, r in enumerate(table.rows, start=1)],
        "total": total or [],
    }
