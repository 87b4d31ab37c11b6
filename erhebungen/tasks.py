from celery import shared_task


@shared_task
def send_erhebung_reminders() -> int:
    """Send the due reminders (idempotent: one per authority and deadline)."""
    from .services import erinnerungen_send

    return erinnerungen_send()
