"""The glossary: terms (snippets) and the A–Z page that lists them, one sub-page per term."""

import string
from math import ceil
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from fachgebiete.models import fachgebiete_by_id
from portal import content_cache
from portal.access import require
from portal.content import ReviewedContentMixin
from portal.ids import parse_id
from portal.page_access import PortalPageMixin

from . import access
from .autolink import MIN_PATTERN_LENGTH, TermLink

LETTERS = list(string.ascii_uppercase)
TERMS_PER_PAGE = 100


def letter_of(text: str) -> str:
    """Return the index letter of a term: umlauts sort under their base letter, digits under "#"."""
    first = (text or "#")[0].upper()
    first = {"Ä": "A", "Ö": "O", "Ü": "U"}.get(first, first)
    return first if first in LETTERS else "#"


class GlossarBegriffQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the terms this person may read (`access.visibility_filter`)."""
        return self.filter(access.visibility_filter(user))


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


class GlossaryPage(PortalPageMixin, RoutablePageMixin, ReviewedContentMixin, Page):
    """The glossary (/glossar/): A–Z index with letter navigation, filter by Fachgebiet, a page per term."""

    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), *ReviewedContentMixin.review_panels]
    parent_page_types = ["startseite.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("Glossar")

    @path("")
    def index_route(self, request):
        require(request, access.can_read_glossary(request.user))
        letter = (request.GET.get("buchstabe") or "").upper()[:1]
        if not (letter in LETTERS or letter == "#"):
            letter = ""
        fachgebiete = list(fachgebiete_by_id().values())
        selected = next((f for f in fachgebiete if f.slug == request.GET.get("fachgebiet")), None)
        # The list is the same for every member: render it once per content generation and filter
        # (only valid letters, Fachgebiete and existing page numbers make keys).
        matching = [
            t
            for t in cached_terms()
            if (not letter or t.letter == letter) and (selected is None or selected.pk in t.fachgebiet_ids)
        ]
        pages = max(ceil(len(matching) / TERMS_PER_PAGE), 1)
        number = min(parse_id(request.GET.get("seite")) or 1, pages)  # 0, missing or not a number: page 1
        key = f"glossary:list:{letter or '-'}:{selected.slug if selected else '-'}:{number}"
        html = content_cache.cached(
            key, lambda: self._render_list(request, letter, selected, fachgebiete, number)
        )
        return self.render(request, context_overrides={"glossary_html": mark_safe(html)})  # noqa: S308

    def _render_list(self, request, letter, selected, fachgebiete, number) -> str:
        terms = GlossarBegriff.objects.prefetch_related("fachgebiete")
        if letter:
            terms = terms.filter(buchstabe=letter)
        if selected is not None:
            terms = terms.filter(fachgebiete=selected)
        used_letters = set(GlossarBegriff.objects.order_by().values_list("buchstabe", flat=True).distinct())
        querystring = urlencode(
            [
                (k, v)
                for k, v in (("buchstabe", letter), ("fachgebiet", selected.slug if selected else ""))
                if v
            ]
        )
        return render_to_string(
            "glossary/_liste.html",
            {
                "page": self,
                "terms_page": Paginator(terms, TERMS_PER_PAGE).get_page(number),
                "letters": [(x, x in used_letters) for x in [*LETTERS, "#"]],
                "selected_letter": letter,
                "fachgebiete": fachgebiete,
                "selected_fachgebiet": selected.slug if selected else "",
                "querystring": querystring,
            },
            request=request,
        )

    @path("<slug:slug>/")
    def term_route(self, request, slug):
        require(request, access.can_read_glossary(request.user))
        term = next((t for t in cached_terms() if t.key == slug), None)
        if term is None:
            raise Http404

        def build():
            begriff = GlossarBegriff.objects.prefetch_related("fachgebiete").get(slug=slug)
            return render_to_string(
                "glossary/_begriff.html", {"page": self, "term": begriff}, request=request
            )

        html = content_cache.cached(f"glossary:term:{slug}", build)
        return self.render(
            request,
            context_overrides={"term": term, "term_html": mark_safe(html)},  # noqa: S308 - our template
            template="glossary/glossary_term.html",
        )

    def term_url(self, term) -> str:
        return self.url + self.reverse_subpage("term_route", kwargs={"slug": term.slug})


# The term catalogue: what auto-linking, the glossary page, the search and the Fachgebiet pages read.


def _build_terms() -> list[TermLink]:
    glossary = GlossaryPage.objects.live().first()
    if glossary is None:
        return []
    base = glossary.url
    return [
        TermLink(
            key=term.slug,
            patterns=tuple(p for p in term.patterns if len(p) >= MIN_PATTERN_LENGTH),
            url=f"{base}{term.slug}/",
            title=term.begriff,
            label=str(term),
            fachgebiet_ids=tuple(sorted(f.pk for f in term.fachgebiete.all())),
            letter=term.buchstabe,
        )
        for term in GlossarBegriff.objects.only(
            "begriff", "slug", "abkuerzung", "synonyme", "buchstabe"
        ).prefetch_related("fachgebiete")
    ]


def cached_terms() -> list[TermLink]:
    """Return every glossary term (kept per process under the content generation: every page with
    auto-linked text reads it; three queries when rebuilt)."""
    return content_cache.cached("glossary:terms", _build_terms, local=True)


def terms_of_fachgebiet(fachgebiet_id: int) -> list[TermLink]:
    """The glossary terms linked to a Fachgebiet, in alphabetical order (from the cached term list)."""
    return [term for term in cached_terms() if fachgebiet_id in term.fachgebiet_ids]
