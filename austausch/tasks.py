"""Celery tasks of the board: thin, idempotent, by id."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.mail import send_mail


@shared_task
def apply_retention() -> dict:
    """Archive and clean up old threads; report to the Geschäftsstelle by email."""
    from .services import themen_apply_retention

    report = themen_apply_retention()
    User = get_user_model()
    recipients = list(User.objects.geschaeftsstelle().values_list("email", flat=True))
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
