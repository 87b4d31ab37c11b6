"""Printing the Gesamtlage: each chart prints together with its table (Chromium PDF, read with pypdf)."""

import io

import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_gesamtlage_prints_charts_with_their_tables(
    page, live_server, browser_user, erhebung_factory, submit_values, raster, geo
):
    from pypdf import PdfReader

    from erhebungen.models import Erhebung

    e1 = erhebung_factory(titel="Q1", status=Erhebung.Status.GESCHLOSSEN)
    e2 = erhebung_factory(titel="Q2", status=Erhebung.Status.GESCHLOSSEN)
    submit_values(e1, {geo["a"]: {raster["kontrollen"]: "987"}, geo["b"]: {raster["kontrollen"]: "40"}})
    submit_values(e2, {geo["a"]: {raster["kontrollen"]: "15"}, geo["b"]: {raster["kontrollen"]: "25"}})
    user, password, secret = browser_user("geschaeftsstelle")
    browser_login(page, live_server.url, user.email, password, secret)
    page.goto(f"{live_server.url}/erhebungen/lage/?indikator=kontrollen&zeitraum={e1.pk}")

    page.emulate_media(media="print")
    charts = page.locator(".erh-chart-pair figure svg")
    assert charts.count() == 2
    for index in range(2):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 50  # printed, not hidden
    assert page.locator(".erh-chart-pair table").count() == 2
    assert page.locator("form").first.is_hidden()  # the filter form is not printed

    pdf = page.pdf(prefer_css_page_size=True)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Gebiet / Behörde" in text and "Zeitraum Summe" in text  # both tables
    assert "987" in text and "Q1" in text and "Q2" in text
