"""The service API: once per event and person, delivery by preference, VS-NfD never in an email."""

import pytest
from django.core import mail
from django.test import override_settings

from benachrichtigungen import services
from benachrichtigungen.models import Benachrichtigung, Einstellung, Zustellung
from benachrichtigungen.tasks import VSNFD_EMAIL_TITEL, send_daily_digests, send_emails


def _notify(people, key="test.ereignis:1", **kwargs):
    defaults = {"titel": "Neue Anfrage: Halter RE-XY", "link": "/austausch/anfragen/1/"}
    return services.benachrichtigen(empfaenger=people, ereignis_schluessel=key, **{**defaults, **kwargs})


@override_settings(PORTAL_BASE_URL="https://portal.example.test:8443")
def test_one_row_and_one_email_per_person_however_often_called(world, django_capture_on_commit_callbacks):
    people = [world["gs"], world["mitglied"]]
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify(people) == 2
        assert _notify(people) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify(people + [world["gs"].pk]) == 0
    assert Benachrichtigung.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    message = mail.outbox[0]
    assert message.subject == "[SiKo Ruhr] Neue Anfrage: Halter RE-XY"
    # Links come from PORTAL_BASE_URL; the email carries title and link only.
    assert "https://portal.example.test:8443/austausch/anfragen/1/" in message.body
    assert "https://portal.example.test:8443/benachrichtigungen/einstellungen/" in message.body
    assert Benachrichtigung.objects.filter(email_versandt_am__isnull=True).count() == 0


def test_email_task_retried_sends_nothing_twice(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify([world["gs"]])
    ids = list(Benachrichtigung.objects.values_list("pk", flat=True))
    assert send_emails(ids) == 0  # already claimed and sent
    assert len(mail.outbox) == 1


def test_actor_and_inactive_accounts_get_nothing(world, django_capture_on_commit_callbacks):
    world["polizist"].is_active = False
    world["polizist"].save()
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify([world["gs"], world["mitglied"], world["polizist"]], ausser=world["gs"]) == 1
    assert list(Benachrichtigung.objects.values_list("empfaenger_id", flat=True)) == [world["mitglied"].pk]


def test_vsnfd_title_never_reaches_an_email(world, django_capture_on_commit_callbacks):
    Einstellung.objects.create(user=world["ap"], zustellung=Zustellung.TAEGLICH)
    secret = "Clanstruktur Familie X – Zeugen Y"
    with django_capture_on_commit_callbacks(execute=True):
        _notify([world["gs"], world["ap"]], titel=f"Neues Lagebild für Sie: {secret}", ist_vsnfd=True)
    assert send_daily_digests() == 1
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert secret not in message.subject and secret not in message.body
        assert VSNFD_EMAIL_TITEL in message.body
    # In the portal, the person (who may see it) reads the real title.
    assert secret in Benachrichtigung.objects.filter(empfaenger=world["gs"]).get().titel


def test_daily_digest_sends_one_email_per_person_once(world, django_capture_on_commit_callbacks):
    Einstellung.objects.create(user=world["mitglied"], zustellung=Zustellung.TAEGLICH)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            _notify([world["mitglied"]], key=f"test.ereignis:{n}", titel=f"Ereignis {n}")
    assert mail.outbox == []  # nothing immediately
    assert send_daily_digests() == 1
    assert send_daily_digests() == 0  # the second beat run (or worker) finds nothing left
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert all(f"Ereignis {n}" in body for n in range(3))
    assert "(3)" in mail.outbox[0].subject


def test_portal_only_sends_no_email(world, django_capture_on_commit_callbacks):
    Einstellung.objects.create(user=world["mitglied"], zustellung=Zustellung.NUR_PORTAL)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([world["mitglied"]])
    assert send_daily_digests() == 0
    assert mail.outbox == [] and Benachrichtigung.objects.count() == 1


def test_opt_in_event_reaches_only_those_who_asked(world):
    Einstellung.objects.create(user=world["ap"], lagebild_geteilt=True)
    Einstellung.objects.create(user=world["mitglied"], lagebild_geteilt=False)
    _notify([world["ap"], world["mitglied"], world["gs"]], nur_mit_einwilligung="lagebild_geteilt")
    assert list(Benachrichtigung.objects.values_list("empfaenger_id", flat=True)) == [world["ap"].pk]


@pytest.mark.parametrize(
    "kwargs",
    [{"link": "https://evil.example/"}, {"ereignis_schluessel": ""}, {"zustellung": "fax"}],
)
def test_bad_calls_are_refused(world, kwargs):
    with pytest.raises(ValueError):
        services.benachrichtigen(
            **{"empfaenger": [world["gs"]], "ereignis_schluessel": "x:1", "titel": "t", "link": "/", **kwargs}
        )
    assert not Benachrichtigung.objects.exists()


def test_unread_count_is_cached_and_follows_every_write(world, django_assert_num_queries):
    user = world["mitglied"]
    assert services.unread_count(user) == 0
    _notify([user], key="a:1")
    _notify([user], key="a:2")
    assert services.unread_count(user) == 2
    with django_assert_num_queries(0):
        assert services.unread_count(user) == 2
    services.benachrichtigung_mark_read(benachrichtigung=Benachrichtigung.objects.first(), user=user)
    assert services.unread_count(user) == 1
    services.benachrichtigungen_mark_all_read(user=user)
    assert services.unread_count(user) == 0


def test_scheduled_tasks_are_registered_with_beat():
    from django.conf import settings

    from siko_portal.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    ours = {
        "benachrichtigungen.tasks.send_daily_digests",
        "accounts.tasks.remind_recertification",
        "accounts.tasks.notify_expired_invitations",
    }
    assert ours <= scheduled
    assert ours <= set(app.tasks)
