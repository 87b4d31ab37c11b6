"""Unread markers, "new since your last visit", and query budgets that do not grow with data."""

import pytest
from django.utils import timezone

from austausch import services
from austausch.models import Beitrag, Thema


def test_unread_until_opened_and_again_after_reply(board, make_thema, login):
    thema = make_thema(by=board["mitglied"])
    reader = board["aussen"]
    assert Thema.objects.with_unread(reader).get(pk=thema.pk).ungelesen is True
    login(reader).get(f"/austausch/thema/{thema.pk}/")
    assert Thema.objects.with_unread(reader).get(pk=thema.pk).ungelesen is False
    services.beitrag_create(thema=thema, by=board["mitglied"], text="Neu")
    assert Thema.objects.with_unread(reader).get(pk=thema.pk).ungelesen is True
    # The author's own reply does not make the thread unread for the author.
    assert Thema.objects.with_unread(board["mitglied"]).get(pk=thema.pk).ungelesen is False


def test_new_since_last_visit(board, make_thema, login):
    old = make_thema(titel="Altes Thema")
    client = login(board["aussen"])
    session = client.session
    session["siko_previous_visit"] = timezone.now().isoformat()
    session.save()
    make_thema(titel="Frisches Thema")
    body = client.get("/austausch/").content.decode()
    assert "Neu seit Ihrem letzten Besuch" in body
    assert "Frisches Thema" in body
    assert old.titel not in body.split("bereiche-h")[0]


def _threads(board, n, bereich):
    now = timezone.now()
    themen = Thema.objects.bulk_create(
        [
            Thema(
                bereich=bereich,
                titel=f"Thema {i}",
                autor=board["mitglied"],
                letzte_aktivitaet=now,
                letzter_autor=board["leitung"],
            )
            for i in range(n)
        ]
    )
    Beitrag.objects.bulk_create(
        [Beitrag(thema=t, autor=board["mitglied"], text="x", html="<p>x</p>") for t in themen]
    )
    return themen


@pytest.mark.parametrize("n", [10, 200])
def test_area_page_query_budget(board, login, django_assert_max_num_queries, n):
    _threads(board, n, board["allgemein"])
    client = login(board["aussen"])
    client.get("/austausch/bereich/allgemein/")  # warm session/caches
    with django_assert_max_num_queries(14):
        assert client.get("/austausch/bereich/allgemein/").status_code == 200


@pytest.mark.parametrize("n", [10, 200])
def test_index_query_budget(board, login, django_assert_max_num_queries, n):
    _threads(board, n, board["ak"])
    client = login(board["mitglied"])
    client.get("/austausch/")
    with django_assert_max_num_queries(12):
        assert client.get("/austausch/").status_code == 200


@pytest.mark.parametrize("n", [10, 200])
def test_thread_page_query_budget(board, make_thema, login, django_assert_max_num_queries, n):
    thema = make_thema(by=board["gs"])
    authors = [board["mitglied"], board["leitung"], board["aussen"]]
    Beitrag.objects.bulk_create(
        [Beitrag(thema=thema, autor=authors[i % 3], text=f"B{i}", html=f"<p>B{i}</p>") for i in range(n)]
    )
    client = login(board["aussen"])
    client.get(f"/austausch/thema/{thema.pk}/")
    with django_assert_max_num_queries(18):
        response = client.get(f"/austausch/thema/{thema.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count('class="post') >= min(n, 200)
