"""People and authorities in the search, board hits grouped per thread, the results page (counts per
section, filter, sort, suggestion, bad input). Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

from datetime import UTC, datetime

import pytest

from austausch import services
from austausch.search import search_board
from behoerden.search import search_behoerden, search_people
from portal.search import SearchQuery


@pytest.fixture
def directory(db, user_factory, behoerde_factory):
    essen = behoerde_factory(
        name="Polizeipräsidium Essen",
        kurzname="PP Essen",
        zustaendigkeiten="Glücksspielaufsicht und Vermögensabschöpfung",
    )
    gladbeck = behoerde_factory(name="Stadt Gladbeck", zustaendigkeiten="Gewerbeaufsicht")
    closed = behoerde_factory(name="Alte Dienststelle", aktiv=False, zustaendigkeiten="Glücksspiel")
    return {
        "searcher": user_factory(behoerde=gladbeck, first_name="Sven", last_name="Sucher"),
        "kowalski": user_factory(
            behoerde=essen, first_name="Miriam", last_name="Kowalski", funktion="Sachbearbeiterin Glücksspiel"
        ),
        "schaefer": user_factory(
            behoerde=essen, first_name="Tobias", last_name="Schäfer", funktion="Leitung"
        ),
        "hidden": user_factory(
            behoerde=essen, first_name="Miriam", last_name="Verborgen", im_verzeichnis=False
        ),
        "inactive": user_factory(behoerde=essen, first_name="Miriam", last_name="Inaktiv", is_active=False),
        "closed": user_factory(behoerde=closed, first_name="Miriam", last_name="Geschlossen"),
    }


def names(user, text):
    return [hit.title for hit in search_people(user, SearchQuery(text=text))]


def test_people_by_name_function_and_authority_only_when_listed(directory):
    searcher = directory["searcher"]
    assert names(searcher, "Miriam") == ["Miriam Kowalski"]  # not the unlisted, inactive, or closed
    assert names(searcher, "Kowalski") == ["Miriam Kowalski"]
    assert names(searcher, "Sachbearbeiterin") == ["Miriam Kowalski"]
    assert names(searcher, "Leitung PP Essen") == ["Tobias Schäfer"]
    assert names(searcher, "Schaefer") == ["Tobias Schäfer"]  # umlaut spelt out
    assert names(searcher, "Miriam Schäfer") == []  # every word must match the same person


def test_near_miss_in_a_name_still_finds_the_person(directory):
    assert names(directory["searcher"], "Kowalsky") == ["Miriam Kowalski"]
    assert names(directory["searcher"], "Kowalsky Miriam") == ["Miriam Kowalski"]
    assert names(directory["searcher"], "Xylophon") == []


def test_person_hit_links_to_the_directory_row(directory, login):
    (hit,) = search_people(directory["searcher"], SearchQuery(text="Kowalski"))
    kowalski = directory["kowalski"]
    assert hit.url == f"/behoerden/{kowalski.behoerde.slug}/#person-{kowalski.pk}"
    response = login(directory["searcher"]).get(hit.url)
    page = response.content.decode()
    heading = page[page.find("<h1") : page.find("</h1>") + 5]
    assert response.status_code == 200, (response.status_code, heading)
    assert "Polizeipräsidium Essen" in heading, heading
    assert f'id="person-{kowalski.pk}"' in page, page[page.find("<main") : page.find("</main>")]


def test_authorities_by_word_forms_of_their_responsibilities(directory):
    titles = lambda q: [h.title for h in search_behoerden(directory["searcher"], SearchQuery(text=q))]  # noqa: E731
    assert titles("Gluecksspiel") == ["Polizeipräsidium Essen"]  # the inactive authority is left out
    assert titles("Vermögensabschöpfungen") == ["Polizeipräsidium Essen"]
    assert titles("PP Essen") == ["Polizeipräsidium Essen"]
    assert titles("Gewerbe") == ["Stadt Gladbeck"]


def test_board_hits_one_per_thread_with_best_post_and_count(board, make_thema):
    thema = make_thema(titel="Layali", text="Erste Meldung zur Shisha-Bar.")
    services.beitrag_create(
        thema=thema, by=board["mitglied"], text="Layali: wieder Shisha-Kontrolle, Shisha-Bar zu."
    )
    services.beitrag_create(
        thema=thema,
        by=board["mitglied"],
        text="> **Tobias Schäfer schrieb:**\n> Shisha zitiert\n\nNur ein Dank.",
    )
    make_thema(titel="Anderes", text="Shisha in Bochum")
    hits = search_board(board["aussen"], SearchQuery(text="Shisha"))
    assert sorted(h.title for h in hits) == ["Anderes", "Layali"]
    (layali,) = [h for h in hits if h.title == "Layali"]
    assert layali.more == 2
    assert "Kontrolle" in layali.snippet  # the post that names "Shisha" most (twice), not the newest
    mitglied = board["mitglied"]
    assert layali.meta.startswith(f"Beitrag · {mitglied.display_name_with_behoerde} · ")
    assert layali.url == f"/austausch/beitrag/{thema.beitraege.order_by('erstellt', 'pk')[1].pk}/"
    for hit in hits:
        assert ">" not in hit.snippet.replace("<mark>", "").replace("</mark>", "")
        assert "**" not in hit.snippet and "schrieb" not in hit.snippet


def test_results_page_says_how_many_further_posts_of_a_thread_match(board, make_thema, login):
    layali = make_thema(titel="Layali", text="Shisha eins")
    for text in ("Shisha zwei", "Shisha drei"):
        services.beitrag_create(thema=layali, by=board["mitglied"], text=text)
    bochum = make_thema(titel="Bochum", text="Shisha hier")
    services.beitrag_create(thema=bochum, by=board["mitglied"], text="Shisha dort")
    make_thema(titel="Herne", text="Shisha allein")
    body = login(board["aussen"]).get("/suche/?q=Shisha").content.decode()
    assert body.count("und 2 weitere Treffer in diesem Thema") == 1
    assert body.count("und 1 weiterer Treffer in diesem Thema") == 1
    assert body.count("in diesem Thema") == 2  # nothing under the thread with one matching post


def test_board_dates_are_berlin_local_time(board, make_thema):
    from austausch.models import Beitrag

    thema = make_thema(titel="Silvester", text="Kontrolle um Mitternacht")
    # 23:30 UTC on 31 December is already 1 January in Berlin.
    Beitrag.objects.filter(thema=thema).update(erstellt=datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    (hit,) = search_board(board["aussen"], SearchQuery(text="Mitternacht"))
    assert hit.meta.endswith("01.01.2027")
    assert hit.date.utcoffset().total_seconds() == 3600


def test_results_page_counts_filters_and_sorts(board, make_thema, login, behoerde_factory):
    behoerde_factory(name="Shisha-Aufsicht Herne", zustaendigkeiten="Shisha-Bars")
    make_thema(titel="Shisha alt", text="Shisha")
    client = login(board["aussen"])
    body = client.get("/suche/?q=Shisha").content.decode()
    assert "Informationsaustausch (1)" in body and "Behörden &amp; Institutionen (1)" in body
    narrowed = client.get("/suche/?q=Shisha&bereich=behoerden").content.decode()
    assert "Shisha-Aufsicht Herne" in narrowed and "Shisha alt" not in narrowed
    assert "Informationsaustausch (1)" in narrowed  # the other sections' counts stay, as links
    dated = client.get("/suche/?q=Shisha&sortierung=datum").content.decode()
    assert 'value="datum" selected' in dated


def test_results_page_filters_follow_each_request_and_new_fachgebiete(board, make_thema, login):
    """The filter fields are a fragment kept per process: whichever page was opened first, each request
    shows its own selection, and a Fachgebiet added since shows up."""
    import re

    from fachgebiete.models import Fachgebiet

    make_thema(titel="Shisha alt", text="Shisha")
    client = login(board["aussen"])

    def selected(body):
        return re.findall(r'<option value="([^"]*)" selected>', body)

    assert selected(client.get("/suche/?q=Shisha").content.decode()) == ["relevanz"]
    narrowed = client.get("/suche/?q=Shisha&bereich=austausch&sortierung=datum").content.decode()
    assert selected(narrowed) == ["austausch", "datum"]
    assert selected(client.get("/suche/?q=Shisha").content.decode()) == ["relevanz"]
    assert selected(client.get("/suche/?q=Shisha&sortierung=datum").content.decode()) == ["datum"]
    Fachgebiet.objects.create(name="Schwarzarbeit", slug="schwarzarbeit")
    assert ">Schwarzarbeit</option>" in client.get("/suche/?q=Shisha").content.decode()
    body = client.get("/suche/?q=Shisha&fachgebiet=schwarzarbeit").content.decode()
    assert selected(body) == ["schwarzarbeit", "relevanz"]


def test_section_links_keep_the_query_and_set_or_drop_the_section(board, make_thema, login):
    make_thema(titel="Shisha alt", text="Shisha Bar")
    client = login(board["aussen"])
    body = client.get("/suche/?q=Shisha+Bar&sortierung=datum").content.decode()
    link = '<a href="?q=Shisha+Bar&amp;sortierung=datum&amp;bereich=austausch">Informationsaustausch (1)</a>'
    assert link in body
    narrowed = client.get("/suche/?q=Shisha&bereich=austausch").content.decode()
    assert '<a href="?q=Shisha">Alle Bereiche</a>' in narrowed
    assert '<strong aria-current="true">Informationsaustausch (1)</strong>' in narrowed


def test_nothing_found_says_so_and_suggests_a_spelling(directory, login):
    body = login(directory["searcher"]).get("/suche/?q=Gewerbeaufsichd").content.decode()
    assert "Zu Ihrer Suche wurde nichts gefunden" in body
    assert "Meinten Sie:" in body and "Gewerbeaufsicht" in body


BAD_QUERIES = [
    "",
    "und der die",
    "x" * 10_000,
    "Wort " * 2_000,
    "'; DROP TABLE accounts_user; --",
    "<script>alert(1)</script>",
    "**fett** [Link](javascript:alert(1))",
    "%",
    "_",
    "%_%",
    '"unpaariges Anführungszeichen',
    "Kowalski'",
    "😀🔍",
    "تقرير الوضع",
    "\u202eGlücksspiel",
    "a:* & b | !c",
    "\x00",
]


@pytest.mark.parametrize("query", BAD_QUERIES, ids=range(len(BAD_QUERIES)))
def test_bad_input_gives_a_normal_german_page(directory, login, query):
    response = login(directory["searcher"]).get("/suche/", {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Suche</h1>" in body
    assert "<script>alert(1)</script>" not in body


def test_events_with_an_audience_limit_only_for_that_audience(demo):
    from veranstaltungen.search import search_veranstaltungen

    title = "Austauschtreffen Polizei und Zoll: Finanzkontrolle Schwarzarbeit im Shisha-Gewerbe"
    polizei = demo.users["pp-essen-mitglied"]
    kommune = demo.users["stadt-duisburg-mitglied"]
    (hit,) = search_veranstaltungen(polizei, SearchQuery(text="Finanzkontrolle Schwarzarbeit"))
    assert hit.title == title and "<mark>Finanzkontrolle</mark>" in hit.snippet
    assert hit.meta.endswith("Uhr · nur für zugelassene Behörden")
    assert search_veranstaltungen(kommune, SearchQuery(text="Finanzkontrolle Schwarzarbeit")) == []


def test_people_are_found_by_their_current_name_after_a_change(directory):
    kowalski = directory["kowalski"]
    kowalski.last_name = "Nowak-Großmann"
    kowalski.save(update_fields=["last_name"])
    assert names(directory["searcher"], "Kowalski") == []
    assert names(directory["searcher"], "Grossmann") == ["Miriam Nowak-Großmann"]
    kowalski.funktion = "Leitung Finanzermittlungen"
    kowalski.save()
    assert names(directory["searcher"], "Finanzermittlungen") == ["Miriam Nowak-Großmann"]


@pytest.mark.postgres
def test_postgres_person_search_can_use_the_trigram_indexes(directory):
    """The folded columns carry pg_trgm GIN indexes that answer both the near miss (`<%`) and the word
    inside the text (LIKE) — asserted with sequential scans switched off (the table here is tiny)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from behoerden.search import _people_postgres

    query = (
        _people_postgres(get_user_model().objects.all(), ["kowalsky"], {"kowalsky": []}).values("pk").query
    )
    sql, params = query.get_compiler(using="default").as_sql()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "accounts_user_suchname_trgm" in plan and "accounts_user_suchtext_trgm" in plan, plan


