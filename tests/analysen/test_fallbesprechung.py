"""Fallbesprechung invitations (issue #20 part 5): iCal by email as an iTIP REQUEST with the invitee as
RSVP attendee, one stable UID, SEQUENCE raised by every change, a CANCEL when cancelled; accept and
decline in the portal; no case content in any email."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from analysen import services
from analysen.models import Einladung, Fallbesprechung
from audit.models import Aktion, AuditEntry
from benachrichtigungen.models import Benachrichtigung

pytestmark = pytest.mark.django_db

SECRET_WORDS = ("Shisha", "Betreibernetzwerk", "Raum 4", "TOP 1", "Gemeinsame Kontrolle", "konferenz.example")


def _events(mail) -> tuple[Calendar, object]:
    (part,) = [a for a in mail.attachments if not isinstance(a, tuple)]
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == Calendar.from_ical(part.get_payload(decode=True))["METHOD"]
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def _no_case_content(mail) -> None:
    text = (
        mail.subject
        + mail.body
        + "".join(a.get_payload(decode=True).decode() for a in mail.attachments if not isinstance(a, tuple))
    )
    for word in SECRET_WORDS:
        assert word not in text, word


def _ics_mails(mailoutbox) -> list:
    """The invitation emails (the portal's notification emails go out beside them)."""
    return [m for m in mailoutbox if any(not isinstance(a, tuple) for a in m.attachments)]


@pytest.fixture
def besprechung(fall, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        besprechung = services.fallbesprechung_ansetzen(
            vorgang=fall["vorgang"], by=fall["lead"], beginn=timezone.now() + datetime.timedelta(days=3),
            dauer_minuten=60, ort="Polizeipräsidium Essen, Raum 4", video_link="https://konferenz.example/x",
            tagesordnung="TOP 1 Gemeinsame Kontrolle", eingeladene=[fall["requester"], fall["b1"]],
        )  # fmt: skip
    return besprechung


def test_the_invitation_is_an_itip_request_with_the_invitee_as_rsvp_attendee(fall, besprechung, mailoutbox):
    for mail in mailoutbox:  # notification emails too
        _no_case_content(mail)
    assert len(_ics_mails(mailoutbox)) == 2
    by_recipient = {mail.to[0]: mail for mail in _ics_mails(mailoutbox)}
    assert set(by_recipient) == {fall["requester"].email, fall["b1"].email}
    uids = set()
    for email, mail in by_recipient.items():
        calendar, event = _events(mail)
        assert calendar["METHOD"] == "REQUEST"
        assert event["SEQUENCE"] == 0 and event["STATUS"] == "CONFIRMED"
        attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
        assert [str(a) for a in attendees] == [f"mailto:{email}"]  # only the recipient: no list of others
        assert attendees[0].params["RSVP"] == "TRUE" and attendees[0].params["PARTSTAT"] == "NEEDS-ACTION"
        assert str(event["ORGANIZER"]) == f"mailto:{fall['lead'].email}"
        assert event.decoded("DTSTART") == besprechung.beginn.replace(microsecond=0)
        assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(minutes=60)
        assert str(event["SUMMARY"]) == f"Fallbesprechung {fall['vorgang'].aktenzeichen}"
        assert str(event["URL"]).endswith(f"/analysen/{fall['vorgang'].pk}/#fallbesprechungen")
        uids.add(str(event["UID"]))
        _no_case_content(mail)
    assert uids == {f"fallbesprechung-{besprechung.pk}@localhost"}


def test_a_change_raises_the_sequence_keeps_the_uid_and_asks_again(
    fall, besprechung, login, mailoutbox, django_capture_on_commit_callbacks
):
    _calendar, first = _events(_ics_mails(mailoutbox)[0])
    login(fall["b1"]).post(f"/analysen/fallbesprechung/{besprechung.pk}/antwort/", {"antwort": "zugesagt"})
    mailoutbox.clear()
    neu = timezone.localtime(besprechung.beginn + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(fall["lead"]).post(
            f"/analysen/fallbesprechung/{besprechung.pk}/aendern/",
            {
                "beginn": neu,
                "dauer_minuten": 90,
                "ort": "Rathaus Buer",
                "video_link": "",
                "tagesordnung": "TOP 1",
            },
        )
    assert response.status_code == 302
    besprechung.refresh_from_db()
    assert besprechung.sequenz == 1 and besprechung.ort == "Rathaus Buer"
    mails = _ics_mails(mailoutbox)
    assert len(mails) == 2 and all("Geänderte Fallbesprechung" in m.subject for m in mails)
    calendar, event = _events(mails[0])
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == str(first["UID"]) and event["SEQUENCE"] == 1
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(minutes=90)
    for mail in mailoutbox:
        _no_case_content(mail)
        assert "Rathaus Buer" not in mail.body + mail.subject
    # A new time: the answers are asked for again.
    assert set(besprechung.einladungen.values_list("antwort", flat=True)) == {"offen"}
    entry = AuditEntry.objects.get(aktion=Aktion.ANALYSE_FALLBESPRECHUNG_GEAENDERT)
    assert entry.details["sequenz"] == 1 and set(entry.details["felder"]) == {"beginn", "dauer_minuten", "ort", "video_link", "tagesordnung"}  # fmt: skip
    assert Benachrichtigung.objects.filter(empfaenger=fall["b1"], titel__contains="geändert").exists()


def test_an_unchanged_form_or_a_past_time_is_refused(fall, besprechung, login, mailoutbox):
    mailoutbox.clear()
    lead = login(fall["lead"])
    same = {
        "beginn": timezone.localtime(besprechung.beginn).strftime("%Y-%m-%dT%H:%M"), "dauer_minuten": 60,
        "ort": besprechung.ort, "video_link": besprechung.video_link, "tagesordnung": besprechung.tagesordnung,
    }  # fmt: skip
    Fallbesprechung.objects.filter(pk=besprechung.pk).update(beginn=timezone.localtime(besprechung.beginn).replace(second=0, microsecond=0))  # fmt: skip
    assert "Sie haben nichts geändert." in lead.post(f"/analysen/fallbesprechung/{besprechung.pk}/aendern/", same).content.decode()  # fmt: skip
    past = {**same, "beginn": (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")}
    assert "muss in der Zukunft liegen" in lead.post(f"/analysen/fallbesprechung/{besprechung.pk}/aendern/", past).content.decode()  # fmt: skip
    besprechung.refresh_from_db()
    assert besprechung.sequenz == 0 and not _ics_mails(mailoutbox)
    assert AuditEntry.objects.filter(aktion=Aktion.ANALYSE_ABGELEHNT, details__vorgang="fallbesprechung_aendern").count() == 2  # fmt: skip


def test_cancelling_asks_first_then_sends_a_cancel_with_the_same_uid(
    fall, besprechung, login, mailoutbox, django_capture_on_commit_callbacks
):
    _calendar, first = _events(_ics_mails(mailoutbox)[0])
    mailoutbox.clear()
    lead = login(fall["lead"])
    url = f"/analysen/fallbesprechung/{besprechung.pk}/absagen/"
    page = lead.get(url).content.decode()
    assert "Fallbesprechung absagen?" in page and "nicht rückgängig" in page
    besprechung.refresh_from_db()
    assert besprechung.abgesagt_am is None
    with django_capture_on_commit_callbacks(execute=True):
        assert lead.post(url, {"bestaetigt": "ja"}).status_code == 302
    besprechung.refresh_from_db()
    assert besprechung.abgesagt_am is not None and besprechung.sequenz == 1
    mails = _ics_mails(mailoutbox)
    assert len(mails) == 2 and all(m.subject.startswith("[SiKo Ruhr] Abgesagt") for m in mails)
    calendar, event = _events(mails[0])
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == str(first["UID"]) and event["SEQUENCE"] == 1
    for mail in mailoutbox:
        _no_case_content(mail)
    assert AuditEntry.objects.filter(aktion=Aktion.ANALYSE_FALLBESPRECHUNG_ABGESAGT).exists()
    page = login(fall["b1"]).get(f"/analysen/{fall['vorgang'].pk}/").content.decode()
    assert "Abgesagt am" in page and "Zusagen</button>" not in page
    # Nothing more on a cancelled conference: no answer, no second cancellation, no change, no task.
    response = login(fall["b1"]).post(f"/analysen/fallbesprechung/{besprechung.pk}/antwort/", {"antwort": "zugesagt"}, follow=True)  # fmt: skip
    assert "Diese Fallbesprechung ist abgesagt." in response.content.decode()
    assert besprechung.einladungen.get(person=fall["b1"]).antwort == "offen"
    response = lead.post(url, {"bestaetigt": "ja"}, follow=True)
    assert "Diese Fallbesprechung ist abgesagt." in response.content.decode()
    response = lead.post(
        f"/analysen/fallbesprechung/{besprechung.pk}/aufgabe/",
        {"was": "x", "behoerde": fall["b"].pk, "frist": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
    )  # fmt: skip
    assert "Diese Fallbesprechung ist abgesagt." in response.content.decode()
    assert not besprechung.aufgaben.exists()
    besprechung.refresh_from_db()
    assert besprechung.sequenz == 1 and len(_ics_mails(mailoutbox)) == 2


def test_accept_and_decline_in_the_portal(fall, besprechung, login):
    b1 = login(fall["b1"])
    url = f"/analysen/fallbesprechung/{besprechung.pk}/antwort/"
    b1.post(url, {"antwort": "zugesagt"})
    einladung = besprechung.einladungen.get(person=fall["b1"])
    assert einladung.antwort == Einladung.Antwort.ZUGESAGT and einladung.beantwortet_am
    page = b1.get(f"/analysen/{fall['vorgang'].pk}/").content.decode()
    assert "Ihre Antwort: <strong>zugesagt</strong>" in page
    b1.post(url, {"antwort": "abgesagt"})
    einladung.refresh_from_db()
    assert einladung.antwort == Einladung.Antwort.ABGESAGT
    assert AuditEntry.objects.filter(aktion=Aktion.ANALYSE_EINLADUNG_BEANTWORTET).count() == 2
    # The lead sees the answers.
    assert (
        "Bernd Beamter (Polizeipräsidium Essen): abgesagt"
        in login(fall["lead"]).get(f"/analysen/{fall['vorgang'].pk}/").content.decode()
    )
    # An invalid answer is refused in German; somebody not invited gets 404; nothing changes.
    response = b1.post(url, {"antwort": "vielleicht"}, follow=True)
    assert "gültige Auswahl" in response.content.decode()
    assert login(fall["lead"]).post(url, {"antwort": "zugesagt"}).status_code == 404
    assert login(fall["c1"]).post(url, {"antwort": "zugesagt"}).status_code == 404
    einladung.refresh_from_db()
    assert einladung.antwort == Einladung.Antwort.ABGESAGT
    assert not besprechung.einladungen.filter(person=fall["lead"]).exists()
