"""Requests to the Geschäftsstelle: workflow, visibility to the requesting authority only, audit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anfragen.models import Anfrage
from anfragen.services import anfrage_create, anfrage_set_status
from audit.models import Aktion, AuditEntry
from tests.dateien.files import pdf_bytes

DATA = {
    "art": "analyse_360",
    "betreff": "Netzwerk um die Shisha-Bar „Oase“",
    "beschreibung": "Bitte um 360°-Analyse der Betreiberstruktur.",
    "rechtsgrundlage": "§ 35 GewO",
    "dringlichkeit": "hoch",
    "kontakt": "Mats Mitglied, 0209 123-456",
}


@pytest.fixture
def anfrage(board, login):
    client = login(board["mitglied"])
    response = client.post("/austausch/anfragen/neu/", DATA)
    assert response.status_code == 302
    return Anfrage.objects.get()


def test_request_belongs_to_own_authority(anfrage, board):
    assert anfrage.behoerde == board["mitglied"].behoerde
    assert anfrage.status == "eingegangen"
    assert AuditEntry.objects.filter(aktion=Aktion.ANFRAGE_EINGEGANGEN).count() == 1


def test_missing_fields_are_refused(board, login):
    response = login(board["mitglied"]).post("/austausch/anfragen/neu/", {**DATA, "rechtsgrundlage": ""})
    assert response.status_code == 200
    assert not Anfrage.objects.exists()
    assert "errorlist" in response.content.decode()


def test_visible_to_colleagues_of_authority_not_to_others(anfrage, board, login, user_factory):
    colleague = user_factory(behoerde=board["mitglied"].behoerde)
    assert login(colleague).get(f"/austausch/anfragen/{anfrage.pk}/").status_code == 200
    assert login(board["leitung"]).get(f"/austausch/anfragen/{anfrage.pk}/").status_code == 404
    assert DATA["betreff"] not in login(board["leitung"]).get("/austausch/anfragen/").content.decode()


def test_workflow_with_rueckfrage_and_result(anfrage, board, login):
    gs = login(board["gs"])
    assert DATA["betreff"] in gs.get("/austausch/anfragen/verwaltung/").content.decode()
    gs.post(f"/austausch/anfragen/{anfrage.pk}/", {"form": "status", "status": "in_bearbeitung"})
    gs.post(
        f"/austausch/anfragen/{anfrage.pk}/",
        {"form": "status", "status": "rueckfrage", "text": "Welche Adresse?"},
    )
    anfrage.refresh_from_db()
    assert anfrage.status == "rueckfrage"
    requester = login(board["mitglied"])
    assert "Welche Adresse?" in requester.get(f"/austausch/anfragen/{anfrage.pk}/").content.decode()
    requester.post(
        f"/austausch/anfragen/{anfrage.pk}/", {"form": "antwort", "text": "Marktstraße 5, Gelsenkirchen"}
    )
    anfrage.refresh_from_db()
    assert anfrage.status == "in_bearbeitung"
    gs.post(
        f"/austausch/anfragen/{anfrage.pk}/",
        {"form": "status", "status": "abgeschlossen", "text": "Ergebnis: 14 Personen"},
    )
    anfrage.refresh_from_db()
    assert anfrage.status == "abgeschlossen" and anfrage.ergebnis == "Ergebnis: 14 Personen"
    assert "Ergebnis: 14 Personen" in requester.get(f"/austausch/anfragen/{anfrage.pk}/").content.decode()
    assert (
        "Ergebnis: 14 Personen"
        not in login(board["leitung"]).get(f"/austausch/anfragen/{anfrage.pk}/").content.decode()
    )
    assert list(
        AuditEntry.objects.filter(objekt_typ="anfragen.anfrage")
        .exclude(aktion=Aktion.ZUGRIFF_VERWEIGERT)  # the Leitung's refused look above
        .order_by("pk")
        .values_list("aktion", flat=True)
    ) == [
        Aktion.ANFRAGE_EINGEGANGEN,
        Aktion.ANFRAGE_IN_BEARBEITUNG,
        Aktion.ANFRAGE_RUECKFRAGE,
        Aktion.ANFRAGE_RUECKFRAGE_BEANTWORTET,
        Aktion.ANFRAGE_ABGESCHLOSSEN,
    ]


def test_invalid_transition_and_non_gs_status_change_are_refused(anfrage, board, login):
    gs = login(board["gs"])
    response = gs.post(
        f"/austausch/anfragen/{anfrage.pk}/", {"form": "status", "status": "abgeschlossen"}, follow=True
    )
    assert "kann nicht in" in response.content.decode()
    login(board["mitglied"]).post(
        f"/austausch/anfragen/{anfrage.pk}/", {"form": "status", "status": "abgelehnt", "text": "x"}
    )
    anfrage.refresh_from_db()
    assert anfrage.status == "eingegangen"


def test_verwaltung_is_404_for_non_gs(board, login):
    assert login(board["mitglied"]).get("/austausch/anfragen/verwaltung/").status_code == 404


@pytest.mark.parametrize("n", [3, 120])
def test_request_list_is_paginated_with_a_constant_query_count(
    board, login, django_assert_max_num_queries, n
):
    from anfragen.models import Anfrage

    Anfrage.objects.bulk_create(
        [
            Anfrage(
                art=Anfrage.Art.INFORMATION,
                behoerde=board["mitglied"].behoerde,
                erstellt_von=board["mitglied"],
                betreff=f"Anfrage {i}",
                beschreibung="x",
                rechtsgrundlage="§ 35 GewO",
                kontakt="0201",
            )
            for i in range(n)
        ]
    )
    client = login(board["mitglied"])
    client.get("/austausch/anfragen/")
    with django_assert_max_num_queries(6):
        body = client.get("/austausch/anfragen/").content.decode()
    assert body.count("<tr><td><a href=") == min(n, 50)
    assert ("Seite 1 von 3" in body) is (n == 120)
    last = client.get("/austausch/anfragen/", {"seite": 3}).content.decode()
    assert last.count("<tr><td><a href=") == (20 if n == 120 else 3)


def _pdf(name):
    return SimpleUploadedFile(name, pdf_bytes("Ergebnis der Anfrage"), content_type="application/pdf")


def test_request_result_file_only_for_requesting_authority(board, login, user_factory):
    anfrage = anfrage_create(
        by=board["leitung"], art="information", betreff="Halter eines Fahrzeugs", beschreibung="Bitte um Auskunft.",
        rechtsgrundlage="§ 35 StVG", dringlichkeit="normal", kontakt="Lea Leitner",
    )  # fmt: skip
    anfrage_set_status(anfrage=anfrage, by=board["gs"], status="in_bearbeitung")
    gs = login(board["gs"])
    gs.post(
        f"/austausch/anfragen/{anfrage.pk}/",
        {
            "form": "status",
            "status": "abgeschlossen",
            "text": "Siehe Datei",
            "ergebnis": _pdf("Ergebnis.pdf"),
        },
    )
    anfrage.refresh_from_db()
    assert anfrage.status == Anfrage.Status.ABGESCHLOSSEN and anfrage.ergebnis_datei is not None
    colleague = user_factory(behoerde=board["leitung"].behoerde)
    assert login(colleague).get(f"/austausch/anfragen/{anfrage.pk}/ergebnis/").status_code == 200
    for other in ("mitglied", "aussen"):
        assert login(board[other]).get(f"/austausch/anfragen/{anfrage.pk}/ergebnis/").status_code == 404
    assert (
        AuditEntry.objects.filter(
            aktion=Aktion.DATEI_HERUNTERGELADEN, behoerde=board["leitung"].behoerde
        ).count()
        == 1
    )
