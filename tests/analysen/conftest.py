"""360°-Analysen fixtures: a case opened from an Anfrage, with participating, removed and outside
authorities, and the people of every role the access tests ask for."""

import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def fall(db, user_factory, behoerde_factory):
    from analysen import services
    from anfragen.services import anfrage_create

    gs_behoerde = behoerde_factory("Geschäftsstelle SiKo Ruhr", art="geschaeftsstelle")
    a = behoerde_factory("Stadt Gelsenkirchen", kurzname="GE")
    b = behoerde_factory("Polizeipräsidium Essen", kurzname="PP Essen")
    c = behoerde_factory("Hauptzollamt Duisburg", kurzname="HZA")
    d = behoerde_factory("Finanzamt Bochum", kurzname="FA")
    people = {
        "lead": user_factory("geschaeftsstelle", behoerde=gs_behoerde, first_name="Lena", last_name="Lead"),
        "gs2": user_factory("geschaeftsstelle", behoerde=gs_behoerde, first_name="Gero", last_name="Zweit"),
        "requester": user_factory(behoerde=a, first_name="Aylin", last_name="Demir"),
        "a_unnamed": user_factory(behoerde=a, first_name="Udo", last_name="Unbenannt"),
        "b1": user_factory(behoerde=b, first_name="Bernd", last_name="Beamter"),
        "c1": user_factory(behoerde=c, first_name="Carla", last_name="Zoll"),
        "d1": user_factory(behoerde=d, first_name="Dora", last_name="Finanz"),
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
def pdf_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.dateien.files import pdf_bytes

    def make(name="Bericht.pdf", text="Auswertebericht"):
        return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")

    return make
