"""Notifications of every workflow: one row per event and recipient, and each person's delivery choice.

The app knows no section: sections call `benachrichtigungen.services.benachrichtigen` with a title and
the path of the object; this app stores, lists, counts and mails them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Zustellung(models.TextChoices):
    SOFORT = "sofort", _("sofort per E-Mail")
    TAEGLICH = "taeglich", _("tägliche Zusammenfassung per E-Mail")
    NUR_PORTAL = "portal", _("nur im Portal")


class BenachrichtigungQuerySet(models.QuerySet):
    def for_user(self, user):
        """Return this person's notifications (nobody sees another person's)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(empfaenger=user)

    def unread(self):
        return self.filter(gelesen_am__isnull=True)


class Benachrichtigung(models.Model):
    """One notification of one person about one event; the event key makes it exist at most once."""

    empfaenger = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Empfänger:in"),
        on_delete=models.CASCADE,
        related_name="benachrichtigungen",
    )
    # Names the event, e.g. "anfrage.eingegangen:17"; unique per recipient (retries, two workers).
    ereignis_schluessel = models.CharField(_("Ereignis"), max_length=200)
    art = models.CharField(_("Art"), max_length=50, blank=True)
    titel = models.CharField(_("Titel"), max_length=300)
    # A path inside the portal ("/austausch/anfragen/17/"); emails prefix settings.PORTAL_BASE_URL.
    link = models.CharField(_("Link"), max_length=500)
    # A VS-NfD title is shown in the portal only; emails carry the placeholder instead.
    ist_vsnfd = models.BooleanField(_("VS-NfD"), default=False)
    zustellung = models.CharField(
        _("Zustellung"), max_length=10, choices=Zustellung.choices, default=Zustellung.SOFORT
    )
    erstellt = models.DateTimeField(_("erstellt am"), auto_now_add=True)
    gelesen_am = models.DateTimeField(_("gelesen am"), null=True, blank=True)
    email_versandt_am = models.DateTimeField(_("E-Mail versandt am"), null=True, blank=True)

    objects = BenachrichtigungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-erstellt", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["empfaenger", "ereignis_schluessel"], name="benachrichtigung_einmal_je_ereignis"
            )
        ]
        indexes = [
            models.Index(fields=["empfaenger", "-erstellt"], name="benachr_empf_erstellt"),
            models.Index(fields=["empfaenger", "gelesen_am"], name="benachr_empf_gelesen"),
            models.Index(fields=["zustellung", "email_versandt_am"], name="benachr_zust_versandt"),
        ]

    def __str__(self) -> str:
        return f"{self.titel} ({self.empfaenger_id})"


class Einstellung(models.Model):
    """How a person wants to hear about notifications; without a row the defaults apply."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="benachrichtigungs_einstellung"
    )
    zustellung = models.CharField(
        _("E-Mail zu Benachrichtigungen"),
        max_length=10,
        choices=Zustellung.choices,
        default=Zustellung.SOFORT,
    )
    lagebild_geteilt = models.BooleanField(
        _("Neue Lagebilder für meine Behörde oder meine Arbeitskreise melden"),
        default=False,
        help_text=_(
            "Sie erhalten eine Benachrichtigung, wenn ein Lagebild mit Ihrer Behörde oder einem "
            "Ihrer Arbeitskreise geteilt wird."
        ),
    )

    class Meta:
        verbose_name = _("Benachrichtigungseinstellung")
        verbose_name_plural = _("Benachrichtigungseinstellungen")

    def __str__(self) -> str:
        return f"Einstellung {self.user_id}"
