"""Celery tasks of the 360°-Analysen: thin, idempotent, by id."""

from email.mime.text import MIMEText

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

SUBJECTS = {
    "einladung": "[SiKo Ruhr] Einladung zur Fallbesprechung {az}",
    "aenderung": "[SiKo Ruhr] Geänderte Fallbesprechung {az}",
    "absage": "[SiKo Ruhr] Abgesagt: Fallbesprechung {az}",
}
INTROS = {
    "einladung": "Sie sind zur Fallbesprechung {az} am {beginn} eingeladen.",
    "aenderung": "Die Fallbesprechung {az} wurde geändert; sie findet jetzt am {beginn} statt.",
    "absage": "Die Fallbesprechung {az} am {beginn} ist abgesagt.",
}


@shared_task
def send_invitations(besprechung_id: int, anlass: str = "einladung") -> int:
    """Email each invited person the invitation, change or cancellation with an iCal file (REQUEST or
    CANCEL, the person as RSVP attendee); no case content, the answer is given in the portal."""
    from .calendar import invitation_ical
    from .models import Fallbesprechung

    besprechung = (
        Fallbesprechung.objects.select_related("vorgang__fallfuehrung").filter(pk=besprechung_id).first()
    )
    if besprechung is None or anlass not in SUBJECTS:
        return 0
    az = besprechung.vorgang.aktenzeichen
    beginn = timezone.localtime(besprechung.beginn).strftime("%d.%m.%Y um %H:%M Uhr")
    link = f"{settings.PORTAL_BASE_URL}{besprechung.vorgang.get_absolute_url()}#fallbesprechungen"
    action = (
        "Den Kalendereintrag entfernt die angehängte Datei."
        if besprechung.abgesagt_am
        else f"Ort, Zugang und Tagesordnung sowie Zu- und Absage im Portal:\n{link}"
    )
    sent = 0
    for einladung in besprechung.einladungen.select_related("person").filter(person__is_active=True):
        ical = invitation_ical(besprechung, einladung)
        message = EmailMessage(
            subject=SUBJECTS[anlass].format(az=az),
            body=f"{INTROS[anlass].format(az=az, beginn=beginn)}\n\n{action}\n",
            to=[einladung.person.email],
        )
        # text/calendar with the iTIP method as a parameter, so that mail clients offer accept/decline.
        part = MIMEText(ical.decode("utf-8"), "calendar", "utf-8")
        part.set_param("method", "CANCEL" if besprechung.abgesagt_am else "REQUEST")
        part.add_header("Content-Disposition", "attachment", filename="fallbesprechung.ics")
        message.attach(part)
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