@pytest.mark.postgres
def test_postgres_planner_asks_the_trigram_indexes_for_a_directory_of_realistic_size(directory):
    """With a directory of a thousand people (the benchmark's size) the planner itself chooses the trigram
    indexes over reading every person: pg_trgm declares word similarity as cheap as an integer comparison
    (cost 1), and accounts migration 0005 gives it PostgreSQL's default cost of a function (100). Before,
    every person search read the whole table and computed each name's trigrams (about 1 ms against 0.05)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from accounts.models import search_columns
    from behoerden.access import listed_filter
    from behoerden.search import _people_postgres

    User = get_user_model()
    behoerde = directory["kowalski"].behoerde
    User.objects.bulk_create(
        User(
            email=f"planer{n}@verzeichnis.example",
            first_name=f"Vorname{n}",
            last_name=f"Nachname{n}",
            funktion="Sachbearbeitung Gewerbeaufsicht",
            behoerde=behoerde,
            **search_columns(f"Vorname{n}", f"Nachname{n}", "Sachbearbeitung Gewerbeaufsicht"),
        )
        for n in range(1000)
    )
    with connection.cursor() as cursor:
        # As autovacuum leaves a table: the GIN indexes' pending entries merged, statistics fresh.
        for index in ("accounts_user_suchname_trgm", "accounts_user_suchtext_trgm"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE accounts_user")
    listed = User.objects.filter(listed_filter())
    sql, params = (
        _people_postgres(listed, ["kowalsky"], {"kowalsky": []})
        .values("pk")
        .query.get_compiler(using="default")
        .as_sql()
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on accounts_user" not in plan, plan
    assert "accounts_user_suchname_trgm" in plan and "accounts_user_suchtext_trgm" in plan, plan


@pytest.mark.parametrize("shown", [0, 1, None])
def test_providers_count_every_match_and_build_only_the_hits_shown(demo, shown):
    """Every provider counts up to `limit` matches whatever it builds (`Hits.found`), and builds at most
    `shown` hits — the first of the ones it would build for `shown=None`, in the same order."""
    from portal.search import found_count, providers

    user = demo.users["gs-redaktion"]
    counted = 0
    for provider in providers():
        for text in ("Glücksspiel", "Shisha", "Kontrolle", "Essen"):
            every = provider.search(user, SearchQuery(text=text, limit=21))
            some = provider.search(user, SearchQuery(text=text, limit=21, shown=shown))
            assert found_count(some) == found_count(every), (provider.key, text)
            expected = list(every) if shown is None else list(every)[:shown]
            assert [hit.url for hit in some][: len(expected)] == [hit.url for hit in expected], (
                provider.key,
                text,
            )
            # The glossary and the authorities hit a per-process list, not the database: they may build all
            # (`SearchQuery.shown`); the providers that read rows build only what is shown.
            if shown is not None and provider.key not in ("glossar", "behoerden"):
                assert len(some) <= shown, (provider.key, text)
            counted += found_count(every)
    assert counted > 10  # the demo's words are found, not an empty loop
