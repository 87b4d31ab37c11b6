"""A small world: authorities A, B, C, an Arbeitskreis, people in every role, reports per visibility."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.dateien.files import pdf_bytes


@pytest.fixture
def fachgebiet(db):
    from fachgebiete.models import Fachgebiet

    return Fachgebiet.objects.get_or_create(slug="shisha", defaults={"name": "Shisha"})[0]


@pytest.fixture
def lagebild_factory(db, fachgebiet):
    from lagebilder.models import Klassifikation, Sichtbarkeit
    from lagebilder.services import lagebild_create, lagebild_withdraw

    counter = {"n": 0}

    def make(
        autor,
        *,
        sichtbarkeit=Sichtbarkeit.EIGENE_BEHOERDE,
        behoerden=(),
        arbeitskreise=(),
        klassifikation=Klassifikation.OFFEN,
        status="veroeffentlicht",
        titel=None,
        upload=True,
        **kwargs,
    ):
        counter["n"] += 1
        lagebild = lagebild_create(
            by=autor,
            titel=titel or f"Lagebild Nummer {counter['n']}",
            zusammenfassung=kwargs.pop("zusammenfassung", "Kontrollen in Shisha-Bars, Ergebnisse der Woche."),
            zeitraum_von=dt.date(2026, 10, 1),
            zeitraum_bis=dt.date(2026, 10, 31),
            fachgebiete=[fachgebiet],
            klassifikation=klassifikation,
            sichtbarkeit=sichtbarkeit,
            behoerden=behoerden,
            arbeitskreise=arbeitskreise,
            upload=SimpleUploadedFile(f"lage-{counter['n']}.pdf", pdf_bytes(f"Lagebild {counter['n']}"))
            if upload
            else None,
            veroeffentlichen=status != "entwurf",
            **kwargs,
        )
        if status == "zurueckgezogen":
            lagebild_withdraw(lagebild=lagebild, by=autor)
        return lagebild

    return make


@pytest.fixture
def world(db, behoerde_factory, user_factory, lagebild_factory):
    from arbeitskreise.models import Arbeitskreis, Mitgliedschaft
    from behoerden.models import Behoerde
    from lagebilder.models import Klassifikation, Sichtbarkeit

    a = behoerde_factory("Polizeipräsidium Alpha", art=Behoerde.Art.POLIZEI)
    b = behoerde_factory("Stadt Beta")
    c = behoerde_factory("Hauptzollamt Gamma", art=Behoerde.Art.ZOLL)
    ak = Arbeitskreis.objects.create(name="AK Testkreis")
    users = {
        "a_autor": user_factory("mitglied", behoerde=a),
        "a_mitglied": user_factory("mitglied", behoerde=a),
        "a_ap": user_factory("ansprechpartner", behoerde=a),
        "b_mitglied": user_factory("mitglied", behoerde=b),
        "b_ap": user_factory("ansprechpartner", behoerde=b),
        "c_mitglied": user_factory("mitglied", behoerde=c),
        "c_ak": user_factory("mitglied", behoerde=c),
        "gs": user_factory("geschaeftsstelle"),
    }
    Mitgliedschaft.objects.create(arbeitskreis=ak, user=users["c_ak"])
    autor = users["a_autor"]
    reports = {
        "eigene": lagebild_factory(autor, titel="Nur Alpha intern"),
        "behoerden": lagebild_factory(
            autor, titel="Geteilt mit Beta", sichtbarkeit=Sichtbarkeit.BEHOERDEN, behoerden=[b]
        ),
        "vsnfd_behoerden": lagebild_factory(
            autor,
            titel="VS Geteilt mit Beta",
            sichtbarkeit=Sichtbarkeit.BEHOERDEN,
            behoerden=[b],
            klassifikation=Klassifikation.VS_NFD,
        ),
        "arbeitskreise": lagebild_factory(
            autor, titel="Nur Arbeitskreis", sichtbarkeit=Sichtbarkeit.ARBEITSKREISE, arbeitskreise=[ak]
        ),
        "alle": lagebild_factory(autor, titel="Für alle Partner", sichtbarkeit=Sichtbarkeit.ALLE_PARTNER),
        "entwurf": lagebild_factory(
            autor, titel="Entwurf Alpha", status="entwurf", sichtbarkeit=Sichtbarkeit.ALLE_PARTNER
        ),
        "zurueckgezogen": lagebild_factory(
            autor,
            titel="Zurückgezogen Alpha",
            status="zurueckgezogen",
            sichtbarkeit=Sichtbarkeit.ALLE_PARTNER,
        ),
    }
    return SimpleNamespace(a=a, b=b, c=c, ak=ak, users=users, reports=reports)
