import datetime

import pytest


@pytest.fixture
def rechtliche_seiten(db):
    """The three legal pages below the start page, as the demo seeds them."""
    from demo.pages import ensure_home_page, upsert_page
    from rechtliches.models import BarrierefreiheitPage, DatenschutzPage, ImpressumPage

    home = ensure_home_page()
    return {
        "impressum": upsert_page(home, ImpressumPage, "impressum", title="Impressum", text="<p>Anbieter</p>"),
        "datenschutz": upsert_page(
            home, DatenschutzPage, "datenschutz", title="Datenschutzhinweise", text="<p>Art. 13</p>"
        ),
        "barrierefreiheit": upsert_page(
            home,
            BarrierefreiheitPage,
            "barrierefreiheit",
            title="Erklärung zur Barrierefreiheit",
            text="<p>Erklärung</p>",
            bekannte_maengel="<p>Wagtail-Admin</p>",
            letzte_pruefung=datetime.date(2026, 11, 30),
            durchsetzungsstelle="<p>Ombudsstelle NRW (Demo)</p>",
        ),
    }
