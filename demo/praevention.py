"""Demo content: the Prävention page, the programmes CTC and 360°, a dozen measures in several Kommunen."""

from datetime import date

from django.utils import timezone

from behoerden.models import Behoerde, Gemeinde
from demo.context import DemoContext
from demo.pages import ensure_home_page
from praevention.models import (
    Massnahme,
    Phase,
    PraeventionPage,
    PraeventionsprogrammPage,
    Programm,
    Status,
    Zielgruppe,
)

INTRO = (
    "<p>Clankriminalität lässt sich nicht allein mit Repression bekämpfen. Die Partner der "
    "Sicherheitskooperation Ruhr setzen deshalb auch auf Prävention: Kinder und Jugendliche aus "
    "kriminalitätsbelasteten Familienverbünden sollen Perspektiven jenseits krimineller Strukturen "
    "erhalten, Fachkräfte in Schule, Jugendhilfe und Ordnungsverwaltung werden vernetzt.</p>"
)

BODY = [
    ("ueberschrift", "Wie der Maßnahmenkatalog entsteht"),
    (
        "absatz",
        "<p>Die Kommunen melden ihre Präventionsmaßnahmen über das Portal. Die Redaktion der "
        "Geschäftsstelle prüft jeden Vorschlag, bevor er im Katalog erscheint. So entsteht ein Überblick, "
        "welche Ansätze in der Region erprobt sind und wo Erfahrungen aus der Erfolgsbewertung vorliegen.</p>",
    ),
    (
        "schritte",
        [
            {
                "titel": "Planung",
                "text": "Bedarf erheben, Zielgruppe bestimmen, Partner und Finanzierung klären.",
            },
            {
                "titel": "Durchführung",
                "text": "Angebote umsetzen, Teilnahme dokumentieren, Zwischenstände auswerten.",
            },
            {
                "titel": "Erfolgsbewertung",
                "text": "Wirkung anhand vorab festgelegter Indikatoren prüfen und teilen.",
            },
        ],
    ),
]

PROGRAMMES = [
    {
        "slug": "communities-that-care",
        "title": "Communities That Care (CTC)",
        "programm": Programm.CTC,
        "traeger": "Landespräventionsrat NRW, kommunale Steuerungsgruppen",
        "laufzeit": "fortlaufend seit 2021",
        "intro": (
            "<p>Communities That Care ist ein wissenschaftlich fundiertes Verfahren, mit dem Kommunen die "
            "Risiko- und Schutzfaktoren für problematisches Verhalten junger Menschen im eigenen Sozialraum "
            "erheben und gezielt wirksame Programme auswählen.</p>"
        ),
        "body": [
            ("ueberschrift", "Das Verfahren in fünf Phasen"),
            (
                "schritte",
                [
                    {
                        "titel": "Startklar machen",
                        "text": "Schlüsselpersonen aus Verwaltung, Polizei, Schule und Jugendhilfe gewinnen.",
                    },
                    {
                        "titel": "Gebietsprofil erstellen",
                        "text": "Schülerbefragung zu Risiko- und Schutzfaktoren im Quartier auswerten.",
                    },
                    {
                        "titel": "Aktionsplan entwickeln",
                        "text": "Prioritäre Faktoren festlegen und geprüfte Programme aus der Grünen Liste Prävention auswählen.",
                    },
                    {
                        "titel": "Programme umsetzen",
                        "text": "Ausgewählte Programme in Kita, Schule und Familie verlässlich durchführen.",
                    },
                    {
                        "titel": "Wirkung überprüfen",
                        "text": "Nach zwei Jahren erneut befragen und den Aktionsplan anpassen.",
                    },
                ],
            ),
            (
                "absatz",
                "<p>Für die Vorbeugung von Clankriminalität ist CTC besonders geeignet, weil es nicht bei "
                "einzelnen Familien ansetzt, sondern das Umfeld stärkt, in dem Kinder aufwachsen. Mehrere "
                "Partnerkommunen nutzen das Gebietsprofil, um Angebote in belasteten Stadtteilen zu bündeln.</p>",
            ),
            (
                "kennzahlen",
                [
                    {"wert": "5", "beschreibung": "Kommunen der SiKo Ruhr arbeiten mit CTC"},
                    {"wert": "2 Jahre", "beschreibung": "Abstand zwischen den Schülerbefragungen"},
                ],
            ),
        ],
    },
    {
        "slug": "360-grad-integration-orientierung-perspektiven",
        "title": "Integration, Orientierung, Perspektiven! 360° Maßnahmen zur Vorbeugung von Clankriminalität",
        "programm": Programm.PROJEKT_360,
        "traeger": "Ministerium des Innern des Landes Nordrhein-Westfalen (IM NRW)",
        "laufzeit": "2023 bis 2027",
        "intro": (
            "<p>Das Projekt des IM NRW verbindet Angebote für junge Menschen aus clanbezogenen "
            "Familienstrukturen mit der Arbeit von Polizei, Kommunen, Schulen und Trägern der Jugendhilfe. "
            "Ziel ist, den Einstieg in kriminelle Karrieren zu verhindern und Ausstiegswege zu öffnen.</p>"
        ),
        "body": [
            ("ueberschrift", "Drei Säulen"),
            (
                "absatz",
                "<p><b>Integration:</b> Zugang zu Bildung, Ausbildung und Arbeit erleichtern, etwa durch "
                "Mentoring und Ausbildungslotsen. <b>Orientierung:</b> Wertevermittlung und "
                "Rechtsstaatsbildung in Schulen und Jugendeinrichtungen. <b>Perspektiven:</b> Begleitung "
                "einzelner junger Menschen und ihrer Familien, die sich von kriminellen Strukturen lösen "
                "wollen.</p>",
            ),
            ("ueberschrift", "Der 360°-Blick"),
            (
                "absatz",
                "<p>Die Maßnahmen setzen an allen Lebensbereichen zugleich an – Familie, Schule, Freizeit, "
                "Arbeit und Wohnumfeld. Fallkonferenzen führen die Erkenntnisse der beteiligten Stellen "
                "unter Beachtung des Datenschutzes zusammen.</p>",
            ),
            (
                "hinweis",
                "Kommunen, die sich am Projekt beteiligen möchten, wenden sich an die Geschäftsstelle der "
                "SiKo Ruhr; sie vermittelt den Kontakt zum IM NRW.",
            ),
        ],
    },
]

