"""Append-only audit log. Nothing in the application updates or deletes an entry."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.labels import choice_label


class Aktion(models.TextChoices):
    LOGIN_ERFOLG = "login.erfolg", _("Anmeldung erfolgreich")
    LOGIN_FEHLSCHLAG = "login.fehlschlag", _("Anmeldung fehlgeschlagen")
    LOGOUT = "logout", _("Abmeldung")
    MFA_HINZUGEFUEGT = "mfa.hinzugefuegt", _("Zweiter Faktor eingerichtet")
    MFA_ENTFERNT = "mfa.entfernt", _("Zweiter Faktor entfernt")
    MFA_CODES_NEU = "mfa.codes_neu", _("Wiederherstellungscodes neu erzeugt")
    EINLADUNG_VERSANDT = "einladung.versandt", _("Einladung versandt")
    EINLADUNG_ANGENOMMEN = "einladung.angenommen", _("Einladung angenommen")
    EINLADUNG_WIDERRUFEN = "einladung.widerrufen", _("Einladung widerrufen")
    ROLLE_GEAENDERT = "rolle.geaendert", _("Rolle geändert")
    BERECHTIGUNG_GEAENDERT = "berechtigung.geaendert", _("Berechtigung geändert")
    KONTO_DEAKTIVIERT = "konto.deaktiviert", _("Konto deaktiviert")
    KONTO_REAKTIVIERT = "konto.reaktiviert", _("Konto reaktiviert")
    KONTO_REZERTIFIZIERT = "konto.rezertifiziert", _("Konto rezertifiziert")
    KONTO_GESPERRT = "konto.gesperrt", _("Konto mangels Rezertifizierung gesperrt")
    PASSWORT_GEAENDERT = "passwort.geaendert", _("Passwort geändert")
    EMAIL_GEAENDERT = "email.geaendert", _("E-Mail-Adresse geändert")
    LOGIN_VERZOEGERT = "login.verzoegert", _("Anmeldung wegen Fehlversuchen verzögert")
    LOGIN_WARNUNG = "login.warnung", _("Warnung über Fehlversuche versandt")
    PROFIL_GEAENDERT = "profil.geaendert", _("Profil geändert")
    BEHOERDE_GEAENDERT = "behoerde.geaendert", _("Behördeneintrag geändert")
    ZUGRIFF_VERWEIGERT = "zugriff.verweigert", _("Zugriff verweigert")
    OBJEKT_ANGESEHEN = "objekt.angesehen", _("Objekt angesehen")
    DATEI_HERUNTERGELADEN = "datei.heruntergeladen", _("Datei heruntergeladen")
    DATEI_ABGELEHNT = "datei.abgelehnt", _("Datei-Upload abgelehnt")
    EXPORT = "export", _("Export")
    SONSTIGES = "sonstiges", _("Sonstiges")


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Protokolleinträge sind unveränderlich.")

    def delete(self):
        raise PermissionError("Protokolleinträge können nicht gelöscht werden.")

    def visible_to(self, user):
        """Return the entries this person may read: all for the Geschäftsstelle, own staff for an Ansprechpartner."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_geschaeftsstelle:
            return self.all()
        if user.is_ansprechpartner:
            return self.filter(behoerde_id=user.behoerde_id)
        return self.none()


class AuditEntry(models.Model):
    """One audited event: who (and their authority), what, on which object, when, from where."""

    zeitpunkt = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    aktion = models.CharField(_("Aktion"), max_length=40, choices=Aktion.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handelnde Person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_repr = models.CharField(_("handelnde Person (Text)"), max_length=300, blank=True)
    actor_behoerde_repr = models.CharField(_("Behörde der handelnden Person"), max_length=300, blank=True)
    # The authority the entry concerns (the affected person's or object's); scopes the Ansprechpartner's view.
    behoerde = models.ForeignKey(
        "behoerden.Behoerde",
        verbose_name=_("betroffene Behörde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("betroffene Person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    objekt_typ = models.CharField(_("Objekttyp"), max_length=100, blank=True, db_index=True)
    objekt_id = models.CharField(_("Objekt-ID"), max_length=64, blank=True, db_index=True)
    objekt_repr = models.CharField(_("Objekt"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IP-Adresse"), null=True, blank=True)
    details = models.JSONField(_("Details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-zeitpunkt", "-id"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["behoerde", "-zeitpunkt"]),
            models.Index(fields=["objekt_typ", "objekt_id", "-zeitpunkt"]),
        ]

    def __str__(self) -> str:
        return f"{self.zeitpunkt:%d.%m.%Y %H:%M} {self.aktion_label} {self.actor_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Protokolleinträge sind unveränderlich.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Protokolleinträge können nicht gelöscht werden.")

    @property
    def aktion_label(self) -> str:
        """Return the action's label in the active language (like get_aktion_display(), cheaper)."""
        return choice_label(Aktion, self.aktion)
