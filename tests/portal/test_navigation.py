"""Header navigation: every area of the URL inventory in at most two clicks (a header group, then its
link), on every page, for every role; the CMS link for editors; /admin/ is a 404 for everyone else."""

import re

import pytest

from tests.url_inventory import all_patterns

pytestmark = pytest.mark.django_db

# Parameterless portal URLs that are not areas of their own, with the area page that links to them.
REACHED_FROM = {
    "/konto/personen/einladen/": "/konto/personen/",
    "/lagebilder/neu/": "/lagebilder/",
    "/austausch/anfragen/neu/": "/austausch/anfragen/",
    "/analysen/neu/": "/analysen/",
    "/konto/behoerde/identitaetsanbieter/neu/": "/konto/behoerde/identitaetsanbieter/",
    "/analysen/export.csv": "/analysen/",
    "/erhebungen/indikatoren/neu/": "/erhebungen/indikatoren/",
    "/erhebungen/neu/": "/erhebungen/",
    "/newsletter/einstellungen/": "/newsletter/",
    "/kalender/feed.ics": "/kalender/",
    "/kalender/abo/": "/kalender/",
    "/benachrichtigungen/einstellungen/": "/benachrichtigungen/",
}
# Not pages a person navigates to (with the reason).
NOT_NAVIGATED = {
    "/health/": "machine check for the load balancer",
    "/konto/logout/": "the „Abmelden“ form button in the header's user area (a POST, not a link)",
    "/konto/2fa/totp/activate/": "forced enrolment: the login sends people without a second factor there",
    "/suche/": "the search form in the header itself",
    "/konto/behoerde/anmelden/": "„Mit Ihrer Behörde anmelden“ on the login page (before login)",
    "/konto/behoerde/einladung-erbitten/": "the button on the „Kein Zugang“ page after a federated login",
    "/massnahmen/neu/": "the button „Maßnahme vorschlagen“ on /massnahmen/, only for a Kommune's Ansprechpartner:in",
    "/kalender/abo/widerrufen/": "the form button on the calendar page (shown only with a subscription)",
    "/rechtliches/impressum/": "footer link on every page (and the login page)",
    "/rechtliches/datenschutz/": "footer link on every page (and the login page)",
    "/rechtliches/barrierefreiheit/": "footer link on every page (and the login page)",
    "/rechtliches/meine-daten/": "footer link „Meine Daten“ on every page once logged in",
    "/rechtliches/meine-daten.json": "the download button on /rechtliches/meine-daten/",
    "/rechtliches/bestaetigen/": "the access policy sends people there until they confirm the current terms",
    "/benachrichtigungen/alle-gelesen/": "the form button „Alle als gelesen markieren“ on /benachrichtigungen/",
}


def _header(html: str) -> str:
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def _header_links(html: str) -> set[str]:
    return set(re.findall(r'href="(/[^"]*)"', _header(html)))


@pytest.fixture
def aktuelles(db):
    """The page-tree areas the header links to (start page children), returning Aktuelles."""
    from demo.pages import ensure_home_page, upsert_page
    from fachgebiete.models import FachgebietIndexPage
    from glossary.models import GlossaryPage
    from praevention.models import PraeventionPage
    from startseite.models import NewsIndexPage

    home = ensure_home_page()
    upsert_page(home, GlossaryPage, "glossar", title="Glossar")
    upsert_page(home, FachgebietIndexPage, "fachgebiete", title="Fachgebiete")
    upsert_page(home, PraeventionPage, "praevention", title="Prävention")
    return upsert_page(home, NewsIndexPage, "aktuelles", title="Aktuelles")


def test_every_area_of_the_url_inventory_is_in_the_header(aktuelles, user_factory, login):
    client = login(user_factory("geschaeftsstelle"))
    links = _header_links(client.get("/").content.decode())
    areas = sorted(
        "/" + pattern.route
        for pattern in all_patterns()
        if pattern.local and not pattern.params and not pattern.admin
    )
    missing = [
        path for path in areas if path not in links and path not in REACHED_FROM and path not in NOT_NAVIGATED
    ]
    assert not missing, f"Not in the header (add to portal.navigation or REACHED_FROM): {missing}"
    assert aktuelles.url in links
    for path, area in REACHED_FROM.items():
        assert area in links, area
        body = client.get(area).content.decode()
        assert f'"{path}"' in body, f"{area} does not link to {path}"


@pytest.mark.parametrize("role", ["mitglied", "ansprechpartner", "redaktion", "geschaeftsstelle"])
def test_named_areas_are_in_the_header_on_every_page_and_open(aktuelles, user_factory, login, role):
    client = login(user_factory(role))
    named = {
        "Arbeitskreise": "/arbeitskreise/",
        "Anfragen an die Geschäftsstelle": "/austausch/anfragen/",
        "Erhebungen": "/erhebungen/",
        "Gesamtlagedarstellung": "/erhebungen/lage/",
        "Aktuelles": aktuelles.url,
        "Fachveranstaltungen": "/kalender/",
        "Lagebilder": "/lagebilder/",
    }
    for page in ("/", "/lagebilder/", "/gibt-es-nicht/", "/konto/profil/"):
        header = _header(client.get(page).content.decode())
        for label, url in named.items():
            assert f'<a href="{url}"' in header and f">{label}</a>" in header, (page, label)
    for url in _header_links(client.get("/").content.decode()):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("role", "sees_cms"), [("mitglied", False), ("redaktion", True), ("geschaeftsstelle", True)]
)
def test_cms_link_for_redaktion_and_geschaeftsstelle(user_factory, login, role, sees_cms):
    header = _header(login(user_factory(role)).get("/konto/profil/").content.decode())
    assert ('href="/admin/"' in header) is sees_cms


def test_admin_for_a_member_is_the_portal_404_not_a_loop(user_factory, login):
    client = login(user_factory("mitglied"))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 404 and response.redirect_chain == []
    assert "Seite nicht gefunden" in response.content.decode()
    assert login(user_factory("redaktion")).get("/admin/").status_code == 200


def test_header_marks_the_notifications_slot(user_factory, login):
    html = login(user_factory("mitglied")).get("/konto/profil/").content.decode()
    assert '<div class="site-header__status">' in _header(html)


def test_phone_menu_is_a_details_element_without_javascript(user_factory, login):
    header = _header(login(user_factory("mitglied")).get("/konto/profil/").content.decode())
    menu = header[header.index('<details class="site-menu">') :]
    assert "<summary>Menü</summary>" in menu and "<script" not in header
    assert 'href="/arbeitskreise/"' in menu and 'href="/erhebungen/lage/"' in menu
