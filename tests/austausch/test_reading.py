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
    with django_assert_max_num_queries(8):
        response = client.get("/austausch/bereich/allgemein/")
    assert response.status_code == 200
    assert response.content.decode().count('<li class="thread') == min(n, 25)


@pytest.mark.parametrize("n", [10, 200])
def test_index_query_budget(board, login, django_assert_max_num_queries, n):
    _threads(board, n, board["ak"])
    client = login(board["mitglied"])
    client.get("/austausch/")
    with django_assert_max_num_queries(7):
        assert client.get("/austausch/").status_code == 200


@pytest.mark.parametrize("n", [10, 300])
@pytest.mark.parametrize("last_page", [False, True])
def test_thread_page_query_budget(board, make_thema, login, django_assert_max_num_queries, n, last_page):
    """The same number of queries for 11 and 301 posts, on the first and the last page, with
    attachments and read marks (the unread markers cost no query per post)."""
    from austausch.models import BeitragAnhang, Lesestand
    from dateien.models import Datei

    thema = make_thema(by=board["gs"], bereich=board["ak"])
    authors = [board["mitglied"], board["leitung"], board["aussen"]]
    posts = Beitrag.objects.bulk_create(
        [Beitrag(thema=thema, autor=authors[i % 3], text=f"B{i}", html=f"<p>B{i}</p>") for i in range(n)]
    )
    for post in posts[::3]:
        datei = Datei.objects.create(
            datei="x.pdf",
            originalname="x.pdf",
            groesse=1,
            sha256="0",
            content_type="application/pdf",
            typ="pdf",
        )
        BeitragAnhang.objects.create(beitrag=post, datei=datei)
    Lesestand.objects.create(user=board["mitglied"], thema=thema, gelesen_bis=thema.erstellt)
    url = f"/austausch/thema/{thema.pk}/" + ("?seite=999" if last_page else "")
    client = login(board["mitglied"])
    client.get(url)
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200
    shown = response.content.decode().count('<li id="beitrag-')
    assert shown == (min(n + 1, 50) if not last_page else (n + 1) % 50 or 50)
