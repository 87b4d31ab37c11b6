"""The requests move from `austausch` into `anfragen` (austausch 0006, anfragen 0001/0002): a database
with Anfragen keeps every request and its history, under the new tables."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("austausch", "0005_snowball_tokens"), ("anfragen", None)]
AFTER = [("austausch", "0006_anfragen_moved"), ("anfragen", "0002_tables_renamed")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def test_requests_and_their_history_survive_the_move(user_factory, behoerde_factory, migrate_back_to_latest):
    behoerde = behoerde_factory("Stadt Gelsenkirchen")
    user = user_factory(behoerde=behoerde)
    old_apps = _migrate(BEFORE)
    try:
        assert "austausch_anfrage" in connection.introspection.table_names()
        Anfrage = old_apps.get_model("austausch", "Anfrage")
        Schritt = old_apps.get_model("austausch", "AnfrageSchritt")
        anfrage = Anfrage.objects.create(
            art="analyse_360",
            behoerde_id=behoerde.pk,
            erstellt_von_id=user.pk,
            betreff="Betreibernetzwerk Buer",
            beschreibung="Bitte um Analyse.",
            rechtsgrundlage="§ 35 GewO",
            kontakt="0209",
            status="rueckfrage",
        )
        Schritt.objects.create(anfrage=anfrage, status="eingegangen", von_id=user.pk)
        Schritt.objects.create(anfrage=anfrage, status="rueckfrage", von_id=user.pk, text="Welche Adresse?")
    finally:
        new_apps = _migrate(AFTER)
    tables = connection.introspection.table_names()
    assert "anfragen_anfrage" in tables and "austausch_anfrage" not in tables
    New = new_apps.get_model("anfragen", "Anfrage")
    moved = New.objects.get(pk=anfrage.pk)
    assert (moved.betreff, moved.status, moved.behoerde_id) == (
        "Betreibernetzwerk Buer",
        "rueckfrage",
        behoerde.pk,
    )
    assert list(moved.schritte.order_by("pk").values_list("status", "text")) == [
        ("eingegangen", ""),
        ("rueckfrage", "Welche Adresse?"),
    ]
    # The current models read the same rows, and new requests get fresh ids after the old ones.
    from anfragen.models import Anfrage as Current

    assert Current.objects.get(pk=anfrage.pk).schritte.count() == 2
    newer = Current.objects.create(
        art="information", behoerde=behoerde, erstellt_von=user, betreff="Neu", beschreibung="x",
        rechtsgrundlage="§ 35 GewO", kontakt="0209",
    )  # fmt: skip
    assert newer.pk > anfrage.pk
