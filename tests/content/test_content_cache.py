"""Routing in few queries and the shared content cache: same answers as Wagtail, never stale, never personal."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

from portal import content_cache
from portal.demo import upsert_page
from portal.routing import _route_by_url_path, page_url
from tests.demo_fixtures import _module_demo, demo  # noqa: F401 - Prävention demo content

pytestmark = pytest.mark.django_db


def _wagtail_route(root, path):
    """Wagtail's own routing: Page.route at the start page, then each page's route() below it."""
    try:
        return Page.route(root, RequestFactory().get("/"), [c for c in path.split("/") if c])
    except Http404:
        return None


def _portal_route(root, path):
    try:
        return _route_by_url_path(root, RequestFactory().get("/"), [c for c in path.split("/") if c])
    except Http404:
        return None


@pytest.mark.parametrize(
    "path",
    [
        "fachgebiete/",
        "fachgebiete/glucksspiel/",
        "fachgebiete/shisha/",
        "glossar/",
        "glossar/verbundkontrolle/",
        "aktuelles/meldung/",
        "fachgebiete/gibt-es-nicht/",
        "gibt-es-nicht/glucksspiel/",
        "fachgebiete/glucksspiel/tiefer/",
        "aktuelles/glucksspiel/",  # a slug that exists, but under another parent
    ],
)
def test_routing_gives_the_same_result_as_wagtail(content_tree, path):
    home = content_tree["home"]
    expected = _wagtail_route(home, path)
    result = _portal_route(home, path)
    if expected is None:
        assert result is None
    else:
        assert result is not None
        assert result[0].pk == expected[0].pk and type(result[0]) is type(expected[0])
        if result[1]:  # a routable page: the same sub-view with the same arguments
            (view, args, kwargs), (expected_view, expected_args, expected_kwargs) = result[1], expected[1]
            assert (view.__func__, args, kwargs) == (expected_view.__func__, expected_args, expected_kwargs)
        else:
            assert result[1:] == expected[1:]


def test_routing_needs_two_queries_whatever_the_depth_and_none_when_warm(
    content_tree, mitglied, login, django_assert_num_queries
):
    home = content_tree["home"]
    with django_assert_num_queries(2):
        page, _args, _kwargs = _route_by_url_path(
            home, RequestFactory().get("/"), ["fachgebiete", "glucksspiel"]
        )
    # The parent is known without another query (breadcrumbs use it).
    with django_assert_num_queries(0):
        assert page.get_parent().pk == content_tree["index"].pk
    client = login(mitglied)
    client.get("/fachgebiete/glucksspiel/")
    with django_assert_num_queries(0):
        assert content_cache.peek(f"route:{home.pk}:fachgebiete/glucksspiel").pk == page.pk


def test_unpublished_and_moved_pages_are_not_served_from_the_cache(content_tree, mitglied, login):
    client = login(mitglied)
    page = content_tree["shisha_page"]
    assert client.get("/fachgebiete/shisha/").status_code == 200
    page.unpublish()
    assert client.get("/fachgebiete/shisha/").status_code == 404
    page.save_revision().publish()
    assert client.get("/fachgebiete/shisha/").status_code == 200
    page.refresh_from_db()
    page.move(content_tree["news_index"], pos="last-child")
    response = client.get("/fachgebiete/shisha/")
    # Wagtail leaves a redirect at the old place; the page itself is only served at its new URL.
    assert response.status_code == 301 and response["Location"] == "/aktuelles/shisha/"
    assert client.get("/aktuelles/shisha/").status_code == 200


def test_published_changes_show_at_once(content_tree, mitglied, login):
    client = login(mitglied)
    page = content_tree["page"]
    assert "Spielhallen" in client.get(page.url).content.decode()
    page.body = [("absatz", "<p>Neuer Absatz über Wettbüros.</p>")]
    page.title = "Glücksspiel und Wetten"
    page.save_revision().publish()
    body = client.get(page.url).content.decode()
    assert "Neuer Absatz über Wettbüros." in body and "Spielhallen" not in body
    assert "Glücksspiel und Wetten" in body
    # A draft (saved, not published) changes nothing for readers, and leaves the shared cache alone.
    generation = content_cache.generation()
    page.body = [("absatz", "<p>Entwurf, noch nicht freigegeben.</p>")]
    page.save_revision()
    assert content_cache.generation() == generation
    assert "Entwurf, noch nicht freigegeben." not in client.get(page.url).content.decode()


def test_preview_shows_the_draft_not_the_cached_live_page(content_tree, mitglied, login):
    page = content_tree["page"]
    assert "Spielhallen" in login(mitglied).get(page.url).content.decode()  # the live body is cached now
    page.body = [("absatz", "<p>Vorschau des Entwurfs.</p>")]
    page.save_revision()
    draft = page.get_latest_revision_as_object()
    request = RequestFactory().get(page.url)
    request.user = mitglied
    # Called directly (no `request.is_preview`): the draft still never lands in the shared cache.
    response = draft.serve_preview(request, draft.default_preview_mode)
    html = response.render().content.decode()
    assert "Vorschau des Entwurfs." in html and "Spielhallen" not in html
    assert "Spielhallen" in login(mitglied).get(page.url).content.decode()


def test_glossary_changes_reach_linked_bodies_list_and_term_pages(content_tree, mitglied, login):
    from glossary.models import GlossarBegriff

    client = login(mitglied)
    page = content_tree["page"]
    assert "glossar/spielhalle/" not in client.get(page.url).content.decode()
    assert "Spielhalle" not in client.get("/glossar/").content.decode()
    term = GlossarBegriff.objects.create(
        begriff="Spielhalle", synonyme="Spielhallen", definition="<p>Ort des gewerblichen Glücksspiels.</p>"
    )
    assert 'href="/glossar/spielhalle/"' in client.get(page.url).content.decode()
    assert "Ort des gewerblichen" in client.get("/glossar/").content.decode()
    assert "Ort des gewerblichen" in client.get("/glossar/spielhalle/").content.decode()
    term.definition = "<p>Geänderte Definition.</p>"
    term.save()
    assert "Geänderte Definition." in client.get("/glossar/spielhalle/").content.decode()
    term.delete()
    assert "glossar/spielhalle/" not in client.get(page.url).content.decode()
    assert client.get("/glossar/spielhalle/").status_code == 404


def test_glossary_list_keys_only_valid_filters(content_tree, mitglied, login):
    client = login(mitglied)
    for query in ("?seite=999999", "?seite=-1", "?seite=abc", "?buchstabe=%C3%84", "?fachgebiet=<x>"):
        response = client.get(f"/glossar/{query}")
        assert response.status_code == 200
        assert "Verbundkontrolle" in response.content.decode()


def test_privacy_setting_applies_at_once_in_pages_and_search(content_tree, mitglied, login, user_factory):
    from django.contrib.auth.models import Group

    client = login(mitglied)
    page = content_tree["page"]
    assert client.get(page.url).status_code == 200
    group = Group.objects.create(name="Nur Glücksspiel-Team")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(group)
    response = client.get(page.url)
    assert response.status_code != 200 and b"Spielhallen" not in response.content
    assert "Illegales Glücksspiel" not in client.get("/suche/?q=Spielhallen").content.decode()
    insider = user_factory()
    insider.groups.add(group)
    assert login(insider).get(page.url).status_code == 200
    restriction.delete()
    assert client.get(page.url).status_code == 200


def test_cached_pages_keep_personal_parts_personal(content_tree, login, user_factory):
    first = login(user_factory(first_name="Erika"))
    second = login(user_factory(first_name="Hakan"))
    for client, name, other in (
        (first, "Erika", "Hakan"),
        (second, "Hakan", "Erika"),
        (first, "Erika", "Hakan"),
    ):
        for url in ("/", content_tree["page"].url, "/glossar/"):
            body = client.get(url).content.decode()
            assert name in body and other not in body, url


def test_page_url_matches_wagtail(content_tree):
    for key in ("home", "index", "page", "glossary", "news"):
        page = Page.objects.get(pk=content_tree[key].pk)
        assert page_url(page) == page.url


def test_prevention_and_event_pages_link_glossary_terms(demo, login):  # noqa: F811
    from glossary.models import GlossarBegriff, GlossaryPage
    from praevention.models import PraeventionPage

    home = PraeventionPage.objects.get().get_parent()
    upsert_page(home, GlossaryPage, "glossar", title="Glossar")
    GlossarBegriff.objects.create(
        begriff="Communities That Care", abkuerzung="CTC", definition="<p>Programm.</p>"
    )
    body = login(demo.users["pp-essen-mitglied"]).get("/praevention/").content.decode()
    assert 'class="glossar-link"' in body and "/glossar/communities-that-care/" in body


def test_news_index_pages_are_cached_per_page_number(content_tree, mitglied, login):
    from portal.models import NewsPage

    for n in range(25):
        upsert_page(content_tree["news_index"], NewsPage, f"notiz-{n}", title=f"Notiz Nummer {n:02d}")
    client = login(mitglied)
    first = client.get("/aktuelles/").content.decode()
    second = client.get("/aktuelles/?seite=2").content.decode()
    assert first != second
    assert "Seite 1 von 2" in first and "Seite 2 von 2" in second
    titles = [f"Notiz Nummer {n:02d}" for n in range(25)]
    on_first = {t for t in titles if t in first}
    on_second = {t for t in titles if t in second}
    assert on_first and on_second and not on_first & on_second
    last = client.get("/aktuelles/?seite=99").content.decode()  # out of range: the last page
    assert "Seite 2 von 2" in last and {t for t in titles if t in last} == on_second


def test_catalogue_filter_form_is_shared_but_reflects_each_choice(demo, login):  # noqa: F811
    from behoerden.models import Gemeinde

    client = login(demo.users["pp-essen-mitglied"])
    essen = Gemeinde.objects.get(name="Essen")
    plain = client.get("/massnahmen/").content.decode()
    chosen = client.get(f"/massnahmen/?kommune={essen.pk}&phase=planung").content.decode()
    assert f'<option value="{essen.pk}" selected>' in chosen and 'value="planung" selected' in chosen
    assert f'<option value="{essen.pk}" selected>' not in plain
    assert f'<option value="{essen.pk}" selected>' not in client.get("/massnahmen/").content.decode()
    # A wrong choice is shown with a German error message and never shared.
    wrong = client.get("/massnahmen/?kommune=999999").content.decode()
    assert "Bitte eine gültige Auswahl treffen" in wrong
    assert "Bitte eine gültige Auswahl treffen" not in client.get("/massnahmen/").content.decode()


def test_contact_person_shows_only_while_listed_in_the_directory(content_tree, mitglied, login, user_factory):
    from accounts.models import User
    from fachgebiete.models import FachgebietKontakt

    page = content_tree["page"]
    person = user_factory(first_name="Dilara", last_name="Kontaktperson", telefon="0201 123")
    FachgebietKontakt.objects.create(
        page=page, behoerde=person.behoerde, person=person, aufgabe="Spielhallen"
    )
    client = login(mitglied)
    body = client.get(page.url).content.decode()
    assert "Dilara Kontaktperson" in body and f"mailto:{person.email}" in body
    assert f'href="/behoerden/{person.behoerde.slug}/"' in body
    User.objects.filter(pk=person.pk).update(is_active=False)  # as accounts.services.user_deactivate does
    body = client.get(page.url).content.decode()
    assert "Dilara Kontaktperson" not in body and person.behoerde.name in body
    User.objects.filter(pk=person.pk).update(is_active=True, im_verzeichnis=False)
    assert "Dilara Kontaktperson" not in client.get(page.url).content.decode()


def test_glossary_list_pages_through_more_than_a_hundred_terms(content_tree, mitglied, login):
    from glossary.models import GlossarBegriff

    GlossarBegriff.objects.bulk_create(
        [
            GlossarBegriff(
                begriff=f"Zusatzbegriff {n:03d}", slug=f"zusatz-{n:03d}", definition="<p>x</p>", buchstabe="Z"
            )
            for n in range(110)
        ]
    )
    content_cache.new_generation()  # bulk_create sends no signals
    client = login(mitglied)
    first = client.get("/glossar/").content.decode()
    second = client.get("/glossar/?seite=2").content.decode()
    assert "Seite 1 von 2" in first and 'href="?seite=2"' in first
    assert "Zusatzbegriff 109" in second and "Zusatzbegriff 109" not in first
    letter = client.get("/glossar/?buchstabe=Z&seite=2").content.decode()
    assert "Zusatzbegriff 109" in letter and 'href="?buchstabe=Z&amp;seite=1"' in letter
