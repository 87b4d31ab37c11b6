"""A form sent from a stale page (new login, new release) gets a German explanation, never Django's page."""

import re

import pytest
from django.test import Client

from accounts.models import User
from portal.access import MFA_SESSION_KEY

pytestmark = pytest.mark.django_db

TOKEN_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    session = client.session
    session[MFA_SESSION_KEY] = True
    session.save()
    return client


def profile_post(token: str) -> dict:
    return {
        "csrfmiddlewaretoken": token,
        "first_name": "Geändert",
        "last_name": "Person",
        "funktion": "",
        "telefon": "",
    }


def assert_stale_page_explained(response, *, old_token: str = ""):
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "/static/css/portal.css" in html, "CSRF page is not in the portal layout"
    assert "<h1>Seite nicht mehr aktuell</h1>" in html
    assert "neu angemeldet" in html and "neue Version des Portals" in html
    assert "Zurück-Taste Ihres Browsers" in html  # the browser keeps typed input on back
    assert "Laden Sie die Seite neu" in html
    assert 'href="/"' in html
    for word in ("DEBUG", "Django", "CSRF", "csrf", "Verboten", "Forbidden", "token", "Referer", "cookie"):
        assert word not in html.replace("csrfmiddlewaretoken", ""), f"CSRF page reveals {word!r}"
    if old_token:
        assert old_token not in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("debug", [False, True])
def test_stale_form_after_a_new_login_is_explained_and_changes_nothing(mitglied, settings, debug):
    settings.DEBUG = debug
    client = csrf_client(mitglied)
    form_page = client.get("/konto/profil/")
    assert form_page.status_code == 200
    old_token = TOKEN_FIELD.search(form_page.content.decode()).group(1)
    # A new login rotates the CSRF secret: the old tab still holds the token of the previous one.
    client.cookies["csrftoken"] = "x" * 32

    response = client.post(
        "/konto/profil/",
        profile_post(old_token),
        HTTP_REFERER="http://testserver/konto/profil/",
        secure=False,
    )

    assert_stale_page_explained(response, old_token=old_token)
    assert 'href="http://testserver/konto/profil/"' in response.content.decode()  # back to the form
    mitglied.refresh_from_db()
    assert mitglied.first_name != "Geändert"


def test_post_without_any_token_is_explained(mitglied, settings):
    settings.DEBUG = True
    client = csrf_client(mitglied)
    response = client.post("/konto/profil/", profile_post(""))
    assert_stale_page_explained(response)
    assert User.objects.get(pk=mitglied.pk).first_name != "Geändert"


def test_foreign_referer_is_not_offered_as_the_way_back(mitglied):
    client = csrf_client(mitglied)
    response = client.post("/konto/profil/", profile_post(""), HTTP_REFERER="https://evil.example/phish")
    assert response.status_code == 403
    assert "evil.example" not in response.content.decode()


def test_anonymous_stale_login_form_is_explained(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/login/", {"login": "a@b.de", "password": "x"})
    assert_stale_page_explained(response)


def test_valid_token_still_saves(mitglied):
    """The failure view is only the answer to a failed check: a fresh token passes."""
    client = csrf_client(mitglied)
    token = TOKEN_FIELD.search(client.get("/konto/profil/").content.decode()).group(1)
    response = client.post("/konto/profil/", profile_post(token))
    assert response.status_code == 302
    mitglied.refresh_from_db()
    assert mitglied.first_name == "Geändert"
