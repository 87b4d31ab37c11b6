"""Celery tasks of the notification centre: thin, idempotent, by id."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Benachrichtigung, Zustellung

# Emails never carry a VS-NfD title: the person opens the portal to read it.
VSNFD_EMAIL_TITEL = "Eingestufter Eintrag (VS-NfD) – im Portal abrufen"


def email_item(n: Benachrichtigung) -> dict:
    """Title (placeholder for VS-NfD) and absolute link of one notification, for an email."""
    return {
        "titel": VSNFD_EMAIL_TITEL if n.ist_vsnfd else n.titel,
        "link": f"{settings.PORTAL_BASE_URL}{n.link}",
    }


def _context(**extra) -> dict:
    return {
        "liste_url": f"{settings.PORTAL_BASE_URL}/benachrichtigungen/",
        "einstellungen_url": f"{settings.PORTAL_BASE_URL}/benachrichtigungen/einstellungen/",
        **extra,
    }


@shared_task
def send_emails(ids: list[int]) -> int:
    """Send one email per immediate notification not yet mailed (title and link only)."""
    sent = 0
    pending = Benachrichtigung.objects.filter(
        pk__in=ids, zustellung=Zustellung.SOFORT, email_versandt_am__isnull=True, empfaenger__is_active=True
    ).select_related("empfaenger")
    for n in pending:
        with transaction.atomic():
            # Claim the row first: a retried task or a second worker finds it claimed and sends nothing.
            # If sending fails, the claim is rolled back with the transaction and a retry may send.
            if not Benachrichtigung.objects.filter(pk=n.pk, email_versandt_am__isnull=True).update(
                email_versandt_am=timezone.now()
            ):
                continue
            item = email_item(n)
            body = render_to_string("benachrichtigungen/email/einzeln.txt", _context(item=item))
            send_mail(f"[SiKo Ruhr] {item['titel']}", body, None, [n.empfaenger.email])
            sent += 1
    return sent


@shared_task
def send_daily_digests() -> int:
    """Send each person one email listing their notifications chosen for the daily digest."""
    User = get_user_model()
    user_ids = (
        Benachrichtigung.objects.filter(zustellung=Zustellung.TAEGLICH, email_versandt_am__isnull=True)
        .values_list("empfaenger_id", flat=True)
        .distinct()
    )
    sent = 0
    for user in User.objects.filter(pk__in=list(user_ids), is_active=True):
        with transaction.atomic():
            # Lock the rows: a second beat run waits, then finds them mailed and sends nothing.
            items = list(
                Benachrichtigung.objects.select_for_update()
                .filter(empfaenger=user, zustellung=Zustellung.TAEGLICH, email_versandt_am__isnull=True)
                .order_by("erstellt", "id")
            )
            if not items:
                continue
            Benachrichtigung.objects.filter(pk__in=[n.pk for n in items]).update(
                email_versandt_am=timezone.now()
            )
            body = render_to_string(
                "benachrichtigungen/email/zusammenfassung.txt",
                _context(items=[email_item(n) for n in items]),
            )
            send_mail(
                "[SiKo Ruhr] " + _("Ihre tägliche Zusammenfassung (%(n)s)") % {"n": len(items)},
                body,
                None,
                [user.email],
            )
            sent += 1
    return sent
