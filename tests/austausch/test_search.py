"""Search and news: only what the person may see; author name and authority on each hit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from austausch import services
from austausch.models import Thema
from austausch.search import news_items, search_board
from portal.search import SearchQuery


def test_search_filters_by_access_and_shows_author(board, make_thema):
    open_thema = make_thema(titel="Kontrolle Shisha-Bar Oase", text="Die Oase hat **neue** Betreiber.")
    make_thema(
        bereich=board["ak"], by=board["leitung"], titel="Oase intern", text="Oase: verdeckte Ermittlungen"
    )
    hits = search_board(board["aussen"], SearchQuery(text="Oase"))
    assert [h.title for h in hits] == ["Kontrolle Shisha-Bar Oase"]
    assert "Mats Mitglied (Stadt Gelsenkirchen)" in hits[0].meta
    assert "<mark>Oase</mark>" in hits[0].snippet
    assert hits[0].url == f"/austausch/beitrag/{open_thema.beitraege.first().pk}/"
    member_titles = {h.title for h in search_board(board["mitglied"], SearchQuery(text="Oase"))}
    assert member_titles == {"Kontrolle Shisha-Bar Oase", "Oase intern"}


def test_search_escapes_and_skips_deleted(board, make_thema):
    thema = make_thema(titel="Skript", text="<script>alert('Oase')</script> Oase")
    hits = search_board(board["aussen"], SearchQuery(text="Oase"))
    # The snippet is the post's readable text: no markup, neither live nor as escaped source.
    assert "<script" not in hits[0].snippet and "&lt;script" not in hits[0].snippet
    assert "<mark>Oase</mark>" in hits[0].snippet
    services.beitrag_delete(beitrag=thema.beitraege.first(), by=board["gs"], grund="Test")
    assert search_board(board["aussen"], SearchQuery(text="Oase")) == []


def test_news_only_visible_new_threads(board, make_thema):
    since = timezone.now() - timedelta(minutes=1)
    make_thema(titel="Offen neu")
    make_thema(bereich=board["ak"], by=board["leitung"], titel="AK neu")
    assert [i.title for i in news_items(board["aussen"], since)] == ["Offen neu"]
    assert {i.title for i in news_items(board["mitglied"], since)} == {"Offen neu", "AK neu"}


def test_portal_search_page_lists_board_hits(board, make_thema, login):
    make_thema(titel="Untersagung nach § 35 GewO", text="Erfahrungen mit Untersagungen?")
    body = login(board["aussen"]).get("/suche/?q=Untersagung").content.decode()
    assert "Untersagung nach § 35 GewO" in body


def test_fachgebiet_related_section_lists_visible_threads(board, make_thema):
    from fachgebiete.related import related_sections

    make_thema(bereich=board["fachgebiet"], titel="Shisha-Thema")
    make_thema(
        bereich=board["ak"], by=board["leitung"], titel="Geheim", fachgebiete=[board["fachgebiet_obj"]]
    )
    sections = {s["key"]: s for s in related_sections(board["aussen"], board["fachgebiet_obj"])}
    assert [i.title for i in sections["austausch"]["items"]] == ["Shisha-Thema"]


def test_search_finds_german_word_forms_and_requires_every_word(board, make_thema):
    make_thema(titel="Spielhallen", text="Kontrollen in Glücksspiel-Stätten und Wettbüros.")
    make_thema(titel="Shisha", text="Maßnahmen gegen unversteuerten Tabak.")
    titles = lambda q: [h.title for h in search_board(board["aussen"], SearchQuery(text=q))]  # noqa: E731
    assert titles("Gluecksspiele") == ["Spielhallen"]  # umlaut spelt out, plural
    assert titles("Massnahme") == ["Shisha"]  # ß spelt out, singular
    assert titles("kontrolle wettbüro") == ["Spielhallen"]  # every word, any order
    assert titles("Kontrolle Tabak") == []  # not one post with both
    assert titles("spielhalle") == ["Spielhallen"]  # the thread title is searched with its posts
    assert titles("und der die") == []  # stop words only: nothing, instead of everything


def test_edits_and_retention_keep_the_search_index_current(board, make_thema):
    thema = make_thema(titel="Kiosk", text="Erste Fassung")
    beitrag = thema.beitraege.first()
    services.beitrag_update(beitrag=beitrag, by=board["mitglied"], text="Zweite Fassung mit Tabakwaren")
    assert [h.url for h in search_board(board["aussen"], SearchQuery(text="Tabakwaren"))] == [
        beitrag.get_absolute_url()
    ]
    assert search_board(board["aussen"], SearchQuery(text="Erste")) == []
    Thema.objects.filter(pk=thema.pk).update(
        letzte_aktivitaet=timezone.now() - timedelta(days=4000),
        archiviert_am=timezone.now() - timedelta(days=800),
    )
    services.themen_apply_retention()
    beitrag.refresh_from_db()
    assert beitrag.tokens == "" and beitrag.vector is None
    assert search_board(board["gs"], SearchQuery(text="Tabakwaren")) == []


def test_demo_posts_are_indexed(board, make_thema):
    from austausch.models import Beitrag

    thema = make_thema(titel="Import", text="Altbestand")
    Beitrag.objects.filter(thema=thema).update(tokens="", vector=None)
    assert search_board(board["aussen"], SearchQuery(text="Altbestand")) == []
    assert services.beitraege_search_index(queryset=Beitrag.objects.filter(thema=thema)) == 1
    assert [h.title for h in search_board(board["aussen"], SearchQuery(text="Altbestand"))] == ["Import"]


@pytest.mark.postgres
def test_postgres_matches_through_the_gin_indexed_vector(board, make_thema):
    from django.db import connection

    from austausch.models import Beitrag

    make_thema(titel="Rotlicht", text="Bordellbetriebe im Norden")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'austausch_beitrag_vector_gin'")
        assert "gin (vector)" in cursor.fetchone()[0]
    assert Beitrag.objects.filter(vector__isnull=False).count() == Beitrag.objects.count()
    sql = str(Beitrag.objects.matching(["bordellbetrieb"]).query)
    assert "vector" in sql and "to_tsquery" in sql
    assert [h.title for h in search_board(board["aussen"], SearchQuery(text="Bordellbetriebe"))] == [
        "Rotlicht"
    ]


@pytest.mark.postgres
def test_postgres_keeps_the_search_columns_in_the_post_row(board, make_thema):
    """A post's Markdown, HTML, stems and vector together exceed what PostgreSQL keeps in a row; the stems
    and vector stay in it (STORAGE MAIN, migration 0007), so the date walk of a frequent word reads each
    post once instead of following a TOAST pointer to its vector. Markdown and HTML may move out."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'austausch_beitrag'::regclass "
            "AND attname IN ('text', 'html', 'tokens', 'vector')"
        )
        storage = dict(cursor.fetchall())
    assert storage == {"text": "x", "html": "x", "tokens": "m", "vector": "m"}
    long_text = " ".join(
        f"Kontrollbericht {n} über Shisha-Bars und Wettbüros im Ruhrgebiet" for n in range(60)
    )
    make_thema(titel="Langer Beitrag", text=long_text)
    hits = search_board(board["aussen"], SearchQuery(text="Kontrollbericht Wettbüros"))
    assert [h.title for h in hits] == ["Langer Beitrag"]