# (titel, Gemeinde, programm, zielgruppe, phase, beginn, ende, beschreibung, evaluation, status)
MASSNAHMEN = [
    (
        "Mentoringprogramm „Weichen stellen“",
        "Gelsenkirchen",
        Programm.PROJEKT_360,
        Zielgruppe.JUGENDLICHE,
        Phase.DURCHFUEHRUNG,
        date(2025, 9, 1),
        date(2027, 7, 31),
        "Ehrenamtliche Mentorinnen und Mentoren aus Betrieben begleiten Jugendliche der Klassen 8 bis 10 aus belasteten Familien ein Jahr lang auf dem Weg in Ausbildung. Wöchentliche Treffen, Betriebsbesuche und Bewerbungstraining.",
        "",
        Status.FREIGEGEBEN,
    ),
    (
        "Gebietsprofil Gelsenkirchen-Ückendorf",
        "Gelsenkirchen",
        Programm.CTC,
        Zielgruppe.QUARTIER,
        Phase.ERFOLGSBEWERTUNG,
        date(2023, 2, 1),
        date(2025, 6, 30),
        "Schülerbefragung an sechs Schulen im Stadtteil Ückendorf nach dem CTC-Verfahren; Ableitung eines Aktionsplans mit drei prioritären Risikofaktoren.",
        "Rücklaufquote 71 %. Als prioritär wurden geringe Bindung an die Schule, Gewalt billigende Einstellungen und Konflikte in der Familie festgelegt. Der Aktionsplan wurde vom Rat beschlossen.",
        Status.FREIGEGEBEN,
    ),
    (
        "Elternkurs „Starke Eltern – starke Kinder“ in Marxloh",
        "Duisburg",
        Programm.CTC,
        Zielgruppe.ELTERN,
        Phase.DURCHFUEHRUNG,
        date(2025, 3, 1),
        date(2026, 12, 31),
        "Zehnteiliger Elternkurs in deutscher, arabischer und türkischer Sprache im Familienzentrum Marxloh, mit Kinderbetreuung. Themen: Erziehung ohne Gewalt, Grenzen setzen, Schule begleiten.",
        "",
        Status.FREIGEGEBEN,
    ),
    (
        "Rechtsstaatsunterricht an Gesamtschulen",
        "Duisburg",
        Programm.PROJEKT_360,
        Zielgruppe.SCHULEN,
        Phase.PLANUNG,
        date(2026, 2, 1),
        None,
        "Polizei, Staatsanwaltschaft und Ordnungsamt gestalten gemeinsam Unterrichtseinheiten zu Rechtsstaat, Gewaltmonopol und Gleichberechtigung für die Jahrgangsstufe 9.",
        "",
        Status.VORGESCHLAGEN,
    ),
    (
        "Ausbildungslotsen im Essener Norden",
        "Essen",
        Programm.PROJEKT_360,
        Zielgruppe.JUNGE_ERWACHSENE,
        Phase.DURCHFUEHRUNG,
        date(2024, 8, 1),
        date(2026, 7, 31),
        "Zwei Ausbildungslotsen sprechen junge Erwachsene ohne Abschluss in Jugendtreffs und Sportvereinen an und vermitteln in Einstiegsqualifizierungen und Ausbildungsplätze.",
        "",
        Status.FREIGEGEBEN,
    ),
    (
        "Fortbildung „Clanstrukturen verstehen“ für Fachkräfte der Jugendhilfe",
        "Essen",
        Programm.SONSTIGES,
        Zielgruppe.FACHKRAEFTE,
        Phase.ERFOLGSBEWERTUNG,
        date(2024, 1, 15),
        date(2024, 12, 15),
        "Sechs Fortbildungstage für Fachkräfte aus Jugendamt, Schulsozialarbeit und offener Jugendarbeit zu Familienstrukturen, Loyalitätskonflikten und Handlungsmöglichkeiten.",
        "142 Teilnehmende. In der Nachbefragung gaben 88 % an, sich im Umgang mit betroffenen Familien sicherer zu fühlen. Fortsetzung 2026 mit Aufbaumodul beschlossen.",
        Status.FREIGEGEBEN,
    ),
    (
        "Sport statt Straße – Mitternachtsfußball Nordstadt",
        "Dortmund",
        Programm.SONSTIGES,
        Zielgruppe.JUGENDLICHE,
        Phase.DURCHFUEHRUNG,
        date(2025, 4, 1),
        None,
        "Freitags von 21 bis 24 Uhr offenes Fußballangebot in der Sporthalle Nordstadt mit Streetworkern; Regeln zu Fairness und Gewaltverzicht werden gemeinsam vereinbart.",
        "",
        Status.FREIGEGEBEN,
    ),
    (
        "Kita-Programm „Papilio“ in der Nordstadt",
        "Dortmund",
        Programm.CTC,
        Zielgruppe.KINDER,
        Phase.PLANUNG,
        date(2026, 8, 1),
        date(2028, 7, 31),
        "Einführung des Programms Papilio zur Förderung sozial-emotionaler Kompetenzen in acht Kindertageseinrichtungen; Qualifizierung der Erzieherinnen und Erzieher.",
        "",
        Status.FREIGEGEBEN,
    ),
    (
        "Fallkonferenzen junge Intensivtäter",
        "Recklinghausen",
        Programm.PROJEKT_360,
        Zielgruppe.JUNGE_ERWACHSENE,
        Phase.ERFOLGSBEWERTUNG,
        date(2023, 9, 1),
        date(2025, 8, 31),
        "Monatliche Fallkonferenzen von Jugendamt, Polizei, Jugendgerichtshilfe und Schule zu jungen Menschen mit wiederholten Gewaltdelikten; abgestimmte Hilfe- und Interventionspläne.",
        "Bei 14 von 23 begleiteten jungen Menschen keine neuen Gewaltdelikte im Folgejahr. Die Abstimmung zwischen den Stellen wurde als deutlich schneller bewertet.",
        Status.FREIGEGEBEN,
    ),
    (
        "Mädchentreff „Eigene Wege“",
        "Recklinghausen",
        Programm.PROJEKT_360,
        Zielgruppe.JUGENDLICHE,
        Phase.DURCHFUEHRUNG,
        date(2025, 1, 1),
        date(2026, 12, 31),
        "Geschützter Raum für Mädchen und junge Frauen aus patriarchal geprägten Familien: Beratung zu Schule, Beruf und Selbstbestimmung, Kontakt zu Frauenberatungsstellen.",
        "",
        Status.FREIGEGEBEN,
    ),
    (
        "Schulverweigerung früh erkennen",
        "Bochum",
        Programm.CTC,
        Zielgruppe.SCHULEN,
        Phase.DURCHFUEHRUNG,
        date(2025, 8, 15),
        date(2027, 7, 15),
        "Frühwarnsystem für unentschuldigte Fehlzeiten an Grund- und weiterführenden Schulen; Hausbesuche durch Schulsozialarbeit ab dem fünften Fehltag.",
        "",
        Status.FREIGEGEBEN,
    ),
    (
        "Quartiersrat Herne-Wanne",
        "Herne",
        Programm.SONSTIGES,
        Zielgruppe.QUARTIER,
        Phase.PLANUNG,
        date(2026, 4, 1),
        None,
        "Aufbau eines Quartiersrats mit Anwohnenden, Gewerbetreibenden, Moscheegemeinden und Verwaltung, um Konflikte im öffentlichen Raum frühzeitig zu bearbeiten.",
        "",
        Status.FREIGEGEBEN,
    ),
    (
        "Ausstiegsberatung für junge Erwachsene",
        "Gelsenkirchen",
        Programm.PROJEKT_360,
        Zielgruppe.JUNGE_ERWACHSENE,
        Phase.PLANUNG,
        date(2026, 6, 1),
        None,
        "Vertrauliche Beratung für junge Erwachsene, die sich aus kriminellen Familienstrukturen lösen wollen, mit Unterstützung bei Wohnung, Arbeit und Schutz.",
        "",
        Status.VORGESCHLAGEN,
    ),
]


