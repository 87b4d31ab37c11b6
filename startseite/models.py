"""The start page and the news pages of the Geschäftsstelle ("Aktuelles")."""

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal import content_cache, scoped_memo
from portal.content import BodyBlock, ReviewedContentMixin
from portal.navigation import SECTIONS
from portal.news import news_groups_for
from portal.page_access import PortalPageMixin
from portal.upcoming import upcoming_for


class HomePage(PortalPageMixin, Page):
    """The start page: greeting, what is new for this person, upcoming events, quick links."""

    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    # Only page types of installed sections (a section app may be left out of INSTALLED_APPS).
    subpage_types = [
        model
        for model in (
            "fachgebiete.FachgebietIndexPage",
            "glossary.GlossaryPage",
            "startseite.NewsIndexPage",
            "praevention.PraeventionPage",
            "veranstaltungen.VeranstaltungIndexPage",
            "rechtliches.ImpressumPage",
            "rechtliches.DatenschutzPage",
            "rechtliches.BarrierefreiheitPage",
        )
        if apps.is_installed(model.partition(".")[0])
    ]
    max_count = 1

    class Meta:
        verbose_name = _("Startseite")
        # The page types were portal's until the split (startseite/migrations/0001): same tables.
        db_table = "portal_homepage"

    def route(self, request, path_components):
        """Route like `Page.route`, with the walk below the start page remembered in the content cache
        (per process, under the generation) as ids only (which page answers, and how many path segments it
        took): a warm path needs one query for the page itself instead of two per segment. That page's own
        `route()` then decides, on its current row: 404 unless live, sub-routes of a RoutablePage such as
        the glossary's terms."""
        if not path_components:
            return super().route(request, path_components)
        key = f"route:{self.pk}:{'/'.join(path_components)}"
        found = content_cache.cached(key, lambda: self._locate(path_components), local=True)
        if not found:
            raise Http404
        page_id, content_type_id, used = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        try:
            page = model.objects.get(pk=page_id)
        except model.DoesNotExist as error:
            raise Http404 from error
        return page.route(request, path_components[used:])

    def _locate(self, path_components) -> tuple:
        """Find the page that `Page.route` would hand the path to, in one query: the page for the whole
        path, or the first page on it with its own `route()`. Return (id, content type id, segments
        used), or () when there is none."""
        prefixes, url_path = [], self.url_path
        for component in path_components:
            url_path += f"{component}/"
            prefixes.append(url_path)
        pages = {
            page.url_path: page
            for page in Page.objects.filter(
                url_path__in=prefixes, path__startswith=self.path, depth__gt=self.depth
            ).only("url_path", "depth", "content_type")
        }
        for position, url_path in enumerate(prefixes):
            page = pages.get(url_path)
            if page is None or page.depth != self.depth + position + 1:
                return ()
            page_class = page.specific_class
            if position == len(prefixes) - 1 or (
                page_class is not None and page_class.route is not Page.route
            ):
                return (page.pk, page.content_type_id, position + 1)
        return ()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        since = request.session.get("siko_previous_visit")
        since = (
            timezone.datetime.fromisoformat(since) if since else timezone.now() - timezone.timedelta(days=14)
        )
        context["news_since"] = since
        # One scope for both lists: sections read what both need once (e.g. the future events).
        with scoped_memo.scope():
            context["news_groups"] = news_groups_for(request.user, since)
            context["upcoming"] = upcoming_for(request.user, limit=5)
        context["sections"] = SECTIONS
        context["kalender_url"] = reverse("veranstaltungen:kalender")
        return context


class NewsIndexPage(PortalPageMixin, Page):
    """Announcements of the Geschäftsstelle ("Aktuelles"), newest first."""

    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["startseite.HomePage"]
    subpage_types = ["startseite.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Aktuelles (Übersicht)")
        db_table = "portal_newsindexpage"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.child_of(self).live().order_by("-datum", "-pk")
        paginator = Paginator(news, 20)
        context["news_page"] = paginator.get_page(request.GET.get("seite"))
        return context


class NewsPage(PortalPageMixin, ReviewedContentMixin, Page):
    """An announcement of the Geschäftsstelle."""

    datum = models.DateField(_("Datum"), default=timezone.localdate)
    teaser = models.TextField(_("Kurzfassung"), max_length=400, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("Inhalt"), blank=True)
    fachgebiete = ParentalManyToManyField("fachgebiete.Fachgebiet", verbose_name=_("Fachgebiete"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("datum"),
        FieldPanel("teaser"),
        FieldPanel("body"),
        FieldPanel("fachgebiete", widget=forms.CheckboxSelectMultiple),
        *ReviewedContentMixin.review_panels,
    ]
    search_fields = [*Page.search_fields, index.SearchField("teaser"), index.SearchField("body")]
    parent_page_types = ["startseite.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        db_table = "portal_newspage"


def news_index_url() -> str:
    """The live Aktuelles page's URL, or "" while there is none (the navigation keeps it per generation)."""
    page = NewsIndexPage.objects.live().first()
    return (page.url or "") if page else ""
