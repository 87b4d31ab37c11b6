"""Feedback on the Erklärung zur Barrierefreiheit: bad input, flood, duplicates, the Geschäftsstelle's list."""

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import Aktion, AuditEntry
from benachrichtigungen.models import Benachrichtigung
from rechtliches.models import Rueckmeldung
from rechtliches.services import FEEDBACK_RATE_LIMIT

pytestmark = pytest.mark.django_db

URL = "/rechtliches/barrierefreiheit/"


def test_statement_shows_conformity_gaps_date_and_enforcement_body(client, rechtliche_seiten):
    html = client.get(URL).content.decode()
    for text in ("teilweise vereinbar", "Wagtail-Admin", "30.11.2026", "Ombudsstelle NRW", 'name="text"'):
        assert text in html


def test_feedback_is_stored_notified_mailed_and_audited_once(
    login, user_factory, geschaeftsstelle, rechtliche_seiten, django_capture_on_commit_callbacks
):
    person = user_factory("mitglied")
    client = login(person)
    text = "Der Kalender ist mit der Tastatur nicht bedienbar."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"text": text, "seite": "/kalender/"})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            URL, {"text": "  Der Kalender ist mit der Tastatur   nicht bedienbar. "}, follow=True
        )
    assert "bereits vor" in again.content.decode()
    assert Rueckmeldung.objects.count() == 1
    rueckmeldung = Rueckmeldung.objects.get()
    assert rueckmeldung.von == person and rueckmeldung.kontakt == person.email
    # In the Geschäftsstelle's notification list, like every other workflow, and by mail (its choice,
    # immediately by default): title and link, never the text.
    (notification,) = Benachrichtigung.objects.filter(empfaenger=geschaeftsstelle)
    assert notification.titel == f"Neue Rückmeldung zur Barrierefreiheit (Nr. {rueckmeldung.pk})"
    assert notification.link == "/rechtliches/barrierefreiheit/rueckmeldungen/"
    assert not Benachrichtigung.objects.exclude(empfaenger=geschaeftsstelle).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [geschaeftsstelle.email]
    assert (
        text not in mail.outbox[0].body
        and "/rechtliches/barrierefreiheit/rueckmeldungen/" in mail.outbox[0].body
    )
    listing = login(geschaeftsstelle).get("/benachrichtigungen/").content.decode()
    assert f"Neue Rückmeldung zur Barrierefreiheit (Nr. {rueckmeldung.pk})" in listing and text not in listing
    assert AuditEntry.objects.filter(aktion=Aktion.RUECKMELDUNG_EINGEGANGEN, actor=person).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Bitte beschreiben Sie die Barriere."),
        ({"text": "   "}, "Bitte beschreiben Sie die Barriere."),
        ({"text": "x" * 20000}, "höchstens 5000 Zeichen"),
        ({"text": "<script>alert(1)</script> geht nicht"}, "reinen Text ohne HTML"),
        ({"text": "Bild fehlt", "seite": "<b>/start/</b>"}, "reinen Text ohne HTML"),
    ],
)
def test_bad_input_is_refused_in_german(login, user_factory, rechtliche_seiten, data, message):
    response = login(user_factory("mitglied")).post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Rueckmeldung.objects.exists()
    assert not mail.outbox


def test_anonymous_feedback_needs_an_address(client, rechtliche_seiten):
    response = client.post(URL, {"text": "Die Anmeldung liest der Screenreader falsch vor."})
    assert "damit wir Ihnen antworten können" in response.content.decode()
    assert not Rueckmeldung.objects.exists()
    response = client.post(
        URL, {"text": "Die Anmeldung liest der Screenreader falsch vor.", "kontakt": "a@b.de"}
    )
    assert response.status_code == 302
    assert Rueckmeldung.objects.get().von is None


def test_flood_is_rate_limited(login, user_factory, rechtliche_seiten):
    client = login(user_factory("mitglied"))
    for n in range(FEEDBACK_RATE_LIMIT):
        assert client.post(URL, {"text": f"Barriere Nummer {n}"}).status_code == 302
    response = client.post(URL, {"text": "Noch eine Barriere"})
    assert response.status_code == 200
    assert "viele Rückmeldungen" in response.content.decode()
    assert Rueckmeldung.objects.count() == FEEDBACK_RATE_LIMIT


def test_geschaeftsstelle_works_through_the_list(login, user_factory, geschaeftsstelle, rechtliche_seiten):
    rueckmeldung = Rueckmeldung.objects.create(text="Kontrast zu gering", text_hash="x")
    client = login(geschaeftsstelle)
    liste = reverse("rechtliches:rueckmeldungen")
    assert "Kontrast zu gering" in client.get(liste).content.decode()
    response = client.post(reverse("rechtliches:rueckmeldung_erledigen", args=[rueckmeldung.pk]))
    assert response.status_code == 302
    rueckmeldung.refresh_from_db()
    assert rueckmeldung.status == "erledigt" and rueckmeldung.erledigt_von == geschaeftsstelle
    assert "Kontrast zu gering" not in client.get(liste).content.decode()
    assert "Kontrast zu gering" in client.get(liste + "?status=erledigt").content.decode()
    assert AuditEntry.objects.filter(aktion=Aktion.RUECKMELDUNG_ERLEDIGT, actor=geschaeftsstelle).exists()


@pytest.mark.parametrize("role", ["mitglied", "ansprechpartner", "redaktion"])
def test_only_the_geschaeftsstelle_sees_the_list(login, user_factory, role):
    rueckmeldung = Rueckmeldung.objects.create(text="Kontrast", text_hash="y")
    client = login(user_factory(role))
    assert client.get(reverse("rechtliches:rueckmeldungen")).status_code == 404
    assert (
        client.post(reverse("rechtliches:rueckmeldung_erledigen", args=[rueckmeldung.pk])).status_code == 404
    )
    rueckmeldung.refresh_from_db()
    assert rueckmeldung.status == "offen"
