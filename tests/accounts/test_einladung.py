"""Invitations: issue (scope, existing accounts), email, acceptance, bad links, audit."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Einladung, Rolle, User
from audit.models import Aktion, AuditEntry

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Lagebild-Ruhr-2026!"


@pytest.fixture
def ap(user_factory):
    return user_factory("ansprechpartner")


def _invite(by, behoerde=None, email="neu@example.org", **kw):
    return services.einladung_create(email=email, behoerde=behoerde or by.behoerde, by=by, **kw)


def _accept_data(**overrides):
    return {
        "first_name": "Nora",
        "last_name": "Neumann",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        **overrides,
    }


def test_token_is_stored_only_as_sha256(ap, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        einladung, token = _invite(ap)
    einladung.refresh_from_db()
    assert einladung.token_hash == services.hash_token(token)
    assert token not in einladung.token_hash
    assert einladung.expires_at - einladung.created_at >= timedelta(days=6, hours=23)
    assert AuditEntry.objects.filter(aktion=Aktion.EINLADUNG_VERSANDT, behoerde=ap.behoerde).count() == 1


def test_invitation_email_is_german_plain_and_html_with_link(ap, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _einladung, token = _invite(ap, email="Neu@Example.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["neu@example.org"]
    assert "Einladung" in message.subject
    assert f"/konto/einladung/{token}/" in message.body
    assert "Sie" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f"/konto/einladung/{token}/" in html


def test_geschaeftsstelle_invites_into_any_authority_with_portal_roles(geschaeftsstelle, behoerde_factory):
    other = behoerde_factory()
    einladung, _token = _invite(geschaeftsstelle, behoerde=other, redaktion=True, rolle=Rolle.ANSPRECHPARTNER)
    assert einladung.behoerde == other and einladung.ist_redaktion


def test_ansprechpartner_cannot_invite_into_other_authority(ap, behoerde_factory):
    with pytest.raises(PermissionDenied):
        _invite(ap, behoerde=behoerde_factory())
    with pytest.raises(PermissionDenied):
        _invite(ap, redaktion=True)
    assert not Einladung.objects.exists()


def test_mitglied_cannot_invite(mitglied):
    with pytest.raises(PermissionDenied):
        _invite(mitglied)


def test_invitation_for_existing_account_is_refused(ap, mitglied):
    with pytest.raises(ValidationError):
        _invite(ap, email=mitglied.email.upper())
    assert not Einladung.objects.exists()


def test_new_invitation_revokes_older_open_one(ap):
    first, first_token = _invite(ap)
    _second, _token = _invite(ap)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert services.einladung_by_token(first_token) is None
    assert AuditEntry.objects.filter(aktion=Aktion.EINLADUNG_WIDERRUFEN).count() == 1


# --- Views: issuing ---------------------------------------------------------------------------


def test_invite_view_sends_mail_and_audits(login, ap, django_capture_on_commit_callbacks):
    client = login(ap)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:einladen"),
            {"email": "kollegin@example.org", "behoerde": ap.behoerde_id, "rolle": "mitglied"},
        )
    assert response.status_code == 302
    assert Einladung.objects.get().email == "kollegin@example.org"
    assert len(mail.outbox) == 1


def test_invite_view_crafted_foreign_authority_is_denied_and_audited(login, ap, behoerde_factory):
    other = behoerde_factory()
    client = login(ap)
    response = client.post(
        reverse("accounts:einladen"), {"email": "x@example.org", "behoerde": other.pk, "rolle": "mitglied"}
    )
    assert response.status_code == 200
    assert "nur Personen Ihrer eigenen Behörde" in response.content.decode()
    assert not Einladung.objects.exists()
    entry = AuditEntry.objects.get(aktion=Aktion.ZUGRIFF_VERWEIGERT)
    assert entry.actor == ap and entry.behoerde == other


def test_invite_view_existing_address_gets_german_error(login, ap, mitglied):
    client = login(ap)
    response = client.post(
        reverse("accounts:einladen"),
        {"email": mitglied.email, "behoerde": ap.behoerde_id, "rolle": "mitglied"},
    )
    assert response.status_code == 200
    assert "bereits ein Konto" in response.content.decode()
    assert not Einladung.objects.exists()


def test_invite_view_is_404_for_mitglied(login, mitglied):
    assert login(mitglied).get(reverse("accounts:einladen")).status_code == 404


def test_revoke_invitation(login, ap):
    einladung, token = _invite(ap)
    response = login(ap).post(
        reverse("accounts:einladung_widerrufen", args=[einladung.pk]), {"bestaetigt": "ja"}
    )
    assert response.status_code == 302
    assert services.einladung_by_token(token) is None
    assert AuditEntry.objects.filter(aktion=Aktion.EINLADUNG_WIDERRUFEN, actor=ap).exists()


def test_revoke_foreign_invitation_is_404(login, ap, user_factory):
    other_ap = user_factory("ansprechpartner")
    einladung, token = _invite(other_ap)
    response = login(ap).post(reverse("accounts:einladung_widerrufen", args=[einladung.pk]))
    assert response.status_code == 404
    assert services.einladung_by_token(token) is not None
    assert AuditEntry.objects.filter(aktion=Aktion.ZUGRIFF_VERWEIGERT, actor=ap).exists()


# --- Views: accepting -------------------------------------------------------------------------


def test_accept_creates_user_logs_in_and_goes_to_totp_enrolment(client, ap):
    einladung, token = _invite(ap, rolle=Rolle.ANSPRECHPARTNER)
    url = reverse("accounts:einladung", args=[token])
    assert client.get(url).status_code == 200
    response = client.post(url, _accept_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    user = User.objects.get(email="neu@example.org")
    assert user.behoerde == ap.behoerde and user.rolle == Rolle.ANSPRECHPARTNER
    assert user.check_password(GOOD_PASSWORD)
    assert user.rezertifiziert_am is not None
    einladung.refresh_from_db()
    assert einladung.accepted_at is not None and einladung.user == user
    assert AuditEntry.objects.filter(aktion=Aktion.EINLADUNG_ANGENOMMEN, subject=user).exists()
    # Logged in with a fresh authentication: enrolment opens without a second password prompt.
    enrol = client.get(reverse("mfa_activate_totp"))
    assert enrol.status_code == 200
    assert 'name="code"' in enrol.content.decode()
    # ...but nothing with content before the second factor.
    assert client.get(reverse("accounts:profil"))["Location"] == reverse("mfa_activate_totp")


def test_accept_with_portal_roles(client, geschaeftsstelle):
    _einladung, token = _invite(geschaeftsstelle, redaktion=True, geschaeftsstelle=True)
    client.post(reverse("accounts:einladung", args=[token]), _accept_data())
    user = User.objects.get(email="neu@example.org")
    assert user.ist_redaktion and user.ist_geschaeftsstelle
    assert user.groups.filter(name="Geschäftsstelle").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password1": "kurz-2026!", "password2": "kurz-2026!"}, "zu kurz"),
        ({"password1": "123456789012345", "password2": "123456789012345"}, "komplett numerisch"),
        ({"password2": "Anderes-Passwort-2026!"}, "stimmen nicht überein"),
        ({"first_name": ""}, "Dieses Feld muss ausgefüllt werden"),
    ],
)
def test_accept_bad_input_changes_nothing(client, ap, data, message):
    einladung, token = _invite(ap)
    response = client.post(reverse("accounts:einladung", args=[token]), _accept_data(**data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="neu@example.org").exists()
    einladung.refresh_from_db()
    assert einladung.accepted_at is None


def _used(ap, client):
    _e, token = _invite(ap)
    client.post(reverse("accounts:einladung", args=[token]), _accept_data())
    client.logout()
    return token


def _expired(ap, client):
    einladung, token = _invite(ap)
    Einladung.objects.filter(pk=einladung.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    return token


def _revoked(ap, client):
    einladung, token = _invite(ap)
    services.einladung_revoke(einladung=einladung, by=ap)
    return token


def _forged(ap, client):
    _invite(ap)
    return "gefaelscht-" + "x" * 32


@pytest.mark.parametrize("make_token", [_used, _expired, _revoked, _forged])
def test_bad_links_get_the_same_neutral_german_page(client, ap, make_token):
    token = make_token(ap, client)
    users_before = User.objects.count()
    url = reverse("accounts:einladung", args=[token])
    response = client.get(url)
    assert response.status_code == 404
    assert "Dieser Einladungslink ist nicht gültig" in response.content.decode()
    response = client.post(url, _accept_data(first_name="Mallory"))
    assert response.status_code == 404
    assert User.objects.count() == users_before
    assert not User.objects.filter(first_name="Mallory").exists()


def test_accept_refused_when_account_appeared_meanwhile(client, ap, user_factory):
    _e, token = _invite(ap)
    user_factory(email="neu@example.org")
    response = client.post(reverse("accounts:einladung", args=[token]), _accept_data())
    assert response.status_code == 200
    assert "bereits ein Konto" in response.content.decode()


def test_invite_form_offers_ansprechpartner_only_own_authority(login, ap, behoerde_factory):
    other = behoerde_factory(name="Fremde Behörde")
    content = login(ap).get(reverse("accounts:einladen")).content.decode()
    assert ap.behoerde.name in content
    assert other.name not in content
    assert 'name="ist_geschaeftsstelle"' not in content


def test_invite_form_for_geschaeftsstelle_offers_portal_roles(login, geschaeftsstelle):
    content = login(geschaeftsstelle).get(reverse("accounts:einladen")).content.decode()
    assert 'name="ist_redaktion"' in content and 'name="ist_geschaeftsstelle"' in content


def test_revoking_an_invitation_asks_first(login, ap):
    from tests.confirmations import assert_asks_first

    einladung, _token = _invite(ap)

    def revoked():
        einladung.refresh_from_db()
        return not einladung.is_open

    assert_asks_first(
        login(ap),
        reverse("accounts:einladung_widerrufen", args=[einladung.pk]),
        {},
        done=revoked,
        says="widerrufen?",
    )
