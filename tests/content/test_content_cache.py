"""Wagtail's own page serving and fragment cache: correct in every state, never stale, never personal."""

import uuid

import pytest
from django.core.cache import cache
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

from demo.pages import upsert_page
from portal import content_cache
from portal.page_urls import url_for_path

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [
        ("/fachgebiete/", 200, "Illegales Glücksspiel"),
        ("/fachgebiete/glucksspiel/", 200, "Spielhallen"),
        ("/glossar/", 200, "Verbundkontrolle"),
        ("/glossar/verbundkontrolle/", 200, "Gemeinsame Kontrolle mehrerer Behörden."),  # RoutablePage route
        ("/glossar/gibt-es-nicht/", 404, None),
        ("/aktuelles/meldung/", 200, "Text der Meldung."),
        ("/fachgebiete/gibt-es-nicht/", 404, None),
        ("/gibt-es-nicht/glucksspiel/", 404, None),
        ("/fachgebiete/glucksspiel/tiefer/", 404, None),
        ("/aktuelles/glucksspiel/", 404, None),  # a slug that exists, but under another parent
    ],
)
def test_pages_and_glossary_routes_are_served_by_wagtail(content_tree, mitglied, login, path, status, text):
    response = login(mitglied).get(path)
    assert response.status_code == status
    if text:
        assert text in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "fachgebiete/",
        "fachgebiete/glucksspiel/",
        "glossar/",
        "glossar/verbundkontrolle/",
        "aktuelles/meldung/",
        "fachgebiete/gibt-es-nicht/",
        "gibt-es-nicht/glucksspiel/",
        "fachgebiete/glucksspiel/tiefer/",
        "aktuelles/glucksspiel/",
    ],
)
def test_start_page_route_gives_the_same_result_as_wagtails_route(content_tree, path):
    """HomePage.route (ids remembered in the content cache) answers exactly like Wagtail's Page.route,
    cold and warm."""
    home = content_tree["home"]
    components = [c for c in path.split("/") if c]

    def answer(route):
        try:
            page, args, kwargs = route(RequestFactory().get("/"), components)
        except Http404:
            return None
        view = getattr(args[0], "__func__", None) if args else None
        return (page.pk, type(page), view, args[1:] if args else args, kwargs)

    expected = answer(lambda request, parts: Page.route(home, request, parts))
    assert answer(home.route) == expected  # cold: the walk
    assert answer(home.route) == expected  # warm: from the cache


def test_a_draft_page_answers_404_and_its_first_publication_shows_at_once(content_tree, mitglied, login):
    from fachgebiete.models import FachgebietPage

    client = login(mitglied)
    draft = content_tree["index"].add_child(
        instance=FachgebietPage(
            title="Rotlicht",
            slug="rotlicht",
            fachgebiet=content_tree["page"].fachgebiet,
            einleitung="<p>Prostitutionsstätten.</p>",
            live=False,
        )
    )
    draft.save_revision()
    assert client.get("/fachgebiete/rotlicht/").status_code == 404
    assert "Rotlicht" not in client.get("/fachgebiete/").content.decode()
    draft.get_latest_revision().publish()
    assert "Prostitutionsstätten." in client.get("/fachgebiete/rotlicht/").content.decode()
    assert "Rotlicht" in client.get("/fachgebiete/").content.decode()  # the cached overview, anew


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


def test_preview_shows_the_draft_not_the_cached_live_page(content_tree, mitglied, login, user_factory):
    editor = login(user_factory("geschaeftsstelle", is_superuser=True, is_staff=True))
    page = content_tree["page"]
    assert "Spielhallen" in login(mitglied).get(page.url).content.decode()  # the live body is cached now
    page.body = [("absatz", "<p>Vorschau des Entwurfs.</p>")]
    page.save_revision()
    response = editor.get(f"/admin/pages/{page.pk}/view_draft/")  # Wagtail's preview of the draft
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vorschau des Entwurfs." in html and "Spielhallen" not in html
    # The draft never landed in the cache: readers still get the live page.
    body = login(mitglied).get(page.url).content.decode()
    assert "Spielhallen" in body and "Vorschau des Entwurfs." not in body


def test_a_new_revision_renders_the_cached_parts_anew(content_tree, mitglied, login):
    client = login(mitglied)
    news = content_tree["news"]
    assert "Text der Meldung." in client.get(news.url).content.decode()
    news.body = [("absatz", "<p>Berichtigter Text.</p>")]
    news.save_revision().publish()
    body = client.get(news.url).content.decode()
    assert "Berichtigter Text." in body and "Text der Meldung." not in body


def test_cached_parts_belong_to_the_release_that_rendered_them(content_tree, mitglied, login, settings):
    """A deploy (another release id in KEY_PREFIX) never serves a part that the previous release cached,
    even from the same cache store and under the same content generation."""
    from fachgebiete.models import FachgebietPage

    page = content_tree["page"]
    client = login(mitglied)
    location = f"release-test-{uuid.uuid4().hex}"  # one store for both releases, as Redis is

    def use_release(release):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": location,
                "KEY_PREFIX": f"siko:{release}",
            },
            "lokal": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"{location}-lokal",
                "KEY_PREFIX": f"siko:{release}",
            },
        }

    use_release("alt")
    generation = content_cache.generation()
    assert "Glücksspielstaatsvertrag" in client.get(page.url).content.decode()
    # The live row changes behind the cache's back (no signal, same publication time), so only the
    # release id can tell the cached part from a new rendering.
    FachgebietPage.objects.filter(pk=page.pk).update(einleitung="<p>Neu gerendert.</p>")
    body = client.get(page.url).content.decode()
    assert "Glücksspielstaatsvertrag" in body and "Neu gerendert." not in body  # from the cache
    use_release("neu")
    cache.set(content_cache.GENERATION_KEY, generation, None)
    body = client.get(page.url).content.decode()
    assert "Neu gerendert." in body and "Glücksspielstaatsvertrag" not in body


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


