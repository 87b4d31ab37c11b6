"""Start page "Neu für Sie": section names as people say them, VS-NfD with title and badge for those who
may open it, each item once, and an "alle anzeigen" link under every list."""

import datetime as dt
import re

import pytest
from django.apps import apps

pytestmark = pytest.mark.django_db


def _news_section(html: str) -> str:
    start = html.index('id="neu-heading"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def vsnfd_lagebild(demo):
    from fachgebiete.models import Fachgebiet
    from lagebilder.models import Klassifikation
    from lagebilder.services import lagebild_create

    autor = demo.users["pp-essen-mitglied"]
    fachgebiet = Fachgebiet.objects.get_or_create(slug="shisha", defaults={"name": "Shisha"})[0]
    return lagebild_create(
        by=autor,
        titel="Lage Shisha-Bars Essen-Nord",
        zusammenfassung="Kontrollen der Woche.",
        zeitraum_von=dt.date(2026, 10, 1),
        zeitraum_bis=dt.date(2026, 10, 31),
        fachgebiete=[fachgebiet],
        klassifikation=Klassifikation.VS_NFD,
    )


def test_start_page_names_sections_and_lists_each_item_once(demo, vsnfd_lagebild, login):
    html = login(demo.users["pp-essen-mitglied"]).get("/").content.decode()
    news = _news_section(html)
    metas = re.findall(r'<span class="meta">([^<]*)</span>', news)
    assert metas, "the demo publishes pages and events: the list must not be empty"
    app_labels = {config.label for config in apps.get_app_configs()} | {"seiten"}
    for meta in metas:
        section = meta.split("·")[0].strip()
        assert section not in app_labels, meta
    links = re.findall(r'<li><a href="([^"]+)"', news)
    assert len(links) == len(set(links)), "an item is listed twice"
    assert "Fachveranstaltungen" in news


def test_vsnfd_items_show_title_and_badge_to_those_who_may_open_them(demo, vsnfd_lagebild, login):
    news = _news_section(login(demo.users["pp-essen-mitglied"]).get("/").content.decode())
    assert 'Lage Shisha-Bars Essen-Nord</a> <span class="vs-badge"' in news
    assert "Eingestufter Eintrag" not in news
    # Someone of another authority does not see it at all.
    other = _news_section(login(demo.users["hza-dortmund-mitglied"]).get("/").content.decode())
    assert "Shisha-Bars Essen-Nord" not in other


def test_every_start_page_list_has_an_alle_anzeigen_link(demo, vsnfd_lagebild, login):
    client = login(demo.users["pp-essen-mitglied"])
    html = client.get("/").content.decode()
    news = _news_section(html)
    lists = news.count('<ul class="news-list">')
    more = re.findall(r'<p class="more-link"><a href="([^"]+)">alle anzeigen', news)
    assert lists and len(more) == lists
    assert 'href="/kalender/">alle anzeigen' in html  # under "Nächste Fachveranstaltungen"
    for url in set(more):
        assert client.get(url).status_code == 200, url


def test_newsletter_digest_keeps_the_placeholder_for_vsnfd(demo, vsnfd_lagebild):
    from portal.news import news_for

    items = news_for(demo.users["pp-essen-mitglied"], dt.datetime(2000, 1, 1, tzinfo=dt.UTC), digest=True)
    lagebilder = items["Lagebilder"]
    assert [item.classified for item in lagebilder if item.title == "Lage Shisha-Bars Essen-Nord"] == [True]


def test_start_page_reads_future_events_once_and_its_queries_do_not_grow(demo, login):
    """The news list and the upcoming dates share one read of the person's future events
    (portal.scoped_memo); more events, more queries: never."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.veranstaltungen.test_veranstaltungen import make_event
    from veranstaltungen.news import FUTURE_ROWS
    from veranstaltungen.services import upcoming_items

    person = demo.users["stadt-gelsenkirchen-mitglied"]
    client = login(person)
    marker = f"LIMIT {FUTURE_ROWS + 1}"

    def start_page_queries() -> list[str]:
        client.get("/")  # warm the shared caches, as a running server has them
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/").content.decode()
        assert "Fachtag Clankriminalität Ruhr 2027" in html
        return [query["sql"] for query in ctx.captured_queries]

    before = start_page_queries()
    assert sum(marker in sql for sql in before) == 1
    for n in range(6):
        make_event(f"Zusätzlicher Termin {n}", days=3 + n)
    after = start_page_queries()
    assert len(after) == len(before)
    assert sum(marker in sql for sql in after) == 1
    # Outside the start page's scope every call reads anew (nothing is kept between calls).
    with CaptureQueriesContext(connection) as ctx:
        first = upcoming_items(person)
        make_event("Noch ein Termin", days=1)
        second = upcoming_items(person)
    assert sum(marker in query["sql"] for query in ctx.captured_queries) == 2
    assert second[0].title == "Noch ein Termin" and first[0].title != "Noch ein Termin"
