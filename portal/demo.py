"""Demo content of the portal app: start page, news ("Aktuelles"), editorial rights and workflow."""

import datetime
import importlib

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from portal.demo_context import DemoContext

from .models import HomePage, NewsIndexPage, NewsPage


def seed_all(ctx: DemoContext) -> DemoContext:
    """Seed every app's demo (`settings.DEMO_APPS`, each app's `demo.seed` in its own transaction); used by
    `manage.py seed_demo` and the tests' demo fixture."""
    for app in settings.DEMO_APPS:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        with transaction.atomic():
            module.seed(ctx)
    return ctx


def ensure_wagtail_base() -> Page:
    """Put back what Wagtail's migrations create (locale, root page, root collection) if it is missing.

    A transactional test's flush removes these rows; a real installation always has them.
    """
    from wagtail.models import Collection

    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )


def ensure_home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = ensure_wagtail_base()
        # Wagtail's initial "Welcome" page occupies the slug "home"; replace it.
        for child in root.get_children():
            if not isinstance(child.specific, HomePage):
                Site.objects.filter(root_page=child).delete()
                child.delete()
        home = root.add_child(
            instance=HomePage(
                title="Startseite", slug="start", intro="<p>Das Portal der Sicherheitskooperation Ruhr.</p>"
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="SiKo Ruhr Portal"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "SiKo Ruhr Portal"
        site.save()
    return home


def upsert_page(parent: Page, model: type[Page], slug: str, *, user=None, m2m: dict | None = None, **fields):
    """Create and publish a child page unless one with this slug exists (indexes it for search)."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is not None:
        return page  # seeded before: leave editors' changes alone (running the seed twice changes nothing)
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    for name, values in (m2m or {}).items():
        getattr(page, name).set(values)
    page.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
    return model.objects.get(pk=page.pk)


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
    from django.utils.html import format_html
    from wagtail.images import get_image_model

    image = get_image_model().objects.filter(title=title).first()
    if image is None:
        return ""
    return format_html('<embed alt="{}" embedtype="image" format="fullwidth" id="{}"/>', alt, image.pk)


def seed(ctx: DemoContext) -> None:
    from fachgebiete.models import Fachgebiet

    from .editorial import editorial_setup

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
    # The overview map (fachgebiete.demo) is embedded in the annual report's rich text.
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
