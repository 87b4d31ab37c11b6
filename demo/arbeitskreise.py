"""Demo: the five Arbeitskreise with Leitung and members from several authorities, and meeting dates."""

import datetime
from zoneinfo import ZoneInfo

from arbeitskreise.models import Arbeitskreis, Beitrittsanfrage, Dokument, Mitgliedschaft, Sitzung
from demo.context import DemoContext

BERLIN = ZoneInfo("Europe/Berlin")

# name -> (purpose, Leitung key, member keys); everyone else stays outside.
ARBEITSKREISE = {
    "Shisha": (
        "Gemeinsame Kontrollen von Shisha-Bars: Gewerbe-, Gaststätten-, Tabaksteuer- und Arbeitsschutzrecht, "
        "Kohlenmonoxid-Gefahren, Geldwäscheindikatoren.",
        "stadt-gelsenkirchen-ap",
        ["pp-essen-mitglied", "hza-dortmund-mitglied", "stadt-duisburg-mitglied"],
    ),
    "Rotlicht": (
        "Lagebild und Kontrollen im Rotlichtmilieu: Prostituiertenschutzgesetz, Menschenhandel, Bordellbetriebe.",
        "pp-essen-ap",
        ["stadt-duisburg-ap", "stadt-gelsenkirchen-mitglied"],
    ),
    "Illegales Glücksspiel": (
        "Unerlaubte Spielhallen, Wettbüros und Automaten; Zusammenarbeit mit Glücksspielaufsicht und Zoll.",
        "stadt-duisburg-ap",
        ["hza-dortmund-ap", "pp-essen-mitglied"],
    ),
    "Bewachung": (
        "Zuverlässigkeit im Bewachungsgewerbe (§ 34a GewO), Türsteher und Sicherheitsdienste.",
        "stadt-duisburg-mitglied",
        ["pp-essen-ap", "stadt-gelsenkirchen-mitglied"],
    ),
    "Kommunale Vermögensabschöpfung": (
        "Vermögensabschöpfung durch Kommunen: Sicherstellung, Einziehung, Gewerbeuntersagung und Steuern.",
        "hza-dortmund-ap",
        ["stadt-gelsenkirchen-ap", "stadt-duisburg-ap"],
    ),
}

SITZUNGEN = [
    (
        "Shisha",
        "Quartalssitzung Q1/2027",
        datetime.datetime(2027, 2, 10, 10, 0),
        "Gelsenkirchen, Rathaus Buer, Raum 204",
    ),
    (
        "Rotlicht",
        "Auswertung Kontrollwoche",
        datetime.datetime(2027, 1, 20, 13, 0),
        "Essen, Polizeipräsidium, Raum 3.12",
    ),
    (
        "Illegales Glücksspiel",
        "Arbeitstreffen Wettbüros",
        datetime.datetime(2027, 1, 27, 9, 30),
        "Duisburg, Stadthaus",
    ),
    ("Bewachung", "Sitzung Bewachungsgewerbe", datetime.datetime(2027, 3, 3, 10, 0), "Videokonferenz"),
    (
        "Kommunale Vermögensabschöpfung",
        "Fallbesprechung Sicherstellungen",
        datetime.datetime(2027, 2, 17, 10, 0),
        "Dortmund, Hauptzollamt",
    ),
]


def seed(ctx: DemoContext) -> None:
    for name, (zweck, leitung, members) in ARBEITSKREISE.items():
        ak, _created = Arbeitskreis.objects.get_or_create(name=name, defaults={"zweck": zweck})
        if not ak.zweck:
            ak.zweck = zweck
            ak.save(update_fields=["zweck"])
        for key in [leitung, *members]:
            user = ctx.users.get(key)
            if user is None:
                continue
            Mitgliedschaft.objects.update_or_create(
                arbeitskreis=ak, user=user, defaults={"ist_leitung": key == leitung}
            )
    for name, titel, beginn, ort in SITZUNGEN:
        ak = Arbeitskreis.objects.get(name=name)
        start = beginn.replace(tzinfo=BERLIN)
        Sitzung.objects.update_or_create(
            arbeitskreis=ak,
            titel=titel,
            defaults={"beginn": start, "ende": start + datetime.timedelta(hours=2), "ort": ort},
        )
    shisha = Arbeitskreis.objects.get(name="Shisha")
    leitung = ctx.users.get("stadt-gelsenkirchen-ap")
    if (
        leitung is not None
        and not Dokument.objects.filter(arbeitskreis=shisha, titel="Checkliste Shisha-Kontrolle").exists()
    ):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from dateien.services import datei_speichern
        from demo.austausch import demo_pdf

        datei = datei_speichern(
            upload=SimpleUploadedFile(
                "Checkliste Shisha-Kontrolle.pdf", demo_pdf("Checkliste Shisha-Kontrolle")
            ),
            by=leitung,
            zweck="demo",
        )
        Dokument.objects.create(
            arbeitskreis=shisha, titel="Checkliste Shisha-Kontrolle", datei=datei, hochgeladen_von=leitung
        )
    # An open join request for the Leitung to decide.
    asker = ctx.users.get("pp-essen-ap")
    if asker is not None and not Beitrittsanfrage.objects.filter(arbeitskreis=shisha, user=asker).exists():
        Beitrittsanfrage.objects.create(
            arbeitskreis=shisha,
            user=asker,
            begruendung="Die Kriminalinspektion 2 koordiniert die Shisha-Kontrollen im Essener Norden.",
        )
    ctx.log(f"Arbeitskreise: {len(ARBEITSKREISE)}")
