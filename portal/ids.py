"""Numbers typed into URLs and forms: primary keys, page numbers, list cursors.

`str.isdigit()` is not the check for them: it is true for "²" or "①", which `int()` refuses (a server
error where the person should get a 404, an unfiltered list or a form error), and it says nothing about
a number of 40 digits, which no 64-bit key can have (SQLite raises OverflowError for it).
"""

import re

# Largest value of a 64-bit primary key.
MAX_ID = 2**63 - 1

_DIGITS = re.compile(r"[0-9]+")  # [0-9], not \d: \d also matches "٣" or "１"
_SIGNED = re.compile(r"-?[0-9]+")


def parse_id(value) -> int | None:
    """The non-negative whole number that `value` spells in ASCII digits (surrounding spaces allowed) if a
    64-bit key can hold it; None for anything else (empty, a sign, other characters, other digits)."""
    text = str(value).strip() if value is not None else ""
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def out_of_range(value) -> bool:
    """True when `value` is a whole number in ASCII digits (with an optional minus) that no 64-bit key can
    have: such a value must be refused before a lookup, whatever the database."""
    text = str(value).strip() if value is not None else ""
    return bool(_SIGNED.fullmatch(text)) and not -MAX_ID <= int(text) <= MAX_ID
