"""360°-Analysen fixtures: a case opened from an Anfrage, with participating, removed and outside
authorities, and the people of every role the access tests ask for."""

import datetime

import pytest
from django.utils import timezone


def build_fall() -> dict:
    """The case: opened by the Geschäftsstelle from an Anfrage of authority a; b participates with a
    named person, d was removed again, c never took part. A plain function, so that shared test data
    (`tests.conftest.SharedTestData`) can build it too."""
    from analysen import services
    from anfragen.services import anfrage_create
    from tests.factories import make_behoerde, make_user

    gs_behoerde = make_behoerde("Geschäftsstelle SiKo Ruhr", art="geschaeftsstelle")
    a = make_behoerde("Stadt Gelsenkirchen", kurzname="GE")
    b = make_behoerde("Polizeipräsidium Essen", kurzname="PP Essen")
    c = make_behoerde("Hauptzollamt Duisburg", kurzname="HZA")
    d = make_behoerde("Finanzamt Bochum", kurzname="FA")
    people = {
        "lead": make_user("geschaeftsstelle", behoerde=gs_behoerde, first_name="Lena", last_name="Lead"),
        "gs2": make_user("geschaeftsstelle", behoerde=gs_behoerde, first_name="Gero", last_name="Zweit"),
        "requester": make_user(behoerde=a, first_name="Aylin", last_name="Demir"),
        "a_unnamed": make_user(behoerde=a, first_name="Udo", last_name="Unbenannt"),
        "b1": make_user(behoerde=b, first_name="Bernd", last_name="Beamter"),
        "c1": make_user(behoerde=c, first_name="Carla", last_name="Zoll"),
        "d1": make_user(behoerde=d, first_name="Dora", last_name="Finanz"),
    }
    anfrage = anfrage_create(
        by=people["requester"], art="analyse_360", betreff="Betreibernetzwerk Shisha-Bars Buer",
        beschreibung="Bitte um 360°-Analyse.", rechtsgrundlage="§ 35 GewO", dringlichkeit="hoch", kontakt="0209",
    )  # fmt: skip
    vorgang = services.vorgang_open(
        by=people["lead"],
        betreff="Betreibernetzwerk Shisha-Bars Buer",
        zweck="Verbindungen der Betreiber zu Immobilieneigentümern klären.",
        rechtsgrundlage="§ 35 GewO",
        klassifikation="vsnfd",
        loeschfrist=timezone.localdate() + datetime.timedelta(days=365),
        fallfuehrung=people["lead"],
        anfrage=anfrage,
        behoerden=[b, d],
    )
    bet_b = vorgang.beteiligungen.get(behoerde=b)
    services.person_benennen(beteiligung=bet_b, person=people["b1"], by=people["lead"])
    bet_d = vorgang.beteiligungen.get(behoerde=d)
    services.person_benennen(beteiligung=bet_d, person=people["d1"], by=people["lead"])
    services.beteiligung_remove(beteiligung=bet_d, by=people["lead"], grund="Kein Bezug zum Fall")
    return {"vorgang": vorgang, "anfrage": anfrage, "a": a, "b": b, "c": c, "d": d, **people}


@pytest.fixture
def fall(db):
    """`build_fall`, built for the test."""
    return build_fall()


def make_pdf_upload(name="Bericht.pdf", text="Auswertebericht"):
    """An uploaded PDF named `name` with `text` on its page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.dateien.files import pdf_bytes

    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


@pytest.fixture
def pdf_upload():
    """Return `make_pdf_upload`."""
    return make_pdf_upload
