"""Working groups (Arbeitskreise): members from several authorities, a Leitung, a closed space."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class Arbeitskreis(models.Model):
    """A working group. Its members share a group used for object permissions."""

    name = models.CharField(_("Name"), max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    zweck = models.TextField(_("Zweck"), blank=True)
    gruppe = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="arbeitskreis", editable=False
    )

    class Meta:
        verbose_name = _("Arbeitskreis")
        verbose_name_plural = _("Arbeitskreise")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:150]
        if not self.gruppe_id:
            self.gruppe, _created = Group.objects.get_or_create(name=f"arbeitskreis:{self.slug}"[:150])
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"/arbeitskreise/{self.slug}/"


class Mitgliedschaft(models.Model):
    """Membership of a person in an Arbeitskreis; `ist_leitung` marks the Leitung."""

    arbeitskreis = models.ForeignKey(Arbeitskreis, on_delete=models.CASCADE, related_name="mitgliedschaften")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="arbeitskreis_mitgliedschaften"
    )
    ist_leitung = models.BooleanField(_("Leitung"), default=False)
    seit = models.DateTimeField(_("Mitglied seit"), auto_now_add=True)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(fields=["arbeitskreis", "user"], name="unique_ak_mitgliedschaft")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.arbeitskreis}"


class Sitzung(models.Model):
    """A meeting date of an Arbeitskreis (exported as iCalendar)."""

    arbeitskreis = models.ForeignKey(Arbeitskreis, on_delete=models.CASCADE, related_name="sitzungen")
    titel = models.CharField(_("Titel"), max_length=200)
    beginn = models.DateTimeField(_("Beginn"))
    ende = models.DateTimeField(_("Ende"))
    ort = models.CharField(_("Ort"), max_length=200, blank=True)
    beschreibung = models.TextField(_("Beschreibung"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        ordering = ["beginn"]

    def __str__(self) -> str:
        return f"{self.titel} ({self.beginn:%d.%m.%Y})"


class Dokument(models.Model):
    """A document of an Arbeitskreis, stored through the shared `dateien` pipeline (members only)."""

    arbeitskreis = models.ForeignKey(Arbeitskreis, on_delete=models.CASCADE, related_name="dokumente")
    titel = models.CharField(_("Titel"), max_length=200)
    datei = models.ForeignKey("dateien.Datei", on_delete=models.PROTECT, related_name="+")
    hochgeladen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    hochgeladen_am = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["-hochgeladen_am"]

    def __str__(self) -> str:
        return self.titel


class Beitrittsanfrage(models.Model):
    """A person asks to join an Arbeitskreis; the Leitung or the Geschäftsstelle decides."""

    class Status(models.TextChoices):
        OFFEN = "offen", _("offen")
        ANGENOMMEN = "angenommen", _("angenommen")
        ABGELEHNT = "abgelehnt", _("abgelehnt")

    arbeitskreis = models.ForeignKey(Arbeitskreis, on_delete=models.CASCADE, related_name="beitrittsanfragen")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    begruendung = models.TextField(_("Begründung"), max_length=2000, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.OFFEN)
    erstellt = models.DateTimeField(auto_now_add=True)
    entschieden_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entschieden_am = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Beitrittsanfrage")
        verbose_name_plural = _("Beitrittsanfragen")
        ordering = ["-erstellt"]
        constraints = [
            models.UniqueConstraint(
                fields=["arbeitskreis", "user"],
                condition=models.Q(status="offen"),
                name="unique_offene_beitrittsanfrage",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.arbeitskreis_id} ({self.status})"
