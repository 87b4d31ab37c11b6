"""Board fixtures: areas (general, Fachgebiet, Arbeitskreis), people, threads."""

import functools

import pytest
from django.core.cache import cache

from tests.conftest import SharedTestData, fresh_instances


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def build_board() -> dict:
    """A small board: general area, a Fachgebiet area, an Arbeitskreis area with Leitung and member."""
    from arbeitskreise.models import Arbeitskreis, Mitgliedschaft
    from austausch.models import Bereich
    from austausch.services import bereiche_ensure
    from fachgebiete.models import Fachgebiet
    from tests.factories import make_behoerde, make_user

    fachgebiet = Fachgebiet.objects.create(name="Shisha", slug="shisha")
    ak = Arbeitskreis.objects.create(name="Rotlicht", zweck="Austausch zum Rotlichtmilieu")
    bereiche_ensure()
    essen = make_behoerde("Polizeipräsidium Essen")
    ge = make_behoerde("Stadt Gelsenkirchen")
    people = {
        "leitung": make_user(
            behoerde=essen, first_name="Lea", last_name="Leitner", email="lea.leitner@pp-essen.de"
        ),
        "mitglied": make_user(
            behoerde=ge, first_name="Mats", last_name="Mitglied", email="mats@gelsenkirchen.de"
        ),
        "aussen": make_user(
            behoerde=ge, first_name="Anna", last_name="Aussen", email="anna.aussen@gelsenkirchen.de"
        ),
        "gs": make_user("geschaeftsstelle", first_name="Gerd", last_name="Geschäft"),
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


BOARD = SharedTestData("_austausch_board_session", build_board)
_austausch_board_session = BOARD.session_fixture()


@pytest.fixture
def board(_austausch_board_session, db):
    """`build_board`, built once per process (`SharedTestData`), as fresh instances; what a test changes
    is rolled back after it."""
    return fresh_instances(BOARD.current())


def create_thema(
    board,
    bereich=None,
    by=None,
    titel="Wer kennt die Betreiber der Shisha-Bar am Markt?",
    text="Frage.",
    **kw,
):
    """A question thread on the board (by default in the general area, by "mitglied"); returns the Thema."""
    from austausch.services import thema_create

    result = thema_create(
        bereich=bereich or board["allgemein"],
        by=by or board["mitglied"],
        titel=titel,
        art="frage",
        text=text,
        **kw,
    )
    return result.beitrag.thema


@pytest.fixture
def make_thema(board):
    """Return `create_thema` on this test's board."""
    return functools.partial(create_thema, board)
