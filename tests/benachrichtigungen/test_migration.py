"""The board's earlier notifications move into the notification centre (migration 0002)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("austausch", "0003_beitrag_search_index"), ("benachrichtigungen", "0001_initial")]
AFTER = [
    ("austausch", "0004_benachrichtigung_moved"),
    ("benachrichtigungen", "0002_austausch_benachrichtigungen"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_board_notifications_are_copied_with_read_and_mail_state(user_factory, migrate_back_to_latest):
    from django.utils import timezone

    user = user_factory()
    old_apps = _migrate(BEFORE)
    try:
        Bereich = old_apps.get_model("austausch", "Bereich")
        Thema = old_apps.get_model("austausch", "Thema")
        Beitrag = old_apps.get_model("austausch", "Beitrag")
        Old = old_apps.get_model("austausch", "Benachrichtigung")
        bereich = Bereich.objects.create(name="Allgemein", slug="allgemein-alt", art="allgemein")
        now = timezone.now()
        thema = Thema.objects.create(
            bereich=bereich, titel="Altes Thema", autor_id=user.pk, letzte_aktivitaet=now
        )
        beitrag = Beitrag.objects.create(thema=thema, autor_id=user.pk, text="x", html="x")
        Old.objects.create(
            empfaenger_id=user.pk,
            art="antwort",
            thema=thema,
            beitrag=beitrag,
            gelesen_am=now,
            email_versandt_am=now,
        )
        Old.objects.create(
            empfaenger_id=user.pk, art="meldung", thema=thema, beitrag=beitrag, zustellung="taeglich"
        )
    finally:
        new_apps = _migrate(AFTER)
    New = new_apps.get_model("benachrichtigungen", "Benachrichtigung")
    rows = {row.art: row for row in New.objects.filter(empfaenger_id=user.pk)}
    assert set(rows) == {"austausch.antwort", "austausch.meldung"}
    antwort, meldung = rows["austausch.antwort"], rows["austausch.meldung"]
    assert (
        antwort.titel == "Neue Antwort: Altes Thema" and antwort.link == f"/austausch/beitrag/{beitrag.pk}/"
    )
    assert antwort.gelesen_am is not None and antwort.email_versandt_am is not None
    assert meldung.gelesen_am is None and meldung.zustellung == "taeglich"