def _home_child(home, model, slug, **fields):
    """Create and publish a page once; an existing page (perhaps edited by the Redaktion) stays as it is."""
    page = model.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        page = home.add_child(instance=model(slug=slug, **fields))
        page.save_revision().publish()
    return page


def seed(ctx: DemoContext) -> None:
    home = ensure_home_page()
    praevention = _home_child(
        home, PraeventionPage, "praevention", title="Prävention", intro=INTRO, body=BODY
    )
    for programme in PROGRAMMES:
        data = dict(programme)
        _home_child(praevention, PraeventionsprogrammPage, data.pop("slug"), **data)

    redaktion = ctx.users.get("gs-redaktion")
    ansprechpartner = {
        user.behoerde.gemeinde_id: user
        for user in ctx.users.values()
        if user.is_ansprechpartner and user.behoerde.art == Behoerde.Art.KOMMUNE
    }
    now = timezone.now()
    for titel, ort, programm, zielgruppe, phase, beginn, ende, beschreibung, evaluation, status in MASSNAHMEN:
        gemeinde = Gemeinde.objects.get(name=ort)
        behoerde = Behoerde.objects.get(art=Behoerde.Art.KOMMUNE, gemeinde=gemeinde)
        proposer = ansprechpartner.get(gemeinde.pk)
        massnahme, _created = Massnahme.objects.update_or_create(
            titel=titel,
            kommune=gemeinde,
            defaults={
                "programm": programm,
                "zielgruppe": zielgruppe,
                "phase": phase,
                "beginn": beginn,
                "ende": ende,
                "behoerde": behoerde,
                "kontakt": proposer,
                "kontakt_text": f"Präventionsstelle, {behoerde.funktionspostfach or behoerde.name}",
                "beschreibung": beschreibung,
                "evaluationsergebnis": evaluation,
                "status": status,
                "eingereicht_von": proposer,
                "geprueft_von": redaktion if status == Status.FREIGEGEBEN else None,
            },
        )
        if (status == Status.FREIGEGEBEN) != bool(massnahme.geprueft_am):
            massnahme.geprueft_am = now if status == Status.FREIGEGEBEN else None
            massnahme.save(update_fields=["geprueft_am"])
    ctx.log(f"Prävention: 2 Programme, {len(MASSNAHMEN)} Maßnahmen")