@pytest.mark.parametrize("frequent", [True, False])
def test_frequent_and_rare_plans_apply_the_same_thread_policy(board, make_thema, monkeypatch, frequent):
    """A frequent word walks the posts with the thread policy joined in (`thema_filter` through the post's
    thread), a rare one asks `Thema.objects.visible_to` for the matches' threads: both show the same
    threads to every person — Arbeitskreis areas for members, hidden threads for their moderators, no
    thread whose content was removed — and both narrow to a Fachgebiet."""
    from portal import textsearch

    monkeypatch.setattr(textsearch, "frequent", lambda queryset, terms: frequent)
    make_thema(titel="Oase offen", text="Oase am Markt")
    make_thema(bereich=board["ak"], by=board["leitung"], titel="Oase intern", text="Oase: Ermittlungen")
    hidden_ak = make_thema(bereich=board["ak"], by=board["leitung"], titel="Oase verborgen", text="Oase")
    hidden_open = make_thema(titel="Oase gesperrt", text="Oase im Hinterhof")
    removed = make_thema(titel="Oase entfernt", text="Oase, entfernt")
    tagged = make_thema(bereich=board["fachgebiet"], titel="Oase im Fachgebiet", text="Oase dort")
    Thema.objects.filter(pk__in=[hidden_ak.pk, hidden_open.pk]).update(ist_verborgen=True)
    Thema.objects.filter(pk=removed.pk).update(inhalt_entfernt_am=timezone.now())
    tagged.fachgebiete.add(board["fachgebiet_obj"])

    def titles(person, **narrow):
        return {hit.title for hit in search_board(board[person], SearchQuery(text="Oase", **narrow))}

    assert titles("aussen") == {"Oase offen", "Oase im Fachgebiet"}
    assert titles("mitglied") == {"Oase offen", "Oase im Fachgebiet", "Oase intern"}
    assert titles("leitung") == {"Oase offen", "Oase im Fachgebiet", "Oase intern", "Oase verborgen"}
    everything = {"Oase offen", "Oase im Fachgebiet", "Oase intern", "Oase verborgen", "Oase gesperrt"}
    assert titles("gs") == everything
    slug = board["fachgebiet_obj"].slug
    assert titles("aussen", fachgebiet=slug) == {"Oase im Fachgebiet"}
