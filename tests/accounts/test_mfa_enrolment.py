"""Second-factor enrolment: a stable TOTP secret, security key offered, no second password prompt."""

import time

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.adapters import ENROLMENT_LOGIN_AT_SESSION_KEY
from accounts.authenticators import totp_code as app_code
from accounts.forms import PENDING_TOTP_SECRET_SESSION_KEY
from audit.models import Aktion, AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "Ein-sicheres-Passwort-1"
ENROL = "/konto/2fa/totp/activate/"


@pytest.fixture
def unenrolled(client, user_factory):
    """A person who has logged in with their password and has no second factor yet."""
    user = user_factory("mitglied", password=PASSWORD)
    response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profil"))["Location"] == reverse("mfa_activate_totp")
    return user


def shown_secret(client) -> str:
    page = client.get(ENROL)
    assert page.status_code == 200, "the enrolment page asked for the password again"
    secret = page.context["form"].secret
    assert f'value="{secret}"' in page.content.decode()
    return secret


def test_reloading_the_enrolment_page_keeps_the_secret(client, unenrolled):
    first = shown_secret(client)
    assert shown_secret(client) == first
    assert shown_secret(client) == first


def test_code_from_the_first_secret_is_accepted_after_reloads(
    client, unenrolled, django_capture_on_commit_callbacks
):
    first = shown_secret(client)
    shown_secret(client)
    shown_secret(client)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ENROL, {"code": app_code(first)})

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=unenrolled, type=Authenticator.Type.TOTP).count() == 1
    assert AuditEntry.objects.filter(aktion=Aktion.MFA_HINZUGEFUEGT, actor=unenrolled).exists()
    assert PENDING_TOTP_SECRET_SESSION_KEY not in client.session


def test_renewing_draws_a_new_secret_and_only_that_one_counts(client, unenrolled):
    old = shown_secret(client)

    response = client.post(ENROL, {"erneuern": "1"}, follow=True)
    assert "Es wurde ein neuer Schlüssel erzeugt" in response.content.decode()
    new = shown_secret(client)
    assert new != old
    assert shown_secret(client) == new

    wrong = client.post(ENROL, {"code": app_code(old)})
    assert wrong.status_code == 200
    assert "Der Code ist nicht korrekt" in wrong.content.decode()
    assert not Authenticator.objects.filter(user=unenrolled).exists()

    assert client.post(ENROL, {"code": app_code(new)}).status_code == 302
    assert Authenticator.objects.filter(user=unenrolled, type=Authenticator.Type.TOTP).exists()


def test_wrong_code_is_explained_in_german_and_keeps_the_secret(client, unenrolled):
    secret = shown_secret(client)
    wrong = client.post(ENROL, {"code": "12345x"})
    assert wrong.status_code == 200
    assert "Der Code ist nicht korrekt" in wrong.content.decode()
    assert wrong.context["form"].secret == secret
    assert not Authenticator.objects.exists()


def test_forced_enrolment_page_offers_totp_and_security_key(client, unenrolled):
    page = client.get(ENROL).content.decode()
    assert "QR-Code" in page and 'name="code"' in page
    assert f'href="{reverse("mfa_add_webauthn")}"' in page
    assert "Sicherheitsschlüssel einrichten" in page
    # Reachable right away, without a second password prompt.
    webauthn = client.get(reverse("mfa_add_webauthn"))
    assert webauthn.status_code == 200
    assert 'id="mfa_webauthn_add"' in webauthn.content.decode()


def test_a_login_long_ago_asks_for_the_password_before_enrolment(client, unenrolled, settings):
    session = client.session
    session[ENROLMENT_LOGIN_AT_SESSION_KEY] = time.time() - settings.ACCOUNT_REAUTHENTICATION_TIMEOUT - 1
    session.save()
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(ENROL).status_code == 200


def test_a_fresh_login_does_not_skip_reauthentication_for_an_existing_factor(login, mitglied):
    """The exemption covers enrolling a first factor only; removing one still needs the password."""
    client = login(mitglied)
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
