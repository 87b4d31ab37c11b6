"""Login with password and second factor, rate limits, password reset, audit entries, German texts."""

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import Aktion, AuditEntry
from portal.access import MFA_SESSION_KEY
from tests.conftest import totp_now

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"


def _password_step(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


def test_login_page_is_german_without_signup_link(client):
    content = client.get(LOGIN).content.decode()
    assert 'id="id_login"' in content and 'id="id_password"' in content
    assert "Anmelden" in content and "Passwort vergessen?" in content
    assert "signup" not in content and "registrieren" not in content.lower()


def test_signup_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code in (200, 302)
    assert 'name="password1"' not in response.content.decode()


def test_password_then_totp_logs_in_and_audits(client, browser_user):
    user, password, secret = browser_user("mitglied")
    response = _password_step(client, user.email, password)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert not AuditEntry.objects.filter(aktion=Aktion.LOGIN_ERFOLG).exists()
    response = client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session[MFA_SESSION_KEY] is True
    assert AuditEntry.objects.filter(aktion=Aktion.LOGIN_ERFOLG, actor=user).count() == 1
    assert client.get(reverse("accounts:profil")).status_code == 200


def test_wrong_password_is_german_and_audited(client, browser_user):
    user, _password, _secret = browser_user("mitglied")
    response = _password_step(client, user.email, "falsch-falsch-falsch")
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort sind nicht korrekt." in response.content.decode()
    entry = AuditEntry.objects.get(aktion=Aktion.LOGIN_FEHLSCHLAG)
    assert entry.subject == user and entry.details["email"] == user.email


def test_sixth_failed_login_for_one_account_from_one_address_is_refused(client, browser_user):
    user, password, _secret = browser_user("mitglied")
    for _ in range(5):
        response = _password_step(client, user.email, "falsch-falsch-falsch")
        assert "nicht korrekt" in response.content.decode()
    # Even the right password is refused now from this address (per account and IP); other addresses
    # only wait for the account's short delay (tests/accounts/test_login_throttle.py).
    response = _password_step(client, user.email, password)
    assert response.status_code == 200
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("code_kind", ["wrong", "reused"])
def test_wrong_or_reused_totp_code_is_refused_in_german(client, browser_user, code_kind):
    user, password, secret = browser_user("mitglied")
    code = totp_now(secret)
    if code_kind == "reused":
        other = client.__class__()
        _password_step(other, user.email, password)
        assert other.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    else:
        code = f"{(int(code) + 1) % 1_000_000:06d}"
    _password_step(client, user.email, password)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert "Der Code ist nicht korrekt oder wurde bereits verwendet" in response.content.decode()
    assert MFA_SESSION_KEY not in client.session
    assert client.get(reverse("accounts:profil")).status_code == 302
    assert AuditEntry.objects.filter(
        aktion=Aktion.LOGIN_FEHLSCHLAG, subject=user, details__stufe="zweiter_faktor"
    ).exists()


def test_recovery_code_works_once_and_wrong_one_is_refused(client, browser_user):
    from allauth.mfa.models import Authenticator

    from accounts.authenticators import authenticator_recovery_codes_ensure

    user, password, _secret = browser_user("mitglied")
    codes = authenticator_recovery_codes_ensure(user=user)
    _password_step(client, user.email, password)
    response = client.post(reverse("mfa_authenticate"), {"code": "abcd-efgh"})
    assert "Der Code ist nicht korrekt" in response.content.decode()
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert client.session[MFA_SESSION_KEY] is True
    # The same recovery code cannot be used twice.
    client.post(reverse("account_logout"))
    _password_step(client, user.email, password)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert "Der Code ist nicht korrekt" in response.content.decode()
    assert (
        Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()
        == codes[1:]
    )


def test_totp_secret_is_stored_encrypted(browser_user):
    from allauth.mfa.models import Authenticator

    user, _password, secret = browser_user("mitglied")
    row = (
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)
        .values_list("data", flat=True)
        .get()
    )
    assert secret not in str(row)
    assert row["secret"].startswith("fernet:")


