"""Celery tasks of the 360°-Analysen: thin, idempotent, by id."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone


@shared_task
def send_invitations(besprechung_id: int) -> int:
    """Email each invited person the invitation with an iCal file (no case content)."""
    from .calendar import invitation_ical
    from .models import Fallbesprechung

    besprechung = Fallbesprechung.objects.select_related("vorgang").filter(pk=besprechung_id).first()
    if besprechung is None:
        return 0
    ical = invitation_ical(besprechung)
    beginn = timezone.localtime(besprechung.beginn).strftime("%d.%m.%Y um %H:%M Uhr")
    link = f"{settings.PORTAL_BASE_URL}{besprechung.vorgang.get_absolute_url()}"
    sent = 0
    for einladung in besprechung.einladungen.select_related("person").filter(person__is_active=True):
        message = EmailMessage(
            subject=f"[SiKo Ruhr] Einladung zur Fallbesprechung {besprechung.vorgang.aktenzeichen}",
            body=(
                f"Sie sind zur Fallbesprechung {besprechung.vorgang.aktenzeichen} am {beginn} eingeladen.\n\n"
                f"Ort, Zugang und Tagesordnung sowie Zu- und Absage im Portal:\n{link}\n"
            ),
            to=[einladung.person.email],
        )
        message.attach("fallbesprechung.ics", ical, "text/calendar")
        message.send()
        sent += 1
    return sent


@shared_task
def remind_overdue_tasks() -> int:
    """Tell the case leads about overdue follow-up tasks (once per task)."""
    from .services import aufgaben_ueberfaellig_melden

    return aufgaben_ueberfaellig_melden()


@shared_task
def apply_deletion_dates() -> dict:
    """Remind 30 days before the deletion date; delete the content of closed cases at the date."""
    from .services import loeschfristen_anwenden

    return loeschfristen_anwenden()
