"""Fixtures of the portal core's tests."""

import pytest

from tests.demo_fixtures import _module_demo, demo  # noqa: F401  (start page tests)


@pytest.fixture
def world(user_factory, behoerde_factory):
    """Small reference data whose ids never equal their slugs, and two people."""
    from arbeitskreise.models import Arbeitskreis
    from behoerden.models import Kreis, Regierungsbezirk
    from erhebungen.services import indikator_create
    from fachgebiete.models import Fachgebiet

    bezirk = Regierungsbezirk.objects.create(name="Bezirk Münster", slug="muenster")
    kreis = Kreis.objects.create(
        name="Recklinghausen", slug="recklinghausen", art=Kreis.Art.KREIS, regierungsbezirk=bezirk
    )
    Kreis.objects.create(
        name="Bottrop", slug="bottrop", art=Kreis.Art.KREISFREIE_STADT, regierungsbezirk=bezirk
    )
    shisha = Fachgebiet.objects.get_or_create(slug="shisha", defaults={"name": "Shisha"})[0]
    rotlicht = Fachgebiet.objects.get_or_create(slug="rotlicht", defaults={"name": "Rotlicht"})[0]
    eigene = behoerde_factory("Stadt Bottrop", regierungsbezirk=bezirk)
    andere = behoerde_factory("Stadt Marl", regierungsbezirk=bezirk, kreis=kreis)
    indikator = indikator_create(schluessel="kontrollen", fachgebiet=shisha, name="Kontrollen", typ="anzahl")
    return {
        "bezirk": bezirk,
        "kreis": kreis,
        "shisha": shisha,
        "rotlicht": rotlicht,
        "eigene": eigene,
        "andere": andere,
        "arbeitskreis": Arbeitskreis.objects.create(name="AK Rotlicht"),
        "indikator": indikator,
        "mitglied": user_factory("mitglied", behoerde=eigene),
        "gs": user_factory("geschaeftsstelle", behoerde=eigene),
    }
