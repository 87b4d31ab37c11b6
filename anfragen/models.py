"""Requests to the Geschäftsstelle (Anfragen): a 360°-Analyse or an information request of an authority,
with its history of status changes and messages."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import access


class AnfrageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The Geschäftsstelle sees all requests; others those of their own authority (anfragen.access)."""
        return self.filter(access.visibility_filter(user))


class Anfrage(models.Model):
    """A request to the Geschäftsstelle: a 360°-Analyse or an information request."""

    class Art(models.TextChoices):
        ANALYSE_360 = "analyse_360", _("360°-Analyse")
        INFORMATION = "information", _("Informationsanfrage")

    class Dringlichkeit(models.TextChoices):
        NORMAL = "normal", _("normal")
        HOCH = "hoch", _("hoch")
        EILT = "eilt", _("eilt (Gefahr im Verzug)")

    class Status(models.TextChoices):
        EINGEGANGEN = "eingegangen", _("eingegangen")
        IN_BEARBEITUNG = "in_bearbeitung", _("in Bearbeitung")
        RUECKFRAGE = "rueckfrage", _("Rückfrage")
        ABGESCHLOSSEN = "abgeschlossen", _("abgeschlossen")
        ABGELEHNT = "abgelehnt", _("abgelehnt")

    art = models.CharField(_("Art der Anfrage"), max_length=20, choices=Art.choices)
    behoerde = models.ForeignKey(
        "behoerden.Behoerde", verbose_name=_("anfragende Behörde"), on_delete=models.PROTECT, related_name="+"
    )
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gestellt von"), on_delete=models.PROTECT, related_name="+"
    )
    betreff = models.CharField(_("Betreff"), max_length=200)
    beschreibung = models.TextField(_("Beschreibung"), max_length=10000)
    rechtsgrundlage = models.CharField(_("Rechtsgrundlage"), max_length=300)
    dringlichkeit = models.CharField(
        _("Dringlichkeit"), max_length=10, choices=Dringlichkeit.choices, default=Dringlichkeit.NORMAL
    )
    kontakt = models.CharField(_("Kontakt"), max_length=300)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.EINGEGANGEN)
    erstellt = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    aktualisiert = models.DateTimeField(_("zuletzt geändert"), auto_now=True)
    ergebnis = models.TextField(_("Ergebnis / Mitteilung"), blank=True)
    ergebnis_datei = models.ForeignKey(
        "dateien.Datei",
        verbose_name=_("Ergebnisdatei"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AnfrageQuerySet.as_manager()

    class Meta:
        verbose_name = _("Anfrage an die Geschäftsstelle")
        verbose_name_plural = _("Anfragen an die Geschäftsstelle")
        ordering = ["-erstellt"]

    def __str__(self) -> str:
        return f"{self.get_art_display()}: {self.betreff}"

    def get_absolute_url(self) -> str:
        return reverse("anfragen:detail", args=[self.pk])

    # get_FOO_display() rebuilds and hashes the translated choices on every call; lists use these.
    @property
    def art_label(self) -> str:
        return self.Art(self.art).label

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label

    @property
    def dringlichkeit_label(self) -> str:
        return self.Dringlichkeit(self.dringlichkeit).label


class AnfrageSchritt(models.Model):
    """One step in a request's history: a status change or a message."""

    anfrage = models.ForeignKey(Anfrage, on_delete=models.CASCADE, related_name="schritte")
    status = models.CharField(max_length=20, choices=Anfrage.Status.choices)
    text = models.TextField(blank=True)
    von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    erstellt = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["erstellt", "id"]

    def __str__(self) -> str:
        return f"{self.anfrage_id}: {self.status}"
