from celery import shared_task
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from benachrichtigungen.services import benachrichtigen


@shared_task
def notify_rueckmeldung(rueckmeldung_id: int) -> int:
    """Tell the Geschäftsstelle that accessibility feedback arrived, through the portal's notifications
    like every other workflow (the notification list, and an email as each person chose to get them):
    title and link only, never the text. Returns the number of new notifications."""
    from .models import Rueckmeldung

    if not Rueckmeldung.objects.filter(pk=rueckmeldung_id).exists():
        return 0
    return benachrichtigen(
        empfaenger=get_user_model().objects.geschaeftsstelle(),
        ereignis_schluessel=f"barrierefreiheit.rueckmeldung:{rueckmeldung_id}",
        art="barrierefreiheit.rueckmeldung",
        titel=_("Neue Rückmeldung zur Barrierefreiheit (Nr. %(nummer)s)") % {"nummer": rueckmeldung_id},
        link=reverse("rechtliches:rueckmeldungen"),
    )
