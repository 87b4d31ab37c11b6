from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse


@shared_task
def notify_rueckmeldung(rueckmeldung_id: int) -> int:
    """Email the Geschäftsstelle that accessibility feedback arrived: a link only, never the text."""
    from .models import Rueckmeldung

    if not Rueckmeldung.objects.filter(pk=rueckmeldung_id).exists():
        return 0
    recipients = list(
        get_user_model().objects.geschaeftsstelle().order_by("pk").values_list("email", flat=True)
    )
    if not recipients:
        return 0
    body = (
        "Über die Erklärung zur Barrierefreiheit ist eine neue Rückmeldung eingegangen "
        f"(Nr. {rueckmeldung_id}).\n\nBitte bearbeiten Sie sie im Portal:\n"
        f"{settings.PORTAL_BASE_URL}{reverse('rechtliches:rueckmeldungen')}\n"
    )
    send_mail("[SiKo Ruhr] Neue Rückmeldung zur Barrierefreiheit", body, None, recipients)
    return len(recipients)
