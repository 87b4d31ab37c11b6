"""Registration for Fachveranstaltungen, cancellation with move-up, and the start page's event list."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from .models import Anmeldung, VeranstaltungPage


@dataclass(frozen=True)
class CancelResult:
    anmeldung: Anmeldung
    nachgerueckt: Anmeldung | None


def _lock(veranstaltung: VeranstaltungPage) -> None:
    # One lock row per event serialises registration and cancellation (capacity, waiting list order).
    Page.objects.select_for_update().filter(pk=veranstaltung.pk).first()


def anmeldung_create(*, veranstaltung: VeranstaltungPage, user, now=None) -> Anmeldung:
    """Register a person; when the event is full they go on the waiting list. Raise ValidationError if refused."""
    now = now or timezone.now()
    if veranstaltung.has_begun(now):
        raise ValidationError(
            _("Die Veranstaltung hat bereits begonnen; eine Anmeldung ist nicht mehr möglich."), code="begun"
        )
    if not veranstaltung.anmeldung_offen:
        raise ValidationError(_("Für diese Veranstaltung ist keine Anmeldung möglich."), code="closed")
    try:
        with transaction.atomic():
            _lock(veranstaltung)
            active = Anmeldung.objects.aktiv().filter(veranstaltung=veranstaltung)
            if active.filter(user=user).exists():
                raise ValidationError(_("Sie sind für diese Veranstaltung bereits angemeldet."), code="twice")
            confirmed = active.filter(status=Anmeldung.Status.ANGEMELDET).count()
            full = veranstaltung.kapazitaet is not None and confirmed >= veranstaltung.kapazitaet
            return Anmeldung.objects.create(
                veranstaltung=veranstaltung,
                user=user,
                status=Anmeldung.Status.WARTELISTE if full else Anmeldung.Status.ANGEMELDET,
                created_at=now,
            )
    except IntegrityError:
        # A concurrent request of the same person won the race (unique active registration).
        raise ValidationError(
            _("Sie sind für diese Veranstaltung bereits angemeldet."), code="twice"
        ) from None


@transaction.atomic
def anmeldung_cancel(*, veranstaltung: VeranstaltungPage, user, now=None) -> CancelResult:
    """Cancel a person's registration; a freed seat goes to the first person on the waiting list."""
    now = now or timezone.now()
    _lock(veranstaltung)
    anmeldung = Anmeldung.objects.aktiv().filter(veranstaltung=veranstaltung, user=user).first()
    if anmeldung is None:
        raise ValidationError(_("Sie sind für diese Veranstaltung nicht angemeldet."), code="not_registered")
    if veranstaltung.has_begun(now):
        raise ValidationError(
            _("Die Veranstaltung hat bereits begonnen; eine Abmeldung ist nicht mehr möglich."), code="begun"
        )
    freed_seat = anmeldung.status == Anmeldung.Status.ANGEMELDET
    anmeldung.status = Anmeldung.Status.STORNIERT
    anmeldung.storniert_am = now
    anmeldung.save(update_fields=["status", "storniert_am"])
    nachgerueckt = None
    if freed_seat:
        nachgerueckt = (
            Anmeldung.objects.select_for_update()
            .filter(veranstaltung=veranstaltung, status=Anmeldung.Status.WARTELISTE)
            .order_by("created_at", "pk")
            .first()
        )
        if nachgerueckt is not None:
            nachgerueckt.status = Anmeldung.Status.ANGEMELDET
            nachgerueckt.save(update_fields=["status"])
    return CancelResult(anmeldung=anmeldung, nachgerueckt=nachgerueckt)


def upcoming_for(user, limit: int = 5) -> list[VeranstaltungPage]:
    """Return the next events this person may see (for the start page)."""
    return list(VeranstaltungPage.objects.visible_to(user).upcoming()[:limit])
