"""Changing the login address: only through allauth's page, re-authenticated, confirmed, audited, and the
old address is told (issue #13, part 4)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import Aktion, AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "Test-Passwort-123!"
NEW = "neu.adresse@example.org"


@pytest.fixture
def client_reauthenticated(login, mitglied):
    client = login(mitglied)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302
    mail.outbox.clear()
    return client


def email_entries(user):
    return list(
        AuditEntry.objects.filter(aktion=Aktion.EMAIL_GEAENDERT, subject=user)
        .order_by("pk")
        .values_list("details", flat=True)
    )


def test_login_records_the_login_address_as_primary_and_verified(login, mitglied):
    from allauth.account.models import EmailAddress

    login(mitglied)
    address = EmailAddress.objects.get(user=mitglied)
    assert (address.email, address.primary, address.verified) == (mitglied.email, True, True)


@pytest.mark.parametrize("action", ["action_add", "action_primary", "action_remove"])
def test_every_email_action_needs_reauthentication(login, mitglied, action):
    from allauth.account.models import EmailAddress

    client = login(mitglied)
    if action != "action_add":
        EmailAddress.objects.create(user=mitglied, email=NEW, verified=True, primary=False)
    response = client.post(reverse("account_email"), {action: "", "email": NEW})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    mitglied.refresh_from_db()
    assert mitglied.email != NEW
    assert email_entries(mitglied) == []


def test_email_change_is_confirmed_audited_and_notifies_the_old_address(
    client_reauthenticated, mitglied, settings
):
    client, old = client_reauthenticated, mitglied.email

    client.post(reverse("account_email"), {"action_add": "", "email": NEW})
    confirmation = mail.outbox[-1]
    assert confirmation.to == [NEW]
    assert "Bitte bestätigen Sie Ihre neue E-Mail-Adresse" in confirmation.subject
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", confirmation.body).group(0)
    assert link.startswith(settings.PORTAL_BASE_URL + "/")

    # Not confirmed yet: it cannot become the login address.
    client.post(reverse("account_email"), {"action_primary": "", "email": NEW})
    mitglied.refresh_from_db()
    assert mitglied.email == old

    page = client.get(link.removeprefix(settings.PORTAL_BASE_URL))
    assert "E-Mail-Adresse bestätigen" in page.content.decode()
    client.post(link.removeprefix(settings.PORTAL_BASE_URL))
    mail.outbox.clear()

    response = client.post(reverse("account_email"), {"action_primary": "", "email": NEW})
    assert response.status_code == 302
    mitglied.refresh_from_db()
    assert mitglied.email == NEW

    notice = [m for m in mail.outbox if m.to == [old]]
    assert len(notice) == 1
    assert "Die Anmeldeadresse Ihres Kontos wurde geändert" in notice[0].subject
    assert f"von {old} in {NEW} geändert" in notice[0].body
    assert "wenden Sie sich bitte umgehend an die Geschäftsstelle" in notice[0].body

    details = email_entries(mitglied)
    assert [d["vorgang"] for d in details] == ["hinzugefuegt", "bestaetigt", "anmeldeadresse"]
    assert details[-1]["von"] == old and details[-1]["nach"] == NEW
    entry = AuditEntry.objects.filter(aktion=Aktion.EMAIL_GEAENDERT).latest("pk")
    assert entry.actor == mitglied and entry.aktion_label == "E-Mail-Adresse geändert"

    # The new address logs in; the old one is removed from the account and no longer does.
    from allauth.account.models import EmailAddress
    from django.contrib.auth import authenticate

    assert authenticate(email=NEW, password=PASSWORD) == mitglied
    assert authenticate(email=old, password=PASSWORD) is None
    assert list(EmailAddress.objects.filter(user=mitglied).values_list("email", flat=True)) == [NEW]


def test_removing_an_address_is_audited_and_reported(client_reauthenticated, mitglied):
    client = client_reauthenticated
    client.post(reverse("account_email"), {"action_add": "", "email": NEW})
    mail.outbox.clear()
    client.post(reverse("account_email"), {"action_remove": "", "email": NEW})
    assert [d["vorgang"] for d in email_entries(mitglied)] == ["hinzugefuegt", "entfernt"]
    assert [m.to for m in mail.outbox] == [[mitglied.email]]
    assert "E-Mail-Adresse aus Ihrem Konto entfernt" in mail.outbox[0].subject


def test_password_change_is_audited_and_reported_in_german(client_reauthenticated, mitglied):
    response = client_reauthenticated.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "Ganz-Neues-Passwort-2026",
            "password2": "Ganz-Neues-Passwort-2026",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(aktion=Aktion.PASSWORT_GEAENDERT).get()
    assert entry.subject == mitglied and entry.details["vorgang"] == "geaendert"
    assert [m.to for m in mail.outbox] == [[mitglied.email]]
    assert "Ihr Passwort wurde geändert" in mail.outbox[0].subject
