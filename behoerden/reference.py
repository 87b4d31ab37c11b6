"""Load the Ruhr region's reference data and the partner authorities. Idempotent."""

import json
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from fachgebiete.models import Fachgebiet

from .models import Behoerde, Gemeinde, Kreis, Regierungsbezirk

DATA_DIR = Path(__file__).resolve().parent / "data"

# Municipalities that are not towns ("Gemeinde" rather than "Stadt") in the Ruhr region.
GEMEINDEN_OHNE_STADTRECHT = {"Alpen", "Bönen", "Holzwickede", "Hünxe", "Schermbeck", "Sonsbeck"}

# Partners beyond police and municipalities (public institutions of the region).
WEITERE_PARTNER = [
    ("Hauptzollamt Dortmund", "HZA Dortmund", Behoerde.Art.ZOLL, "Dortmund"),
    ("Hauptzollamt Duisburg", "HZA Duisburg", Behoerde.Art.ZOLL, "Duisburg"),
    ("Hauptzollamt Essen", "HZA Essen", Behoerde.Art.ZOLL, "Essen"),
    ("Bundespolizeiinspektion Dortmund", "BPOLI Dortmund", Behoerde.Art.BUNDESPOLIZEI, "Dortmund"),
    ("Bundespolizeiinspektion Duisburg", "BPOLI Duisburg", Behoerde.Art.BUNDESPOLIZEI, "Duisburg"),
    (
        "Finanzamt für Steuerstrafsachen und Steuerfahndung Essen",
        "StraBu Essen",
        Behoerde.Art.FINANZVERWALTUNG,
        "Essen",
    ),
    (
        "Finanzamt für Steuerstrafsachen und Steuerfahndung Bochum",
        "StraBu Bochum",
        Behoerde.Art.FINANZVERWALTUNG,
        "Bochum",
    ),
    ("Staatsanwaltschaft Essen", "StA Essen", Behoerde.Art.JUSTIZ, "Essen"),
    ("Staatsanwaltschaft Dortmund", "StA Dortmund", Behoerde.Art.JUSTIZ, "Dortmund"),
    ("Staatsanwaltschaft Bochum", "StA Bochum", Behoerde.Art.JUSTIZ, "Bochum"),
    ("Staatsanwaltschaft Duisburg", "StA Duisburg", Behoerde.Art.JUSTIZ, "Duisburg"),
    ("Landeskriminalamt Nordrhein-Westfalen", "LKA NRW", Behoerde.Art.POLIZEI, None),
    ("Ministerium des Innern des Landes Nordrhein-Westfalen", "IM NRW", Behoerde.Art.MINISTERIUM, None),
    ("Hochschule für Polizei und öffentliche Verwaltung NRW", "HSPV NRW", Behoerde.Art.HOCHSCHULE, None),
]


