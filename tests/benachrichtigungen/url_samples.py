"""Sample kwargs (from the demo data) for the notification centre's parametrised URLs."""

from tests.url_inventory import register_sample


def _benachrichtigung():
    from benachrichtigungen.models import Benachrichtigung

    # The Mitglied's (the inventory's samples are the Mitglied's); everybody else gets 404.
    n = Benachrichtigung.objects.filter(empfaenger__email__contains="mitglied").order_by("pk").first()
    n = n or Benachrichtigung.objects.order_by("pk").first()
    return {"pk": n.pk} if n else None


register_sample("benachrichtigungen:oeffnen", _benachrichtigung)
register_sample("benachrichtigungen:gelesen", _benachrichtigung)
