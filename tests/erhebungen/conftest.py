"""Factories for the Erhebungen tests: a small geography, a Raster and campaigns."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone


@pytest.fixture
def geo(db):
    """Two Kreise in one Regierungsbezirk: Stadt A (kreisfrei, 100,000), Kreis K with B (40,000) and C (10,000)."""
    from behoerden.models import Behoerde, Gemeinde, Kreis, Regierungsbezirk
    from fachgebiete.models import Fachgebiet

    rbz = Regierungsbezirk.objects.create(name="RB Test", slug="rb-test")
    ka = Kreis.objects.create(
        name="Stadt A", slug="stadt-a", art=Kreis.Art.KREISFREIE_STADT, regierungsbezirk=rbz
    )
    kk = Kreis.objects.create(name="Kreis K", slug="kreis-k", art=Kreis.Art.KREIS, regierungsbezirk=rbz)
    ga = Gemeinde.objects.create(name="A", slug="a", kreis=ka, einwohner=100_000)
    gb = Gemeinde.objects.create(name="B", slug="b", kreis=kk, einwohner=40_000)
    gc = Gemeinde.objects.create(name="C", slug="c", kreis=kk, einwohner=10_000)

    def kommune(name, gemeinde):
        return Behoerde.objects.create(
            name=f"Stadt {name}",
            kurzname=name,
            art=Behoerde.Art.KOMMUNE,
            gemeinde=gemeinde,
            kreis=gemeinde.kreis,
            regierungsbezirk=rbz,
        )

    fg = Fachgebiet.objects.create(name="Shisha", slug="shisha", reihenfolge=1)
    fg2 = Fachgebiet.objects.create(name="Vermögensabschöpfung", slug="vermoegensabschoepfung", reihenfolge=2)
    return {
        "rbz": rbz,
        "kreis_a": ka,
        "kreis_k": kk,
        "a": kommune("A", ga),
        "b": kommune("B", gb),
        "c": kommune("C", gc),
        "fg": fg,
        "fg2": fg2,
    }


@pytest.fixture
def raster(geo):
    from erhebungen.models import Typ
    from erhebungen.services import indikator_create

    return {
        "kontrollen": indikator_create(
            schluessel="kontrollen",
            fachgebiet=geo["fg"],
            name="Kontrollen",
            typ=Typ.ANZAHL,
            minimum=Decimal(0),
            maximum=Decimal(1000),
            hilfetext="Anzahl der Kontrollen",
        ),
        "tabak": indikator_create(
            schluessel="tabak",
            fachgebiet=geo["fg"],
            name="Tabak sichergestellt",
            typ=Typ.MENGE,
            einheit="kg",
            reihenfolge=1,
        ),
        "vermoegen": indikator_create(
            schluessel="vermoegen",
            fachgebiet=geo["fg2"],
            name="Vermögenswerte gesichert",
            typ=Typ.BETRAG,
            maximum=Decimal(10_000_000),
        ),
        "schwerpunkt": indikator_create(
            schluessel="schwerpunkt",
            fachgebiet=geo["fg"],
            name="Schwerpunktaktion",
            typ=Typ.JA_NEIN,
            reihenfolge=2,
        ),
    }


@pytest.fixture
def erhebung_factory(geo, raster):
    from erhebungen.models import Erhebung
    from erhebungen.services import erhebung_create

    counter = {"n": 0}

    def make(status=Erhebung.Status.OFFEN, frist=None, behoerden=None, indikatoren=None, **kw):
        counter["n"] += 1
        n = counter["n"]
        von = date(2020, 1, 1) + timedelta(days=91 * n)
        return erhebung_create(
            titel=kw.pop("titel", f"Erhebung Q{n}"),
            zeitraum_von=von,
            zeitraum_bis=von + timedelta(days=90),
            frist=frist or timezone.localdate() + timedelta(days=10),
            indikatoren=indikatoren or list(raster.values()),
            behoerden=behoerden or [geo["a"], geo["b"], geo["c"]],
            status=status,
            **kw,
        )

    return make


@pytest.fixture
def erhebung(erhebung_factory):
    return erhebung_factory()


@pytest.fixture
def submit_values(db):
    """Store submitted values directly: {behoerde: {indikator: raw}}."""
    from erhebungen.models import Meldung, Wert
    from erhebungen.parsing import parse_value

    def make(erhebung, values):
        versions = {v.indikator_id: v for v in erhebung.indikatoren.all()}
        for behoerde, by_indikator in values.items():
            meldung, _ = Meldung.objects.get_or_create(erhebung=erhebung, behoerde=behoerde)
            meldung.status = Meldung.Status.EINGEREICHT
            meldung.eingereicht_am = timezone.now()
            meldung.save()
            for indikator, raw in by_indikator.items():
                version = versions[indikator.pk]
                zahl, text = parse_value(version, raw)
                Wert.objects.create(meldung=meldung, indikator_version=version, zahl=zahl, text=text)

    return make