def load_json(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Create or update Regierungsbezirke, Kreise, Gemeinden, Fachgebiete and the partner authorities."""
    data = load_json("ruhr_region.json")
    einwohner = load_json("einwohner.json")["einwohner"]

    rbz = {}
    for name in data["regierungsbezirke"]:
        rbz[name], _ = Regierungsbezirk.objects.update_or_create(slug=slugify(name), defaults={"name": name})

    kreise = {}
    gemeinden = {}
    for stadt in data["kreisfreie_staedte"]:
        name = stadt["name"]
        kreise[name], _ = Kreis.objects.update_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "art": Kreis.Art.KREISFREIE_STADT,
                "regierungsbezirk": rbz[stadt["regierungsbezirk"]],
            },
        )
        gemeinden[name], _ = Gemeinde.objects.update_or_create(
            slug=slugify(name),
            defaults={"name": name, "kreis": kreise[name], "einwohner": einwohner.get(name)},
        )
    for kreis in data["kreise"]:
        kreise[kreis["name"]], _ = Kreis.objects.update_or_create(
            slug=slugify(kreis["name"]),
            defaults={
                "name": kreis["name"],
                "art": Kreis.Art.KREIS,
                "regierungsbezirk": rbz[kreis["regierungsbezirk"]],
            },
        )
        for name in kreis["gemeinden"]:
            gemeinden[name], _ = Gemeinde.objects.update_or_create(
                slug=slugify(name),
                defaults={"name": name, "kreis": kreise[kreis["name"]], "einwohner": einwohner.get(name)},
            )

    for index, name in enumerate(data["fachgebiete"]):
        Fachgebiet.objects.update_or_create(slug=slugify(name), defaults={"name": name, "reihenfolge": index})

    def upsert(name, kurzname, art, *, kreis=None, gemeinde=None, regierungsbezirk=None, **extra):
        if gemeinde is not None:
            kreis = gemeinde.kreis
        if kreis is not None:
            regierungsbezirk = kreis.regierungsbezirk
        behoerde = Behoerde.objects.filter(name=name).first() or Behoerde(name=name)
        behoerde.kurzname = kurzname
        behoerde.art = art
        behoerde.kreis = kreis
        behoerde.gemeinde = gemeinde
        behoerde.regierungsbezirk = regierungsbezirk
        for key, value in extra.items():
            setattr(behoerde, key, value)
        behoerde.save()
        return behoerde

    # Twelve Kreispolizeibehörden: Polizeipräsidien seated in a city, Landräte as KPB of the Kreise.
    for name in data["kreispolizeibehoerden"]:
        ort = name.replace("Polizeipräsidium ", "").replace("Kreispolizeibehörde ", "")
        if name.startswith("Polizeipräsidium"):
            upsert(name, f"PP {ort}", Behoerde.Art.POLIZEI, gemeinde=gemeinden.get(ort), ort=ort)
        else:
            kreis = kreise.get(ort) or kreise.get(f"Kreis {ort}")
            upsert(name, f"KPB {ort}", Behoerde.Art.POLIZEI, kreis=kreis)

    # Every Gemeinde (53) and every Kreis (4) as a municipal partner.
    for name, gemeinde in gemeinden.items():
        if gemeinde.kreis.art == Kreis.Art.KREISFREIE_STADT:
            titel = f"Stadt {name}"
        elif name in GEMEINDEN_OHNE_STADTRECHT:
            titel = f"Gemeinde {name}"
        else:
            titel = f"Stadt {name}"
        upsert(titel, name, Behoerde.Art.KOMMUNE, gemeinde=gemeinde, ort=name)
    for name, kreis in kreise.items():
        if kreis.art == Kreis.Art.KREIS:
            upsert(
                name if name.startswith("Kreis") or name.endswith("Kreis") else f"Kreis {name}",
                name,
                Behoerde.Art.KOMMUNE,
                kreis=kreis,
            )

    for name, kurz, art, ort in WEITERE_PARTNER:
        upsert(
            name,
            kurz,
            art,
            gemeinde=gemeinden.get(ort) if ort else None,
            ort=ort or "Düsseldorf" if art != Behoerde.Art.HOCHSCHULE else "Gelsenkirchen",
        )

    gs = data["geschaeftsstelle"]
    upsert(
        gs["name"],
        "Geschäftsstelle SiKo Ruhr",
        Behoerde.Art.GESCHAEFTSSTELLE,
        gemeinde=gemeinden["Essen"],
        strasse=gs["street"],
        plz=gs["postcode"],
        ort=gs["city"],
        telefon=gs["phone"],
        funktionspostfach="geschaeftsstelle@siko-ruhr.nrw.de",
        zustaendigkeiten="Koordination der Sicherheitskooperation Ruhr, Betrieb des Portals, Erhebungen und Gesamtlagedarstellung, 360°-Analysen.",
    )
    return {
        "regierungsbezirke": Regierungsbezirk.objects.count(),
        "kreise": Kreis.objects.count(),
        "gemeinden": Gemeinde.objects.count(),
        "behoerden": Behoerde.objects.count(),
        "fachgebiete": Fachgebiet.objects.count(),
    }
