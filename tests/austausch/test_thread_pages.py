"""Long threads: 50 posts per page, an accessible pager, permalinks that land on the right page,
the jump to the first unread post, quoting from later pages and read marks that only move forward."""

import re
from unittest import mock

import pytest
from django.utils import timezone

from audit.models import Aktion, AuditEntry
from austausch import services
from austausch.display import POSTS_PER_PAGE
from austausch.models import Beitrag, Lesestand, Thema


@pytest.fixture
def long_thread(board, make_thema):
    """A question with 120 replies (121 posts: pages of 50, 50 and 21), one minute apart."""
    thema = make_thema(by=board["mitglied"], titel="Lange Diskussion")
    start = timezone.now() - timezone.timedelta(days=1)
    Beitrag.objects.filter(thema=thema).update(erstellt=start)
    authors = [board["leitung"], board["aussen"], board["gs"]]
    replies = Beitrag.objects.bulk_create(
        [
            Beitrag(
                thema=thema, autor=authors[i % 3], text=f"Antwort {i + 1}", html=f"<p>Antwort {i + 1}</p>"
            )
            for i in range(120)
        ]
    )
    for i, reply in enumerate(replies):
        Beitrag.objects.filter(pk=reply.pk).update(erstellt=start + timezone.timedelta(minutes=i + 1))
    last = start + timezone.timedelta(minutes=120)
    Thema.objects.filter(pk=thema.pk).update(letzte_aktivitaet=last, beitraege_anzahl=121)
    thema.refresh_from_db()
    return thema, list(Beitrag.objects.filter(thema=thema).order_by("erstellt", "id"))


def _post_ids(body: str) -> list[int]:
    return [int(x) for x in re.findall(r'<li id="beitrag-(\d+)"', body)]


def test_thread_is_paginated_with_an_accessible_pager(board, login, long_thread):
    thema, posts = long_thread
    client = login(board["aussen"])
    body = client.get(f"/austausch/thema/{thema.pk}/").content.decode()
    assert _post_ids(body) == [p.pk for p in posts[:50]]
    assert '<nav class="pager" aria-label="Seiten des Themas">' in body
    assert "Seite 1 von 3" in body
    assert '<a href="?seite=1" aria-current="page"><span class="visually-hidden">Seite </span>1</a>' in body
    assert '<a href="?seite=2" rel="next">nächste Seite</a>' in body

    body = client.get(f"/austausch/thema/{thema.pk}/?seite=3").content.decode()
    assert _post_ids(body) == [p.pk for p in posts[100:]]
    assert (
        "Seite 3 von 3" in body and 'aria-current="page"><span class="visually-hidden">Seite </span>3' in body
    )
    assert '<ol class="posts" start="101">' in body
    assert "<title>Lange Diskussion – Seite 3" in body


@pytest.mark.parametrize(
    ("seite", "expected_page"), [("abc", 1), ("2.5", 1), ("", 1), ("0", 3), ("-2", 3), ("999", 3)]
)
def test_bad_page_numbers_show_a_normal_page(board, login, long_thread, seite, expected_page):
    """Not a number: the first page; out of range: the last page (Django's Paginator.get_page)."""
    thema, posts = long_thread
    response = login(board["aussen"]).get(f"/austausch/thema/{thema.pk}/", {"seite": seite})
    assert response.status_code == 200
    assert f"Seite {expected_page} von 3" in response.content.decode()


def test_short_thread_has_no_pager(board, login, make_thema):
    thema = make_thema()
    body = login(board["aussen"]).get(f"/austausch/thema/{thema.pk}/").content.decode()
    assert 'class="pager"' not in body and len(_post_ids(body)) == 1


