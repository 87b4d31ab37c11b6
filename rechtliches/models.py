"""Legal pages (Impressum, Datenschutz, Barrierefreiheit), versioned terms and their confirmations,
and the accessibility feedback the Geschäftsstelle works through."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.page_access import PortalPageMixin

RICH_FEATURES = ["h2", "h3", "bold", "italic", "link", "ul", "ol"]


class RechtstextPage(PortalPageMixin, Page):
    """Base of the legal pages: one page each, below the start page, readable without login.

    They are served by `rechtliches.views` under a fixed public URL (the footer of every page, the
    login page included, links them); `get_url_parts` makes Wagtail's own links point there too.
    """

    text = RichTextField(_("Text"), features=RICH_FEATURES)
    stand = models.DateField(_("Stand"), default=datetime.date.today)

    content_panels = [*Page.content_panels, FieldPanel("stand"), FieldPanel("text")]
    parent_page_types = ["startseite.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    url_name = ""  # set by each concrete page type
    template = "rechtliches/rechtstext_page.html"

    class Meta:
        abstract = True

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request=request)
        if parts is None:
            return None
        site_id, root_url, _page_path = parts
        return site_id, root_url, reverse(self.url_name)


class ImpressumPage(RechtstextPage):
    """The Impressum of the portal (§ 5 DDG)."""

    url_name = "rechtliches:impressum"
    template = "rechtliches/rechtstext_page.html"

    class Meta:
        verbose_name = _("Impressum")


class DatenschutzPage(RechtstextPage):
    """The Datenschutzhinweise (Art. 13 DSGVO)."""

    url_name = "rechtliches:datenschutz"
    template = "rechtliches/rechtstext_page.html"

    class Meta:
        verbose_name = _("Datenschutzhinweise")


class BarrierefreiheitPage(RechtstextPage):
    """The Erklärung zur Barrierefreiheit (BITV 2.0 § 7, BITV NRW) with its feedback form."""

    class Konformitaet(models.TextChoices):
        VOLLSTAENDIG = "vollstaendig", _("vollständig vereinbar")
        TEILWEISE = "teilweise", _("teilweise vereinbar")
        NICHT = "nicht", _("nicht vereinbar")

    konformitaet = models.CharField(
        _("Stand der Vereinbarkeit"),
        max_length=20,
        choices=Konformitaet.choices,
        default=Konformitaet.TEILWEISE,
    )
    bekannte_maengel = RichTextField(_("Nicht barrierefreie Inhalte"), features=RICH_FEATURES)
    letzte_pruefung = models.DateField(_("Datum der letzten Prüfung"))
    pruefmethode = models.CharField(_("Methode der Prüfung"), max_length=300, blank=True)
    durchsetzungsstelle = RichTextField(_("Durchsetzungsverfahren / Ombudsstelle"), features=RICH_FEATURES)

    url_name = "rechtliches:barrierefreiheit"
    template = "rechtliches/barrierefreiheit_page.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("stand"),
        FieldPanel("text"),
        MultiFieldPanel(
            [
                FieldPanel("konformitaet"),
                FieldPanel("letzte_pruefung"),
                FieldPanel("pruefmethode"),
                FieldPanel("bekannte_maengel"),
            ],
            heading=_("Stand der Vereinbarkeit"),
        ),
        FieldPanel("durchsetzungsstelle"),
    ]

    class Meta:
        verbose_name = _("Erklärung zur Barrierefreiheit")

    def get_context(self, request, *args, rueckmeldung_form=None, **kwargs):
        from .forms import RueckmeldungForm

        context = super().get_context(request, *args, **kwargs)
        context["rueckmeldung_form"] = rueckmeldung_form or RueckmeldungForm(user=request.user)
        return context


class RegelwerkQuerySet(models.QuerySet):
    def current(self):
        """Return the newest published version of each text (Nutzungsbedingungen, VS-NfD-Merkblatt)."""
        now = timezone.now()
        published = self.filter(veroeffentlicht_am__lte=now)
        newest = published.filter(art=models.OuterRef("art")).order_by("-version").values("pk")[:1]
        return published.filter(pk=models.Subquery(newest)).order_by("art")


class Regelwerk(models.Model):
    """One version of a text every person confirms: the Nutzungsbedingungen or the VS-NfD-Merkblatt.

    A new text is a new row with a higher version number; from `veroeffentlicht_am` on it replaces
    the previous one and everybody is asked again.
    """

    class Art(models.TextChoices):
        NUTZUNGSBEDINGUNGEN = "nutzungsbedingungen", _("Nutzungsbedingungen")
        MERKBLATT = "vs_nfd_merkblatt", _("VS-NfD-Merkblatt")

    art = models.CharField(_("Text"), max_length=30, choices=Art.choices)
    version = models.PositiveIntegerField(_("Fassung (Nummer)"))
    titel = models.CharField(_("Titel"), max_length=200)
    text = RichTextField(_("Text"), features=RICH_FEATURES)
    veroeffentlicht_am = models.DateTimeField(
        _("gilt ab"),
        default=timezone.now,
        help_text=_("Ab diesem Zeitpunkt müssen alle Personen diese Fassung bestätigen."),
    )

    objects = RegelwerkQuerySet.as_manager()

    panels = [
        FieldPanel("art"),
        FieldPanel("version"),
        FieldPanel("veroeffentlicht_am"),
        FieldPanel("titel"),
        FieldPanel("text"),
    ]

    class Meta:
        verbose_name = _("Nutzungsbedingungen / Merkblatt (Fassung)")
        verbose_name_plural = _("Nutzungsbedingungen und Merkblätter")
        ordering = ["art", "-version"]
        constraints = [models.UniqueConstraint(fields=["art", "version"], name="unique_regelwerk_version")]

    def __str__(self) -> str:
        return f"{self.get_art_display()}, Fassung {self.version}"


class Bestaetigung(models.Model):
    """A person confirmed having read one version of a Regelwerk (kept for the Geschäftsstelle)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regelwerk_bestaetigungen"
    )
    regelwerk = models.ForeignKey(Regelwerk, on_delete=models.PROTECT, related_name="bestaetigungen")
    bestaetigt_am = models.DateTimeField(_("bestätigt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Bestätigung")
        verbose_name_plural = _("Bestätigungen")
        ordering = ["-bestaetigt_am", "-id"]
        indexes = [models.Index(fields=["user", "regelwerk", "-bestaetigt_am"])]

    def __str__(self) -> str:
        return f"{self.regelwerk} – {self.user_id}"


class RueckmeldungQuerySet(models.QuerySet):
    def offen(self):
        return self.filter(status=Rueckmeldung.Status.OFFEN)


class Rueckmeldung(models.Model):
    """Feedback on barriers, sent through the Erklärung zur Barrierefreiheit to the Geschäftsstelle."""

    class Status(models.TextChoices):
        OFFEN = "offen", _("offen")
        ERLEDIGT = "erledigt", _("erledigt")

    von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kontakt = models.EmailField(_("E-Mail für Rückfragen"), blank=True)
    seite = models.CharField(_("Betroffene Seite"), max_length=300, blank=True)
    text = models.TextField(_("Beschreibung"))
    text_hash = models.CharField(max_length=64, editable=False, db_index=True)
    erstellt = models.DateTimeField(_("eingegangen"), default=timezone.now, db_index=True)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.OFFEN)
    erledigt_am = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    erledigt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RueckmeldungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")
        ordering = ["-erstellt", "-id"]

    def __str__(self) -> str:
        return f"Rückmeldung {self.pk} ({self.get_status_display()})"
