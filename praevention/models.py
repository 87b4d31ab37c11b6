"""Prävention: the programme pages (Wagtail) and the catalogue of prevention measures (`Massnahme`)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from portal import content_cache
from portal.labels import choice_label
from portal.page_access import PortalPageMixin

from . import access
from .choices import Status


class ContentBlocks(blocks.StreamBlock):
    """Body blocks of the prevention pages."""

    ueberschrift = blocks.CharBlock(label=_("Zwischenüberschrift"), form_classname="title")
    absatz = blocks.RichTextBlock(label=_("Absatz"), features=["bold", "italic", "link", "ol", "ul"])
    kennzahlen = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("wert", blocks.CharBlock(label=_("Wert"))),
                ("beschreibung", blocks.CharBlock(label=_("Beschreibung"))),
            ],
            label=_("Kennzahl"),
        ),
        label=_("Kennzahlen"),
    )
    schritte = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("titel", blocks.CharBlock(label=_("Schritt"))),
                ("text", blocks.TextBlock(label=_("Erläuterung"))),
            ],
            label=_("Schritt"),
        ),
        label=_("Vorgehen in Schritten"),
    )
    hinweis = blocks.TextBlock(label=_("Hinweis"))


class Programm(models.TextChoices):
    CTC = "ctc", _("Communities That Care (CTC)")
    PROJEKT_360 = "360", _("360° – Integration, Orientierung, Perspektiven!")
    SONSTIGES = "sonstiges", _("Sonstiges")


class PraeventionPage(PortalPageMixin, Page):
    """The Prävention section: introduction, the programmes (child pages) and the latest measures."""

    intro = RichTextField(_("Einleitung"), blank=True)
    body = StreamField(ContentBlocks(), verbose_name=_("Inhalt"), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["startseite.HomePage"]
    subpage_types = ["praevention.PraeventionsprogrammPage"]
    max_count = 1
    template = "praevention/praevention_page.html"

    class Meta:
        verbose_name = _("Präventionsseite")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programme"] = (
            PraeventionsprogrammPage.objects.child_of(self).live().specific().order_by("path")
        )
        context["massnahmen_html"], context["massnahmen_count"] = released_table(
            request, f"praevention:freigegeben:{self.pk}", lambda released: released[:6]
        )
        return context


class PraeventionsprogrammPage(PortalPageMixin, Page):
    """One prevention programme (CTC, 360°) with its description and the measures belonging to it."""

    programm = models.CharField(_("Programm"), max_length=20, choices=Programm.choices)
    traeger = models.CharField(_("Träger / Förderung"), max_length=250, blank=True)
    laufzeit = models.CharField(_("Laufzeit"), max_length=100, blank=True)
    intro = RichTextField(_("Kurzbeschreibung"), blank=True)
    body = StreamField(ContentBlocks(), verbose_name=_("Inhalt"), blank=True, use_json_field=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("programm"),
        FieldPanel("traeger"),
        FieldPanel("laufzeit"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["praevention.PraeventionPage"]
    subpage_types: list[str] = []
    template = "praevention/praeventionsprogramm_page.html"

    class Meta:
        verbose_name = _("Präventionsprogramm")
        verbose_name_plural = _("Präventionsprogramme")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["massnahmen_html"], _count = released_table(
            request,
            f"praevention:freigegeben:{self.pk}:{self.programm}",
            lambda released: released.filter(programm=self.programm),
        )
        return context


def released_table(request, key, select) -> tuple[str, int]:
    """The table of released measures `select(released)` picks ("" when there are none) and the number
    of all released measures. The same for every signed-in person (`access.sees_all_released`): rendered
    once per content generation; a measure's or a Kommune's change bumps it."""
    if not access.sees_all_released(request.user):
        return "", 0

    def build():
        released = Massnahme.objects.freigegeben()
        rows = list(select(released.listing()))
        html = render_to_string("praevention/_massnahme_table.html", {"massnahmen": rows}) if rows else ""
        return html, released.count()

    # The HTML holds translated labels and reversed URLs: one copy per language and script prefix.
    html, count = content_cache.cached(f"{key}:{get_language()}|{get_script_prefix()}", build)
    return mark_safe(html), count  # noqa: S308 - our template, rendered with autoescape


class Zielgruppe(models.TextChoices):
    KINDER = "kinder", _("Kinder")
    JUGENDLICHE = "jugendliche", _("Jugendliche")
    JUNGE_ERWACHSENE = "junge_erwachsene", _("Junge Erwachsene")
    ELTERN = "eltern", _("Eltern und Familien")
    SCHULEN = "schulen", _("Schulen")
    FACHKRAEFTE = "fachkraefte", _("Fachkräfte")
    QUARTIER = "quartier", _("Quartier / Gemeinwesen")


class Phase(models.TextChoices):
    PLANUNG = "planung", _("Planung")
    DURCHFUEHRUNG = "durchfuehrung", _("Durchführung")
    ERFOLGSBEWERTUNG = "erfolgsbewertung", _("Erfolgsbewertung")


class MassnahmeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the measures this person may see (`access.visibility_filter`)."""
        return self.filter(access.visibility_filter(user))

    def editable_by(self, user):
        """Return the measures this person may change (`access.editable_filter`)."""
        return self.filter(access.editable_filter(user))

    def freigegeben(self):
        return self.filter(status=Status.FREIGEGEBEN)

    def zur_pruefung(self):
        return self.filter(status=Status.VORGESCHLAGEN)

    def listing(self):
        return self.select_related("kommune", "behoerde").order_by("kommune__name", "-beginn", "titel")


