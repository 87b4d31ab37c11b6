"""Spreadsheet-safe cells for every CSV and XLSX the portal writes (exports and templates).

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
spreadsheet programs (CSV/formula injection, e.g. `=HYPERLINK(...)` in an authority's name). Such
text gets a leading apostrophe and so stays text; in XLSX it is a string cell, never a formula.
Numbers, dates and empty cells are written unchanged.
"""

import csv
from collections.abc import Iterable

from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Return `value` so that no spreadsheet program evaluates it as a formula."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    """Return the row with every cell passed through `safe_cell`."""
    return [safe_cell(value) for value in values]


def unsafe_cell(value):
    """Undo `safe_cell` for a value read back from a portal template (a filled-in upload)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class SafeCsvWriter:
    """`csv.writer` whose rows go through `safe_row`; the only way the portal writes CSV."""

    def __init__(self, stream, **kwargs):
        kwargs.setdefault("delimiter", ";")
        kwargs.setdefault("lineterminator", "\r\n")
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable]):
        for row in rows:
            self.writerow(row)


def xlsx_append(worksheet, row: Iterable) -> None:
    """Append a row to an openpyxl worksheet (also write-only) with formula-safe cells."""
    worksheet.append(safe_row(row))
