"""Demo content: the events overview and five Fachveranstaltungen (past and future, one nearly full, one online)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from behoerden.models import Behoerde
from demo.context import DemoContext
from demo.pages import ensure_home_page
from veranstaltungen.models import (
    Anmeldung,
    VeranstaltungIndexPage,
    VeranstaltungPage,
    VeranstaltungZielgruppe,
)

BERLIN = ZoneInfo("Europe/Berlin")


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def _agenda(*items):
    blocks = []
    for zeit, titel, referent in items:
        if referent is None:
            blocks.append(("pause", {"zeit": zeit, "titel": titel}))
        else:
            blocks.append(("punkt", {"zeit": zeit, "titel": titel, "referent": referent, "beschreibung": ""}))
    return blocks


# slug, title, start (days from seeding, hour, minute), duration hours, fields, restricted kinds, organisers,
# registrations (demo user keys, in order).
EVENTS = [
    {
        "slug": "fachtag-clankriminalitaet-ruhr",
        "title": "Fachtag Clankriminalität Ruhr 2027",
        "start": (24, 9, 30),
        "hours": 7,
        "ort": "Haus der Technik, Hollestraße 1, 45127 Essen, Großer Saal",
        "zielgruppe": "Alle Partner der Sicherheitskooperation Ruhr",
        "kapazitaet": 120,
        "beschreibung": (
            "<p>Der jährliche Fachtag der SiKo Ruhr zieht Bilanz: Welche Maßnahmen haben gewirkt, wo stehen "
            "die Partner bei Vermögensabschöpfung und gemeinsamen Kontrollen, und was bringt das Jahr 2027? "
            "Mit Praxisberichten aus Kommunen, Polizei und Zoll.</p>"
        ),
        "agenda": _agenda(
            (
                "09:30",
                "Begrüßung und Lagebild Clankriminalität Ruhr",
                "Leitung der Geschäftsstelle SiKo Ruhr",
            ),
            ("10:15", "Vermögensabschöpfung: Erfahrungen aus zwei Jahren Finanzermittlungen", "PP Essen"),
            ("11:15", "Kaffeepause", None),
            (
                "11:45",
                "Gemeinsame Kontrollen im Shisha-Gewerbe – was die Kommunen beitragen",
                "Stadt Gelsenkirchen",
            ),
            ("12:45", "Mittagspause", None),
            ("13:45", "Prävention: Ergebnisse aus Communities That Care und dem 360°-Projekt", "IM NRW"),
            ("15:00", "Podiumsdiskussion und Ausblick", "Partner der SiKo Ruhr"),
        ),
        "zulassungen": [],
        "organisatoren": ["gs-redaktion", "pp-essen-ap"],
        "anmeldungen": [
            "pp-essen-mitglied",
            "stadt-gelsenkirchen-ap",
            "stadt-duisburg-mitglied",
            "hza-dortmund-ap",
        ],
    },
    {
        "slug": "workshop-gluecksspielaufsicht",
        "title": "Workshop Glücksspielaufsicht: Kontrollen in Wettbüros und Spielhallen",
        "start": (12, 10, 0),
        "hours": 5,
        "ort": "Hans-Sachs-Haus, Ebertstraße 11, 45879 Gelsenkirchen, Raum 3.12",
        "zielgruppe": "Ordnungsämter und Gewerbeaufsicht der Kommunen, Polizei",
        "kapazitaet": 4,
        "beschreibung": (
            "<p>Praxisworkshop in kleiner Runde: rechtliche Grundlagen nach Glücksspielstaatsvertrag 2021 "
            "und Ausführungsgesetz NRW, Ablauf einer gemeinsamen Kontrolle, typische Verstöße und die "
            "Dokumentation für nachfolgende Verwaltungsverfahren.</p>"
        ),
        "agenda": _agenda(
            ("10:00", "Rechtsrahmen: GlüStV 2021 und AG GlüStV NRW", "Stadt Gelsenkirchen, Ordnungsamt"),
            ("11:00", "Fallbeispiele aus Kontrollen 2026", "PP Gelsenkirchen"),
            ("12:30", "Mittagspause", None),
            ("13:15", "Übung: Kontrollprotokoll und Anhörung", "Stadt Gelsenkirchen, Ordnungsamt"),
        ),
        "zulassungen": [],
        "organisatoren": ["stadt-gelsenkirchen-ap"],
        "anmeldungen": ["stadt-gelsenkirchen-mitglied", "pp-essen-mitglied", "stadt-duisburg-ap"],
    },
    {
        "slug": "online-seminar-vermoegensabschoepfung-kommunen",
        "title": "Online-Seminar: Vermögensabschöpfung in der kommunalen Praxis",
        "start": (8, 14, 0),
        "hours": 2,
        "ort": "",
        "online_link": "https://konferenz.siko-ruhr.nrw.de/raum/vermoegensabschoepfung",
        "zielgruppe": "Kommunale Vollzugsbehörden, Steuerämter, Ausländerbehörden",
        "kapazitaet": None,
        "beschreibung": (
            "<p>Wie Kommunen Vermögenswerte sichern können: Gewerbeuntersagung, Vollstreckung offener "
            "Forderungen, Zusammenarbeit mit Finanzermittlungen der Polizei und der Steuerfahndung. "
            "Der Zugang zur Videokonferenz wird nach der Anmeldung angezeigt.</p>"
        ),
        "agenda": _agenda(
            ("14:00", "Einführung: Instrumente der Vermögensabschöpfung", "Geschäftsstelle SiKo Ruhr"),
            ("14:45", "Praxisbericht: Vollstreckung bei Gewerbetreibenden", "Stadt Duisburg, Steueramt"),
            ("15:30", "Fragen und Austausch", "alle"),
        ),
        "zulassungen": [],
        "organisatoren": ["gs-redaktion"],
        "anmeldungen": ["stadt-duisburg-ap", "stadt-gelsenkirchen-mitglied"],
    },
    {
        "slug": "austausch-polizei-zoll-finanzkontrolle-shisha",
        "title": "Austauschtreffen Polizei und Zoll: Finanzkontrolle Schwarzarbeit im Shisha-Gewerbe",
        "start": (35, 9, 0),
        "hours": 4,
        "ort": "Hauptzollamt Dortmund, Beurhausstraße 16, 44137 Dortmund",
        "zielgruppe": "Polizei und Zoll (geschlossener Teilnehmerkreis)",
        "kapazitaet": 25,
        "beschreibung": (
            "<p>Abstimmung der Kontrollschwerpunkte 2027 zwischen Kreispolizeibehörden und der "
            "Finanzkontrolle Schwarzarbeit. Nur für Polizei und Zoll sichtbar.</p>"
        ),
        "agenda": _agenda(
            ("09:00", "Lagebild Shisha-Gewerbe aus Sicht der FKS", "HZA Dortmund"),
            ("10:00", "Abstimmung gemeinsamer Kontrolltermine", "alle"),
        ),
        "zulassungen": [Behoerde.Art.POLIZEI, Behoerde.Art.ZOLL],
        "organisatoren": ["hza-dortmund-ap"],
        "anmeldungen": ["hza-dortmund-mitglied", "pp-essen-ap"],
    },
    {
        "slug": "auftakt-communities-that-care-ruhr",
        "title": "Auftaktveranstaltung Communities That Care im Ruhrgebiet",
        "start": (-60, 10, 0),
        "hours": 4,
        "ort": "Rathaus Bochum, Willy-Brandt-Platz 2–6, 44777 Bochum, Ratssaal",
        "zielgruppe": "Kommunale Präventionsräte, Jugendhilfe, Schulen, Polizei",
        "kapazitaet": 80,
        "beschreibung": (
            "<p>Vorstellung des CTC-Verfahrens und der ersten Gebietsprofile aus Gelsenkirchen und "
            "Duisburg. Die Vorträge stehen im Bereich Prävention zur Verfügung.</p>"
        ),
        "agenda": _agenda(
            ("10:00", "Communities That Care – das Verfahren", "Landespräventionsrat NRW"),
            ("11:00", "Das Gebietsprofil Gelsenkirchen-Ückendorf", "Stadt Gelsenkirchen"),
        ),
        "zulassungen": [],
        "organisatoren": ["gs-redaktion"],
        "anmeldungen": ["stadt-gelsenkirchen-ap", "stadt-duisburg-ap", "pp-essen-mitglied"],
    },
]


def seed(ctx: DemoContext) -> None:
    home = ensure_home_page()
    index = VeranstaltungIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=VeranstaltungIndexPage(
                title="Fachveranstaltungen",
                slug="veranstaltungen",
                intro="<p>Fachtage, Workshops und Online-Seminare der Sicherheitskooperation Ruhr und ihrer "
                "Partner. Melden Sie sich direkt hier an.</p>",
            )
        )
        index.save_revision().publish()
    created = 0
    for spec in EVENTS:
        page = VeranstaltungPage.objects.child_of(index).filter(slug=spec["slug"]).first()
        if page is not None:
            continue  # created once with dates relative to that day; later runs change nothing
        days, hour, minute = spec["start"]
        beginn = _at(days, hour, minute)
        page = VeranstaltungPage(
            slug=spec["slug"],
            title=spec["title"],
            beginn=beginn,
            ende=beginn + timedelta(hours=spec["hours"]),
            ort=spec["ort"],
            online_link=spec.get("online_link", ""),
            zielgruppe=spec["zielgruppe"],
            kapazitaet=spec["kapazitaet"],
            beschreibung=spec["beschreibung"],
            agenda=spec["agenda"],
        )
        for art in spec["zulassungen"]:
            page.zulassungen.add(VeranstaltungZielgruppe(art=art))
        page.organisatoren.set([ctx.users[key] for key in spec["organisatoren"] if key in ctx.users])
        index.add_child(instance=page)
        page.save_revision().publish()
        for offset, key in enumerate(spec["anmeldungen"]):
            user = ctx.users.get(key)
            if user is None:
                continue
            Anmeldung.objects.get_or_create(
                veranstaltung=page,
                user=user,
                defaults={"created_at": min(timezone.now(), beginn) - timedelta(days=20 - offset)},
            )
        created += 1
    ctx.log(f"Fachveranstaltungen: {created} neu angelegt, {len(EVENTS)} insgesamt")
