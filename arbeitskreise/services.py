"""Writes of the Arbeitskreise: membership, join requests, meeting dates. Every change is audited."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Aktion
from audit.services import audit_log
from benachrichtigungen.services import benachrichtigen
from dateien.services import datei_speichern

from . import access
from .models import Arbeitskreis, Beitrittsanfrage, Dokument, Mitgliedschaft, Sitzung


def _notify_members(
    *, arbeitskreis: Arbeitskreis, by, ereignis_schluessel: str, art: str, titel: str
) -> None:
    """Tell every member of the Arbeitskreis (except the person who acted) about something new."""
    benachrichtigen(
        empfaenger=access.members_of(arbeitskreis.pk).values_list("user_id", flat=True),
        ausser=by,
        ereignis_schluessel=ereignis_schluessel,
        art=art,
        titel=titel,
        link=arbeitskreis.get_absolute_url(),
    )


def _require_manager(by, arbeitskreis) -> None:
    if not access.can_manage(by, arbeitskreis):
        raise ValidationError(_("Nur die Leitung des Arbeitskreises oder die Geschäftsstelle kann das tun."))


@transaction.atomic
def mitgliedschaft_add(*, arbeitskreis: Arbeitskreis, user, by, ist_leitung: bool = False) -> Mitgliedschaft:
    """Add a person (idempotent); the group sync signal grants the area access."""
    _require_manager(by, arbeitskreis)
    if not user.is_active:
        raise ValidationError(_("Dieses Konto ist nicht aktiv."))
    mitgliedschaft, created = Mitgliedschaft.objects.get_or_create(
        arbeitskreis=arbeitskreis, user=user, defaults={"ist_leitung": ist_leitung}
    )
    if created:
        audit_log(
            aktion=Aktion.BERECHTIGUNG_GEAENDERT,
            actor=by,
            objekt=arbeitskreis,
            subject=user,
            behoerde=user.behoerde,
            vorgang="arbeitskreis.mitglied_hinzugefuegt",
            ist_leitung=ist_leitung,
        )
    return mitgliedschaft


@transaction.atomic
def mitgliedschaft_remove(*, arbeitskreis: Arbeitskreis, user, by) -> None:
    _require_manager(by, arbeitskreis)
    mitgliedschaft = Mitgliedschaft.objects.filter(arbeitskreis=arbeitskreis, user=user).first()
    if mitgliedschaft is None:
        return
    if (
        mitgliedschaft.ist_leitung
        and not Mitgliedschaft.objects.filter(arbeitskreis=arbeitskreis, ist_leitung=True)
        .exclude(pk=mitgliedschaft.pk)
        .exists()
    ):
        raise ValidationError(
            _("Der Arbeitskreis braucht mindestens eine Leitung. Bestimmen Sie zuerst eine neue.")
        )
    mitgliedschaft.delete()
    audit_log(
        aktion=Aktion.BERECHTIGUNG_GEAENDERT,
        actor=by,
        objekt=arbeitskreis,
        subject=user,
        behoerde=user.behoerde,
        vorgang="arbeitskreis.mitglied_entfernt",
    )


@transaction.atomic
def mitgliedschaft_set_leitung(*, arbeitskreis: Arbeitskreis, user, by, ist_leitung: bool) -> Mitgliedschaft:
    _require_manager(by, arbeitskreis)
    mitgliedschaft = Mitgliedschaft.objects.filter(arbeitskreis=arbeitskreis, user=user).first()
    if mitgliedschaft is None:
        raise ValidationError(_("Diese Person ist nicht Mitglied des Arbeitskreises."))
    if (
        not ist_leitung
        and not Mitgliedschaft.objects.filter(arbeitskreis=arbeitskreis, ist_leitung=True)
        .exclude(pk=mitgliedschaft.pk)
        .exists()
    ):
        raise ValidationError(_("Der Arbeitskreis braucht mindestens eine Leitung."))
    mitgliedschaft.ist_leitung = ist_leitung
    mitgliedschaft.save(update_fields=["ist_leitung"])
    audit_log(
        aktion=Aktion.ROLLE_GEAENDERT,
        actor=by,
        objekt=arbeitskreis,
        subject=user,
        behoerde=user.behoerde,
        vorgang="arbeitskreis.leitung_gesetzt" if ist_leitung else "arbeitskreis.leitung_entzogen",
    )
    return mitgliedschaft


@transaction.atomic
def beitrittsanfrage_create(*, arbeitskreis: Arbeitskreis, by, begruendung: str = "") -> Beitrittsanfrage:
    if access.is_member(by, arbeitskreis):
        raise ValidationError(_("Sie sind bereits Mitglied dieses Arbeitskreises."))
    if Beitrittsanfrage.objects.filter(
        arbeitskreis=arbeitskreis, user=by, status=Beitrittsanfrage.Status.OFFEN
    ).exists():
        raise ValidationError(_("Ihre Anfrage liegt der Leitung bereits vor."))
    anfrage = Beitrittsanfrage.objects.create(
        arbeitskreis=arbeitskreis, user=by, begruendung=(begruendung or "")[:2000]
    )
    audit_log(aktion=Aktion.AK_BEITRITT_ANGEFRAGT, actor=by, objekt=arbeitskreis)
    leitung = list(access.leitung_of(arbeitskreis.pk).values_list("user_id", flat=True))
    benachrichtigen(
        # Without a Leitung the Geschäftsstelle decides (access.can_manage).
        empfaenger=leitung or get_user_model().objects.geschaeftsstelle(),
        ausser=by,
        ereignis_schluessel=f"arbeitskreis.beitritt_angefragt:{anfrage.pk}",
        art="arbeitskreis.beitritt_angefragt",
        titel=_("Beitrittsanfrage von %(name)s für den Arbeitskreis %(ak)s")
        % {"name": by.get_full_name() or by.email, "ak": arbeitskreis.name},
        link=arbeitskreis.get_absolute_url(),
    )
    return anfrage


@transaction.atomic
def beitrittsanfrage_decide(*, anfrage: Beitrittsanfrage, by, annehmen: bool) -> Beitrittsanfrage:
    _require_manager(by, anfrage.arbeitskreis)
    if anfrage.status != Beitrittsanfrage.Status.OFFEN:
        raise ValidationError(_("Über diese Anfrage wurde bereits entschieden."))
    anfrage.status = Beitrittsanfrage.Status.ANGENOMMEN if annehmen else Beitrittsanfrage.Status.ABGELEHNT
    anfrage.entschieden_von = by
    anfrage.entschieden_am = timezone.now()
    anfrage.save(update_fields=["status", "entschieden_von", "entschieden_am"])
    if annehmen:
        mitgliedschaft_add(arbeitskreis=anfrage.arbeitskreis, user=anfrage.user, by=by)
    audit_log(
        aktion=Aktion.AK_BEITRITT_ANGENOMMEN if annehmen else Aktion.AK_BEITRITT_ABGELEHNT,
        actor=by,
        objekt=anfrage.arbeitskreis,
        subject=anfrage.user,
    )
    titel = (
        _("Ihr Beitritt zum Arbeitskreis %(ak)s wurde angenommen")
        if annehmen
        else _("Ihre Beitrittsanfrage für den Arbeitskreis %(ak)s wurde abgelehnt")
    )
    benachrichtigen(
        empfaenger=anfrage.user_id,
        ereignis_schluessel=f"arbeitskreis.beitritt_entschieden:{anfrage.pk}",
        art=f"arbeitskreis.beitritt_{anfrage.status}",
        titel=titel % {"ak": anfrage.arbeitskreis.name},
        link=anfrage.arbeitskreis.get_absolute_url(),
    )
    return anfrage


@transaction.atomic
def sitzung_create(
    *, arbeitskreis: Arbeitskreis, by, titel, beginn, ende, ort="", beschreibung=""
) -> Sitzung:
    _require_manager(by, arbeitskreis)
    if ende <= beginn:
        raise ValidationError(_("Das Ende muss nach dem Beginn liegen."))
    sitzung = Sitzung.objects.create(
        arbeitskreis=arbeitskreis, titel=titel, beginn=beginn, ende=ende, ort=ort, beschreibung=beschreibung
    )
    audit_log(aktion=Aktion.AK_SITZUNG_ANGELEGT, actor=by, objekt=sitzung)
    _notify_members(
        arbeitskreis=arbeitskreis,
        by=by,
        ereignis_schluessel=f"arbeitskreis.sitzung:{sitzung.pk}",
        art="arbeitskreis.sitzung",
        titel=_("Neuer Sitzungstermin im Arbeitskreis %(ak)s: %(titel)s am %(datum)s")
        % {
            "ak": arbeitskreis.name,
            "titel": titel,
            "datum": f"{timezone.localtime(beginn):%d.%m.%Y, %H:%M} Uhr",
        },
    )
    return sitzung


@transaction.atomic
def sitzung_delete(*, sitzung: Sitzung, by) -> None:
    """Remove a meeting date (cancelled or entered wrongly); Leitung and Geschäftsstelle, audited."""
    _require_manager(by, sitzung.arbeitskreis)
    audit_log(
        aktion=Aktion.AK_SITZUNG_GELOESCHT,
        actor=by,
        objekt=sitzung.arbeitskreis,
        titel=sitzung.titel,
        beginn=sitzung.beginn.isoformat(),
    )
    sitzung.delete()


def sitzungen_ical(*, arbeitskreis: Arbeitskreis, sitzungen) -> bytes:
    """Return an iCalendar file with the meeting dates."""
    from django.conf import settings
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//SiKo Ruhr Portal//Arbeitskreise//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Arbeitskreis {arbeitskreis.name}")
    host = settings.PORTAL_BASE_URL.split("//")[-1].split("/")[0] or "siko-ruhr"
    for sitzung in sitzungen:
        event = Event()
        event.add("uid", f"ak-sitzung-{sitzung.pk}@{host}")
        event.add("summary", f"{arbeitskreis.name}: {sitzung.titel}")
        event.add("dtstart", sitzung.beginn)
        event.add("dtend", sitzung.ende)
        event.add("dtstamp", timezone.now())
        if sitzung.ort:
            event.add("location", sitzung.ort)
        if sitzung.beschreibung:
            event.add("description", sitzung.beschreibung)
        event.add("url", f"{settings.PORTAL_BASE_URL}/arbeitskreise/{arbeitskreis.slug}/")
        cal.add_component(event)
    return cal.to_ical()


def dokument_upload(*, arbeitskreis: Arbeitskreis, by, titel: str, upload) -> Dokument:
    """Store a document of the Arbeitskreis through `dateien` (Leitung and Geschäftsstelle)."""
    _require_manager(by, arbeitskreis)
    titel = " ".join((titel or "").split())[:200]
    if not titel:
        raise ValidationError(_("Bitte geben Sie einen Titel für das Dokument an."))
    datei = datei_speichern(upload=upload, by=by, zweck="arbeitskreis.dokument")
    with transaction.atomic():
        dokument = Dokument.objects.create(
            arbeitskreis=arbeitskreis, titel=titel, datei=datei, hochgeladen_von=by
        )
        audit_log(
            aktion=Aktion.AK_DOKUMENT_HOCHGELADEN,
            actor=by,
            objekt=arbeitskreis,
            titel=titel,
        )
        _notify_members(
            arbeitskreis=arbeitskreis,
            by=by,
            ereignis_schluessel=f"arbeitskreis.dokument:{dokument.pk}",
            art="arbeitskreis.dokument",
            titel=_("Neues Dokument im Arbeitskreis %(ak)s: %(titel)s")
            % {"ak": arbeitskreis.name, "titel": titel},
        )
    return dokument
