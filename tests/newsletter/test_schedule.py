"""The weekly schedule: beat entry, the configured slot, idempotency per week."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail

from newsletter import services
from newsletter.models import Ausgabe, AusgabeStatus, NewsletterVersand, Wochenlauf, Wochentag

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def test_beat_entry_runs_the_weekly_job_every_15_minutes():
    from siko_portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["newsletter-wochenlauf"]
    assert entry["task"] == "newsletter.tasks.wochenlauf"
    assert entry["schedule"].minute == {0, 15, 30, 45}
    app.loader.import_default_modules()
    assert "newsletter.tasks.wochenlauf" in app.tasks


def test_default_slot_is_friday_ten_berlin():
    setting = NewsletterVersand.load()
    assert setting.wochentag == Wochentag.FREITAG
    assert setting.uhrzeit == datetime.time(10, 0)


def test_configured_slot_is_respected_and_runs_once_per_week(ausgabe_factory, news_sources, user_factory):
    user_factory(email="leser@example.org")
    setting = NewsletterVersand.load()
    setting.wochentag = Wochentag.MITTWOCH
    setting.uhrzeit = datetime.time(7, 30)
    setting.save()
    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)
    wednesday = datetime.datetime(2026, 11, 25, 7, 15, tzinfo=BERLIN)

    assert services.wochenlauf_run(now=wednesday, enqueue=False) == "nicht fällig"
    # Friday 10:00 (the default) is irrelevant once configured otherwise: Tuesday is too early as well.
    assert (
        services.wochenlauf_run(now=wednesday - datetime.timedelta(days=1), enqueue=False) == "nicht fällig"
    )
    assert not Wochenlauf.objects.exists()

    result = services.wochenlauf_run(now=wednesday.replace(minute=30), enqueue=False)
    assert result == "Freigegebene Ausgabe versendet."
    assert Ausgabe.objects.get(pk=ausgabe.pk).status == AusgabeStatus.WIRD_VERSENDET
    assert services.wochenlauf_run(now=wednesday.replace(minute=45), enqueue=False) == "bereits erledigt"
    assert Wochenlauf.objects.count() == 1


def test_without_approved_issue_a_digest_only_overview_goes_to_people_with_news(
    news_sources, user_factory, ausgabe_factory, django_capture_on_commit_callbacks
):
    user_factory(email="leser@example.org")
    draft = ausgabe_factory()  # a draft is never sent by the schedule
    friday = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)
    with django_capture_on_commit_callbacks(execute=True):
        services.wochenlauf_run(now=friday)
    overview = Ausgabe.objects.get(nur_uebersicht=True)
    assert overview.status == AusgabeStatus.VERSENDET
    assert overview.titel.startswith("Wochenübersicht KW 48")
    assert "leser@example.org" in [m.to[0] for m in mail.outbox]
    assert Ausgabe.objects.get(pk=draft.pk).status == AusgabeStatus.ENTWURF


def test_a_week_already_sent_by_hand_is_not_sent_again(ausgabe_factory, news_sources):
    ausgabe = ausgabe_factory(status=AusgabeStatus.FREIGEGEBEN)
    friday = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)
    Ausgabe.objects.filter(pk=ausgabe.pk).update(
        status=AusgabeStatus.VERSENDET, versand_gestartet_am=friday - datetime.timedelta(days=2)
    )
    result = services.wochenlauf_run(now=friday, enqueue=False)
    assert "bereits von Hand" in result
    assert not Ausgabe.objects.filter(nur_uebersicht=True).exists()


def test_beat_resumes_only_interrupted_sends(ausgabe_factory, settings):
    from django.utils import timezone

    stuck = ausgabe_factory(status=AusgabeStatus.WIRD_VERSENDET)
    fresh = ausgabe_factory(status=AusgabeStatus.WIRD_VERSENDET)
    old = timezone.now() - datetime.timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT + 60)
    Ausgabe.objects.filter(pk=stuck.pk).update(versand_gestartet_am=old)
    Ausgabe.objects.filter(pk=fresh.pk).update(versand_gestartet_am=timezone.now())
    assert services.ausgaben_resume(enqueue=False) == [stuck.pk]
