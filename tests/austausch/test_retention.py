"""Retention: archive inactive threads, remove their posts' content later, report to the Geschäftsstelle."""

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from austausch.models import Beitrag, BeitragVersion, Thema
from austausch.tasks import apply_retention


@override_settings(AUSTAUSCH_ARCHIVE_AFTER_DAYS=730, AUSTAUSCH_DELETE_AFTER_DAYS=365)
def test_archive_then_remove_content_with_report(board, make_thema, login):
    old = make_thema(titel="Altes Thema", text="Alter Inhalt")
    fresh = make_thema(titel="Frisches Thema", text="Neuer Inhalt")
    BeitragVersion.objects.create(beitrag=old.beitraege.first(), text="noch älter")
    Thema.objects.filter(pk=old.pk).update(letzte_aktivitaet=timezone.now() - timezone.timedelta(days=731))
    mail.outbox.clear()

    report = apply_retention()
    assert report["archiviert"] == 1 and report["bereinigt_themen"] == 0
    old.refresh_from_db()
    assert old.archiviert_am is not None and old.ist_geschlossen
    assert [m.to for m in mail.outbox] == [[board["gs"].email]]
    assert "Archivierte Themen: 1" in mail.outbox[0].body
    # Archived threads leave the area list but stay readable until removal.
    assert "Altes Thema" not in login(board["aussen"]).get("/austausch/bereich/allgemein/").content.decode()

    Thema.objects.filter(pk=old.pk).update(archiviert_am=timezone.now() - timezone.timedelta(days=366))
    report = apply_retention()
    assert report == {"archiviert": 0, "bereinigt_themen": 1, "bereinigt_beitraege": 1}
    post = Beitrag.objects.get(thema=old)
    assert post.text == "" and post.html == "" and post.geloescht_am is not None
    assert not BeitragVersion.objects.exists()
    assert Beitrag.objects.get(thema=fresh).text == "Neuer Inhalt"
    assert apply_retention() == {"archiviert": 0, "bereinigt_themen": 0, "bereinigt_beitraege": 0}


def test_retention_is_scheduled():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"austausch.tasks.apply_retention", "benachrichtigungen.tasks.send_daily_digests"} <= tasks
