"""An unknown person of a known authority may ask its Ansprechperson for an invitation (off by default)."""

import re

import pytest
from django.core import mail
from django.test import Client

from audit.models import Aktion, AuditEntry

from .conftest import DOMAIN
from .test_saml import deliver, social_accounts, start

pytestmark = pytest.mark.django_db

URL = "/konto/behoerde/einladung-erbitten/"
BUTTON = "Ansprechperson um Einladung bitten"
UNKNOWN = f"neu@{DOMAIN}"


@pytest.fixture
def erlaubt(saml_idp):
    saml_idp.anbieter.einladungsanfrage = True
    saml_idp.anbieter.save()
    return saml_idp


@pytest.fixture
def ansprechperson(saml_idp, user_factory):
    return user_factory("ansprechpartner", behoerde=saml_idp.behoerde, email=f"ap@{DOMAIN}")


def refused(client, idp, email=UNKNOWN):
    answer = idp.answer(start(client, email), email=email, first_name="Nora", last_name="Neu")
    response = deliver(client, answer)
    assert response.status_code == 403
    return response.content.decode()


def notifications():
    from benachrichtigungen.models import Benachrichtigung

    return Benachrichtigung.objects.filter(art="foederation.einladung_erbeten")


def test_off_by_default_no_button_and_no_request(saml_client, saml_idp, ansprechperson):
    assert saml_idp.anbieter.einladungsanfrage is False
    assert BUTTON not in refused(saml_client, saml_idp)
    response = saml_client.post(URL)
    assert response.status_code == 400
    assert "keine aktuelle Anmeldung über Ihre Behörde" in response.content.decode()
    assert not notifications().exists()
    assert not AuditEntry.objects.filter(aktion=Aktion.FOEDERATION_EINLADUNG_ERBETEN).exists()


def test_unknown_person_asks_the_ansprechperson_nothing_is_created(
    saml_client, erlaubt, ansprechperson, django_capture_on_commit_callbacks
):
    from accounts.models import User

    users_before = User.objects.count()
    assert BUTTON in refused(saml_client, erlaubt)
    page = saml_client.get(URL)
    assert page.status_code == 200 and UNKNOWN in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = saml_client.post(URL)
    assert response.status_code == 200
    assert "an die Ansprechperson von Polizeipräsidium Ruhr übermittelt" in response.content.decode()
    [notification] = notifications()
    assert notification.empfaenger_id == ansprechperson.pk
    assert UNKNOWN in notification.titel and "Nora Neu" in notification.titel
    assert notification.link == "/konto/personen/einladen/"
    assert [m.to for m in mail.outbox if "Bitte um Einladung" in m.body + m.subject] == [
        [ansprechperson.email]
    ]
    entry = AuditEntry.objects.get(aktion=Aktion.FOEDERATION_EINLADUNG_ERBETEN)
    assert entry.details["email"] == UNKNOWN and entry.behoerde_id == erlaubt.behoerde.pk
    # Never a just-in-time account, never a link.
    assert User.objects.count() == users_before
    assert not User.objects.filter(email=UNKNOWN).exists()
    assert social_accounts() == 0
    assert "_auth_user_id" not in saml_client.session
    # The session's request is used up.
    assert saml_client.post(URL).status_code == 400


def test_rate_limited_per_email(saml_client, erlaubt, ansprechperson):
    refused(saml_client, erlaubt)
    assert saml_client.post(URL).status_code == 200
    other = Client(HTTP_HOST="localhost")
    refused(other, erlaubt)
    response = other.post(URL)
    assert response.status_code == 429
    assert "heute bereits um eine Einladung gebeten" in response.content.decode()
    assert notifications().count() == 1
    assert AuditEntry.objects.filter(aktion=Aktion.FOEDERATION_EINLADUNG_ERBETEN).count() == 1


def test_post_needs_the_csrf_token_the_refusal_page_carries(saml_client, erlaubt, ansprechperson):
    page = refused(saml_client, erlaubt)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    strict = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    strict.cookies = saml_client.cookies
    assert strict.post(URL).status_code == 403
    assert not notifications().exists()
    assert strict.post(URL, {"csrfmiddlewaretoken": token}).status_code == 200
    assert notifications().count() == 1


def test_only_unknown_people_and_only_recent_answers(saml_client, erlaubt, ansprechperson, invited):
    from foederation.services import EINLADUNGSANFRAGE_SESSION_KEY

    # A deactivated, invited person gets no button (their refusal is not about an invitation).
    invited.is_active = False
    invited.save()
    assert BUTTON not in refused(saml_client, erlaubt, email=invited.email)
    # An answer older than half an hour no longer counts.
    refused(saml_client, erlaubt)
    session = saml_client.session
    data = session[EINLADUNGSANFRAGE_SESSION_KEY]
    data["zeit"] -= 31 * 60
    session[EINLADUNGSANFRAGE_SESSION_KEY] = data
    session.save()
    assert saml_client.post(URL).status_code == 400
    assert not notifications().exists()


def test_without_ansprechperson_the_geschaeftsstelle_is_asked(saml_client, erlaubt, geschaeftsstelle):
    refused(saml_client, erlaubt)
    assert saml_client.post(URL).status_code == 200
    assert list(notifications().values_list("empfaenger_id", flat=True)) == [geschaeftsstelle.pk]
