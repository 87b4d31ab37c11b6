"""Benchmark: page search over 10,000 published pages on PostgreSQL (database time, p50/p95).

    createdb -h 127.0.0.1 -U postgres siko_content   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_content \
        .venv/bin/python benchmarks/search_pages.py [--pages 10000] [--runs 300]

Pages are bulk-inserted into the Wagtail tree (one FachgebietIndexPage with N children) together with
their search index rows, then `suche.page_index.search_entries` runs for a mix of German queries as
a Mitglied would. Only time spent inside the database cursor is counted.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siko_portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

WORDS = [
    "Glücksspiel",
    "Spielhalle",
    "Wettbüro",
    "Geldwäsche",
    "Vermögensabschöpfung",
    "Einziehung",
    "Maßnahmen",
    "Kontrolle",
    "Shisha",
    "Tabaksteuer",
    "Jugendschutz",
    "Gaststätte",
    "Erlaubnis",
    "Zuverlässigkeit",
    "Bewachungsgewerbe",
    "Türsteher",
    "Sachkunde",
    "Ausweisung",
    "Ausländerbehörde",
    "Aufenthaltsrecht",
    "Raserszene",
    "Fahrerlaubnis",
    "Prostitution",
    "Anmeldung",
    "Betreiber",
    "Strohmann",
    "Kreispolizeibehörde",
    "Staatsanwaltschaft",
    "Lagebild",
    "Verbundkontrolle",
    "Bedrohung",
    "Fallkonferenz",
    "Kommune",
    "Ordnungsamt",
    "Zoll",
    "Steuerfahndung",
    "Immobilie",
    "Vermögensarrest",
    "Sicherstellung",
    "Bußgeld",
]
# Ordinary administrative German around the topic words, so a topic word occurs in a few percent of pages.
FILLER = [
    f"{stem}{n}" for stem in ("vorgang", "aktenzeichen", "abschnitt", "bezirk", "termin") for n in range(120)
]
VOCABULARY = WORDS + FILLER
QUERIES = [
    "Glücksspiele",
    "Massnahmen",
    "Vermögensabschöpfung Immobilie",
    "Shisha Jugendschutz",
    "Türsteher",
    "Ausweisung",
    "Geldwäsche Strohmann",
    "Lagebild Kommune",
    "Fahrerlaubnis",
    "Zuverlässigkeit Betreiber",
]


def build(n: int) -> None:
    """Bulk-insert N live pages under one index page, with their search index rows (idempotent)."""
    from wagtail.models import Page

    from demo.pages import ensure_home_page, upsert_page
    from fachgebiete.models import Fachgebiet, FachgebietIndexPage
    from portal import textsearch
    from suche.models import PageSearchEntry
    from tests.bulk_pages import child_path

    home = ensure_home_page()
    index = upsert_page(home, FachgebietIndexPage, "fachgebiete", title="Fachgebiete")
    existing = Page.objects.child_of(index).count()
    if existing >= n:
        return
    slugs = list(Fachgebiet.objects.values_list("slug", flat=True)) or ["shisha", "glucksspiel", "verkehr"]
    rng = random.Random(42)
    with transaction.atomic():
        pages = []
        for i in range(existing, n):
            title = f"Bericht {i}: " + " ".join(rng.sample(WORDS, 3))
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=f"bericht-{i}",
                    live=True,
                    has_unpublished_changes=False,
                    path=child_path(index.path, i + 1),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}bericht-{i}/",
                    content_type_id=index.content_type_id,
                    locale_id=index.locale_id,
                    search_description=" ".join(rng.choices(VOCABULARY, k=60)),
                )
            )
        Page.objects.bulk_create(pages, batch_size=500)
        Page.objects.filter(pk=index.pk).update(numchild=n)
        entries = []
        for page in Page.objects.child_of(index).only("pk", "title", "slug", "search_description"):
            text = f"{page.title} {page.search_description}"
            entries.append(
                PageSearchEntry(
                    page_id=page.pk,
                    title=page.title,
                    url=f"/fachgebiete/{page.slug}/",
                    section="Seite",
                    text=text,
                    tokens=textsearch.index_tokens(text),
                    fachgebiete=f" {rng.choice(slugs)} ",
                )
            )
        PageSearchEntry.objects.bulk_create(entries, batch_size=500, ignore_conflicts=True)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE portal_pagesearchentry SET vector = to_tsvector('simple'::regconfig, tokens)")
        cursor.execute("ANALYZE portal_pagesearchentry")
        cursor.execute("ANALYZE wagtailcore_page")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Bitte mit DATABASE_URL=postgres://… ausführen (PostgreSQL).")
    call_command("migrate", verbosity=0)
    FachgebietPage = django.apps.apps.get_model("fachgebiete", "FachgebietPage")
    FachgebietPage.get_content_type_id = staticmethod(
        lambda model: (
            __import__("django.contrib.contenttypes.models")
            .contrib.contenttypes.models.ContentType.objects.get_for_model(model)
            .pk
        )
    )
    build(args.pages)
    with connection.cursor() as cursor:  # as autovacuum would after a bulk import
        cursor.execute("ANALYZE portal_pagesearchentry")
        cursor.execute("ANALYZE wagtailcore_page")

    from accounts.models import User
    from portal.search import SearchQuery
    from suche.page_index import search_entries

    user = User.objects.filter(is_active=True).first() or User.objects.create_user(
        email="benchmark@example.org", password="Benchmark-Passwort-1!"
    )
    timings: list[float] = []

    def timer(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(time.perf_counter() - start)

    per_search = []
    with connection.execute_wrapper(timer):
        for run in range(args.runs):
            query = SearchQuery(text=QUERIES[run % len(QUERIES)], fachgebiet=None, limit=20)
            before = len(timings)
            qs, _terms = search_entries(user, query)
            hits = list(qs.only("title", "url", "text")[:20])
            per_search.append(sum(timings[before:]) * 1000)
            assert hits is not None
    per_search.sort()
    p50 = statistics.median(per_search)
    p95 = per_search[int(len(per_search) * 0.95) - 1]
    count = django.apps.apps.get_model("suche", "PageSearchEntry").objects.count()
    print(f"pages indexed: {count}; searches: {len(per_search)}")
    print(f"DB time per search: p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {per_search[-1]:.2f} ms")


if __name__ == "__main__":
    main()
