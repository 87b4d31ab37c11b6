"""The Bad input list of issue #20, each case: a German message or 404, nothing changed, audited."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from analysen import services
from analysen.models import (
    AnalyseBeitrag,
    Analysevorgang,
    Aufgabe,
    Auswertebericht,
    Einladung,
    Fallbesprechung,
)
from audit.models import Aktion, AuditEntry
from tests.analysen.test_workflow import verbindungen_post

IN_A_WEEK = timezone.localdate() + datetime.timedelta(days=7)


def _refused(vorgang_name: str) -> AuditEntry:
    return AuditEntry.objects.filter(aktion=Aktion.ANALYSE_ABGELEHNT, details__vorgang=vorgang_name).get()


def _denied(path: str) -> bool:
    return AuditEntry.objects.filter(aktion=Aktion.ZUGRIFF_VERWEIGERT, details__pfad=path).exists()


@pytest.fixture
def besprechung(fall):
    return services.fallbesprechung_ansetzen(
        vorgang=fall["vorgang"], by=fall["lead"], beginn=timezone.now() + datetime.timedelta(days=2),
        dauer_minuten=60, ort="Essen", video_link="", tagesordnung="TOP 1", eingeladene=[fall["b1"]],
    )  # fmt: skip


@pytest.fixture
def other_case(fall):
    """A second case in which only the customs office (c) takes part, with a conference and a task."""
    other = services.vorgang_open(
        by=fall["gs2"], betreff="Anderer Fall", zweck="z", rechtsgrundlage="r", klassifikation="offen",
        loeschfrist=IN_A_WEEK, fallfuehrung=fall["gs2"], behoerden=[fall["c"]],
    )  # fmt: skip
    services.person_benennen(beteiligung=other.beteiligungen.get(), person=fall["c1"], by=fall["gs2"])
    services.beitraege_anfordern(vorgang=other, by=fall["gs2"], frist=IN_A_WEEK)
    besprechung = services.fallbesprechung_ansetzen(
        vorgang=other, by=fall["gs2"], beginn=timezone.now() + datetime.timedelta(days=2), dauer_minuten=60,
        ort="Duisburg", video_link="", tagesordnung="TOP 1", eingeladene=[fall["c1"]],
    )  # fmt: skip
    aufgabe = services.aufgabe_anlegen(besprechung=besprechung, by=fall["gs2"], was="Prüfen", behoerde=fall["c"], frist=IN_A_WEEK)  # fmt: skip
    return {"vorgang": other, "besprechung": besprechung, "aufgabe": aufgabe}


def test_contribution_from_a_removed_or_outside_authority_is_404_audited_and_changes_nothing(fall, login):
    services.beitraege_anfordern(vorgang=fall["vorgang"], by=fall["lead"], frist=IN_A_WEEK)
    path = f"/analysen/{fall['vorgang'].pk}/beitrag/"
    for who in ("d1", "c1"):
        response = login(fall[who]).post(
            path, {"text": "x", "quellenkategorie": "kommunal", "rechtsgrundlage": "y"}
        )
        assert response.status_code == 404, who
    assert not AnalyseBeitrag.objects.exists()
    assert AuditEntry.objects.filter(aktion=Aktion.ZUGRIFF_VERWEIGERT, details__pfad=path).count() == 2
    # The service refuses too (e.g. a participant removed between page and submit).
    with pytest.raises(Exception, match="nicht \\(mehr\\) beteiligt"):
        services.beitrag_einreichen(vorgang=fall["vorgang"], by=fall["d1"], text="x", quellenkategorie="kommunal", rechtsgrundlage="y")  # fmt: skip


def test_task_for_an_authority_outside_the_case(fall, login, besprechung):
    response = login(fall["lead"]).post(
        f"/analysen/fallbesprechung/{besprechung.pk}/aufgabe/",
        {"was": "Kontrolle", "behoerde": fall["c"].pk, "frist": IN_A_WEEK.isoformat()},
    )
    assert "Aufgaben können nur beteiligten Behörden zugewiesen werden." in response.content.decode()
    assert not Aufgabe.objects.exists()
    assert "nur beteiligten Behörden" in _refused("aufgabe").details["grund"]
    # The removed authority counts as outside.
    login(fall["lead"]).post(
        f"/analysen/fallbesprechung/{besprechung.pk}/aufgabe/",
        {"was": "Kontrolle", "behoerde": fall["d"].pk, "frist": IN_A_WEEK.isoformat()},
    )
    assert not Aufgabe.objects.exists()


@pytest.mark.parametrize("who", ["c1", "d1"])
def test_invitation_for_a_person_of_another_or_a_removed_authority(fall, login, who):
    beginn = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    response = login(fall["lead"]).post(
        f"/analysen/{fall['vorgang'].pk}/fallbesprechung/",
        {"beginn": beginn, "dauer_minuten": 60, "ort": "Essen", "tagesordnung": "TOP 1", "eingeladene": [fall[who].pk]},
    )  # fmt: skip
    assert "gehört nicht zu den benannten Personen einer beteiligten Behörde" in response.content.decode()
    assert not Fallbesprechung.objects.exists() and not Einladung.objects.exists()
    assert "benannten Personen" in _refused("fallbesprechung").details["grund"]


def test_crafted_invitee_ids_are_refused(fall, login):
    beginn = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    response = login(fall["lead"]).post(
        f"/analysen/{fall['vorgang'].pk}/fallbesprechung/",
        {"beginn": beginn, "dauer_minuten": 60, "ort": "Essen", "tagesordnung": "TOP 1", "eingeladene": ["999999", "x"]},
    )  # fmt: skip
    assert "Mindestens eine eingeladene Person ist unbekannt." in response.content.decode()
    assert not Fallbesprechung.objects.exists()
    assert _refused("fallbesprechung")


def test_a_report_released_by_its_own_author(fall, login, pdf_upload):
    bericht = services.bericht_speichern(
        vorgang=fall["vorgang"], by=fall["lead"], fragestellung="F", quellen="", erkenntnisse="E", empfehlungen="",
        pdf_upload=pdf_upload(),
    )  # fmt: skip
    services.bericht_einreichen(bericht=bericht, by=fall["lead"])
    response = login(fall["lead"]).post(f"/analysen/{fall['vorgang'].pk}/bericht/freigeben/", {"bestaetigt": "ja"}, follow=True)  # fmt: skip
    assert "andere Person der Geschäftsstelle" in response.content.decode()
    assert Auswertebericht.objects.get().status == Auswertebericht.Status.IN_FREIGABE
    assert _refused("bericht_freigeben")


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (-1, "muss in der Zukunft liegen"),
        (0, "muss in der Zukunft liegen"),
        (5 * 366 + 1, "höchstens 5 Jahre"),
    ],
)
def test_extending_the_deletion_date_into_the_past_or_beyond_five_years(fall, login, days, message):
    vorgang = fall["vorgang"]
    before = vorgang.loeschfrist
    response = login(fall["lead"]).post(
        f"/analysen/{vorgang.pk}/loeschfrist/",
        {"loeschfrist": (timezone.localdate() + datetime.timedelta(days=days)).isoformat(), "grund": "Verfahren", "bestaetigt": "ja"},
        follow=True,
    )  # fmt: skip
    assert message in response.content.decode()
    vorgang.refresh_from_db()
    assert vorgang.loeschfrist == before and vorgang.loeschfrist_verlaengert_am is None
    assert _refused("loeschfrist")


def test_a_report_pdf_that_fails_the_upload_check(fall, login):
    response = login(fall["lead"]).post(
        f"/analysen/{fall['vorgang'].pk}/bericht/",
        {
            "fragestellung": "F", "quellen": "", "erkenntnisse": "E", "empfehlungen": "",
            "pdf_upload": SimpleUploadedFile("Bericht.pdf", b"MZ\x90\x00 kein pdf", content_type="application/pdf"),
            **verbindungen_post([]),
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert not Auswertebericht.objects.exists()
    assert AuditEntry.objects.filter(aktion=Aktion.DATEI_ABGELEHNT).exists()
    assert _refused("bericht_speichern")


def test_crafted_ids_of_another_case(fall, login, other_case, besprechung):
    vorgang, other = fall["vorgang"], other_case["vorgang"]
    lead = login(fall["lead"])
    # An Anforderung of the other case under this case's URL: 404, not reminded.
    anforderung = other.anforderungen.get()
    path = f"/analysen/{vorgang.pk}/anforderung/{anforderung.pk}/erinnern/"
    assert lead.post(path).status_code == 404 and _denied(path)
    anforderung.refresh_from_db()
    assert anforderung.erinnerungen == 0
    # A participant of this case: the other case's task, conference and answer are 404.
    b1 = login(fall["b1"])
    for path, data in (
        (f"/analysen/aufgabe/{other_case['aufgabe'].pk}/status/", {"status": "erledigt"}),
        (f"/analysen/fallbesprechung/{other_case['besprechung'].pk}/antwort/", {"antwort": "zugesagt"}),
        (
            f"/analysen/{other.pk}/beitrag/",
            {"text": "x", "quellenkategorie": "kommunal", "rechtsgrundlage": "y"},
        ),
    ):
        assert b1.post(path, data).status_code == 404, path
        assert _denied(path)
    other_case["aufgabe"].refresh_from_db()
    assert other_case["aufgabe"].status == "offen"
    assert set(Einladung.objects.filter(fallbesprechung=other_case["besprechung"]).values_list("antwort", flat=True)) == {"offen"}  # fmt: skip
    assert not AnalyseBeitrag.objects.exists()
    # The customs officer may not answer an invitation of this case's conference.
    path = f"/analysen/fallbesprechung/{besprechung.pk}/antwort/"
    assert login(fall["c1"]).post(path, {"antwort": "zugesagt"}).status_code == 404 and _denied(path)
    # A non-numeric or foreign Anfrage id when opening a case.
    for raw in ("abc", "99999999999", str(fall["anfrage"].pk + 1000)):
        assert lead.get("/analysen/neu/", {"anfrage": raw}).status_code == 404, raw
    assert Analysevorgang.objects.count() == 2
