"""Building blocks shared by the content page types: review facts (mixin), StreamField blocks, and the
readable text of a page (for the search indexes)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page

REVIEW_INTERVAL_DAYS = 365


class ReviewedContentMixin(models.Model):
    """Each content page names who is responsible for it and when its content was last checked."""

    letzte_pruefung = models.DateField(
        _("Letzte inhaltliche Prüfung"),
        null=True,
        blank=True,
        help_text=_("Datum, an dem der Inhalt zuletzt fachlich geprüft wurde."),
    )
    inhaltlich_verantwortlich = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Inhaltlich verantwortlich"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    review_panels = [
        MultiFieldPanel(
            [FieldPanel("letzte_pruefung"), FieldPanel("inhaltlich_verantwortlich")],
            heading=_("Prüfung und Verantwortung"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def pruefung_faellig(self) -> bool:
        """True when the content has not been reviewed within the review interval."""
        if self.letzte_pruefung is None:
            return True
        return (timezone.localdate() - self.letzte_pruefung).days > REVIEW_INTERVAL_DAYS


class HinweisBlock(blocks.StructBlock):
    titel = blocks.CharBlock(label=_("Titel"), required=False)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        label = _("Hinweis")
        icon = "warning"
        template = "portal/blocks/hinweis.html"


class ChecklisteBlock(blocks.StructBlock):
    titel = blocks.CharBlock(label=_("Titel"))
    punkte = blocks.ListBlock(blocks.CharBlock(label=_("Prüfpunkt")), label=_("Prüfpunkte"))

    class Meta:
        label = _("Checkliste")
        icon = "tasks"
        template = "portal/blocks/checkliste.html"


class VerfahrensschrittBlock(blocks.StructBlock):
    titel = blocks.CharBlock(label=_("Schritt"))
    beschreibung = blocks.RichTextBlock(
        label=_("Beschreibung"), features=["bold", "italic", "link", "ul", "ol"]
    )

    class Meta:
        label = _("Verfahrensschritt")
        icon = "list-ol"
        template = "portal/blocks/verfahrensschritt.html"


class DokumentBlock(blocks.StructBlock):
    dokument = DocumentChooserBlock(label=_("Dokument"))
    beschreibung = blocks.CharBlock(label=_("Beschreibung"), required=False)

    class Meta:
        label = _("Dokument")
        icon = "doc-full"
        template = "portal/blocks/dokument.html"


class BildBlock(blocks.StructBlock):
    """An image with alternative text (required unless decorative) and an optional caption."""

    bild = ImageBlock(label=_("Bild"))
    bildunterschrift = blocks.CharBlock(label=_("Bildunterschrift"), required=False)

    class Meta:
        label = _("Bild")
        icon = "image"
        template = "portal/blocks/bild.html"


class BodyBlock(blocks.StreamBlock):
    """The body of a content page."""

    zwischenueberschrift = blocks.CharBlock(
        label=_("Zwischenüberschrift"), template="portal/blocks/heading.html"
    )
    absatz = blocks.RichTextBlock(
        label=_("Absatz"),
        features=["h3", "h4", "bold", "italic", "link", "document-link", "image", "ul", "ol"],
    )
    bild = BildBlock()
    hinweis = HinweisBlock()
    checkliste = ChecklisteBlock()
    dokument = DokumentBlock()


class RechtsgrundlageBlock(blocks.StructBlock):
    gesetz = blocks.CharBlock(label=_("Gesetz"), help_text=_("z. B. Gewerbeordnung (GewO)"))
    paragraph = blocks.CharBlock(label=_("Paragraph"), required=False, help_text=_("z. B. § 35"))
    erlaeuterung = blocks.TextBlock(label=_("Erläuterung"))

    class Meta:
        label = _("Rechtsgrundlage")
        icon = "doc-full-inverse"


class VerfahrenBlock(blocks.StreamBlock):
    schritt = VerfahrensschrittBlock()
    checkliste = ChecklisteBlock()
    hinweis = HinweisBlock()


MAX_TEXT = 20_000
_SKIP_FIELDS = {"slug", "url_path", "draft_title", "seo_title", "path", "content_type", "locale"}


def _strings(value):
    """Yield every string inside StreamField raw data (nested dicts and lists)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("type", "id"):
                yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def page_plain_text(page) -> str:
    """Return the readable text of a page: title, description and every text or StreamField field."""
    parts = [page.title, page.search_description or ""]
    base_fields = {f.name for f in Page._meta.concrete_fields}
    for field in page._meta.concrete_fields:
        if field.name in base_fields or field.name in _SKIP_FIELDS or field.is_relation:
            continue
        value = getattr(page, field.attname, None)
        if isinstance(field, StreamField):
            parts.extend(strip_tags(s) for s in _strings(value.raw_data if value is not None else []))
        elif (
            isinstance(field, RichTextField) or field.get_internal_type() in ("TextField", "CharField")
        ) and (isinstance(value, str) and not field.choices):
            parts.append(strip_tags(value))
    text = " ".join(" ".join(p.split()) for p in parts if p)
    return text[:MAX_TEXT]
