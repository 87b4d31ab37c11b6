"""Subscriptions and notifications: exactly one email per subscriber per event, none to outsiders."""

from django.core import mail

from austausch import services
from austausch.models import Abo, Zustellung
from benachrichtigungen.models import Benachrichtigung
from benachrichtigungen.tasks import send_daily_digests


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_reply_notifies_each_subscriber_once(board, make_thema, django_capture_on_commit_callbacks):
    thema = make_thema(by=board["mitglied"])  # author follows the thread
    services.abo_set(user=board["aussen"], thema=thema, zustellung=Zustellung.SOFORT)
    services.abo_set(user=board["aussen"], bereich=board["allgemein"], zustellung=Zustellung.SOFORT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        # Subscribed *and* mentioned: still exactly one notification and one email.
        reply = services.beitrag_create(
            thema=thema, by=board["leitung"], text="Hallo @Anna Aussen und @mats"
        ).beitrag
    assert _recipients() == sorted([board["aussen"].email, board["mitglied"].email])
    assert Benachrichtigung.objects.filter(empfaenger=board["aussen"]).count() == 1
    assert Benachrichtigung.objects.get(empfaenger=board["aussen"]).art == "austausch.erwaehnung"
    message = mail.outbox[0]
    assert thema.titel in message.subject
    # The post's permalink, which leads to the page of the thread the post is on.
    assert f"/austausch/beitrag/{reply.pk}/" in message.body
    assert "Hallo" not in message.body  # titles and link only, no post content


def test_author_is_not_notified_of_own_post(board, make_thema, django_capture_on_commit_callbacks):
    thema = make_thema(by=board["mitglied"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.beitrag_create(thema=thema, by=board["mitglied"], text="Nachtrag")
    assert mail.outbox == []


def test_replying_subscribes(board, make_thema):
    thema = make_thema()
    services.beitrag_create(thema=thema, by=board["aussen"], text="Ich weiß etwas")
    assert Abo.objects.filter(user=board["aussen"], thema=thema).exists()


def test_new_thread_in_ak_area_notifies_no_outsider(board, django_capture_on_commit_callbacks):
    for person in ("aussen", "mitglied", "gs"):
        # "aussen" subscribed before it lost access (or by a crafted request): must get nothing.
        Abo.objects.create(user=board[person], bereich=board["ak"], zustellung=Zustellung.SOFORT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.thema_create(
            bereich=board["ak"], by=board["leitung"], titel="Sitzung", art="information", text="x"
        )
    assert _recipients() == sorted([board["mitglied"].email, board["gs"].email])
    assert not Benachrichtigung.objects.filter(empfaenger=board["aussen"]).exists()


def test_mention_of_person_without_access_is_told_to_author(board, login, make_thema):
    thema = make_thema(bereich=board["ak"], by=board["leitung"])
    client = login(board["mitglied"])
    response = client.post(
        f"/austausch/thema/{thema.pk}/antworten/", {"text": "Frag mal @Anna Aussen"}, follow=True
    )
    assert "Nicht benachrichtigt (kein Zugang zu diesem Bereich): @Anna Aussen" in response.content.decode()
    assert not Benachrichtigung.objects.filter(empfaenger=board["aussen"]).exists()


def test_mention_by_email_localpart(board, make_thema):
    thema = make_thema(by=board["gs"])
    services.beitrag_create(thema=thema, by=board["mitglied"], text="@lea.leitner kannst du helfen?")
    assert (
        Benachrichtigung.objects.filter(empfaenger=board["leitung"], art="austausch.erwaehnung").count() == 1
    )


def test_daily_digest_collects_into_one_email(board, make_thema, django_capture_on_commit_callbacks):
    thema = make_thema(by=board["mitglied"])
    services.abo_set(user=board["aussen"], thema=thema, zustellung=Zustellung.TAEGLICH)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.beitrag_create(thema=thema, by=board["leitung"], text="eins")
        services.beitrag_create(thema=thema, by=board["gs"], text="zwei")
    assert board["aussen"].email not in _recipients()
    mail.outbox.clear()
    assert send_daily_digests() == 1
    assert _recipients() == [board["aussen"].email]
    assert send_daily_digests() == 0  # idempotent


def test_portal_notification_list(board, make_thema, login):
    thema = make_thema(by=board["mitglied"])
    services.beitrag_create(thema=thema, by=board["aussen"], text="Antwort")
    client = login(board["mitglied"])
    # The board's old address leads to the portal-wide notification centre.
    assert client.get("/austausch/benachrichtigungen/")["Location"] == "/benachrichtigungen/"
    body = client.get("/benachrichtigungen/").content.decode()
    assert thema.titel in body and "Neue Antwort" in body
    client.post("/benachrichtigungen/alle-gelesen/")
    assert not Benachrichtigung.objects.filter(empfaenger=board["mitglied"], gelesen_am__isnull=True).exists()


def test_unsubscribe_stops_notifications(board, make_thema, login):
    thema = make_thema(by=board["mitglied"])
    login(board["mitglied"]).post(f"/austausch/thema/{thema.pk}/abo/", {"zustellung": ""})
    services.beitrag_create(thema=thema, by=board["aussen"], text="Antwort")
    assert not Benachrichtigung.objects.filter(empfaenger=board["mitglied"]).exists()
