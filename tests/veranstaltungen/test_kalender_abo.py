"""Calendar subscription: a personal, revocable feed URL with a secret token, usable without a session."""

import re

import pytest
from django.core import mail
from django.test import Client
from icalendar import Calendar

from audit.models import Aktion, AuditEntry
from veranstaltungen.models import KalenderAbo, VeranstaltungPage
from veranstaltungen.services import kalender_abo_create

pytestmark = pytest.mark.django_db

RESTRICTED = "Austauschtreffen Polizei und Zoll: Finanzkontrolle Schwarzarbeit im Shisha-Gewerbe"
ONLINE_LINK = "https://konferenz.siko-ruhr.nrw.de/raum/vermoegensabschoepfung"
FEED_URL = re.compile(r'value="(http://testserver/kalender/abo/[^"]+\.ics)"')


def abo_audits(user, aktion):
    return AuditEntry.objects.filter(aktion=aktion, actor=user).count()


def subscribe(client) -> str:
    """Create (or renew) the subscription through the calendar page; return the URL shown once."""
    response = client.post("/kalender/abo/")
    assert response.status_code == 302 and response["Location"] == "/kalender/"
    page = client.get("/kalender/").content.decode()
    return FEED_URL.search(page).group(1)


def summaries(response) -> set[str]:
    return {str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_subscription_url_is_shown_once_and_audited(demo, login):
    user = demo.users["stadt-gelsenkirchen-mitglied"]
    client = login(user)
    assert "Persönliche Abonnement-Adresse erstellen" in client.get("/kalender/").content.decode()

    url = subscribe(client)

    assert KalenderAbo.objects.filter(user=user).count() == 1
    assert url.split("/")[-1].removesuffix(".ics") not in KalenderAbo.objects.get(user=user).token_hash
    assert abo_audits(user, Aktion.KALENDER_ABO_ERSTELLT) == 1
    again = client.get("/kalender/").content.decode()
    assert "/kalender/abo/" in again  # the forms
    assert not FEED_URL.search(again), "the secret URL is shown only once"
    assert "Sie haben ein Kalender-Abonnement" in again


def test_feed_works_without_a_session_and_serves_only_visible_events_without_details(demo, login):
    kommune_url = subscribe(login(demo.users["stadt-gelsenkirchen-mitglied"]))
    zoll_url = subscribe(login(demo.users["hza-dortmund-mitglied"]))
    calendar_app = Client()  # no portal session, no cookies

    kommune = calendar_app.get(kommune_url)
    assert kommune.status_code == 200
    assert kommune["Content-Type"].startswith("text/calendar")
    assert "no-store" in kommune["Cache-Control"]
    assert RESTRICTED not in summaries(kommune)
    assert summaries(kommune) == {
        e.title for e in VeranstaltungPage.objects.visible_to(demo.users["stadt-gelsenkirchen-mitglied"])
    }
    zoll = calendar_app.get(zoll_url)
    assert RESTRICTED in summaries(zoll)
    assert len(summaries(zoll)) == len(summaries(kommune)) + 1

    text = zoll.content.decode()
    assert ONLINE_LINK not in text
    for vevent in Calendar.from_ical(zoll.content).walk("VEVENT"):
        assert str(vevent["DESCRIPTION"]) == "Details nach Anmeldung im SiKo Ruhr Portal."
        assert str(vevent["URL"]).startswith("http://testserver/")


def test_renewing_invalidates_the_old_url(demo, login):
    user = demo.users["pp-essen-mitglied"]
    client = login(user)
    old = subscribe(client)
    response = client.post("/kalender/abo/", follow=True)
    assert "Die bisherige Adresse funktioniert nicht mehr" in response.content.decode()
    new = FEED_URL.search(response.content.decode()).group(1)
    assert old != new
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert KalenderAbo.objects.filter(user=user).count() == 1
    assert abo_audits(user, Aktion.KALENDER_ABO_ERNEUERT) == 1


def test_revoking_ends_the_feed_and_is_audited(demo, login):
    user = demo.users["pp-essen-mitglied"]
    client = login(user)
    url = subscribe(client)
    response = client.post("/kalender/abo/widerrufen/", follow=True)
    assert "Kalender-Abonnement beenden?" in response.content.decode()  # asks first, changes nothing
    assert KalenderAbo.objects.filter(user=user).exists()
    response = client.post("/kalender/abo/widerrufen/", {"bestaetigt": "ja"}, follow=True)
    assert "Ihr Kalender-Abonnement wurde beendet" in response.content.decode()
    assert not KalenderAbo.objects.filter(user=user).exists()
    assert abo_audits(user, Aktion.KALENDER_ABO_WIDERRUFEN) == 1
    gone = Client().get(url)
    assert gone.status_code == 404
    assert "<h1>Seite nicht gefunden</h1>" in gone.content.decode()
    # Revoking twice changes nothing and says so.
    response = client.post("/kalender/abo/widerrufen/", follow=True)
    assert "Sie hatten kein Kalender-Abonnement" in response.content.decode()
    assert abo_audits(user, Aktion.KALENDER_ABO_WIDERRUFEN) == 1


def test_deactivated_account_feed_answers_404(demo):
    user = demo.users["pp-essen-mitglied"]
    token = kalender_abo_create(user=user)
    assert Client().get(f"/kalender/abo/{token}.ics").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert Client().get(f"/kalender/abo/{token}.ics").status_code == 404


@pytest.mark.parametrize("token", ["x", "A" * 43, "A" * 200])
def test_unknown_token_answers_404(demo, token):
    assert Client().get(f"/kalender/abo/{token}.ics").status_code == 404


def test_managing_the_subscription_needs_login_and_post(demo, login):
    anonymous = Client()
    for path in ("/kalender/abo/", "/kalender/abo/widerrufen/"):
        assert anonymous.post(path)["Location"].startswith("/konto/login/")
    assert not KalenderAbo.objects.exists()
    client = login(demo.users["pp-essen-mitglied"])
    assert client.get("/kalender/abo/").status_code == 405
    assert not KalenderAbo.objects.exists()


def test_the_person_is_told_by_email_without_the_url(demo, django_capture_on_commit_callbacks):
    from veranstaltungen.services import kalender_abo_revoke

    user = demo.users["pp-essen-mitglied"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        token = kalender_abo_create(user=user)
        renewed = kalender_abo_create(user=user)
        kalender_abo_revoke(user=user)
    assert [m.subject for m in mail.outbox] == [
        "Kalender-Abonnement erstellt",
        "Kalender-Abonnement erneuert",
        "Kalender-Abonnement beendet",
    ]
    for message in mail.outbox:
        assert message.to == [user.email]
        assert token not in message.body and renewed not in message.body
        assert "/kalender/" in message.body
