"""Writes of the requests to the Geschäftsstelle. No HTTP here: callers pass the acting person as `by`."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import Aktion
from audit.services import audit_log
from benachrichtigungen.services import benachrichtigen
from dateien.services import datei_speichern

from . import access
from .models import Anfrage, AnfrageSchritt

MAX_BETREFF_LENGTH = 200
MAX_TEXT_LENGTH = 10000


def _check_betreff(betreff: str) -> str:
    betreff = " ".join((betreff or "").split())
    if not betreff:
        raise ValidationError(_("Bitte geben Sie einen Betreff ein."), code="betreff_leer")
    if len(betreff) > MAX_BETREFF_LENGTH:
        raise ValidationError(
            _("Der Betreff darf höchstens %(limit)s Zeichen lang sein.") % {"limit": MAX_BETREFF_LENGTH},
            code="betreff_zu_lang",
        )
    return betreff


def _check_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("Bitte geben Sie einen Text ein."), code="leer")
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(
            _("Der Text ist zu lang (%(laenge)s Zeichen). Erlaubt sind höchstens %(limit)s Zeichen.")
            % {"laenge": f"{len(text):n}", "limit": f"{MAX_TEXT_LENGTH:n}"},
            code="zu_lang",
        )
    return text


# The audited action of each status an Anfrage can be moved to.
ANFRAGE_STATUS_AKTION = {
    Anfrage.Status.IN_BEARBEITUNG: Aktion.ANFRAGE_IN_BEARBEITUNG,
    Anfrage.Status.RUECKFRAGE: Aktion.ANFRAGE_RUECKFRAGE,
    Anfrage.Status.ABGESCHLOSSEN: Aktion.ANFRAGE_ABGESCHLOSSEN,
    Anfrage.Status.ABGELEHNT: Aktion.ANFRAGE_ABGELEHNT,
}
ANFRAGE_TRANSITIONS = {
    Anfrage.Status.EINGEGANGEN: {
        Anfrage.Status.IN_BEARBEITUNG,
        Anfrage.Status.RUECKFRAGE,
        Anfrage.Status.ABGELEHNT,
    },
    Anfrage.Status.IN_BEARBEITUNG: {
        Anfrage.Status.RUECKFRAGE,
        Anfrage.Status.ABGESCHLOSSEN,
        Anfrage.Status.ABGELEHNT,
    },
    Anfrage.Status.RUECKFRAGE: {
        Anfrage.Status.IN_BEARBEITUNG,
        Anfrage.Status.ABGESCHLOSSEN,
        Anfrage.Status.ABGELEHNT,
    },
    Anfrage.Status.ABGESCHLOSSEN: set(),
    Anfrage.Status.ABGELEHNT: set(),
}


@transaction.atomic
def anfrage_create(
    *, by, art: str, betreff: str, beschreibung: str, rechtsgrundlage: str, dringlichkeit: str, kontakt: str
) -> Anfrage:
    """File a request on behalf of the person's own authority."""
    if not access.can_file(by):
        raise ValidationError(_("Ihrem Konto ist keine Behörde zugeordnet."))
    anfrage = Anfrage.objects.create(
        art=art,
        behoerde_id=by.behoerde_id,
        erstellt_von=by,
        betreff=_check_betreff(betreff),
        beschreibung=_check_text(beschreibung),
        rechtsgrundlage=rechtsgrundlage.strip(),
        dringlichkeit=dringlichkeit,
        kontakt=kontakt.strip(),
    )
    AnfrageSchritt.objects.create(anfrage=anfrage, status=anfrage.status, von=by, text="")
    audit_log(aktion=Aktion.ANFRAGE_EINGEGANGEN, actor=by, objekt=anfrage, art=art)
    benachrichtigen(
        empfaenger=get_user_model().objects.geschaeftsstelle(),
        ausser=by,
        ereignis_schluessel=f"anfrage.eingegangen:{anfrage.pk}",
        art="anfrage.eingegangen",
        titel=_("Neue Anfrage von %(behoerde)s: %(betreff)s")
        % {"behoerde": by.behoerde.kurzname or by.behoerde.name, "betreff": anfrage.betreff},
        link=anfrage.get_absolute_url(),
    )
    return anfrage


