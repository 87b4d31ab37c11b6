"""German error pages in the portal layout that reveal nothing about the inside of the application."""

import pytest
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import include, path

from portal.access import public

MARKER = "GEHEIM-MARKER-7f3a9c"


@public
def raise_server_error(request):
    raise RuntimeError(f"{MARKER} database password=hunter2 in /srv/siko_portal/settings/production.py")


@public
def raise_not_found(request):
    raise Http404(f"{MARKER} Lagebild 4711 hidden")


@public
def raise_permission_denied(request):
    raise PermissionDenied(f"{MARKER} guardian says no")


@public
def raise_bad_request(request):
    raise BadRequest(f"{MARKER} malformed")


@public
def raise_suspicious(request):
    raise SuspiciousOperation(f"{MARKER} tampered")


def raise_server_error_logged_in(request):
    raise KeyError(MARKER)


urlpatterns = [
    path("_test/500/", raise_server_error),
    path("_test/404/", raise_not_found),
    path("_test/403/", raise_permission_denied),
    path("_test/400/", raise_bad_request),
    path("_test/400-suspicious/", raise_suspicious),
    path("_test/500-intern/", raise_server_error_logged_in),
    path("", include("siko_portal.urls")),
]
handler400 = "portal.views.error_400"
handler403 = "portal.views.error_403"
handler404 = "portal.views.error_404"
handler500 = "portal.views.error_500"

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.quality.test_error_pages")]

HEADINGS = {
    400: "Ungültige Anfrage",
    403: "Zugriff verweigert",
    404: "Seite nicht gefunden",
    500: "Interner Fehler",
}
# Words that would reveal internals: stack traces, settings, module and exception names.
INTERNALS = [
    MARKER,
    "Traceback",
    "RuntimeError",
    "KeyError",
    "SECRET_KEY",
    "DATABASE",
    "siko_portal",
    "settings",
    "hunter2",
    'File "',
    "Exception",
    "Django",
    "DEBUG",
]


def assert_safe_german_error_page(response, status):
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert f"<h1>{HEADINGS[status]}</h1>" in html
    assert "/static/css/portal.css" in html, "error page is not in the portal layout"
    assert 'class="skip-link"' in html
    for word in INTERNALS:
        assert word not in html, f"{status} page reveals {word!r}"
    assert "no-store" in response.get("Cache-Control", "") or status != 500


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/_test/500/", 500),
        ("/_test/404/", 404),
        ("/_test/403/", 403),
        ("/_test/400/", 400),
        ("/_test/400-suspicious/", 400),
    ],
)
def test_error_pages_are_german_and_reveal_nothing_anonymously(url, status, settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get(url)
    assert_safe_german_error_page(response, status)


def test_error_page_for_a_logged_in_person_keeps_the_layout(login, mitglied, settings):
    settings.DEBUG = False
    client = login(mitglied)
    client.raise_request_exception = False
    response = client.get("/_test/500-intern/")
    assert_safe_german_error_page(response, 500)
    response = client.get("/gibt-es-nicht/")
    assert_safe_german_error_page(response, 404)
    assert "Hauptnavigation" in response.content.decode()  # 404 keeps the full navigation


def test_server_error_page_needs_no_database(django_assert_num_queries):
    """The 500 page renders without touching the database (it may be the cause of the error)."""
    from portal.views import error_500

    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = error_500(request)
    assert response.status_code == 500
    assert "Interner Fehler" in response.content.decode()


def test_server_error_page_survives_a_broken_template(monkeypatch):
    from django.template import loader

    from portal.views import error_500

    def broken(*args, **kwargs):
        raise RuntimeError("template loader broken")

    monkeypatch.setattr(loader, "get_template", broken)
    response = error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Interner Fehler" in response.content.decode()


@pytest.mark.parametrize("url", ["/_test/404/", "/_test/403/", "/_test/400/", "/_test/500/"])
def test_error_pages_offer_the_way_back_to_a_portal_page_only(url, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    html = client.get(url, HTTP_REFERER="http://testserver/glossar/?q=clan").content.decode()
    assert 'href="http://testserver/glossar/?q=clan"' in html
    assert "Zurück zur vorherigen Seite" in html
    html = client.get(url, HTTP_REFERER="https://evil.example/x").content.decode()
    assert "evil.example" not in html
    assert "Zurück zur vorherigen Seite" not in html
    assert 'href="/"' in html
