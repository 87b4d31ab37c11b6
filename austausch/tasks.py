"""Celery tasks of the board: thin, idempotent, by id."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Benachrichtigung, Zustellung

SUBJECTS = {
    Benachrichtigung.Art.NEUES_THEMA: "Neues Thema",
    Benachrichtigung.Art.ANTWORT: "Neue Antwort",
    Benachrichtigung.Art.ERWAEHNUNG: "Sie wurden erwähnt",
    Benachrichtigung.Art.MELDUNG: "Ein Beitrag wurde gemeldet",
}


def _link(n: Benachrichtigung) -> str:
    path = n.beitrag.get_absolute_url() if n.beitrag_id else n.thema.get_absolute_url()
    return f"{settings.PORTAL_BASE_URL}{path}"


@shared_task
def send_notification_emails(ids: list[int]) -> int:
    """Send one email per immediate notification not yet mailed (titles and link only)."""
    sent = 0
    pending = Benachrichtigung.objects.filter(
        pk__in=ids, zustellung=Zustellung.SOFORT, email_versandt_am__isnull=True, empfaenger__is_active=True
    ).select_related("empfaenger", "thema", "beitrag")
    for n in pending:
        with transaction.atomic():
            # Claim the row first so that a retried task never mails twice.
            if not Benachrichtigung.objects.filter(pk=n.pk, email_versandt_am__isnull=True).update(
                email_versandt_am=timezone.now()
            ):
                continue
            subject = f"[SiKo Ruhr] {SUBJECTS[n.art]}: {n.thema.titel}"
            body = (
                f"Guten Tag,\n\nim Informationsaustausch des SiKo Ruhr Portals gibt es Neues:\n\n"
                f"{SUBJECTS[n.art]}: {n.thema.titel}\n{_link(n)}\n\n"
                "Ihre Benachrichtigungen stellen Sie im Portal beim Thema oder Bereich ein.\n"
            )
            send_mail(subject, body, None, [n.empfaenger.email])
            sent += 1
    return sent


@shared_task
def send_daily_digests() -> int:
    """Send each person one email listing their unmailed daily-digest notifications."""
    User = get_user_model()
    user_ids = (
        Benachrichtigung.objects.filter(zustellung=Zustellung.TAEGLICH, email_versandt_am__isnull=True)
        .values_list("empfaenger_id", flat=True)
        .distinct()
    )
    sent = 0
    for user in User.objects.filter(pk__in=list(user_ids), is_active=True):
        with transaction.atomic():
            items = list(
                Benachrichtigung.objects.select_for_update(of=("self",))
                .filter(empfaenger=user, zustellung=Zustellung.TAEGLICH, email_versandt_am__isnull=True)
                .select_related("thema", "beitrag")
            )
            if not items:
                continue
            lines = [f"- {SUBJECTS[n.art]}: {n.thema.titel}\n  {_link(n)}" for n in items]
            body = (
                "Guten Tag,\n\nIhre tägliche Zusammenfassung aus dem Informationsaustausch:\n\n"
                + "\n".join(lines)
                + "\n"
            )
            send_mail("[SiKo Ruhr] Tägliche Zusammenfassung Informationsaustausch", body, None, [user.email])
            Benachrichtigung.objects.filter(pk__in=[n.pk for n in items]).update(
                email_versandt_am=timezone.now()
            )
            sent += 1
    return sent


@shared_task
def apply_retention() -> dict:
    """Archive and clean up old threads; report to the Geschäftsstelle by email."""
    from .services import themen_apply_retention

    report = themen_apply_retention()
    User = get_user_model()
    recipients = list(
        User.objects.filter(ist_geschaeftsstelle=True, is_active=True).values_list("email", flat=True)
    )
    if recipients:
        send_mail(
            "[SiKo Ruhr] Aufbewahrung Informationsaustausch",
            (
                "Bericht der Aufbewahrungsprüfung des Informationsaustauschs:\n\n"
                f"Archivierte Themen: {report['archiviert']}\n"
                f"Themen, deren Beiträge entfernt wurden: {report['bereinigt_themen']}\n"
                f"Entfernte Beiträge: {report['bereinigt_beitraege']}\n"
            ),
            None,
            recipients,
        )
    return report
