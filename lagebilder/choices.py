"""The Lagebild's classification, status and visibility options, and the object permission's codename.

A module of their own: the access rules read them, and the models use them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

VIEW_CODENAME = "view_lagebild"


class Klassifikation(models.TextChoices):
    OFFEN = "offen", _("offen")
    VS_NFD = "vs_nfd", _("VS – NUR FÜR DEN DIENSTGEBRAUCH")


class Status(models.TextChoices):
    ENTWURF = "entwurf", _("Entwurf")
    VEROEFFENTLICHT = "veroeffentlicht", _("veröffentlicht")
    ZURUECKGEZOGEN = "zurueckgezogen", _("zurückgezogen")


class Sichtbarkeit(models.TextChoices):
    EIGENE_BEHOERDE = "eigene_behoerde", _("nur die eigene Behörde")
    BEHOERDEN = "behoerden", _("benannte Behörden")
    ARBEITSKREISE = "arbeitskreise", _("benannte Arbeitskreise")
    ALLE_PARTNER = "alle_partner", _("alle Partner")
