"""The overview status (issue #20 part 6): angefragt, in Bearbeitung, Beiträge ausstehend, Bericht in
Freigabe, abgeschlossen — derived from the case's state by one rule, offered by the overview filter and
shown in the overview and its export."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from analysen import services
from analysen.models import Analysevorgang

IN_A_WEEK = timezone.localdate() + datetime.timedelta(days=7)
Status = Analysevorgang.Status


def _status(vorgang) -> str:
    return Analysevorgang.objects.values_list("status", flat=True).get(pk=vorgang.pk)


def _own_initiative(fall, betreff, behoerden=()):
    return services.vorgang_open(
        by=fall["lead"], betreff=betreff, zweck="z", rechtsgrundlage="§ 35 GewO", klassifikation="offen",
        loeschfrist=timezone.localdate() + datetime.timedelta(days=200), fallfuehrung=fall["lead"],
        behoerden=behoerden,
    )  # fmt: skip


def test_a_case_from_an_anfrage_is_angefragt_until_work_starts(fall):
    vorgang = fall["vorgang"]
    # Opening, naming people and removing an authority are not yet work on the analysis.
    assert _status(vorgang) == Status.ANGEFRAGT
    services.beitraege_anfordern(vorgang=vorgang, by=fall["lead"], frist=IN_A_WEEK)
    assert _status(vorgang) == Status.BEITRAEGE_AUSSTEHEND


def test_a_case_of_own_initiative_starts_in_bearbeitung(fall):
    assert _status(_own_initiative(fall, "Eigeninitiative")) == Status.IN_BEARBEITUNG


def test_a_fallbesprechung_or_a_report_draft_starts_the_work(fall):
    vorgang = fall["vorgang"]
    services.fallbesprechung_ansetzen(
        vorgang=vorgang, by=fall["lead"], beginn=timezone.now() + datetime.timedelta(days=2), dauer_minuten=60,
        ort="Essen", video_link="", tagesordnung="TOP 1", eingeladene=[fall["requester"]],
    )  # fmt: skip
    assert _status(vorgang) == Status.IN_BEARBEITUNG


def test_status_follows_contributions_report_and_closing(fall, pdf_upload):
    vorgang, lead = fall["vorgang"], fall["lead"]
    services.beitraege_anfordern(vorgang=vorgang, by=lead, frist=IN_A_WEEK)
    assert _status(vorgang) == Status.BEITRAEGE_AUSSTEHEND
    services.beitrag_einreichen(
        vorgang=vorgang, by=fall["b1"], text="x", quellenkategorie="kommunal", rechtsgrundlage="§ 1"
    )
    assert _status(vorgang) == Status.BEITRAEGE_AUSSTEHEND  # Gelsenkirchen has not answered yet
    services.beitrag_einreichen(
        vorgang=vorgang, by=fall["requester"], text="y", quellenkategorie="kommunal", rechtsgrundlage="§ 2"
    )
    assert _status(vorgang) == Status.IN_BEARBEITUNG  # every asked authority has answered
    bericht = services.bericht_speichern(
        vorgang=vorgang, by=lead, fragestellung="F", quellen="", erkenntnisse="E", empfehlungen="",
        pdf_upload=pdf_upload(),
    )  # fmt: skip
    assert _status(vorgang) == Status.IN_BEARBEITUNG
    services.bericht_einreichen(bericht=bericht, by=lead)
    assert _status(vorgang) == Status.BERICHT_IN_FREIGABE
    services.bericht_freigeben(bericht=bericht, by=fall["gs2"])
    assert _status(vorgang) == Status.IN_BEARBEITUNG
    services.vorgang_abschliessen(vorgang=Analysevorgang.objects.get(pk=vorgang.pk), by=lead)
    assert _status(vorgang) == Status.ABGESCHLOSSEN


def test_removing_the_only_authority_that_has_not_answered_ends_beitraege_ausstehend(fall):
    vorgang, lead = fall["vorgang"], fall["lead"]
    services.beitraege_anfordern(vorgang=vorgang, by=lead, frist=IN_A_WEEK)
    services.beitrag_einreichen(
        vorgang=vorgang, by=fall["b1"], text="x", quellenkategorie="kommunal", rechtsgrundlage="§ 1"
    )
    services.beteiligung_remove(
        beteiligung=vorgang.beteiligungen.get(behoerde=fall["a"]), by=lead, grund="Anfrage zurückgezogen"
    )
    assert _status(vorgang) == Status.IN_BEARBEITUNG


@pytest.fixture
def five_cases(fall, pdf_upload):
    """One case in each of the five statuses."""
    lead = fall["lead"]
    cases = {Status.ANGEFRAGT: fall["vorgang"]}
    cases[Status.IN_BEARBEITUNG] = _own_initiative(fall, "Fall in Bearbeitung")
    ausstehend = _own_initiative(fall, "Fall mit ausstehenden Beiträgen", behoerden=[fall["b"]])
    services.beitraege_anfordern(vorgang=ausstehend, by=lead, frist=IN_A_WEEK)
    cases[Status.BEITRAEGE_AUSSTEHEND] = ausstehend
    freigabe = _own_initiative(fall, "Fall mit Bericht in Freigabe")
    bericht = services.bericht_speichern(
        vorgang=freigabe, by=lead, fragestellung="F", quellen="", erkenntnisse="E", empfehlungen="",
        pdf_upload=pdf_upload(),
    )  # fmt: skip
    services.bericht_einreichen(bericht=bericht, by=lead)
    cases[Status.BERICHT_IN_FREIGABE] = freigabe
    cases[Status.ABGESCHLOSSEN] = services.vorgang_abschliessen(
        vorgang=_own_initiative(fall, "Abgeschlossener Fall"), by=lead
    )
    for status, vorgang in cases.items():
        assert _status(vorgang) == status
    return cases


def test_the_overview_filter_offers_and_finds_each_of_the_five_statuses(five_cases, fall, login):
    client = login(fall["lead"])
    page = client.get("/analysen/").content.decode()
    for value, label in Status.choices:
        assert f'<option value="{value}">{label}</option>' in page
    for status, vorgang in five_cases.items():
        body = client.get("/analysen/", {"status": status}).content.decode()
        shown = {v.aktenzeichen for v in five_cases.values() if f">{v.aktenzeichen}</a>" in body}
        assert shown == {vorgang.aktenzeichen}, status
        assert f'<option value="{status}" selected>' in body
        assert f"<td>{Status(status).label}</td>" in body
    # An unknown status is ignored: every case is listed.
    body = client.get("/analysen/", {"status": "erfunden"}).content.decode()
    assert all(f">{v.aktenzeichen}</a>" in body for v in five_cases.values())


def test_the_export_shows_each_status(five_cases, fall, login):
    response = login(fall["lead"]).get("/analysen/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    by_az = {row[header.index("Aktenzeichen")]: row[header.index("Status")] for row in body}
    assert by_az == {v.aktenzeichen: Status(s).label for s, v in five_cases.items()}
