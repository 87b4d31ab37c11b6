"""The glossary: terms (snippets) and the A–Z page that lists them, one sub-page per term."""

import string

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.content import ReviewedContentMixin

LETTERS = list(string.ascii_uppercase)


def letter_of(text: str) -> str:
    """Return the index letter of a term: umlauts sort under their base letter, digits under "#"."""
    first = (text or "#")[0].upper()
    first = {"Ä": "A", "Ö": "O", "Ü": "U"}.get(first, first)
    return first if first in LETTERS else "#"


class GlossarBegriffQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every portal member may read the glossary."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.all()


class GlossarBegriff(index.Indexed, ClusterableModel):
    """A term of the cooperation's vocabulary, e.g. "Vermögensabschöpfung" or "KPB"."""

    begriff = models.CharField(_("Begriff"), max_length=150, unique=True)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=160, unique=True, blank=True)
    abkuerzung = models.CharField(_("Abkürzung"), max_length=30, blank=True)
    definition = RichTextField(_("Definition"), features=["bold", "italic", "link", "ul", "ol"])
    synonyme = models.TextField(
        _("Synonyme"), blank=True, help_text=_("Weitere Schreibweisen oder Begriffe, einer pro Zeile.")
    )
    fachgebiete = ParentalManyToManyField(
        "fachgebiete.Fachgebiet", verbose_name=_("Fachgebiete"), blank=True, related_name="glossarbegriffe"
    )
    buchstabe = models.CharField(_("Buchstabe"), max_length=1, editable=False, db_index=True, default="#")
    geaendert = models.DateTimeField(_("Geändert"), auto_now=True)

    objects = GlossarBegriffQuerySet.as_manager()

    panels = [
        FieldPanel("begriff"),
        FieldPanel("abkuerzung"),
        FieldPanel("definition"),
        FieldPanel("synonyme"),
        FieldPanel("fachgebiete", widget=forms.CheckboxSelectMultiple),
        FieldPanel("slug"),
    ]
    search_fields = [
        index.SearchField("begriff"),
        index.SearchField("abkuerzung"),
        index.SearchField("synonyme"),
        index.AutocompleteField("begriff"),
    ]

    class Meta:
        verbose_name = _("Glossarbegriff")
        verbose_name_plural = _("Glossarbegriffe")
        ordering = ["begriff"]

    def __str__(self) -> str:
        return f"{self.begriff} ({self.abkuerzung})" if self.abkuerzung else self.begriff

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.begriff.replace("ß", "ss"))[:160] or "begriff"
        self.buchstabe = letter_of(self.begriff)
        super().save(*args, **kwargs)

    @property
    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyme.splitlines() if s.strip()]

    @property
    def patterns(self) -> list[str]:
        """The words that stand for this term in running text."""
        return [p for p in [self.begriff, self.abkuerzung, *self.synonym_list] if p]


class GlossaryPage(RoutablePageMixin, ReviewedContentMixin, Page):
    """The glossary (/glossar/): A–Z index with letter navigation, filter by Fachgebiet, a page per term."""

    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), *ReviewedContentMixin.review_panels]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("Glossar")

    @path("")
    def index_route(self, request):
        from fachgebiete.models import Fachgebiet

        terms = GlossarBegriff.objects.visible_to(request.user).prefetch_related("fachgebiete")
        letter = (request.GET.get("buchstabe") or "").upper()[:1]
        if letter and (letter in LETTERS or letter == "#"):
            terms = terms.filter(buchstabe=letter)
        else:
            letter = ""
        fachgebiete = list(Fachgebiet.objects.all())
        selected = request.GET.get("fachgebiet") or ""
        if selected and any(f.slug == selected for f in fachgebiete):
            terms = terms.filter(fachgebiete__slug=selected)
        else:
            selected = ""
        used_letters = set(GlossarBegriff.objects.values_list("buchstabe", flat=True).distinct())
        page_obj = Paginator(terms, 100).get_page(request.GET.get("seite"))
        return self.render(
            request,
            context_overrides={
                "terms_page": page_obj,
                "letters": [(x, x in used_letters) for x in [*LETTERS, "#"]],
                "selected_letter": letter,
                "fachgebiete": fachgebiete,
                "selected_fachgebiet": selected,
            },
        )

    @path("<slug:slug>/")
    def term_route(self, request, slug):
        term = get_object_or_404(
            GlossarBegriff.objects.visible_to(request.user).prefetch_related("fachgebiete"), slug=slug
        )
        return self.render(request, context_overrides={"term": term}, template="glossary/glossary_term.html")

    def term_url(self, term) -> str:
        return self.url + self.reverse_subpage("term_route", kwargs={"slug": term.slug})
