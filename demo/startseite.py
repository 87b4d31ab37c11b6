"""Demo content of the start page and the news ("Aktuelles"), with the editorial rights and workflow."""

import datetime

from django.utils.html import format_html
from wagtail.images import get_image_model

from demo.context import DemoContext
from demo.pages import ensure_home_page, upsert_page
from fachgebiete.models import Fachgebiet
from redaktion.services import editorial_setup
from startseite.models import NewsIndexPage, NewsPage

NEWS = [
    (
        "jahresbericht-2025-veroeffentlicht",
        "Jahresbericht 2025 der Sicherheitskooperation Ruhr veröffentlicht",
        datetime.date(2026, 10, 14),
        "Der Jahresbericht fasst die gemeinsamen Kontrollen, Verfahren und Präventionsprojekte der Partner "
        "im Jahr 2025 zusammen.",
        "<p>Die Geschäftsstelle hat den Jahresbericht 2025 fertiggestellt. Er enthält die Ergebnisse der "
        "gemeinsamen Verbundkontrollen in Shisha-Bars, Wettbüros und Spielhallen, die Entwicklung der "
        "Vermögensabschöpfung in den Kreispolizeibehörden sowie einen Überblick über die Präventionsprojekte "
        "in den Kommunen.</p>{karte}<p>Der Bericht wird in der nächsten Sitzung des Lenkungskreises "
        "vorgestellt. "
        "Anmerkungen der Partner nimmt die Redaktion bis zum 15. November entgegen.</p>",
        ["shisha", "glucksspiel", "vermogensabschopfung"],
    ),
    (
        "neue-checkliste-shisha-kontrollen",
        "Neue Checkliste für Kontrollen in Shisha-Bars",
        datetime.date(2026, 11, 3),
        "Der Arbeitskreis Shisha hat die gemeinsame Checkliste für Verbundkontrollen überarbeitet.",
        "<p>Die überarbeitete Checkliste berücksichtigt die Erfahrungen aus über 200 Kontrollen im "
        "Ruhrgebiet. Neu aufgenommen sind die Messung der Kohlenmonoxid-Konzentration vor Betreten der "
        "Räume, die Prüfung der Steuerbanderolen auf Tabakerzeugnissen durch den Zoll und Hinweise zur "
        "Dokumentation von Verstößen gegen das Jugendschutzgesetz.</p><p>Die Checkliste steht auf der "
        "Fachgebietsseite Shisha zur Verfügung.</p>",
        ["shisha"],
    ),
    (
        "fachtag-vermoegensabschoepfung-2027",
        "Fachtag Vermögensabschöpfung im Februar 2027",
        datetime.date(2026, 11, 18),
        "Staatsanwaltschaften, Polizei, Finanzverwaltung und Kommunen tauschen sich zur Einziehung "
        "inkriminierter Vermögenswerte aus.",
        "<p>Der Fachtag richtet sich an Vermögensabschöpferinnen und Vermögensabschöpfer der Polizei, "
        "Dezernentinnen und Dezernenten der Staatsanwaltschaften sowie die Kämmereien und Ordnungsämter der "
        "Kommunen. Schwerpunkte sind die selbständige Einziehung nach § 76a Abs. 4 StGB und die "
        "Zusammenarbeit mit den Finanzbehörden.</p>",
        ["vermogensabschopfung"],
    ),
    (
        "wartungsfenster-portal",
        "Wartungsfenster des Portals am Samstag",
        datetime.date(2026, 11, 20),
        "Am Samstag zwischen 7 und 9 Uhr ist das Portal wegen Wartungsarbeiten nicht erreichbar.",
        "<p>Während des Wartungsfensters werden Sicherheitsaktualisierungen eingespielt. Bitte speichern Sie "
        "Entwürfe rechtzeitig. Bei Fragen wenden Sie sich an die Geschäftsstelle.</p>",
        [],
    ),
]


KARTE_TITLE = "Übersicht Metropole Ruhr"
KARTE_ALT = (
    "Schematische Übersicht der Metropole Ruhr: die kreisfreien Städte von Duisburg bis Dortmund und "
    "die Kreise Wesel, Recklinghausen, Unna und Ennepe-Ruhr"
)


def _image_embed(title: str, alt: str) -> str:
    """Rich-text (database format) embed of a library image, or "" when the image is missing."""
    image = get_image_model().objects.filter(title=title).first()
    if image is None:
        return ""
    return format_html('<embed alt="{}" embedtype="image" format="fullwidth" id="{}"/>', alt, image.pk)


def seed(ctx: DemoContext) -> None:
    home = ensure_home_page()
    if home.last_published_at is None or "Lagebilder" not in home.intro:
        home.intro = (
            "<p>Das Portal der Sicherheitskooperation Ruhr: Lagebilder, Fachinformationen und Austausch der "
            "Partnerbehörden zur Bekämpfung der Clankriminalität im Ruhrgebiet.</p>"
        )
        home.save_revision().publish()
    editorial_setup(home=home)
    redaktion = ctx.users.get("gs-redaktion")
    index = upsert_page(
        home,
        NewsIndexPage,
        "aktuelles",
        title="Aktuelles",
        intro="<p>Mitteilungen der Geschäftsstelle an die Partner der Sicherheitskooperation Ruhr.</p>",
    )
    # The overview map (demo.fachgebiete) is embedded in the annual report's rich text.
    karte = _image_embed(KARTE_TITLE, KARTE_ALT)
    for slug, title, datum, teaser, text, fachgebiet_slugs in NEWS:
        text = text.replace("{karte}", karte)
        upsert_page(
            index,
            NewsPage,
            slug,
            user=redaktion,
            title=title,
            datum=datum,
            teaser=teaser,
            body=[("absatz", text)],
            letzte_pruefung=datum,
            inhaltlich_verantwortlich=redaktion,
            m2m={"fachgebiete": Fachgebiet.objects.filter(slug__in=fachgebiet_slugs)},
        )
    ctx.log(f"Portal: Startseite, Workflow und {len(NEWS)} Meldungen")
