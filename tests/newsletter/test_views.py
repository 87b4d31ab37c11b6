"""Portal pages: archive, preferences, signed links, one-click unsubscribe, workflow and progress."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from newsletter import services
from newsletter.models import AusgabeStatus, NewsletterEinstellung, Zustellung
from newsletter.tokens import PURPOSE_PREFERENCES, PURPOSE_UNSUBSCRIBE, link_token_make

from .conftest import ONLY_A_TITLE, SECRET_VSNFD_TITLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_issue(ausgabe_factory, news_sources, user_factory):
    a_person = user_factory(behoerde=news_sources["behoerde_a"], email="a@behoerde-a.de")
    b_person = user_factory(email="b@behoerde-b.de")
    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)
    services.ausgabe_send_sync(ausgabe=ausgabe)
    mail.outbox.clear()
    return ausgabe, a_person, b_person


def test_archive_shows_editorial_and_only_own_digest(sent_issue, login):
    ausgabe, a_person, b_person = sent_issue
    page_a = login(a_person).get(f"/newsletter/{ausgabe.pk}/").content.decode()
    page_b = login(b_person).get(f"/newsletter/{ausgabe.pk}/").content.decode()
    for page in (page_a, page_b):
        assert "Liebe Kolleginnen und Kollegen" in page
        assert SECRET_VSNFD_TITLE not in page
    assert ONLY_A_TITLE in page_a
    assert ONLY_A_TITLE not in page_b
    listing = login(b_person).get("/newsletter/").content.decode()
    assert ausgabe.titel in listing


def test_unsent_issue_is_not_in_the_archive(ausgabe_factory, mitglied, login):
    draft = ausgabe_factory()
    client = login(mitglied)
    assert client.get(f"/newsletter/{draft.pk}/").status_code == 404
    assert draft.titel not in client.get("/newsletter/").content.decode()


def test_preferences_page_saves_topics_and_switch(mitglied, login, fachgebiete):
    client = login(mitglied)
    assert client.get("/newsletter/einstellungen/").status_code == 200
    response = client.post("/newsletter/einstellungen/", {"fachgebiete": [fachgebiete["shisha"].pk]})
    assert response.status_code == 302
    einstellung = NewsletterEinstellung.objects.get(user=mitglied)
    assert einstellung.aktiv is False  # unchecked box: newsletter off
    assert list(einstellung.fachgebiete.values_list("slug", flat=True)) == ["shisha"]


def test_signed_preferences_link_leads_through_login(mitglied, login):
    url = reverse(
        "newsletter:einstellungen_link",
        kwargs={"token": link_token_make(user_id=mitglied.pk, purpose=PURPOSE_PREFERENCES)},
    )
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login")) and "next=" in anonymous["Location"]
    response = login(mitglied).get(url)
    assert response.status_code == 302 and response["Location"] == "/newsletter/einstellungen/"


@pytest.mark.parametrize("kind", ["forged", "other_person", "expired", "wrong_purpose"])
def test_bad_preferences_link_is_refused(kind, mitglied, user_factory, login, settings):
    other = user_factory()
    token = {
        "forged": link_token_make(user_id=mitglied.pk, purpose=PURPOSE_PREFERENCES)[:-3] + "xyz",
        "other_person": link_token_make(user_id=other.pk, purpose=PURPOSE_PREFERENCES),
        "expired": link_token_make(user_id=mitglied.pk, purpose=PURPOSE_PREFERENCES),
        "wrong_purpose": link_token_make(user_id=mitglied.pk, purpose=PURPOSE_UNSUBSCRIBE),
    }[kind]
    if kind == "expired":
        settings.NEWSLETTER_LINK_MAX_AGE = -1
    response = login(mitglied).get(reverse("newsletter:einstellungen_link", kwargs={"token": token}))
    assert response.status_code == 400
    assert "ungültig oder abgelaufen" in response.content.decode()
    assert not NewsletterEinstellung.objects.exists()


def test_one_click_unsubscribe(mitglied):
    client = Client(enforce_csrf_checks=True)
    url = reverse(
        "newsletter:abmelden",
        kwargs={"token": link_token_make(user_id=mitglied.pk, purpose=PURPOSE_UNSUBSCRIBE)},
    )
    assert client.get(url).status_code == 200  # GET only asks
    assert not NewsletterEinstellung.objects.exists()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NewsletterEinstellung.objects.get(user=mitglied).aktiv is False
    assert mitglied not in services.recipients()


@pytest.mark.parametrize("token", ["abc", "eyJ1IjoxfQ:1vNn:forged"])
def test_forged_unsubscribe_token_changes_nothing(token, mitglied):
    response = Client(enforce_csrf_checks=True).post(reverse("newsletter:abmelden", kwargs={"token": token}))
    assert response.status_code == 400
    assert "ungültig oder abgelaufen" in response.content.decode()
    assert not NewsletterEinstellung.objects.exists()


MANAGEMENT_URLS = [
    "/newsletter/verwaltung/",
    "/newsletter/verwaltung/{pk}/",
    "/newsletter/verwaltung/{pk}/vorschau/",
]


@pytest.mark.parametrize("url", MANAGEMENT_URLS)
def test_management_pages_are_404_for_members_and_200_for_redaktion(
    url, ausgabe_factory, mitglied, user_factory, login, news_sources
):
    ausgabe = ausgabe_factory()
    url = url.format(pk=ausgabe.pk)
    assert login(mitglied).get(url).status_code == 404
    assert login(user_factory("redaktion")).get(url).status_code == 200
    assert Client().get(url).status_code == 302


def test_member_cannot_post_actions(ausgabe_factory, mitglied, login):
    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)
    assert (
        login(mitglied)
        .post(f"/newsletter/verwaltung/{ausgabe.pk}/aktion/", {"aktion": "versenden"})
        .status_code
        == 404
    )
    assert not Zustellung.objects.exists()


@pytest.mark.parametrize("n", [3, 60])
def test_progress_page_query_count_is_constant(
    n, ausgabe_factory, user_factory, geschaeftsstelle, login, django_assert_max_num_queries
):
    from newsletter.models import ZustellungStatus

    ausgabe = ausgabe_factory(status=AusgabeStatus.WIRD_VERSENDET)
    users = [user_factory(email=f"p{i}@example.org") for i in range(n)]
    Zustellung.objects.bulk_create(
        Zustellung(
            ausgabe=ausgabe,
            empfaenger=u,
            email=u.email,
            status=ZustellungStatus.SENT if i % 2 else ZustellungStatus.PENDING,
        )
        for i, u in enumerate(users)
    )
    client = login(geschaeftsstelle)
    with django_assert_max_num_queries(16):
        response = client.get(f"/newsletter/verwaltung/{ausgabe.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "wird gesendet" in body and 'http-equiv="refresh"' in body
    assert f"{n // 2} von {n} abgeschlossen" in body


def test_preview_renders_email_for_redaktion(ausgabe_factory, user_factory, login, news_sources):
    ausgabe = ausgabe_factory()
    response = login(user_factory("redaktion")).get(f"/newsletter/verwaltung/{ausgabe.pk}/vorschau/")
    assert response.status_code == 200
    assert "unsafe-inline" in response["Content-Security-Policy"]
    assert b"Liebe Kolleginnen und Kollegen" in response.content
    text = login(user_factory("redaktion")).get(f"/newsletter/verwaltung/{ausgabe.pk}/vorschau/?format=text")
    assert text["Content-Type"].startswith("text/plain")


def test_sending_asks_first_and_names_the_number_of_recipients(
    ausgabe_factory, user_factory, geschaeftsstelle, login
):
    from newsletter.models import Ausgabe
    from tests.confirmations import assert_asks_first

    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)
    user_factory("mitglied")
    abgemeldet = user_factory("mitglied")
    NewsletterEinstellung.objects.create(user=abgemeldet, aktiv=False)
    anzahl = services.recipients().count()
    assert (
        anzahl == 2
    )  # the Geschäftsstelle person and one member; the one who switched it off is not counted

    assert_asks_first(
        login(geschaeftsstelle),
        f"/newsletter/verwaltung/{ausgabe.pk}/aktion/",
        {"aktion": "versenden"},
        done=lambda: Ausgabe.objects.get(pk=ausgabe.pk).versand_gestartet_am is not None,
        says=f"Die Ausgabe geht an {anzahl} Empfänger:innen.",
    )
