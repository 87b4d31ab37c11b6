"""Writes of the prevention catalogue: propose, update, approve, reject measures."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Aktion
from audit.services import audit_log
from benachrichtigungen.services import benachrichtigen

from . import access
from .models import Massnahme, Status

EDITABLE_FIELDS = (
    "titel",
    "kommune",
    "programm",
    "zielgruppe",
    "phase",
    "beginn",
    "ende",
    "kontakt_text",
    "beschreibung",
    "evaluationsergebnis",
)


def _notify_redaktion(*, massnahme: Massnahme, by) -> None:
    """Tell the Redaktion that a measure waits for review (each submission is one event)."""
    benachrichtigen(
        empfaenger=get_user_model().objects.redaktion(),
        ausser=by,
        ereignis_schluessel=f"massnahme.vorgeschlagen:{massnahme.pk}:{massnahme.aktualisiert_am.isoformat()}",
        art="massnahme.vorgeschlagen",
        titel=_("Maßnahme zur Prüfung (%(kommune)s): %(titel)s")
        % {"kommune": massnahme.kommune.name, "titel": massnahme.titel},
        link=massnahme.get_absolute_url(),
    )


def massnahme_check_kommune(*, kommune, by) -> None:
    """Raise ValidationError unless `by` may propose or change measures for this Kommune."""
    if access.can_change_for_kommune(by, kommune):
        return
    gemeinde_id = access.kommune_ansprechpartner_gemeinde_id(by)
    if gemeinde_id is None:
        raise ValidationError(
            _("Maßnahmen können nur die Ansprechpartner:innen einer Kommune vorschlagen."), code="not_allowed"
        )
    if kommune.pk != gemeinde_id:
        raise ValidationError(
            _(
                "Sie können Maßnahmen nur für Ihre eigene Kommune (%(eigene)s) vorschlagen, nicht für %(andere)s."
            )
            % {"eigene": by.behoerde.gemeinde.name, "andere": kommune.name},
            code="other_kommune",
        )


@transaction.atomic
def massnahme_propose(*, by, **data) -> Massnahme:
    """Create a measure proposed by an Ansprechpartner of a Kommune; it waits for the Redaktion's review."""
    massnahme_check_kommune(kommune=data["kommune"], by=by)
    massnahme = Massnahme(**{k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    massnahme.behoerde = by.behoerde
    massnahme.kontakt = by
    massnahme.eingereicht_von = by
    massnahme.status = Status.VORGESCHLAGEN
    massnahme.full_clean()
    massnahme.save()
    audit_log(aktion=Aktion.MASSNAHME_VORGESCHLAGEN, actor=by, objekt=massnahme)
    _notify_redaktion(massnahme=massnahme, by=by)
    return massnahme


@transaction.atomic
def massnahme_update(*, massnahme: Massnahme, by, **data) -> Massnahme:
    """Change a measure; a change by a Kommune sends it back to review."""
    massnahme_check_kommune(kommune=data.get("kommune", massnahme.kommune), by=by)
    for key, value in data.items():
        if key in EDITABLE_FIELDS:
            setattr(massnahme, key, value)
    if not access.can_review(by):
        massnahme.status = Status.VORGESCHLAGEN
        massnahme.eingereicht_von = by
        massnahme.geprueft_von = None
        massnahme.geprueft_am = None
    massnahme.full_clean()
    massnahme.save()
    audit_log(aktion=Aktion.MASSNAHME_GEAENDERT, actor=by, objekt=massnahme)
    if massnahme.status == Status.VORGESCHLAGEN:
        _notify_redaktion(massnahme=massnahme, by=by)
    return massnahme


def _review(*, massnahme: Massnahme, by, status: str, aktion: Aktion, hinweis: str) -> Massnahme:
    if not access.can_review(by):
        raise ValidationError(_("Nur die Redaktion kann Maßnahmen prüfen."), code="not_allowed")
    massnahme.status = status
    massnahme.geprueft_von = by
    massnahme.geprueft_am = timezone.now()
    massnahme.pruefhinweis = hinweis
    massnahme.save(update_fields=["status", "geprueft_von", "geprueft_am", "pruefhinweis", "aktualisiert_am"])
    audit_log(aktion=aktion, actor=by, objekt=massnahme)
    titel = (
        _("Ihre Maßnahme wurde freigegeben: %(titel)s")
        if status == Status.FREIGEGEBEN
        else _("Ihre Maßnahme wurde abgelehnt: %(titel)s")
    )
    benachrichtigen(
        empfaenger=massnahme.eingereicht_von_id,
        ausser=by,
        ereignis_schluessel=f"massnahme.entschieden:{massnahme.pk}:{massnahme.geprueft_am.isoformat()}",
        art=f"massnahme.{status}",
        titel=titel % {"titel": massnahme.titel},
        link=massnahme.get_absolute_url(),
    )
    return massnahme


@transaction.atomic
def massnahme_approve(*, massnahme: Massnahme, by, hinweis: str = "") -> Massnahme:
    """Release a proposed measure into the catalogue."""
    return _review(
        massnahme=massnahme,
        by=by,
        status=Status.FREIGEGEBEN,
        aktion=Aktion.MASSNAHME_FREIGEGEBEN,
        hinweis=hinweis,
    )


@transaction.atomic
def massnahme_reject(*, massnahme: Massnahme, by, hinweis: str) -> Massnahme:
    """Refuse a proposed measure; the reason is shown to the Kommune."""
    if not hinweis.strip():
        raise ValidationError(_("Bitte begründen Sie die Ablehnung."), code="reason_required")
    return _review(
        massnahme=massnahme,
        by=by,
        status=Status.ABGELEHNT,
        aktion=Aktion.MASSNAHME_ABGELEHNT,
        hinweis=hinweis,
    )