class Massnahme(models.Model):
    """A prevention measure in a partner municipality, proposed by its Kommune and approved by the Redaktion."""

    titel = models.CharField(_("Titel"), max_length=200)
    kommune = models.ForeignKey(
        "behoerden.Gemeinde", verbose_name=_("Kommune"), on_delete=models.PROTECT, related_name="massnahmen"
    )
    programm = models.CharField(
        _("Programm"), max_length=20, choices=Programm.choices, default=Programm.SONSTIGES
    )
    zielgruppe = models.CharField(_("Zielgruppe"), max_length=20, choices=Zielgruppe.choices)
    phase = models.CharField(_("Phase"), max_length=20, choices=Phase.choices, default=Phase.PLANUNG)
    beginn = models.DateField(_("Zeitraum von"))
    ende = models.DateField(_("Zeitraum bis"), null=True, blank=True, help_text=_("Leer lassen, wenn offen."))
    behoerde = models.ForeignKey(
        "behoerden.Behoerde",
        verbose_name=_("verantwortliche Behörde"),
        on_delete=models.PROTECT,
        related_name="massnahmen",
    )
    kontakt = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Kontaktperson"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kontakt_text = models.CharField(
        _("Kontakt"),
        max_length=250,
        blank=True,
        help_text=_("Name, Funktion, Telefon oder Funktionspostfach."),
    )
    beschreibung = models.TextField(_("Beschreibung"))
    evaluationsergebnis = models.TextField(_("Evaluationsergebnis"), blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.VORGESCHLAGEN, db_index=True
    )
    eingereicht_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingereicht von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    geprueft_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geprüft von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    geprueft_am = models.DateTimeField(_("geprüft am"), null=True, blank=True)
    pruefhinweis = models.TextField(_("Hinweis der Redaktion"), blank=True)
    erstellt_am = models.DateTimeField(_("erstellt am"), auto_now_add=True)
    aktualisiert_am = models.DateTimeField(_("aktualisiert am"), auto_now=True)

    objects = MassnahmeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Präventionsmaßnahme")
        verbose_name_plural = _("Präventionsmaßnahmen")
        ordering = ["kommune__name", "-beginn", "titel"]
        indexes = [models.Index(fields=["status", "kommune"]), models.Index(fields=["status", "geprueft_am"])]

    def __str__(self) -> str:
        return f"{self.titel} ({self.kommune})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("praevention:detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.beginn and self.ende and self.ende < self.beginn:
            raise ValidationError({"ende": _("Das Ende des Zeitraums darf nicht vor dem Beginn liegen.")})

    # Labels for the catalogue's rows (like get_<field>_display(), cheaper in lists).
    @property
    def status_label(self) -> str:
        return choice_label(Status, self.status)

    @property
    def programm_label(self) -> str:
        return choice_label(Programm, self.programm)

    @property
    def zielgruppe_label(self) -> str:
        return choice_label(Zielgruppe, self.zielgruppe)

    @property
    def phase_label(self) -> str:
        return choice_label(Phase, self.phase)
