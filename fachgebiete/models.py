"""The eight Fachgebiete: the taxonomy shared by content, Lagebilder, board, surveys and newsletter."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal import content_cache
from portal.content import BodyBlock, RechtsgrundlageBlock, ReviewedContentMixin, VerfahrenBlock
from portal.page_access import PortalPageMixin

from .related import page_context, related_sections


class Fachgebiet(models.Model):
    """A topic area of the cooperation, e.g. Shisha or Vermögensabschöpfung."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Fachgebiet")
        verbose_name_plural = _("Fachgebiete")
        ordering = ["reihenfolge", "name"]

    def __str__(self) -> str:
        return self.name


def fachgebiete_by_id() -> dict[int, Fachgebiet]:
    """All Fachgebiete by id (eight rows, the same for everybody: kept per process under the content
    generation, read on most pages)."""
    return content_cache.cached(
        "fachgebiete", lambda: {f.pk: f for f in Fachgebiet.objects.all()}, local=True
    )


class FachgebietIndexPage(PortalPageMixin, Page):
    """The overview of the Fachgebiete (/fachgebiete/)."""

    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["startseite.HomePage"]
    subpage_types = ["fachgebiete.FachgebietPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Fachgebiete (Übersicht)")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["fachgebiet_pages"] = (
            FachgebietPage.objects.child_of(self).live().select_related("fachgebiet").order_by("path")
        )
        return context


class FachgebietPage(PortalPageMixin, ReviewedContentMixin, Page):
    """One topic area: introduction, legal bases, procedures, contacts, documents, glossary terms."""

    fachgebiet = models.ForeignKey(
        Fachgebiet, verbose_name=_("Fachgebiet"), on_delete=models.PROTECT, related_name="seiten"
    )
    einleitung = RichTextField(_("Einführung"), features=["bold", "italic", "link", "ul", "ol"])
    body = StreamField(BodyBlock(), verbose_name=_("Inhalt"), blank=True)
    rechtsgrundlagen = StreamField(
        [("rechtsgrundlage", RechtsgrundlageBlock())], verbose_name=_("Rechtsgrundlagen"), blank=True
    )
    verfahren = StreamField(VerfahrenBlock(), verbose_name=_("Verfahren und Checklisten"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("fachgebiet"),
        FieldPanel("einleitung"),
        FieldPanel("body"),
        FieldPanel("rechtsgrundlagen"),
        FieldPanel("verfahren"),
        InlinePanel("kontakte", label=_("Kontakte"), heading=_("Kontakte")),
        InlinePanel("dokumente", label=_("Dokumente"), heading=_("Dokumente")),
        *ReviewedContentMixin.review_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("einleitung"),
        index.SearchField("body"),
        index.SearchField("rechtsgrundlagen"),
        index.SearchField("verfahren"),
    ]
    parent_page_types = ["fachgebiete.FachgebietIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("Fachgebietsseite")
        verbose_name_plural = _("Fachgebietsseiten")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        fachgebiet = fachgebiete_by_id().get(self.fachgebiet_id) or self.fachgebiet
        context["fachgebiet"] = fachgebiet
        context["dokumente"] = self.dokumente.select_related("dokument")
        # e.g. the glossary's `begriffe`, the directory's `kontakte` (behoerden.kontakte)
        context.update(page_context(request.user, fachgebiet, self))
        context["related_sections"] = related_sections(request.user, fachgebiet, limit=5)
        return context


class FachgebietKontakt(Orderable):
    """A contact for a topic: an authority from the directory and optionally a person."""

    page = ParentalKey(FachgebietPage, on_delete=models.CASCADE, related_name="kontakte")
    behoerde = models.ForeignKey(
        "behoerden.Behoerde", verbose_name=_("Behörde"), on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Ansprechperson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    aufgabe = models.CharField(_("Zuständigkeit"), max_length=200, blank=True)

    panels = [FieldPanel("behoerde"), FieldPanel("person"), FieldPanel("aufgabe")]

    class Meta(Orderable.Meta):
        verbose_name = _("Kontakt")
        verbose_name_plural = _("Kontakte")


class FachgebietDokument(Orderable):
    """A document (Wagtail document library) attached to a topic page."""

    page = ParentalKey(FachgebietPage, on_delete=models.CASCADE, related_name="dokumente")
    dokument = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("Dokument"), on_delete=models.CASCADE, related_name="+"
    )
    beschreibung = models.CharField(_("Beschreibung"), max_length=255, blank=True)

    panels = [FieldPanel("dokument"), FieldPanel("beschreibung")]

    class Meta(Orderable.Meta):
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
