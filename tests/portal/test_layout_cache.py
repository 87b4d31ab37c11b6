"""The layout's fragment caches (issue 12 part 5): the header navigation, the footer and the account links
come from the process-local cache "lokal" under a key of every input that shapes them, so a change of
any input shows at once — the person's roles and name, the current page, the Aktuelles page, the sign-in
state — and the CSRF token is never cached."""

import re

import pytest
from django.core.cache import caches
from django.test import Client

from portal import content_cache
from portal.access import MFA_SESSION_KEY

pytestmark = pytest.mark.django_db


def _main_nav(html: str) -> str:
    start = html.index('<nav class="main-nav"')
    return html[start : html.index("</nav>", start)]


def _menu_nav(html: str) -> str:
    start = html.index('<nav aria-label="Hauptnavigation (Menü)"')
    return html[start : html.index("</nav>", start)]


def _footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') : html.index("</footer>")]


def _current_links(nav: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" aria-current="page"', nav)


@pytest.fixture
def aktuelles(db):
    from demo.pages import ensure_home_page, upsert_page
    from startseite.models import NewsIndexPage

    return upsert_page(ensure_home_page(), NewsIndexPage, "aktuelles", title="Aktuelles")


def test_warm_navigation_is_the_same_html_as_a_fresh_rendering(user_factory, login):
    client = login(user_factory("ansprechpartner"))
    cold = client.get("/lagebilder/").content.decode()
    warm = client.get("/lagebilder/").content.decode()
    assert _main_nav(warm) == _main_nav(cold) and _menu_nav(warm) == _menu_nav(cold)
    caches[content_cache.LOCAL_CACHE].clear()
    assert _main_nav(client.get("/lagebilder/").content.decode()) == _main_nav(warm)


def test_current_link_follows_the_page_with_a_warm_cache(user_factory, login):
    client = login(user_factory("mitglied"))
    for _ in range(2):  # the second round comes from the cache
        assert _current_links(_main_nav(client.get("/lagebilder/").content.decode())) == ["/lagebilder/"]
        lage = client.get("/erhebungen/lage/").content.decode()
        assert _current_links(_main_nav(lage)) == ["/erhebungen/lage/"]
        assert _current_links(_menu_nav(lage)) == ["/erhebungen/lage/"]
        assert _current_links(_main_nav(client.get("/konto/profil/").content.decode())) == []


def test_a_role_change_changes_the_navigation_at_once(user_factory, login):
    from accounts.roles import user_set_portal_roles

    person = user_factory("mitglied")
    client = login(person)
    before = client.get("/lagebilder/").content.decode()
    assert 'href="/protokoll/"' not in _main_nav(before) and "Verwaltung" not in _main_nav(before)
    user_set_portal_roles(user=person, redaktion=True, geschaeftsstelle=True, by=None)
    after = client.get("/lagebilder/").content.decode()
    for nav in (_main_nav(after), _menu_nav(after)):
        assert 'href="/protokoll/"' in nav and 'href="/admin/"' in nav
    user_set_portal_roles(user=person, redaktion=False, geschaeftsstelle=False, by=None)
    again = client.get("/lagebilder/").content.decode()
    assert 'href="/protokoll/"' not in _main_nav(again)
    # Another person with the same roles gets the same navigation (one cached entry per role set) ...
    other = login(user_factory("mitglied")).get("/lagebilder/").content.decode()
    assert _main_nav(other) == _main_nav(again)
    # ... and a person with other roles never sees it.
    leader = login(user_factory("geschaeftsstelle")).get("/lagebilder/").content.decode()
    assert 'href="/protokoll/"' in _main_nav(leader)


def test_moving_the_aktuelles_page_reaches_the_navigation_at_once(aktuelles, user_factory, login):
    client = login(user_factory("mitglied"))
    assert f'href="{aktuelles.url}"' in _main_nav(client.get("/lagebilder/").content.decode())
    aktuelles.slug = "neuigkeiten"
    aktuelles.save_revision().publish()
    nav = _main_nav(client.get("/lagebilder/").content.decode())
    assert 'href="/neuigkeiten/"' in nav and 'href="/aktuelles/"' not in nav


def test_account_links_show_the_current_name_and_a_fresh_csrf_token(user_factory, login):
    person = user_factory("mitglied", first_name="Anna", last_name="Alt")
    client = login(person)
    assert "Anna Alt" in client.get("/lagebilder/").content.decode()
    person.last_name = "Neu"
    person.save(update_fields=["last_name"])
    html = client.get("/lagebilder/").content.decode()
    assert "Anna Neu" in html and "Anna Alt" not in html
    # The logout form's token is the current session's, never a cached one: a second person's page holds
    # their own token, and logging out with it works under CSRF checks.
    other = user_factory("mitglied", first_name="Anna", last_name="Neu", behoerde=person.behoerde)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(other)
    session = strict.session
    session[MFA_SESSION_KEY] = True
    session.save()
    page = strict.get("/lagebilder/").content.decode()
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert tokens and not tokens & set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    response = strict.post("/konto/logout/", {"csrfmiddlewaretoken": tokens.pop()})
    assert response.status_code == 302
    assert "_auth_user_id" not in strict.session


def test_footer_links_follow_the_sign_in_state(user_factory, login):
    anonymous = Client().get("/konto/login/").content.decode()
    assert "/rechtliches/impressum/" in _footer(anonymous) and "Meine Daten" not in _footer(anonymous)
    signed_in = login(user_factory("mitglied")).get("/lagebilder/").content.decode()
    assert "Meine Daten" in _footer(signed_in)
    assert "Meine Daten" not in _footer(Client().get("/konto/login/").content.decode())


def test_search_term_and_logout_form_are_never_cached(user_factory, login):
    """The header's fragments end around the per-request values: the search term in both search fields
    (wide and phone menu) and the one logout form with the session's token, which both "Abmelden"
    buttons submit."""
    client = login(user_factory("mitglied"))
    for term in ("Shisha", "Rotlicht"):  # the second from a warm cache
        header = client.get("/suche/", {"q": term}).content.decode().split("</header>")[0]
        assert header.count(f'value="{term}"') == 2
    header = client.get("/lagebilder/").content.decode().split("</header>")[0]
    assert 'value="Shisha"' not in header and 'value="Rotlicht"' not in header
    assert header.count('form="abmelden"') == 2
    form = re.search(r'<form id="abmelden" action="/konto/logout/" method="post"[^>]*>(.*?)</form>', header)
    assert form and 'name="csrfmiddlewaretoken"' in form.group(1)
