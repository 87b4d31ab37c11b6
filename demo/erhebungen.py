"""Demo: the Erhebungsraster, two past quarterly campaigns with plausible figures and one open campaign."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from demo.context import DemoContext
from erhebungen.models import Erhebung, Erkenntnis, Indikator, Meldung, MeldungKorrektur, Typ, Wert
from erhebungen.services import indikator_create, indikator_version_create, standard_behoerden
from fachgebiete.models import Fachgebiet

# (Fachgebiet, key, name, type, unit, help text, max, base rate per 10,000 inhabitants)
RASTER = [
    (
        "Shisha",
        "shisha-kontrollen",
        "Kontrollen in Shisha-Bars",
        Typ.ANZAHL,
        "",
        "Anzahl der durchgeführten Kontrollen (auch gemeinsame Kontrollen).",
        5000,
        1.2,
    ),
    (
        "Shisha",
        "shisha-verstoesse",
        "Festgestellte Verstöße",
        Typ.ANZAHL,
        "",
        "Alle festgestellten Verstöße (Jugendschutz, Nichtraucherschutz, CO, Gewerberecht).",
        10000,
        1.6,
    ),
    ("Shisha", "shisha-owi", "Eingeleitete Ordnungswidrigkeitenverfahren", Typ.ANZAHL, "", "", 10000, 0.9),
    (
        "Shisha",
        "shisha-tabak-kg",
        "Sicherstellungen unversteuerter Tabak",
        Typ.MENGE,
        "kg",
        "Menge in Kilogramm, eine Nachkommastelle genügt.",
        100000,
        2.5,
    ),
    (
        "Shisha",
        "shisha-schliessungen",
        "Betriebsschließungen",
        Typ.ANZAHL,
        "",
        "Vorläufige und endgültige Schließungen.",
        500,
        0.06,
    ),
    (
        "Glücksspiel",
        "gluecksspiel-kontrollen",
        "Kontrollen von Spielhallen und Wettbüros",
        Typ.ANZAHL,
        "",
        "",
        5000,
        0.8,
    ),
    (
        "Glücksspiel",
        "gluecksspiel-geraete",
        "Sichergestellte illegale Spielgeräte",
        Typ.ANZAHL,
        "",
        "",
        5000,
        0.25,
    ),
    (
        "Glücksspiel",
        "gluecksspiel-illegal",
        "Hinweise auf illegales Online-Glücksspiel",
        Typ.ANZAHL,
        "",
        "",
        5000,
        0.1,
    ),
    (
        "Rotlicht",
        "rotlicht-kontrollen",
        "Kontrollen im Prostitutionsgewerbe",
        Typ.ANZAHL,
        "",
        "Kontrollen nach dem Prostituiertenschutzgesetz.",
        5000,
        0.4,
    ),
    (
        "Rotlicht",
        "rotlicht-verdacht-menschenhandel",
        "Verdachtsfälle Menschenhandel",
        Typ.ANZAHL,
        "",
        "",
        500,
        0.03,
    ),
    (
        "Rotlicht",
        "rotlicht-anmeldungen-geprueft",
        "Geprüfte Anmeldebescheinigungen",
        Typ.ANZAHL,
        "",
        "",
        10000,
        0.5,
    ),
    (
        "Bewachungsgewerbe",
        "bewachung-zuverlaessigkeit",
        "Zuverlässigkeitsprüfungen",
        Typ.ANZAHL,
        "",
        "Prüfungen von Bewachungspersonal nach § 34a GewO.",
        10000,
        1.0,
    ),
    (
        "Bewachungsgewerbe",
        "bewachung-untersagungen",
        "Untersagungen / Widerrufe",
        Typ.ANZAHL,
        "",
        "",
        500,
        0.05,
    ),
    (
        "Vermögensabschöpfung",
        "va-vermoegen-gesichert",
        "Vermögenswerte gesichert",
        Typ.BETRAG,
        "",
        "Summe der vorläufig gesicherten Vermögenswerte in Euro.",
        100000000,
        9000,
    ),
    (
        "Vermögensabschöpfung",
        "va-verfahren",
        "Verfahren mit Vermögensabschöpfung",
        Typ.ANZAHL,
        "",
        "",
        5000,
        0.15,
    ),
    (
        "Verkehr",
        "verkehr-raser-kontrollen",
        "Kontrollen Raser- und Poserszene",
        Typ.ANZAHL,
        "",
        "",
        5000,
        0.7,
    ),
    (
        "Verkehr",
        "verkehr-fahrzeuge-sichergestellt",
        "Sichergestellte Fahrzeuge",
        Typ.ANZAHL,
        "",
        "",
        1000,
        0.04,
    ),
    (
        "Aufenthaltsrecht",
        "aufenthalt-pruefungen",
        "Aufenthaltsrechtliche Prüfungen",
        Typ.ANZAHL,
        "",
        "",
        10000,
        0.6,
    ),
    (
        "Aufenthaltsrecht",
        "aufenthalt-massnahmen",
        "Aufenthaltsbeendende Maßnahmen",
        Typ.ANZAHL,
        "",
        "",
        1000,
        0.05,
    ),
    (
        "Aufenthaltsrecht",
        "aufenthalt-schwerpunkt",
        "Schwerpunktkontrollen im Quartal durchgeführt",
        Typ.JA_NEIN,
        "",
        "",
        None,
        None,
    ),
]

KAMPAGNEN = [
    (
        "Erhebung 1. Quartal 2026",
        date(2026, 1, 1),
        date(2026, 3, 31),
        date(2026, 4, 20),
        Erhebung.Status.GESCHLOSSEN,
    ),
    (
        "Erhebung 2. Quartal 2026",
        date(2026, 4, 1),
        date(2026, 6, 30),
        date(2026, 7, 20),
        Erhebung.Status.GESCHLOSSEN,
    ),
    (
        "Erhebung 3. Quartal 2026",
        date(2026, 7, 1),
        date(2026, 9, 30),
        date(2026, 12, 15),
        Erhebung.Status.OFFEN,
    ),
]

ERKENNTNISSE = {
    "Shisha": "Vermehrt Verkauf von Tabak ohne Steuerzeichen; zwei Betriebe mit CO-Warnmelder-Mängeln.",
    "Glücksspiel": "Verlagerung von Spielgeräten in Hinterzimmer von Kiosken beobachtet.",
    "Verkehr": "Treffpunkte der Poserszene an Wochenenden unverändert; gemeinsame Kontrollen mit dem Ordnungsamt bewährt.",
}


def _raster(ctx) -> dict[str, Indikator]:
    fachgebiete = {f.name: f for f in Fachgebiet.objects.all()}
    by = ctx.users.get("gs-admin")
    indikatoren = {}
    for index, (fg, key, name, typ, einheit, hilfe, maximum, _rate) in enumerate(RASTER):
        indikator = Indikator.objects.filter(schluessel=key).first()
        if indikator is None:
            indikator = indikator_create(
                schluessel=key,
                fachgebiet=fachgebiete[fg],
                by=by,
                reihenfolge=index,
                name=name,
                typ=typ,
                einheit=einheit,
                hilfetext=hilfe,
                minimum=Decimal(0) if typ != Typ.JA_NEIN else None,
                maximum=Decimal(maximum) if maximum else None,
            )
        indikatoren[key] = indikator
    return indikatoren


def _value(rng, typ, rate, einwohner, faktor):
    if typ == Typ.JA_NEIN:
        return Decimal(1 if rng.random() < 0.4 else 0)
    expected = rate * einwohner / 10000 * faktor * rng.uniform(0.6, 1.4)
    if typ == Typ.ANZAHL:
        return Decimal(max(0, round(expected)))
    if typ == Typ.BETRAG:
        return Decimal(round(expected * rng.uniform(0.2, 1.8), -2)).quantize(Decimal("0.01"))
    return Decimal(str(round(expected, 1)))


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    indikatoren = _raster(ctx)
    behoerden = list(standard_behoerden().select_related("gemeinde", "kreis"))
    kreis_ew = {}
    for b in behoerden:
        if b.gemeinde and b.gemeinde.einwohner:
            kreis_ew[b.gemeinde.kreis_id] = kreis_ew.get(b.gemeinde.kreis_id, 0) + b.gemeinde.einwohner
    gs = ctx.users.get("gs-admin")
    for nummer, (titel, von, bis, frist, status) in enumerate(KAMPAGNEN):
        erhebung = Erhebung.objects.filter(titel=titel).first()
        if erhebung is not None:
            continue
        if status == Erhebung.Status.OFFEN:
            # The open campaign asks a revised definition: old submissions keep version 1.
            indikator_version_create(
                indikator=indikatoren["shisha-tabak-kg"],
                by=gs,
                name="Sicherstellungen unversteuerter Tabak (inkl. Wasserpfeifentabak)",
                hilfetext="Menge in Kilogramm einschließlich Wasserpfeifentabak und Tabakerhitzer-Sticks.",
            )
        erhebung = Erhebung.objects.create(
            titel=titel,
            zeitraum_von=von,
            zeitraum_bis=bis,
            frist=frist,
            status=status,
            erinnerung_tage=7,
            hinweis="Bitte melden Sie die Zahlen Ihres Zuständigkeitsbereichs für das Quartal. Fehlanzeige bitte mit 0.",
        )
        versionen = [i.aktuelle_version for i in indikatoren.values()]
        erhebung.indikatoren.set(versionen)
        erhebung.behoerden.set(behoerden)
        if status == Erhebung.Status.OFFEN:
            _open_drafts(ctx, erhebung, versionen)
            continue
        rng = random.Random(f"erhebung-demo-{nummer}")
        werte, erkenntnisse = [], []
        for behoerde in behoerden:
            if rng.random() < 0.12:  # some authorities never reported
                continue
            einwohner = (
                behoerde.gemeinde.einwohner if behoerde.gemeinde else kreis_ew.get(behoerde.kreis_id)
            ) or 50000
            faktor = (1.5 if behoerde.art == "polizei" else 1.0) * (1 + 0.12 * nummer)
            eingereicht = timezone.make_aware(
                timezone.datetime.combine(
                    frist - timedelta(days=rng.randint(0, 12)), timezone.datetime.min.time()
                )
            )
            meldung = Meldung.objects.create(
                erhebung=erhebung,
                behoerde=behoerde,
                status=Meldung.Status.EINGEREICHT,
                eingereicht_am=eingereicht,
            )
            for version in versionen:
                rate = next(r[7] for r in RASTER if r[1] == version.indikator.schluessel)
                werte.append(
                    Wert(
                        meldung=meldung,
                        indikator_version=version,
                        zahl=_value(rng, version.typ, rate or 0, einwohner, faktor),
                    )
                )
            for fg_name, text in ERKENNTNISSE.items():
                if rng.random() < 0.15:
                    erkenntnisse.append(
                        Erkenntnis(
                            meldung=meldung, fachgebiet=Fachgebiet.objects.get(name=fg_name), text=text
                        )
                    )
        Wert.objects.bulk_create(werte)
        Erkenntnis.objects.bulk_create(erkenntnisse)
        if nummer == 1:
            meldung = erhebung.meldungen.order_by("behoerde__name").first()
            MeldungKorrektur.objects.create(
                meldung=meldung,
                feld="shisha-kontrollen: Kontrollen in Shisha-Bars",
                alter_wert="4",
                neuer_wert=str(
                    meldung.werte.get(
                        indikator_version__indikator__schluessel="shisha-kontrollen"
                    ).zahl.normalize()
                ),
                grund="Nachmeldung von zwei gemeinsamen Kontrollen mit dem Zoll (telefonische Rücksprache).",
                von=gs,
            )
    ctx.log(f"  Erhebungen: {Erhebung.objects.count()} Erhebungen, {Wert.objects.count()} Werte")


def _open_drafts(ctx, erhebung, versionen):
    """A partial draft of the Stadt Gelsenkirchen in the open campaign."""
    user = ctx.users.get("stadt-gelsenkirchen-mitglied")
    if user is None or not erhebung.behoerden.filter(pk=user.behoerde_id).exists():
        return
    meldung = Meldung.objects.create(erhebung=erhebung, behoerde=user.behoerde, aktualisiert_von=user)
    for version in versionen[:3]:
        Wert.objects.create(meldung=meldung, indikator_version=version, zahl=Decimal(7 + version.pk % 5))
