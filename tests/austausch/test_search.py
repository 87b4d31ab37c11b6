"""Search and news: only what the person may see; author name and authority on each hit."""

from datetime import timedelta

from django.utils import timezone

from austausch import services
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
    assert "<script>" not in hits[0].snippet and "&lt;script&gt;" in hits[0].snippet
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
