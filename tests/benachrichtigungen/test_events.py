"""Every workflow event: exactly one notification and one email per recipient, also when it is repeated.

Each case triggers the event through the section's service, then replays every notification call it made
(as a retried task or a second worker would): the rows and the emails stay as they were."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from benachrichtigungen import services as notify
from benachrichtigungen.models import Benachrichtigung, Einstellung
from tests.dateien.files import pdf_bytes

SECTION_MODULES = [
    "accounts.services",
    "arbeitskreise.services",
    "austausch.services",
    "erhebungen.services",
    "lagebilder.services",
    "praevention.services",
]


CALLS: list[dict] = []


@pytest.fixture
def recorded(monkeypatch):
    """Record the notification calls of the sections (the real function still runs)."""
    calls = CALLS
    calls.clear()

    def spy(**kwargs):
        calls.append(kwargs)
        return notify.benachrichtigen(**kwargs)

    for module in SECTION_MODULES:
        monkeypatch.setattr(f"{module}.benachrichtigen", spy)
    return calls


def _anfrage(world):
    from anfragen.services import anfrage_create

    return anfrage_create(
        by=world["mitglied"],
        art="auskunft",
        betreff="Halter des Fahrzeugs RE-XY 123",
        beschreibung="Wer ist Halter?",
        rechtsgrundlage="§ 34 PolG NRW",
        dringlichkeit="normal",
        kontakt="0201 123",
    )


def anfrage_filed(world):
    _anfrage(world)
    return "anfrage.eingegangen", ["gs"]


def anfrage_rueckfrage(world):
    from anfragen.services import anfrage_set_status

    anfrage_set_status(
        anfrage=_prepared(world, _anfrage), by=world["gs"], status="rueckfrage", text="Welche?"
    )
    return "anfrage.rueckfrage", ["mitglied"]


def anfrage_result(world):
    from anfragen.services import anfrage_set_status

    anfrage = _prepared(world, _anfrage)
    anfrage_set_status(anfrage=anfrage, by=world["gs"], status="in_bearbeitung")
    _forget()
    anfrage_set_status(anfrage=anfrage, by=world["gs"], status="abgeschlossen", text="Ergebnis: 3")
    return "anfrage.abgeschlossen", ["mitglied"]


def anfrage_answered(world):
    from anfragen.services import anfrage_answer, anfrage_set_status

    anfrage = _prepared(world, _anfrage)
    anfrage_set_status(anfrage=anfrage, by=world["gs"], status="rueckfrage", text="Welche?")
    _forget()
    anfrage_answer(anfrage=anfrage, by=world["mitglied"], text="Die in Essen.")
    return "anfrage.rueckfrage_beantwortet", ["gs"]


def ak_join_requested(world):
    from arbeitskreise.services import beitrittsanfrage_create

    beitrittsanfrage_create(arbeitskreis=world["ak"], by=world["polizist"], begruendung="Zuständig")
    return "arbeitskreis.beitritt_angefragt", ["leitung"]


def ak_join_decided(world):
    from arbeitskreise.services import beitrittsanfrage_create, beitrittsanfrage_decide

    anfrage = _prepared(
        world, lambda w: beitrittsanfrage_create(arbeitskreis=w["ak"], by=w["polizist"], begruendung="")
    )
    beitrittsanfrage_decide(anfrage=anfrage, by=world["leitung"], annehmen=True)
    return "arbeitskreis.beitritt_angenommen", ["polizist"]


def ak_meeting(world):
    from arbeitskreise.services import sitzung_create

    beginn = timezone.now() + dt.timedelta(days=14)
    sitzung_create(
        arbeitskreis=world["ak"],
        by=world["leitung"],
        titel="Sitzung",
        beginn=beginn,
        ende=beginn + dt.timedelta(hours=2),
    )
    return "arbeitskreis.sitzung", ["ak_mitglied"]


def ak_document(world):
    from arbeitskreise.services import dokument_upload

    upload = SimpleUploadedFile("protokoll.pdf", pdf_bytes("Protokoll"), content_type="application/pdf")
    dokument_upload(arbeitskreis=world["ak"], by=world["leitung"], titel="Protokoll März", upload=upload)
    return "arbeitskreis.dokument", ["ak_mitglied"]


def _massnahme(world):
    from praevention.services import massnahme_propose

    return massnahme_propose(
        by=world["ap"],
        titel="Elterncafé im Quartier",
        kommune=world["gemeinde"],
        zielgruppe="jugendliche",
        beginn=dt.date(2026, 1, 1),
        beschreibung="Treffen für Eltern.",
    )


def massnahme_proposed(world):
    _massnahme(world)
    return "massnahme.vorgeschlagen", ["redaktion", "gs"]


def massnahme_decided(world):
    from praevention.services import massnahme_reject

    massnahme_reject(massnahme=_prepared(world, _massnahme), by=world["redaktion"], hinweis="Bitte ergänzen.")
    return "massnahme.abgelehnt", ["ap"]


def _thread_in_arbeitskreis(world, by: str):
    """A thread in the Arbeitskreis's board area (its notifications forgotten): thema_create's result."""
    from austausch.models import Bereich
    from austausch.services import thema_create

    return _prepared(
        world,
        lambda w: thema_create(
            bereich=Bereich.objects.get(arbeitskreis=w["ak"]),
            by=w[by],
            titel="Termin",
            art="information",
            text="x",
        ),
    )


def post_reported(world):
    from austausch.services import beitrag_report

    posted = _thread_in_arbeitskreis(world, "ak_mitglied")
    beitrag_report(beitrag=posted.beitrag, by=world["ak_mitglied"], grund="Klarname")
    return "austausch.meldung", ["gs", "leitung"]


def _einladung(world):
    from accounts.services import einladung_create

    return einladung_create(
        email="neu@stadt-a.de", behoerde=world["kommune"], by=world["ap"], send_mail=False
    )


def invitation_accepted(world):
    from accounts.services import einladung_accept

    _einladung_obj, token = _prepared(world, _einladung)
    einladung_accept(token=token, first_name="Nina", last_name="Neu", password="Ein-langes-Passwort-2026")
    return "einladung.angenommen", ["ap"]


def invitation_expired(world):
    from accounts.services import invitations_notify_expired

    einladung, _token = _prepared(world, _einladung)
    type(einladung).objects.filter(pk=einladung.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))
    invitations_notify_expired()
    return "einladung.abgelaufen", ["ap"]


def _recertification_due_in(world, days):
    from accounts.services import recertification_remind

    last = timezone.now() - relativedelta(months=12) + dt.timedelta(days=days)
    type(world["mitglied"]).objects.filter(pk=world["mitglied"].pk).update(rezertifiziert_am=last)
    recertification_remind()


def recertification_30(world):
    _recertification_due_in(world, 20)
    return "rezertifizierung.30", ["mitglied", "ap"]


def recertification_7(world):
    _recertification_due_in(world, 5)
    return "rezertifizierung.7", ["mitglied", "ap"]


def lagebild_shared(world):
    from fachgebiete.models import Fachgebiet
    from lagebilder.models import Sichtbarkeit
    from lagebilder.services import lagebild_create

    for person in ("ap", "ak_mitglied"):
        Einstellung.objects.create(user=world[person], lagebild_geteilt=True)
    lagebild_create(
        by=world["polizist"],
        titel="Lage Shisha März",
        zusammenfassung="Kontrollen",
        zeitraum_von=dt.date(2026, 3, 1),
        zeitraum_bis=dt.date(2026, 3, 31),
        fachgebiete=[Fachgebiet.objects.create(name="Shisha", slug="shisha")],
        sichtbarkeit=Sichtbarkeit.BEHOERDEN,
        behoerden=[world["kommune"]],
    )
    # "mitglied" of the same authority did not opt in: nothing for them.
    return "lagebild.geteilt", ["ap", "ak_mitglied"]


def erhebung_reminder(world):
    from erhebungen.models import Erhebung
    from erhebungen.services import erhebung_create, erinnerungen_send

    erhebung_create(
        titel="Erhebung Q1",
        zeitraum_von=dt.date(2026, 1, 1),
        zeitraum_bis=dt.date(2026, 3, 31),
        frist=timezone.localdate() + dt.timedelta(days=3),
        indikatoren=[],
        behoerden=[world["kommune"]],
        status=Erhebung.Status.OFFEN,
        erinnerung_tage=7,
    )
    erinnerungen_send()
    return "erhebung.erinnerung", ["ap"]


def board_retention(world):
    from austausch.models import Thema
    from austausch.services import themen_apply_retention

    posted = _thread_in_arbeitskreis(world, "leitung")
    Thema.objects.filter(pk=posted.beitrag.thema_id).update(
        letzte_aktivitaet=timezone.now() - dt.timedelta(days=800)
    )
    themen_apply_retention()
    return "austausch.aufbewahrung", ["gs"]


def _prepared(world, make):
    """Set up what the event needs, then forget the notifications and emails that setup caused."""
    result = make(world)
    _forget()
    return result


def _forget():
    Benachrichtigung.objects.all().delete()
    CALLS.clear()
    mail.outbox.clear()


EVENTS = [
    anfrage_filed,
    anfrage_rueckfrage,
    anfrage_result,
    anfrage_answered,
    ak_join_requested,
    ak_join_decided,
    ak_meeting,
    ak_document,
    massnahme_proposed,
    massnahme_decided,
    post_reported,
    invitation_accepted,
    invitation_expired,
    recertification_30,
    recertification_7,
    lagebild_shared,
    erhebung_reminder,
    board_retention,
]


@pytest.mark.parametrize("event", EVENTS, ids=[e.__name__ for e in EVENTS])
def test_event_notifies_each_recipient_exactly_once(
    world, event, recorded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        art, names = event(world)
    expected = {world[name].pk for name in names}
    rows = Benachrichtigung.objects.filter(art=art)
    assert sorted(rows.values_list("empfaenger_id", flat=True)) == sorted(expected)
    assert all(row.link.startswith("/") for row in rows)
    # Exactly one email per recipient: the notification's own, or for the Meldung deadline the existing
    # reminder email (its notification is "only in the portal", so no second email).
    addresses = [address for message in mail.outbox for address in message.to]
    assert sorted(addresses) == sorted(world[name].email for name in names)
    emails_before = len(mail.outbox)

    # A retry or a second worker repeats the same calls: nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        for call in list(recorded):
            assert notify.benachrichtigen(**call) == 0
    assert Benachrichtigung.objects.filter(art=art).count() == len(expected)
    assert len(mail.outbox) == emails_before


def test_scheduled_reminders_repeat_without_duplicates(world, django_capture_on_commit_callbacks):
    from accounts.services import invitations_notify_expired, recertification_remind

    with django_capture_on_commit_callbacks(execute=True):
        recertification_30(world)
        _einladung_obj, _token = _einladung(world)
        type(_einladung_obj).objects.update(expires_at=timezone.now() - dt.timedelta(hours=1))
        invitations_notify_expired()
    count, sent = Benachrichtigung.objects.count(), len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert recertification_remind() == 0
        assert invitations_notify_expired() == 0
    assert (Benachrichtigung.objects.count(), len(mail.outbox)) == (count, sent)
