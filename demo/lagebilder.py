"""Demo Lagebilder: about 30 reports across Fachgebiete and regions with every visibility option.

Idempotent: reports are looked up by title; Arbeitskreise and memberships use get_or_create by name,
so the exchange board's demo can create the same Arbeitskreise without conflict.
"""

import datetime as dt
import io
import json
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify

from arbeitskreise.models import Arbeitskreis
from behoerden.models import Behoerde, Gemeinde, Kreis, Regierungsbezirk
from fachgebiete.models import Fachgebiet
from lagebilder.models import Klassifikation, Lagebild, Sichtbarkeit, Status
from lagebilder.services import lagebild_create, lagebild_withdraw

DATA = Path(__file__).resolve().parent.parent / "behoerden" / "data" / "ruhr_region.json"

OFF, V = Klassifikation.OFFEN, Klassifikation.VS_NFD
EIGENE, BEH, AK, ALLE = (
    Sichtbarkeit.EIGENE_BEHOERDE,
    Sichtbarkeit.BEHOERDEN,
    Sichtbarkeit.ARBEITSKREISE,
    Sichtbarkeit.ALLE_PARTNER,
)

# (author key, title, Fachgebiete, region (kind, name), classification, visibility, targets, status, month)
REPORTS = [
    (
        "pp-essen-ap",
        "Lagebild Shisha-Bars Essen, 3. Quartal 2026",
        ["Shisha"],
        ("kr", "Essen"),
        OFF,
        ALLE,
        [],
        "v",
        9,
    ),
    (
        "pp-essen-mitglied",
        "Kohlenmonoxid-Vorfälle in Shisha-Bars – Auswertung Oktober",
        ["Shisha"],
        ("kr", "Essen"),
        OFF,
        BEH,
        ["Stadt Gelsenkirchen", "Stadt Duisburg"],
        "v",
        10,
    ),
    (
        "pp-essen-ap",
        "Unversteuerter Tabak in Shisha-Lokalen – Ermittlungsstand",
        ["Shisha", "Vermögensabschöpfung"],
        ("rb", "Düsseldorf"),
        V,
        BEH,
        ["Hauptzollamt Dortmund"],
        "v",
        10,
    ),
    (
        "hza-dortmund-ap",
        "Tabaksteuer-Kontrollen Shisha, Schwerpunktaktion Ruhr",
        ["Shisha"],
        None,
        OFF,
        AK,
        ["Shisha"],
        "v",
        8,
    ),
    (
        "hza-dortmund-mitglied",
        "Wasserpfeifentabak: Herkunftsländer und Lieferwege",
        ["Shisha"],
        None,
        V,
        AK,
        ["Shisha"],
        "v",
        9,
    ),
    (
        "stadt-gelsenkirchen-ap",
        "Gewerbekontrollen Shisha-Bars Gelsenkirchen-Ückendorf",
        ["Shisha"],
        ("ge", "Gelsenkirchen"),
        OFF,
        EIGENE,
        [],
        "v",
        10,
    ),
    (
        "stadt-duisburg-ap",
        "Lagebild Rotlicht Duisburg, Vulkanstraße, 2. Halbjahr",
        ["Rotlicht"],
        ("ge", "Duisburg"),
        OFF,
        AK,
        ["Rotlicht"],
        "v",
        7,
    ),
    (
        "stadt-duisburg-mitglied",
        "Prostituiertenschutzgesetz: Anmeldungen und Beratungen 2026",
        ["Rotlicht"],
        ("kr", "Duisburg"),
        OFF,
        ALLE,
        [],
        "v",
        6,
    ),
    (
        "pp-essen-ap",
        "Menschenhandel im Rotlichtmilieu – Hinweise aus Strukturermittlungen",
        ["Rotlicht"],
        ("rb", "Düsseldorf"),
        V,
        BEH,
        ["Stadt Duisburg"],
        "v",
        9,
    ),
    (
        "stadt-duisburg-ap",
        "Wohnungsprostitution: Kontrollergebnisse Duisburg-Hochfeld",
        ["Rotlicht", "Aufenthaltsrecht"],
        ("ge", "Duisburg"),
        V,
        BEH,
        ["Polizeipräsidium Essen"],
        "v",
        10,
    ),
    (
        "stadt-gelsenkirchen-ap",
        "Illegales Glücksspiel in Wettbüros – Bilanz der Schwerpunktkontrollen",
        ["Glücksspiel"],
        ("kr", "Gelsenkirchen"),
        OFF,
        AK,
        ["Illegales Glücksspiel"],
        "v",
        9,
    ),
    (
        "stadt-gelsenkirchen-mitglied",
        "Manipulierte Geldspielgeräte: technische Befunde",
        ["Glücksspiel"],
        None,
        OFF,
        ALLE,
        [],
        "v",
        8,
    ),
    (
        "pp-essen-mitglied",
        "Hinterzimmer-Pokerrunden: Erkenntnislage Essen-Nord",
        ["Glücksspiel"],
        ("ge", "Essen"),
        V,
        EIGENE,
        [],
        "v",
        10,
    ),
    (
        "hza-dortmund-ap",
        "Schwarzarbeit im Glücksspielsektor – Prüfungen FKS",
        ["Glücksspiel", "Bewachungsgewerbe"],
        ("kr", "Dortmund"),
        OFF,
        BEH,
        ["Stadt Gelsenkirchen"],
        "v",
        10,
    ),
    (
        "stadt-duisburg-ap",
        "Kommunale Vermögensabschöpfung: Sicherstellungen 2026",
        ["Vermögensabschöpfung"],
        ("kr", "Duisburg"),
        OFF,
        AK,
        ["Kommunale Vermögensabschöpfung"],
        "v",
        9,
    ),
    (
        "pp-essen-ap",
        "Vermögensabschöpfung bei Clan-Strukturen – Fallauswertung",
        ["Vermögensabschöpfung"],
        ("rb", "Düsseldorf"),
        V,
        BEH,
        ["Hauptzollamt Dortmund"],
        "v",
        8,
    ),
    (
        "hza-dortmund-mitglied",
        "Bargeldkontrollen an den Autobahnen A2 und A40",
        ["Vermögensabschöpfung", "Verkehr"],
        None,
        OFF,
        ALLE,
        [],
        "v",
        7,
    ),
    (
        "stadt-gelsenkirchen-ap",
        "Schrottimmobilien und Sozialleistungsbetrug – Sachstand",
        ["Vermögensabschöpfung", "Aufenthaltsrecht"],
        ("ge", "Gelsenkirchen"),
        OFF,
        BEH,
        ["Stadt Duisburg"],
        "v",
        10,
    ),
    (
        "pp-essen-mitglied",
        "Illegale Autorennen und Poser-Szene Essen-Rüttenscheid",
        ["Verkehr"],
        ("ge", "Essen"),
        OFF,
        ALLE,
        [],
        "v",
        9,
    ),
    (
        "stadt-duisburg-mitglied",
        "Schwerlastkontrollen Hafen Duisburg – Ergebnisse",
        ["Verkehr"],
        ("kr", "Duisburg"),
        OFF,
        EIGENE,
        [],
        "v",
        8,
    ),
    (
        "hza-dortmund-ap",
        "Fahrzeugüberführungen ins Ausland – Zollbefunde",
        ["Verkehr"],
        ("kr", "Kreis Unna"),
        V,
        BEH,
        ["Polizeipräsidium Essen"],
        "v",
        10,
    ),
    (
        "stadt-duisburg-ap",
        "Bewachungsgewerbe: Zuverlässigkeitsprüfungen Türsteher",
        ["Bewachungsgewerbe"],
        ("kr", "Duisburg"),
        OFF,
        AK,
        ["Bewachung"],
        "v",
        9,
    ),
    (
        "pp-essen-ap",
        "Türsteherszene Essen: Gewaltdelikte und Verflechtungen",
        ["Bewachungsgewerbe", "Rotlicht"],
        ("ge", "Essen"),
        V,
        AK,
        ["Bewachung"],
        "v",
        10,
    ),
    (
        "stadt-gelsenkirchen-mitglied",
        "Bewachungsunternehmen ohne Erlaubnis – Verfahren 2026",
        ["Bewachungsgewerbe"],
        ("ge", "Gelsenkirchen"),
        OFF,
        ALLE,
        [],
        "v",
        6,
    ),
    (
        "pp-essen-ap",
        "Bedrohungslagen gegen Amtsträger im Ruhrgebiet",
        ["Bedrohungsmanagement"],
        None,
        V,
        BEH,
        ["Stadt Gelsenkirchen"],
        "v",
        10,
    ),
    (
        "stadt-duisburg-ap",
        "Bedrohungsmanagement in Bürgerämtern – Erfahrungsbericht",
        ["Bedrohungsmanagement"],
        ("kr", "Duisburg"),
        OFF,
        ALLE,
        [],
        "v",
        9,
    ),
    (
        "stadt-gelsenkirchen-ap",
        "Scheinanmeldungen in Mehrfamilienhäusern – Abgleich Meldebehörde",
        ["Aufenthaltsrecht"],
        ("ge", "Gelsenkirchen"),
        OFF,
        BEH,
        ["Polizeipräsidium Essen", "Stadt Duisburg"],
        "v",
        9,
    ),
    (
        "stadt-duisburg-mitglied",
        "Aufenthaltsrechtliche Maßnahmen nach Razzien – Entwurf",
        ["Aufenthaltsrecht"],
        ("kr", "Duisburg"),
        OFF,
        EIGENE,
        [],
        "e",
        11,
    ),
    (
        "hza-dortmund-mitglied",
        "Mindestlohnprüfungen Gastronomie Dortmund – vorläufig",
        ["Shisha", "Bewachungsgewerbe"],
        ("kr", "Dortmund"),
        OFF,
        ALLE,
        [],
        "e",
        11,
    ),
    (
        "pp-essen-mitglied",
        "Lagebild Shisha 2. Quartal (ersetzt durch Q3-Bericht)",
        ["Shisha"],
        ("kr", "Essen"),
        OFF,
        ALLE,
        [],
        "z",
        6,
    ),
]


