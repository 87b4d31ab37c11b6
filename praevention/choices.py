"""The review status of a prevention measure (its own module: the access rules read it, the models use it)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    VORGESCHLAGEN = "vorgeschlagen", _("Zur Prüfung vorgeschlagen")
    FREIGEGEBEN = "freigegeben", _("Freigegeben")
    ABGELEHNT = "abgelehnt", _("Abgelehnt")
