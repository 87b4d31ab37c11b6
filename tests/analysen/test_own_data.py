"""Meine Daten (Art. 15 DSGVO, rechtliches.own_data): the cases, contributions, tasks and Fallbesprechung
invitations that concern the person, within the cases they may see, without case content."""

import datetime
import json

from django.urls import reverse
from django.utils import timezone

from analysen import services

IN_A_WEEK = timezone.localdate() + datetime.timedelta(days=7)
CASES = "360°-Analysen (Vorgänge)"
BEITRAEGE = "Beiträge zu 360°-Analysen"
AUFGABEN = "Aufgaben aus Fallbesprechungen (Ihre Behörde)"
EINLADUNGEN = "Einladungen zu Fallbesprechungen"


def _world(fall):
    vorgang, lead = fall["vorgang"], fall["lead"]
    services.beitraege_anfordern(vorgang=vorgang, by=lead, frist=IN_A_WEEK)
    services.beitrag_einreichen(
        vorgang=vorgang, by=fall["b1"], text="Geheimer Vermerk zu Max Muster", quellenkategorie="kommunal",
        rechtsgrundlage="§ 1",
    )  # fmt: skip
    besprechung = services.fallbesprechung_ansetzen(
        vorgang=vorgang, by=lead, beginn=timezone.now() + datetime.timedelta(days=2), dauer_minuten=60,
        ort="Essen", video_link="", tagesordnung="TOP 1", eingeladene=[fall["b1"]],
    )  # fmt: skip
    services.einladung_beantworten(einladung=besprechung.einladungen.get(), by=fall["b1"], antwort="zugesagt")
    services.aufgabe_anlegen(besprechung=besprechung, by=lead, was="Max Muster überprüfen", behoerde=fall["b"], frist=IN_A_WEEK)  # fmt: skip
    # A case the person does not take part in: nothing of it appears.
    other = services.vorgang_open(
        by=lead, betreff="Anderer Fall", zweck="z", rechtsgrundlage="r", klassifikation="offen",
        loeschfrist=IN_A_WEEK, fallfuehrung=fall["gs2"], behoerden=[fall["c"]],
    )  # fmt: skip
    return vorgang, other


def _data(client):
    response = client.get(reverse("rechtliches:meine_daten_json"))
    return json.loads(b"".join(response.streaming_content) if response.streaming else response.content)


def test_a_participant_sees_cases_contributions_tasks_and_invitations(fall, login):
    vorgang, other = _world(fall)
    client = login(fall["b1"])
    data = _data(client)
    assert [(c["Aktenzeichen"], c["Ihre Rolle"], c["Status"]) for c in data[CASES]] == [
        (vorgang.aktenzeichen, "benannte Person", "Beiträge ausstehend")
    ]
    assert data[CASES][0]["Adresse"] == vorgang.get_absolute_url()
    assert [(b["Aktenzeichen"], b["Version"]) for b in data[BEITRAEGE]] == [(vorgang.aktenzeichen, 1)]
    assert [(a["Aktenzeichen"], a["Status"]) for a in data[AUFGABEN]] == [(vorgang.aktenzeichen, "offen")]
    assert [(e["Aktenzeichen"], e["Ihre Antwort"]) for e in data[EINLADUNGEN]] == [(vorgang.aktenzeichen, "zugesagt")]  # fmt: skip
    text = json.dumps(data, ensure_ascii=False)
    # No case content (subjects, contribution and task texts name third persons), nothing of other cases.
    for secret in ("Max Muster", "Shisha", "Betreibernetzwerk", other.aktenzeichen):
        assert secret not in text
    page = client.get(reverse("rechtliches:meine_daten")).content.decode()
    assert CASES in page and vorgang.aktenzeichen in page and "Max Muster" not in page


def test_the_requester_sees_its_case_but_not_the_tasks_of_another_authority(fall, login):
    vorgang, _other = _world(fall)
    data = _data(login(fall["requester"]))
    assert [c["Aktenzeichen"] for c in data[CASES]] == [vorgang.aktenzeichen]
    assert data[BEITRAEGE] == [] and data[AUFGABEN] == [] and data[EINLADUNGEN] == []


def test_the_case_lead_sees_the_cases_she_leads_or_opened(fall, login):
    vorgang, other = _world(fall)
    data = _data(login(fall["lead"]))
    roles = {c["Aktenzeichen"]: c["Ihre Rolle"] for c in data[CASES]}
    assert roles == {vorgang.aktenzeichen: "Fallführung, eröffnet", other.aktenzeichen: "eröffnet"}
    assert {c["Aktenzeichen"] for c in _data(login(fall["gs2"]))[CASES]} == {other.aktenzeichen}


def test_a_removed_participant_and_outsiders_see_nothing_of_the_case(fall, login):
    _world(fall)
    for who in ("d1", "c1", "a_unnamed"):
        data = _data(login(fall[who]))
        assert (
            data[CASES] == [] and data[BEITRAEGE] == [] and data[AUFGABEN] == [] and data[EINLADUNGEN] == []
        ), who