ANFRAGE_NOTIFICATION_TITLES = {
    Anfrage.Status.IN_BEARBEITUNG: gettext_lazy("Ihre Anfrage ist in Bearbeitung: %(betreff)s"),
    Anfrage.Status.RUECKFRAGE: gettext_lazy("Rückfrage zu Ihrer Anfrage: %(betreff)s"),
    Anfrage.Status.ABGESCHLOSSEN: gettext_lazy("Ergebnis zu Ihrer Anfrage: %(betreff)s"),
    Anfrage.Status.ABGELEHNT: gettext_lazy("Ihre Anfrage wurde abgelehnt: %(betreff)s"),
}


def _notify_requester(*, anfrage: Anfrage, schritt: AnfrageSchritt, by) -> None:
    """Tell the person who filed the request about a step of the Geschäftsstelle."""
    benachrichtigen(
        empfaenger=anfrage.erstellt_von_id,
        ausser=by,
        ereignis_schluessel=f"anfrage.schritt:{schritt.pk}",
        art=f"anfrage.{schritt.status}",
        titel=ANFRAGE_NOTIFICATION_TITLES[schritt.status] % {"betreff": anfrage.betreff},
        link=anfrage.get_absolute_url(),
    )


def anfrage_set_status(*, anfrage: Anfrage, by, status: str, text: str = "", ergebnis_upload=None) -> Anfrage:
    """Move a request on in its workflow (Geschäftsstelle) with an optional message to the requester."""
    if not access.can_process(by):
        raise ValidationError(_("Nur die Geschäftsstelle bearbeitet Anfragen."))
    if status not in ANFRAGE_TRANSITIONS.get(anfrage.status, set()):
        raise ValidationError(
            _("Der Status „%(von)s“ kann nicht in „%(nach)s“ geändert werden.")
            % {
                "von": anfrage.get_status_display(),
                "nach": Anfrage.Status(status).label if status in Anfrage.Status.values else status,
            }
        )
    text = (text or "").strip()[:10000]
    if status in (Anfrage.Status.RUECKFRAGE, Anfrage.Status.ABGELEHNT) and not text:
        raise ValidationError(
            _("Bitte schreiben Sie der anfragenden Stelle eine Begründung bzw. Ihre Rückfrage.")
        )
    if ergebnis_upload is not None and status != Anfrage.Status.ABGESCHLOSSEN:
        raise ValidationError(_("Eine Ergebnisdatei kann nur beim Abschluss übermittelt werden."))
    if ergebnis_upload is not None:
        # Outside the transaction below so that a refused file stays audited.
        anfrage.ergebnis_datei = datei_speichern(upload=ergebnis_upload, by=by, zweck="anfrage.ergebnis")
    with transaction.atomic():
        anfrage.status = status
        if status == Anfrage.Status.ABGESCHLOSSEN and text:
            anfrage.ergebnis = text
        anfrage.save(update_fields=["status", "ergebnis", "ergebnis_datei", "aktualisiert"])
        schritt = AnfrageSchritt.objects.create(anfrage=anfrage, status=status, von=by, text=text)
        audit_log(
            aktion=ANFRAGE_STATUS_AKTION[status],
            actor=by,
            objekt=anfrage,
            behoerde=anfrage.behoerde,
            ergebnisdatei=ergebnis_upload is not None,
        )
        _notify_requester(anfrage=anfrage, schritt=schritt, by=by)
    return anfrage


@transaction.atomic
def anfrage_answer(*, anfrage: Anfrage, by, text: str) -> Anfrage:
    """The requesting authority answers a Rückfrage; the request returns to processing."""
    if not access.can_answer(by, anfrage):
        raise ValidationError(_("Nur die anfragende Behörde kann antworten."))
    if anfrage.status != Anfrage.Status.RUECKFRAGE:
        raise ValidationError(_("Zu dieser Anfrage ist keine Rückfrage offen."))
    text = _check_text(text)
    anfrage.status = Anfrage.Status.IN_BEARBEITUNG
    anfrage.save(update_fields=["status", "aktualisiert"])
    schritt = AnfrageSchritt.objects.create(anfrage=anfrage, status=anfrage.status, von=by, text=text)
    audit_log(aktion=Aktion.ANFRAGE_RUECKFRAGE_BEANTWORTET, actor=by, objekt=anfrage)
    benachrichtigen(
        empfaenger=get_user_model().objects.geschaeftsstelle(),
        ausser=by,
        ereignis_schluessel=f"anfrage.schritt:{schritt.pk}",
        art="anfrage.rueckfrage_beantwortet",
        titel=_("Antwort auf die Rückfrage: %(betreff)s") % {"betreff": anfrage.betreff},
        link=anfrage.get_absolute_url(),
    )
    return anfrage