@pytest.mark.parametrize(("index", "url_page"), [(0, ""), (49, ""), (50, "?seite=2"), (120, "?seite=3")])
def test_permalink_lands_on_the_page_of_the_post(board, login, long_thread, index, url_page):
    thema, posts = long_thread
    response = login(board["aussen"]).get(f"/austausch/beitrag/{posts[index].pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/austausch/thema/{thema.pk}/{url_page}#beitrag-{posts[index].pk}"
    page = login(board["aussen"]).get(response["Location"].split("#")[0]).content.decode()
    assert posts[index].pk in _post_ids(page)


def test_permalink_counts_hidden_posts_only_for_moderators(board, login, long_thread):
    thema, posts = long_thread
    # Hide posts 10..19: for members, post 55 moves up to page 1; moderators still see it on page 2.
    Beitrag.objects.filter(pk__in=[p.pk for p in posts[10:20]]).update(ist_verborgen=True)
    target = posts[55]
    member = login(board["aussen"]).get(f"/austausch/beitrag/{target.pk}/")
    assert member["Location"] == f"/austausch/thema/{thema.pk}/#beitrag-{target.pk}"
    moderator = login(board["gs"]).get(f"/austausch/beitrag/{target.pk}/")
    assert moderator["Location"] == f"/austausch/thema/{thema.pk}/?seite=2#beitrag-{target.pk}"
    assert login(board["aussen"]).get(f"/austausch/beitrag/{posts[12].pk}/").status_code == 404
    assert login(board["gs"]).get(f"/austausch/beitrag/{posts[12].pk}/").status_code == 302


def test_permalink_of_a_post_in_a_closed_area_is_404_and_audited(board, login, make_thema):
    thema = make_thema(bereich=board["ak"], by=board["leitung"])
    beitrag = thema.beitraege.first()
    assert login(board["mitglied"]).get(f"/austausch/beitrag/{beitrag.pk}/").status_code == 302
    assert login(board["aussen"]).get(f"/austausch/beitrag/{beitrag.pk}/").status_code == 404
    assert AuditEntry.objects.filter(aktion=Aktion.ZUGRIFF_VERWEIGERT, actor=board["aussen"]).exists()
    assert login(board["aussen"]).get("/austausch/beitrag/987654321/").status_code == 404


def test_answer_badge_links_to_the_answer_on_its_page(board, login, long_thread):
    thema, posts = long_thread
    services.thema_mark_answered(thema=thema, beitrag=posts[80], by=board["mitglied"])
    body = login(board["aussen"]).get(f"/austausch/thema/{thema.pk}/").content.decode()
    assert f'href="/austausch/beitrag/{posts[80].pk}/"' in body
    page = login(board["aussen"]).get(f"/austausch/thema/{thema.pk}/?seite=2").content.decode()
    assert f'<li id="beitrag-{posts[80].pk}" class="post post--answer' in page
    # Only the asker (and moderators) see the mark button; never on the question itself.
    asker = login(board["mitglied"]).get(f"/austausch/thema/{thema.pk}/").content.decode()
    assert asker.count("Als Antwort markieren") == POSTS_PER_PAGE - 1
    assert "Als Antwort markieren" not in body


def _read_until(user, thema, post):
    Lesestand.objects.update_or_create(user=user, thema=thema, defaults={"gelesen_bis": post.erstellt})


def _mark(user, thema):
    return Lesestand.objects.get(user=user, thema=thema).gelesen_bis


def test_unread_posts_are_marked_and_the_notice_links_to_the_first(board, login, long_thread):
    thema, posts = long_thread
    reader = board["aussen"]
    _read_until(reader, thema, posts[59])  # read up to post 60: 61 posts unread, starting on page 2
    client = login(reader)
    body = client.get(f"/austausch/thema/{thema.pk}/").content.decode()
    assert "61 Beiträge sind neu seit Ihrem letzten Besuch." in body
    assert f'href="/austausch/thema/{thema.pk}/?seite=2#ungelesen">Zum ersten ungelesenen Beitrag' in body
    assert "post--unread" not in body  # page 1 holds no unread post
    assert _mark(reader, thema) == posts[59].erstellt  # reading page 1 does not move the mark back

    page2 = client.get(f"/austausch/thema/{thema.pk}/?seite=2").content.decode()
    first_unread = re.search(r'<li id="beitrag-(\d+)" class="post post--unread">', page2)
    assert int(first_unread.group(1)) == posts[60].pk
    assert page2.count('id="ungelesen"') == 1
    assert page2.index('id="ungelesen"') > page2.index(f'id="beitrag-{posts[60].pk}"')
    assert page2.count("post--unread") == 40
    assert _mark(reader, thema) == posts[99].erstellt  # up to the last post shown on page 2
    assert Thema.objects.with_unread(reader).get(pk=thema.pk).ungelesen is True

    client.get(f"/austausch/thema/{thema.pk}/?seite=3")
    assert Thema.objects.with_unread(reader).get(pk=thema.pk).ungelesen is False


def test_unread_jump_from_the_thread_list(board, login, long_thread):
    thema, posts = long_thread
    reader = board["aussen"]
    client = login(reader)
    # Never opened: the jump starts at the question; the list offers it for unread threads only.
    area = client.get("/austausch/bereich/allgemein/").content.decode()
    assert f'href="/austausch/thema/{thema.pk}/ungelesen/">erster ungelesener Beitrag' in area
    response = client.get(f"/austausch/thema/{thema.pk}/ungelesen/")
    assert response["Location"] == f"/austausch/thema/{thema.pk}/#beitrag-{posts[0].pk}"
    _read_until(reader, thema, posts[104])
    response = client.get(f"/austausch/thema/{thema.pk}/ungelesen/")
    assert response["Location"] == f"/austausch/thema/{thema.pk}/?seite=3#beitrag-{posts[105].pk}"
    _read_until(reader, thema, posts[120])
    response = client.get(f"/austausch/thema/{thema.pk}/ungelesen/")
    assert response["Location"] == f"/austausch/thema/{thema.pk}/?seite=3#beitrag-{posts[120].pk}"
    area = client.get("/austausch/bereich/allgemein/").content.decode()
    assert f"/austausch/thema/{thema.pk}/ungelesen/" not in area


def test_unread_jump_to_a_hidden_thread_is_404(board, login, make_thema):
    thema = make_thema()
    services.thema_moderate(thema=thema, by=board["gs"], aktion="verbergen")
    assert login(board["aussen"]).get(f"/austausch/thema/{thema.pk}/ungelesen/").status_code == 404
    assert login(board["gs"]).get(f"/austausch/thema/{thema.pk}/ungelesen/").status_code == 302


def test_read_mark_only_moves_forward(board, make_thema):
    thema = make_thema()
    reader = board["aussen"]
    later = thema.letzte_aktivitaet + timezone.timedelta(hours=1)
    services.lesestand_mark(user=reader, thema=thema, bis=later)
    services.lesestand_mark(user=reader, thema=thema, bis=thema.letzte_aktivitaet)
    assert _mark(reader, thema) == later
    assert Lesestand.objects.filter(user=reader, thema=thema).count() == 1


def test_quoting_from_a_later_page(board, login, long_thread):
    thema, posts = long_thread
    client = login(board["aussen"])
    page2 = client.get(f"/austausch/thema/{thema.pk}/?seite=2").content.decode()
    assert f'href="?seite=2&amp;zitat={posts[70].pk}#antworten"' in page2
    quoted = client.get(f"/austausch/thema/{thema.pk}/?seite=2&zitat={posts[70].pk}").content.decode()
    assert "Seite 2 von 3" in quoted
    assert "&gt; Antwort 70" in quoted and f'name="zitiert" value="{posts[70].pk}"' in quoted
    response = client.post(
        f"/austausch/thema/{thema.pk}/antworten/",
        {"text": "> Antwort 70\n\nDem stimme ich zu.", "zitiert": posts[70].pk},
    )
    reply = Beitrag.objects.get(thema=thema, text__endswith="Dem stimme ich zu.")
    assert reply.zitiert_id == posts[70].pk
    # After replying, the person lands on the last page, at the new post.
    assert response["Location"] == f"/austausch/beitrag/{reply.pk}/"
    assert (
        client.get(response["Location"])["Location"]
        == f"/austausch/thema/{thema.pk}/?seite=3#beitrag-{reply.pk}"
    )


def test_posts_are_shown_from_stored_html_without_rendering_markdown(board, login, long_thread):
    thema, posts = long_thread
    client = login(board["aussen"])
    with mock.patch("austausch.markup.markdown.markdown", side_effect=AssertionError("rendered per view")):
        body = client.get(f"/austausch/thema/{thema.pk}/?seite=2").content.decode()
    assert "<p>Antwort 60</p>" in body


def test_edit_stores_fresh_html(board, make_thema):
    thema = make_thema(text="alt")
    beitrag = thema.beitraege.first()
    services.beitrag_update(beitrag=beitrag, by=board["mitglied"], text="**neu** <script>x</script>")
    beitrag.refresh_from_db()
    assert beitrag.html == "<p><strong>neu</strong> </p>"
    assert beitrag.versionen.get().text == "alt"


def test_quoting_a_post_of_another_thread_quotes_nothing(board, login, make_thema):
    """?zitat= only takes posts of this thread: a post of a closed area does not leak into the form."""
    open_thema = make_thema(titel="Offen")
    secret = make_thema(
        bereich=board["ak"], by=board["leitung"], text="Vertraulicher Hinweis"
    ).beitraege.first()
    body = login(board["aussen"]).get(f"/austausch/thema/{open_thema.pk}/?zitat={secret.pk}").content.decode()
    assert "Vertraulicher Hinweis" not in body
    assert 'name="zitiert" id="id_zitiert"' in body and f'value="{secret.pk}"' not in body
    for bad in ("abc", "-1", "9" * 30, "1e3"):
        assert (
            login(board["aussen"]).get(f"/austausch/thema/{open_thema.pk}/", {"zitat": bad}).status_code
            == 200
        )


def test_times_are_shown_in_local_time_like_the_date_filter():
    import datetime

    from austausch.display import local_time

    summer_midnight = datetime.datetime(2026, 6, 30, 22, 30, tzinfo=datetime.UTC)
    winter_noon = datetime.datetime(2026, 1, 2, 11, 5, tzinfo=datetime.UTC)
    assert local_time(summer_midnight) == "01.07.2026 00:30"
    assert local_time(winter_noon) == "02.01.2026 12:05"
    assert local_time(None) == ""