def test_url_for_path_matches_wagtail(content_tree):
    for key in ("home", "index", "page", "glossary", "news"):
        page = Page.objects.get(pk=content_tree[key].pk)
        assert url_for_path(page.url_path) == page.url


def test_prevention_and_event_pages_link_glossary_terms(demo, login):
    from glossary.models import GlossarBegriff, GlossaryPage
    from praevention.models import PraeventionPage

    home = PraeventionPage.objects.get().get_parent()
    upsert_page(home, GlossaryPage, "glossar", title="Glossar")
    GlossarBegriff.objects.get_or_create(  # the demo's glossary may have it already
        begriff="Communities That Care", defaults={"abkuerzung": "CTC", "definition": "<p>Programm.</p>"}
    )
    body = login(demo.users["pp-essen-mitglied"]).get("/praevention/").content.decode()
    assert 'class="glossar-link"' in body and "/glossar/communities-that-care/" in body


def test_news_index_pages_are_cached_per_page_number(content_tree, mitglied, login):
    from startseite.models import NewsPage

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


def test_catalogue_filter_form_is_shared_but_reflects_each_choice(demo, login):
    from behoerden.models import Gemeinde

    client = login(demo.users["pp-essen-mitglied"])
    essen = Gemeinde.objects.get(name="Essen")
    plain = client.get("/massnahmen/").content.decode()
    chosen = client.get(f"/massnahmen/?kommune={essen.pk}&phase=planung").content.decode()
    assert f'<option value="{essen.pk}" selected>' in chosen and 'value="planung" selected' in chosen
    assert f'<option value="{essen.pk}" selected>' not in plain
    assert f'<option value="{essen.pk}" selected>' not in client.get("/massnahmen/").content.decode()
    # A wrong choice is ignored with a German notice (portal.filters), which is never shared.
    wrong = client.get("/massnahmen/?kommune=999999").content.decode()
    assert "wurde nicht angewendet: unbekannter Wert" in wrong
    assert "wurde nicht angewendet" not in client.get("/massnahmen/").content.decode()


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


def test_process_local_values_follow_the_shared_generation(db):
    """`cached(..., local=True)` keeps a value in this process only, under the shared generation: when
    another process bumps the generation, this one builds anew at its next read."""
    from django.core.cache import caches

    builds = []

    def build():
        builds.append(1)
        return len(builds)

    assert content_cache.cached("probe", build, local=True) == 1
    assert content_cache.cached("probe", build, local=True) == 1  # kept
    full_key = f"portal:inhalt:{content_cache.generation()}:probe"
    assert cache.get(full_key) is None and caches[content_cache.LOCAL_CACHE].get(full_key) == 1
    cache.set(content_cache.GENERATION_KEY, "von-einem-anderen-prozess", None)  # another process's bump
    assert content_cache.cached("probe", build, local=True) == 2


def test_read_only_values_are_one_object_per_generation_and_follow_another_process(db):
    """`cached_read_only` gives every read of one generation the same object, without a shared-cache read
    or a copy; a bump in another process (only the shared generation changes) makes this one take the new
    generation's value at its next read, from the shared cache when another process built it there."""
    builds = []

    def build():
        builds.append(1)
        return (f"Stand {len(builds)}",)

    first = content_cache.cached_read_only("probe-nur-lesen", build)
    assert first == ("Stand 1",)
    assert content_cache.cached_read_only("probe-nur-lesen", build) is first  # the same object, no copy
    full_key = f"portal:inhalt:{content_cache.generation()}:probe-nur-lesen"
    cache.delete(full_key)  # not read again while the generation stands
    assert content_cache.cached_read_only("probe-nur-lesen", build) is first and len(builds) == 1

    cache.set(content_cache.GENERATION_KEY, "von-einem-anderen-prozess", None)  # another process's bump
    cache.set("portal:inhalt:von-einem-anderen-prozess:probe-nur-lesen", ("dort gebaut",), None)
    assert content_cache.cached_read_only("probe-nur-lesen", build) == ("dort gebaut",)
    content_cache.bump()  # a change in this process
    assert content_cache.cached_read_only("probe-nur-lesen", build) == ("Stand 2",)


def test_an_authority_renamed_is_found_by_its_new_name_at_once(db, behoerde_factory, user_factory):
    """The search's authority entries are kept per process (`cached_read_only`): a rename bumps the
    content generation, so the next search already finds the new name and no longer the old one."""
    from behoerden.search import search_behoerden
    from portal.search import SearchQuery

    behoerde = behoerde_factory(name="Stadt Altname", zustaendigkeiten="Gewerbeaufsicht")
    searcher = user_factory(behoerde=behoerde)

    def titles(text):
        return [hit.title for hit in search_behoerden(searcher, SearchQuery(text=text))]

    assert titles("Altname") == ["Stadt Altname"]
    behoerde.name = "Stadt Neuname"
    behoerde.save()
    assert titles("Neuname") == ["Stadt Neuname"] and titles("Altname") == []


def test_a_moved_page_is_routed_anew_in_every_process(content_tree, mitglied, login):
    """The start page's route ids are kept per process: a move elsewhere reaches this process through
    the shared generation (simulated: the row changes behind this process's back, then the bump)."""
    page = content_tree["page"]
    client = login(mitglied)
    old_url = page.url
    assert client.get(old_url).status_code == 200
    Page.objects.filter(pk=page.pk).update(
        slug="verschoben", url_path=page.url_path.replace(page.slug, "verschoben")
    )
    content_cache.new_generation()
    assert client.get(old_url).status_code == 404
