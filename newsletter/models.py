"""Newsletter: issues (Ausgaben) composed by the Redaktion, per-recipient deliveries, preferences, schedule."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from . import access

RICHTEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class AusgabeStatus(models.TextChoices):
    ENTWURF = "entwurf", _("Entwurf")
    ZUR_FREIGABE = "zur_freigabe", _("zur Freigabe")
    FREIGEGEBEN = "freigegeben", _("freigegeben")
    WIRD_VERSENDET = "wird_versendet", _("wird versendet")
    VERSENDET = "versendet", _("versendet")


class AusgabeQuerySet(models.QuerySet):
    def archive_for(self, user):
        """Sent issues this person may read: those with an editorial part, and digest-only ones they got."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return (
            self.filter(status=AusgabeStatus.VERSENDET)
            .filter(
                Q(nur_uebersicht=False)
                | Q(zustellungen__empfaenger=user, zustellungen__status=ZustellungStatus.SENT)
            )
            .distinct()
            .order_by("-versand_gestartet_am", "-pk")
        )

    def manageable_by(self, user):
        """Every issue for the Redaktion and the Geschäftsstelle, nothing for anyone else."""
        return self.filter(access.manageable_filter(user))


class Ausgabe(ClusterableModel):
    """One weekly newsletter issue: the Redaktion's editorial part; the digest is added per recipient."""

    titel = models.CharField(_("Titel"), max_length=200)
    editorial = RichTextField(_("Editorial"), features=RICHTEXT_FEATURES, blank=True)
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=AusgabeStatus.choices,
        default=AusgabeStatus.ENTWURF,
        db_index=True,
    )
    nur_uebersicht = models.BooleanField(
        _("nur Wochenübersicht"),
        default=False,
        editable=False,
        help_text=_("Automatisch erzeugte Ausgabe ohne Redaktionsteil."),
    )
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erstellt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    eingereicht_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zur Freigabe eingereicht von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    freigegeben_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("freigegeben von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    freigegeben_am = models.DateTimeField(_("freigegeben am"), null=True, blank=True, editable=False)
    digest_seit = models.DateTimeField(_("Neues seit"), null=True, blank=True, editable=False)
    versand_gestartet_am = models.DateTimeField(_("Versand gestartet"), null=True, blank=True, editable=False)
    versendet_am = models.DateTimeField(_("Versand abgeschlossen"), null=True, blank=True, editable=False)
    erstellt_am = models.DateTimeField(_("erstellt am"), auto_now_add=True)
    geaendert_am = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = AusgabeQuerySet.as_manager()

    panels = [
        FieldPanel("titel"),
        FieldPanel("editorial"),
        InlinePanel("hervorhebungen", label=_("Hervorhebung"), heading=_("Hervorgehobene Beiträge")),
        InlinePanel("abschnitte", label=_("Abschnitt"), heading=_("Abschnitte je Fachgebiet")),
    ]

    class Meta:
        verbose_name = _("Newsletter-Ausgabe")
        verbose_name_plural = _("Newsletter-Ausgaben")
        ordering = ["-erstellt_am"]

    def __str__(self) -> str:
        return self.titel

    @property
    def is_editable(self) -> bool:
        return self.status in (AusgabeStatus.ENTWURF, AusgabeStatus.ZUR_FREIGABE, AusgabeStatus.FREIGEGEBEN)

    def has_editorial(self) -> bool:
        return bool(self.editorial.strip()) or self.hervorhebungen.exists() or self.abschnitte.exists()


class Hervorhebung(Orderable):
    """A highlighted item (title + link) in an issue."""

    ausgabe = ParentalKey(Ausgabe, on_delete=models.CASCADE, related_name="hervorhebungen")
    titel = models.CharField(_("Titel"), max_length=200)
    url = models.CharField(
        _("Link"),
        max_length=500,
        help_text=_("Pfad im Portal (z. B. /lagebilder/12/) oder vollständige Adresse."),
    )
    kurztext = models.CharField(_("Kurztext"), max_length=300, blank=True)

    panels = [FieldPanel("titel"), FieldPanel("url"), FieldPanel("kurztext")]

    class Meta(Orderable.Meta):
        verbose_name = _("Hervorhebung")
        verbose_name_plural = _("Hervorhebungen")


class Abschnitt(Orderable):
    """An optional editorial section, usually for one Fachgebiet."""

    ausgabe = ParentalKey(Ausgabe, on_delete=models.CASCADE, related_name="abschnitte")
    fachgebiet = models.ForeignKey(
        "fachgebiete.Fachgebiet",
        verbose_name=_("Fachgebiet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    titel = models.CharField(_("Überschrift"), max_length=200)
    text = RichTextField(_("Text"), features=RICHTEXT_FEATURES)

    panels = [FieldPanel("fachgebiet"), FieldPanel("titel"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("Abschnitt")
        verbose_name_plural = _("Abschnitte")


class ZustellungStatus(models.TextChoices):
    PENDING = "pending", _("ausstehend")
    SENDING = "sending", _("wird gesendet")
    SENT = "sent", _("zugestellt")
    FAILED = "failed", _("fehlgeschlagen")
    SKIPPED = "skipped", _("nichts Neues – nicht gesendet")


class ZustellungQuerySet(models.QuerySet):
    def counts_by_status(self) -> dict[str, int]:
        """One query: {status: count} with every status present."""
        counts = {s.value: 0 for s in ZustellungStatus}
        for row in self.values("status").annotate(n=Count("id")).order_by():
            counts[row["status"]] = row["n"]
        return counts

    def claimable(self, *, stale_before: datetime.datetime):
        """Rows nobody is working on: pending, or stuck in 'sending' since before `stale_before`."""
        return self.filter(
            Q(status=ZustellungStatus.PENDING)
            | Q(status=ZustellungStatus.SENDING, claimed_at__lt=stale_before)
        )


class Zustellung(models.Model):
    """Delivery of one issue to one person; its status is the single source of truth for 'sent once'."""

    ausgabe = models.ForeignKey(Ausgabe, on_delete=models.CASCADE, related_name="zustellungen")
    empfaenger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsletter_zustellungen"
    )
    email = models.CharField(_("E-Mail-Adresse"), max_length=254)
    status = models.CharField(
        _("Status"), max_length=10, choices=ZustellungStatus.choices, default=ZustellungStatus.PENDING
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)
    versuche = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    fehler = models.CharField(_("Fehler"), max_length=500, blank=True)
    gesendet_am = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    # What this person got in the digest (titles already made safe: no VS-NfD titles are ever stored).
    digest = models.JSONField(_("Wochenübersicht"), default=list, blank=True)

    objects = ZustellungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zustellung")
        verbose_name_plural = _("Zustellungen")
        constraints = [
            models.UniqueConstraint(fields=["ausgabe", "empfaenger"], name="newsletter_zustellung_einmalig")
        ]
        indexes = [models.Index(fields=["ausgabe", "status"])]

    def __str__(self) -> str:
        return f"{self.ausgabe_id} → {self.email} ({self.status})"


class NewsletterEinstellung(models.Model):
    """A person's newsletter preferences: digest on/off and the Fachgebiete of interest (none = all)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsletter_einstellung"
    )
    aktiv = models.BooleanField(_("Newsletter erhalten"), default=True)
    fachgebiete = models.ManyToManyField(
        "fachgebiete.Fachgebiet",
        verbose_name=_("Fachgebiete"),
        blank=True,
        related_name="+",
        help_text=_("Ohne Auswahl erhalten Sie Neues aus allen Fachgebieten."),
    )
    geaendert_am = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Newsletter-Einstellung")
        verbose_name_plural = _("Newsletter-Einstellungen")

    def __str__(self) -> str:
        return f"{self.user}: {'an' if self.aktiv else 'aus'}"


class Wochentag(models.IntegerChoices):
    MONTAG = 0, _("Montag")
    DIENSTAG = 1, _("Dienstag")
    MITTWOCH = 2, _("Mittwoch")
    DONNERSTAG = 3, _("Donnerstag")
    FREITAG = 4, _("Freitag")
    SAMSTAG = 5, _("Samstag")
    SONNTAG = 6, _("Sonntag")


@register_setting(icon="mail")
class NewsletterVersand(BaseGenericSetting):
    """When the weekly newsletter goes out (Europe/Berlin); the Geschäftsstelle sets it in the admin."""

    wochentag = models.PositiveSmallIntegerField(
        _("Wochentag"), choices=Wochentag.choices, default=Wochentag.FREITAG
    )
    uhrzeit = models.TimeField(
        _("Uhrzeit"),
        default=datetime.time(10, 0),
        help_text=_("Ortszeit (Europe/Berlin). Der Versand startet spätestens 15 Minuten danach."),
    )
    aktiv = models.BooleanField(_("Wöchentlicher Versand aktiv"), default=True)

    panels = [FieldPanel("wochentag"), FieldPanel("uhrzeit"), FieldPanel("aktiv")]

    class Meta:
        verbose_name = _("Newsletter-Versand")


class Wochenlauf(models.Model):
    """Marks the scheduled run of one ISO week as done, so beat can fire every 15 minutes idempotently."""

    woche = models.DateField(_("Woche (Montag)"), unique=True)
    ausgefuehrt_am = models.DateTimeField(_("ausgeführt am"), auto_now_add=True)
    ausgabe = models.ForeignKey(Ausgabe, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    ergebnis = models.CharField(_("Ergebnis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Wöchentlicher Lauf")
        verbose_name_plural = _("Wöchentliche Läufe")
        ordering = ["-woche"]

    def __str__(self) -> str:
        return f"{self.woche}: {self.ergebnis}"
