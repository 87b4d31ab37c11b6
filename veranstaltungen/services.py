"""Registration for Fachveranstaltungen, cancellation with move-up, and the start page's event list."""

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from audit.models import Aktion
from audit.services import audit_log
from portal.page_urls import site_root_paths, url_for_path
from portal.upcoming import UpcomingItem

from .models import Anmeldung, KalenderAbo, VeranstaltungPage


@dataclass(frozen=True)
class CancelResult:
    anmeldung: Anmeldung
    nachgerueckt: Anmeldung | None


MAIL_TEXTS = {
    "angemeldet": (
        "Anmeldebestätigung: {titel}",
        "Sie sind für die Veranstaltung „{titel}“ am {termin} angemeldet.",
    ),
    "warteliste": (
        "Warteliste: {titel}",
        "Die Veranstaltung „{titel}“ am {termin} ist ausgebucht. Sie stehen auf der Warteliste und "
        "erhalten eine Nachricht, sobald ein Platz für Sie frei wird.",
    ),
    "nachgerueckt": (
        "Platz frei geworden: {titel}",
        "Für die Veranstaltung „{titel}“ am {termin} ist ein Platz frei geworden. Sie sind jetzt angemeldet.",
    ),
    "storniert": (
        "Stornierung: {titel}",
        "Ihre Anmeldung für die Veranstaltung „{titel}“ am {termin} ist storniert.",
    ),
}


def _notify(*, anmeldung: Anmeldung, kind: str) -> None:
    """Send a short German confirmation after the transaction commits (title and date only, no content)."""
    veranstaltung = anmeldung.veranstaltung
    termin = timezone.localtime(veranstaltung.beginn).strftime("%d.%m.%Y um %H:%M Uhr")
    subject, body = MAIL_TEXTS[kind]
    values = {"titel": veranstaltung.title, "termin": termin}
    url = veranstaltung.full_url or ""
    text = (
        body.format(**values)
        + (f"\n\nZur Veranstaltung: {url}" if url else "")
        + ("\n\n-- \nSicherheitskooperation Ruhr – Geschäftsstelle")
    )
    email = anmeldung.user.email
    transaction.on_commit(
        lambda: send_mail(subject.format(**values), text, None, [email], fail_silently=True)
    )


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
            anmeldung = Anmeldung.objects.create(
                veranstaltung=veranstaltung,
                user=user,
                status=Anmeldung.Status.WARTELISTE if full else Anmeldung.Status.ANGEMELDET,
                created_at=now,
            )
            _notify(anmeldung=anmeldung, kind=anmeldung.status)
            return anmeldung
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
    _notify(anmeldung=anmeldung, kind="storniert")
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
            _notify(anmeldung=nachgerueckt, kind="nachgerueckt")
    return CancelResult(anmeldung=anmeldung, nachgerueckt=nachgerueckt)


def upcoming_events(user, limit: int = 5) -> list[VeranstaltungPage]:
    """Return the next event pages this person may see (the calendar page; the start page gets
    `upcoming_items` through `portal.upcoming.upcoming_for`)."""
    return list(VeranstaltungPage.objects.visible_to(user).upcoming()[:limit])


def upcoming_items(user, limit: int = 5):
    """Return the next visible events as `portal.upcoming.UpcomingItem`s (registered for the start page)."""
    from .news import FIELDS, FUTURE_ROWS, future_events

    if limit <= FUTURE_ROWS:
        rows = future_events(user)[0][:limit]
    else:
        rows = VeranstaltungPage.objects.visible_to(user).upcoming().values(*FIELDS)[:limit]
    root_paths = site_root_paths()
    return [
        UpcomingItem(
            title=row["title"],
            url=url_for_path(row["url_path"], root_paths) or "",
            starts_at=row["beginn"],
            place=row["ort"] or ("Online" if row["online_link"] else ""),
        )
        for row in rows
    ]


def _abo_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def kalender_abo_create(*, user) -> str:
    """Issue a new calendar subscription token for this person, replacing any previous one.

    Return the raw token; only its hash is stored, so it can be shown once. Audited."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        renewed = KalenderAbo.objects.filter(user=user).delete()[0] > 0
        KalenderAbo.objects.create(user=user, token_hash=_abo_token_hash(token))
        audit_log(
            aktion=Aktion.KALENDER_ABO_ERNEUERT if renewed else Aktion.KALENDER_ABO_ERSTELLT,
            actor=user,
            subject=user,
        )
        _notify_abo(user, "erneuert" if renewed else "erstellt")
    return token


def kalender_abo_revoke(*, user) -> bool:
    """End this person's calendar subscription; the old feed URL answers 404 from now on. Audited."""
    with transaction.atomic():
        deleted = KalenderAbo.objects.filter(user=user).delete()[0] > 0
        if deleted:
            audit_log(aktion=Aktion.KALENDER_ABO_WIDERRUFEN, actor=user, subject=user)
            _notify_abo(user, "beendet")
    return deleted


ABO_MAIL = {
    "erstellt": "Für Ihr Konto wurde eine persönliche Kalender-Abonnement-Adresse erstellt.",
    "erneuert": "Die Kalender-Abonnement-Adresse Ihres Kontos wurde erneuert; die bisherige gilt nicht mehr.",
    "beendet": "Das Kalender-Abonnement Ihres Kontos wurde beendet; die Adresse liefert keine Termine mehr.",
}


def _notify_abo(user, vorgang: str) -> None:
    """Tell the person by email (after commit): a feed URL is a key to their calendar. Never the URL itself."""
    text = (
        f"{ABO_MAIL[vorgang]}\n\n"
        "Waren Sie das nicht, beenden Sie das Abonnement bitte auf der Kalenderseite des Portals "
        f"({settings.PORTAL_BASE_URL}/kalender/) und informieren Sie die Geschäftsstelle."
    )
    subject = f"Kalender-Abonnement {vorgang}"
    email = user.email
    transaction.on_commit(lambda: send_mail(subject, text, None, [email], fail_silently=True))


def kalender_abo_user(token: str):
    """Return the active person this feed token belongs to, or None (unknown, revoked or deactivated alike)."""
    if not token or len(token) > 100:
        return None
    abo = KalenderAbo.objects.select_related("user").filter(token_hash=_abo_token_hash(token)).first()
    if abo is None or not abo.user.is_active:
        return None
    return abo.user