def test_password_reset_does_not_reveal_accounts(client, mitglied):
    url = reverse("account_reset_password")
    known = client.post(url, {"email": mitglied.email})
    unknown = client.post(url, {"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    done = client.get(reverse("account_reset_password_done")).content.decode()
    assert "Wenn zu der angegebenen Adresse ein Konto besteht" in done
    # Both addresses get a German mail; only the account holder's contains a reset link.
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "/konto/password/reset/key/" in by_recipient[mitglied.email].body
    assert "kein Konto" in by_recipient["niemand@example.org"].body
    assert "Sie" in by_recipient[mitglied.email].body


def test_password_reset_link_comes_from_portal_base_url_not_the_request_host(client, mitglied, settings):
    settings.PORTAL_BASE_URL = "https://portal.siko-ruhr.example"
    settings.ALLOWED_HOSTS = ["testserver", "angreifer.example"]
    response = client.post(
        reverse("account_reset_password"), {"email": mitglied.email}, HTTP_HOST="angreifer.example"
    )
    assert response.status_code == 302
    (message,) = [m for m in mail.outbox if m.to == [mitglied.email]]
    assert "angreifer.example" not in message.body
    links = [line for line in message.body.splitlines() if "/konto/password/reset/key/" in line]
    assert len(links) == 1
    link = links[0].strip()
    assert link.startswith("https://portal.siko-ruhr.example/konto/password/reset/key/")
    # The link leads to the portal's own set-password step.
    followed = client.get(link.removeprefix("https://portal.siko-ruhr.example"))
    assert followed.status_code == 302
    assert "/konto/password/reset/key/" in followed["Location"]


def test_password_reset_form_page_is_german(client):
    content = client.get(reverse("account_reset_password")).content.decode()
    assert "Passwort zurücksetzen" in content


def test_logout_ends_server_session_and_is_audited(login, mitglied):
    from django.contrib.sessions.backends.cached_db import SessionStore

    client = login(mitglied)
    key = client.session.session_key
    assert SessionStore().exists(key)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not SessionStore().exists(key)
    assert AuditEntry.objects.filter(aktion=Aktion.LOGOUT, actor=mitglied).exists()
    assert client.get(reverse("accounts:profil")).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_mfa_added_and_removed_are_audited(client, user_factory):
    """Enrol TOTP through the real pages (after re-authentication), then remove it again."""
    from allauth.mfa.models import Authenticator

    user = user_factory("mitglied", password="Ein-sicheres-Passwort-1")
    _password_step(client, user.email, "Ein-sicheres-Passwort-1")
    # Logged in without a factor: only enrolment is reachable; the fresh login needs no second password.
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.content.decode()  # shown for manual entry
    assert "data:image/svg+xml;base64," in page.content.decode()
    wrong = client.post(
        reverse("mfa_activate_totp"), {"code": "000000" if totp_now(secret) != "000000" else "111111"}
    )
    assert "Der Code ist nicht korrekt" in wrong.content.decode()
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert AuditEntry.objects.filter(aktion=Aktion.MFA_HINZUGEFUEGT, actor=user, details__typ="totp").exists()
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert "Wiederherstellungscodes" in codes_page and 'id="recovery_codes"' in codes_page
    assert client.get(reverse("accounts:profil")).status_code == 200  # verified by enrolment
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert AuditEntry.objects.filter(aktion=Aktion.MFA_ENTFERNT, actor=user, details__typ="totp").exists()
    # Without a factor the session no longer counts as verified.
    assert client.get(reverse("accounts:profil"))["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize(
    ("method", "url_name", "data"),
    [
        ("post", "account_email", {"action_add": "", "email": "neu@example.org"}),
        ("get", "mfa_deactivate_totp", None),
        ("get", "mfa_generate_recovery_codes", None),
    ],
)
def test_sensitive_changes_need_reauthentication(login, mitglied, method, url_name, data):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    client = login(mitglied)
    response = getattr(client, method)(reverse(url_name), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="neu@example.org").exists()
    assert Authenticator.objects.filter(user=mitglied, type=Authenticator.Type.TOTP).exists()


def test_reauthenticate_page_is_german(login, mitglied):
    client = login(mitglied)
    content = client.get(reverse("account_reauthenticate")).content.decode()
    assert "Zugriff bestätigen" in content


def test_mfa_pages_are_german(login, mitglied):
    client = login(mitglied)
    content = client.get(reverse("mfa_index")).content.decode()
    assert "Zweiter Faktor" in content and "Authenticator-App" in content


def test_email_page_is_german(login, mitglied):
    content = login(mitglied).get(reverse("account_email")).content.decode()
    assert "E-Mail-Adressen" in content and mitglied.email in content


def test_password_reset_link_sets_new_password_with_validators(client, mitglied):
    import re

    client.post(reverse("account_reset_password"), {"email": mitglied.email})
    link = re.search(r"http://\S+/konto/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else "/" + path
    assert "Neues Passwort festlegen" in response.content.decode()
    weak = client.post(form_url, {"password1": "kurz", "password2": "kurz"})
    assert weak.status_code == 200 and "zu kurz" in weak.content.decode()
    done = client.post(form_url, {"password1": "Neues-Passwort-2026!", "password2": "Neues-Passwort-2026!"})
    assert done.status_code == 302
    mitglied.refresh_from_db()
    assert mitglied.check_password("Neues-Passwort-2026!")
    # A used link is refused in German.
    again = client.get(form_url)
    assert "Link ungültig" in again.content.decode() or again.status_code == 302
