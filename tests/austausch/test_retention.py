"""Retention: archive inactive threads, remove their posts' content later, report to the Geschäftsstelle."""

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from audit.models import Aktion, AuditEntry
from austausch.models import Beitrag, BeitragVersion, Thema
from austausch.tasks import apply_retention
from benachrichtigungen.models import Benachrichtigung

REPORT_LINK = "/protokoll/?aktion=austausch.aufbewahrung"


@override_settings(AUSTAUSCH_ARCHIVE_AFTER_DAYS=730, AUSTAUSCH_DELETE_AFTER_DAYS=365)
def test_archive_then_remove_content_with_report(
    board, make_thema, login, django_capture_on_commit_callbacks
):
    old = make_thema(titel="Altes Thema", text="Alter Inhalt")
    fresh = make_thema(titel="Frisches Thema", text="Neuer Inhalt")
    BeitragVersion.objects.create(beitrag=old.beitraege.first(), text="noch älter")
    Thema.objects.filter(pk=old.pk).update(letzte_aktivitaet=timezone.now() - timezone.timedelta(days=731))
    mail.outbox.clear()
    Benachrichtigung.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        report = apply_retention()
    assert report["archiviert"] == 1 and report["bereinigt_themen"] == 0
    old.refresh_from_db()
    assert old.archiviert_am is not None and old.ist_geschlossen
    # The Geschäftsstelle is told through the portal's notifications (and by mail, its default choice),
    # only the Geschäftsstelle; the link opens the audit log at the runs' entries, which hold the figures.
    (notification,) = Benachrichtigung.objects.all()
    assert notification.empfaenger == board["gs"]
    assert notification.titel == (
        "Aufbewahrung im Informationsaustausch – archivierte Themen: 1, Themen mit entfernten Beiträgen: 0, "
        "entfernte Beiträge: 0"
    )
    assert notification.link == REPORT_LINK
    assert [m.to for m in mail.outbox] == [[board["gs"].email]]
    assert REPORT_LINK in mail.outbox[0].body
    log = login(board["gs"]).get(REPORT_LINK).content.decode()
    assert "archiviert: 1" in log and "bereinigt_beitraege: 0" in log
    assert (
        "Aufbewahrung im Informationsaustausch"
        in login(board["gs"]).get("/benachrichtigungen/").content.decode()
    )
    # Archived threads leave the area list but stay readable until removal.
    assert "Altes Thema" not in login(board["aussen"]).get("/austausch/bereich/allgemein/").content.decode()

    Thema.objects.filter(pk=old.pk).update(archiviert_am=timezone.now() - timezone.timedelta(days=366))
    with django_capture_on_commit_callbacks(execute=True):
        report = apply_retention()
    assert report == {"archiviert": 0, "bereinigt_themen": 1, "bereinigt_beitraege": 1}
    post = Beitrag.objects.get(thema=old)
    assert post.text == "" and post.html == "" and post.geloescht_am is not None
    assert not BeitragVersion.objects.exists()
    assert Beitrag.objects.get(thema=fresh).text == "Neuer Inhalt"
    assert Benachrichtigung.objects.latest("pk").titel.endswith(
        "archivierte Themen: 0, Themen mit entfernten Beiträgen: 1, entfernte Beiträge: 1"
    )
    assert len(mail.outbox) == 2

    # A run that changes nothing is audited, but notifies nobody.
    with django_capture_on_commit_callbacks(execute=True):
        assert apply_retention() == {"archiviert": 0, "bereinigt_themen": 0, "bereinigt_beitraege": 0}
    assert Benachrichtigung.objects.count() == 2 and len(mail.outbox) == 2
    assert AuditEntry.objects.filter(aktion=Aktion.AUSTAUSCH_AUFBEWAHRUNG).count() == 3


def test_retention_is_scheduled():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"austausch.tasks.apply_retention", "benachrichtigungen.tasks.send_daily_digests"} <= tasks
