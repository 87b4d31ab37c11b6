"""A small world for the notification tests: two authorities, an Arbeitskreis, people in every role."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db, user_factory):
    from arbeitskreise.models import Arbeitskreis, Mitgliedschaft
    from austausch.services import bereiche_ensure
    from behoerden.models import Behoerde, Gemeinde, Kreis, Regierungsbezirk

    rbz = Regierungsbezirk.objects.create(name="RB Test", slug="rb-test")
    kreis = Kreis.objects.create(
        name="Stadt A", slug="stadt-a", art=Kreis.Art.KREISFREIE_STADT, regierungsbezirk=rbz
    )
    gemeinde = Gemeinde.objects.create(name="Stadt A", slug="stadt-a", kreis=kreis, einwohner=100_000)
    kommune = Behoerde.objects.create(
        name="Stadt A",
        kurzname="A",
        art=Behoerde.Art.KOMMUNE,
        gemeinde=gemeinde,
        kreis=kreis,
        regierungsbezirk=rbz,
    )
    polizei = Behoerde.objects.create(name="Polizeipräsidium B", kurzname="PP B", art=Behoerde.Art.POLIZEI)
    ak = Arbeitskreis.objects.create(name="Shisha", zweck="Austausch zu Shisha-Bars")
    bereiche_ensure()
    people = {
        "gs": user_factory("geschaeftsstelle", first_name="Gerd", last_name="Geschäft"),
        "redaktion": user_factory("redaktion", first_name="Rita", last_name="Redaktion"),
        "ap": user_factory("ansprechpartner", behoerde=kommune, first_name="Anke", last_name="Ansprech"),
        "mitglied": user_factory(behoerde=kommune, first_name="Mats", last_name="Mitglied"),
        "polizist": user_factory(behoerde=polizei, first_name="Paul", last_name="Polizei"),
        "leitung": user_factory(behoerde=polizei, first_name="Lea", last_name="Leitner"),
        "ak_mitglied": user_factory(behoerde=kommune, first_name="Kai", last_name="Kreis"),
    }
    Mitgliedschaft.objects.create(arbeitskreis=ak, user=people["leitung"], ist_leitung=True)
    Mitgliedschaft.objects.create(arbeitskreis=ak, user=people["ak_mitglied"])
    return {"kommune": kommune, "polizei": polizei, "gemeinde": gemeinde, "ak": ak, **people}
