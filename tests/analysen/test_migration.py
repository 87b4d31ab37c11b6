"""analysen 0002: the links of existing reports move from text lines into the table; the status of
existing cases is derived by the new rule (a case from an Anfrage without any work is "angefragt")."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("analysen", "0001_initial")]
AFTER = [("analysen", "0002_verbindungen_tabelle_einladung_ical")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_text_lines_become_table_rows_and_statuses_are_derived(
    user_factory, behoerde_factory, migrate_back_to_latest
):
    from anfragen.services import anfrage_create

    ge = behoerde_factory("Stadt Gelsenkirchen")
    requester = user_factory(behoerde=ge)
    lead = user_factory("geschaeftsstelle", behoerde=behoerde_factory("GS", art="geschaeftsstelle"))
    anfrage = anfrage_create(
        by=requester, art="analyse_360", betreff="B", beschreibung="x", rechtsgrundlage="§ 35 GewO",
        dringlichkeit="normal", kontakt="0209",
    )  # fmt: skip
    old_apps = _migrate(BEFORE)
    try:
        Vorgang = old_apps.get_model("analysen", "Analysevorgang")
        Bericht = old_apps.get_model("analysen", "Auswertebericht")
        common = {"zweck": "z", "rechtsgrundlage": "r", "fallfuehrung_id": lead.pk, "erstellt_von_id": lead.pk,
                  "loeschfrist": timezone.localdate() + datetime.timedelta(days=30)}  # fmt: skip
        mit_bericht = Vorgang.objects.create(aktenzeichen="360-2026-001", betreff="a", status="beitraege_ausstehend", **common)  # fmt: skip
        Bericht.objects.create(
            vorgang=mit_bericht, fragestellung="F", erkenntnisse="E", verfasst_von_id=lead.pk,
            verbindungen="Max Muster | Geschäftsführer | XY GmbH\n\nXY GmbH|Eigentümerin|Hochstraße 5\nnur ein Satz",
        )  # fmt: skip
        angefragt = Vorgang.objects.create(
            aktenzeichen="360-2026-002", betreff="b", status="in_bearbeitung", anfrage_id=anfrage.pk, **common
        )
    finally:
        new_apps = _migrate(AFTER)
    Verbindung = new_apps.get_model("analysen", "Verbindung")
    rows = list(
        Verbindung.objects.order_by("position").values_list("von_name", "von_art", "beziehung", "zu_name", "zu_art")
    )  # fmt: skip
    assert rows == [
        ("Max Muster", "person", "Geschäftsführer", "XY GmbH", "firma"),
        ("XY GmbH", "firma", "Eigentümerin", "Hochstraße 5", "ort"),
        ("?", "person", "nur ein Satz", "?", "person"),
    ]
    assert "übernommen" in Verbindung.objects.get(position=0).quelle
    Vorgang = new_apps.get_model("analysen", "Analysevorgang")
    # No request for contributions was made: the old "Beiträge ausstehend" becomes "in Bearbeitung".
    assert Vorgang.objects.get(pk=mit_bericht.pk).status == "in_bearbeitung"
    assert Vorgang.objects.get(pk=angefragt.pk).status == "angefragt"
    # And back: the rows become text lines again.
    old_apps = _migrate(BEFORE)
    Bericht = old_apps.get_model("analysen", "Auswertebericht")
    assert Bericht.objects.get(vorgang_id=mit_bericht.pk).verbindungen.splitlines()[0] == (
        "Max Muster | Geschäftsführer | XY GmbH"
    )