def demo_pdf(titel: str, behoerde: str, zusammenfassung: str, vsnfd: bool) -> bytes:
    """A small real PDF (two pages) for the demo report."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(titel)
    for page in (1, 2):
        if vsnfd:
            pdf.setFont("Helvetica-Bold", 11)
            pdf.drawCentredString(A4[0] / 2, A4[1] - 40, "VS – NUR FÜR DEN DIENSTGEBRAUCH")
        pdf.setFont("Helvetica-Bold", 15)
        pdf.drawString(60, A4[1] - 90, titel[:80])
        pdf.setFont("Helvetica", 11)
        pdf.drawString(60, A4[1] - 112, behoerde)
        text = pdf.beginText(60, A4[1] - 150)
        if page == 1:
            for line in _wrap(zusammenfassung, 90):
                text.textLine(line)
        else:
            text.textLines(
                "Anlage: Fallzahlen nach Kommune\n\nEssen 14\nGelsenkirchen 9\nDuisburg 11\nDortmund 7\n\n"
                "Quelle: eigene Erhebung, Stand Ende des Berichtszeitraums."
            )
        pdf.drawText(text)
        pdf.setFont("Helvetica", 8)
        pdf.drawString(60, 30, f"Seite {page} von 2 – Sicherheitskooperation Ruhr")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + [current]


def _region(spec):
    if spec is None:
        return {}
    kind, name = spec
    if kind == "ge":
        gemeinde = Gemeinde.objects.select_related("kreis__regierungsbezirk").get(name=name)
        return {
            "gemeinde": gemeinde,
            "kreis": gemeinde.kreis,
            "regierungsbezirk": gemeinde.kreis.regierungsbezirk,
        }
    if kind == "kr":
        kreis = Kreis.objects.select_related("regierungsbezirk").get(name=name)
        return {"kreis": kreis, "regierungsbezirk": kreis.regierungsbezirk}
    return {"regierungsbezirk": Regierungsbezirk.objects.get(name=name)}


def ensure_arbeitskreise(ctx) -> dict[str, Arbeitskreis]:
    """The five Arbeitskreise of the reference data, by name.

    `demo.arbeitskreise` (seeded before this module) creates them with their Leitung and members; this
    only creates one that is missing and adds nobody, so that the membership has one source.
    """
    names = json.loads(DATA.read_text(encoding="utf-8"))["arbeitskreise"]
    arbeitskreise = {}
    for name in names:
        ak = Arbeitskreis.objects.filter(name=name).first()
        if ak is None:
            ak = Arbeitskreis(
                name=name, slug=slugify(name), zweck=f"Arbeitskreis {name} der Sicherheitskooperation Ruhr"
            )
            ak.save()
        arbeitskreise[name] = ak
    return arbeitskreise


def seed(ctx) -> None:
    arbeitskreise = ensure_arbeitskreise(ctx)
    fachgebiete = {f.name: f for f in Fachgebiet.objects.all()}
    created = 0
    for index, (
        author_key,
        titel,
        fg_names,
        region,
        klass,
        sichtbarkeit,
        targets,
        status,
        month,
    ) in enumerate(REPORTS):
        if Lagebild.objects.filter(titel=titel).exists():
            continue
        autor = ctx.users[author_key]
        zusammenfassung = (
            f"{titel}. Der Bericht fasst die Erkenntnisse der {autor.behoerde.name} für den Berichtszeitraum "
            "zusammen: Anzahl der Kontrollen, festgestellte Verstöße, eingeleitete Verfahren und Hinweise "
            "für die Partner. Ansprechpartner und Rückfragen über die Geschäftsstelle."
        )
        start = dt.date(2026, month, 1)
        end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        upload = SimpleUploadedFile(
            f"{slugify(titel)[:60]}.pdf", demo_pdf(titel, autor.behoerde.name, zusammenfassung, klass == V)
        )
        lagebild = lagebild_create(
            by=autor,
            titel=titel,
            zusammenfassung=zusammenfassung,
            zeitraum_von=start,
            zeitraum_bis=end,
            fachgebiete=[fachgebiete[n] for n in fg_names if n in fachgebiete],
            klassifikation=klass,
            sichtbarkeit=sichtbarkeit,
            behoerden=list(Behoerde.objects.filter(name__in=targets)) if sichtbarkeit == BEH else [],
            arbeitskreise=[arbeitskreise[t] for t in targets] if sichtbarkeit == AK else [],
            upload=upload,
            aenderungshinweis="Erstfassung",
            veroeffentlichen=status != "e",
            **_region(region),
        )
        # Spread the creation dates so that the list looks lived-in.
        Lagebild.objects.filter(pk=lagebild.pk).update(
            erstellt_am=dt.datetime(2026, month, 1, 9, tzinfo=dt.UTC)
            + dt.timedelta(days=end.day - 1, hours=index)
        )
        if status == "z":
            lagebild_withdraw(lagebild=lagebild, by=autor)
        created += 1
    ctx.log(
        f"Lagebilder: {created} neu, {Lagebild.objects.count()} insgesamt "
        f"({Lagebild.objects.filter(status=Status.VEROEFFENTLICHT).count()} veröffentlicht)"
    )
