"""Board fixtures: areas (general, Fachgebiet, Arbeitskreis), people, threads."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def board(db, user_factory, behoerde_factory):
    """A small board: general area, a Fachgebiet area, an Arbeitskreis area with Leitung and member."""
    from arbeitskreise.models import Arbeitskreis, Mitgliedschaft
    from austausch.models import Bereich
    from austausch.services import bereiche_ensure
    from fachgebiete.models import Fachgebiet

    fachgebiet = Fachgebiet.objects.create(name="Shisha", slug="shisha")
    ak = Arbeitskreis.objects.create(name="Rotlicht", zweck="Austausch zum Rotlichtmilieu")
    bereiche_ensure()
    essen = behoerde_factory("Polizeipräsidium Essen")
    ge = behoerde_factory("Stadt Gelsenkirchen")
    people = {
        "leitung": user_factory(
            behoerde=essen, first_name="Lea", last_name="Leitner", email="lea.leitner@pp-essen.de"
        ),
        "mitglied": user_factory(
            behoerde=ge, first_name="Mats", last_name="Mitglied", email="mats@gelsenkirchen.de"
        ),
        "aussen": user_factory(
            behoerde=ge, first_name="Anna", last_name="Aussen", email="anna.aussen@gelsenkirchen.de"
        ),
        "gs": user_factory("geschaeftsstelle", first_name="Gerd", last_name="Geschäft"),
    }
    Mitgliedschaft.objects.create(arbeitskreis=ak, user=people["leitung"], ist_leitung=True)
    Mitgliedschaft.objects.create(arbeitskreis=ak, user=people["mitglied"])
    return {
        "allgemein": Bereich.objects.get(slug="allgemein"),
        "fachgebiet": Bereich.objects.get(fachgebiet=fachgebiet),
        "ak": Bereich.objects.get(arbeitskreis=ak),
        "arbeitskreis": ak,
        "fachgebiet_obj": fachgebiet,
        **people,
    }


@pytest.fixture
def make_thema(board):
    from austausch.services import thema_create

    def make(
        bereich=None, by=None, titel="Wer kennt die Betreiber der Shisha-Bar am Markt?", text="Frage.", **kw
    ):
        result = thema_create(
            bereich=bereich or board["allgemein"],
            by=by or board["mitglied"],
            titel=titel,
            art="frage",
            text=text,
            **kw,
        )
        return result.beitrag.thema

    return make
