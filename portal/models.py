"""The start page, the news pages of the Geschäftsstelle and the page search index."""

from django import forms
from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.core.paginator import Paginator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import GroupApprovalTask, Page
from wagtail.search import index

from . import scoped_memo
from .access import restricted_paths_for
from .content import BodyBlock, ReviewedContentMixin
from .navigation import SECTIONS
from .page_access import PortalPageMixin


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
            "portal.NewsIndexPage",
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

    def route(self, request, path_components):
        """Route like `Page.route`, with the walk below the start page remembered in the content cache
        (per process, under the generation) as ids only (which page answers, and how many path segments it
        took): a warm path needs one query for the page itself instead of two per segment. That page's own
        `route()` then decides, on its current row: 404 unless live, sub-routes of a RoutablePage such as
        the glossary's terms."""
        if not path_components:
            return super().route(request, path_components)
        from django.contrib.contenttypes.models import ContentType
        from django.http import Http404

        from . import content_cache

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
        from .news import news_groups_for
        from .upcoming import upcoming_for

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
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Aktuelles (Übersicht)")

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
    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")


class PageSearchEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return entries of live pages this person may open (page privacy settings respected)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        qs = self.filter(page__live=True)
        for path in restricted_paths_for(user):
            qs = qs.exclude(page__path__startswith=path)
        return qs


class PageSearchEntry(models.Model):
    """The searchable text of a published page: folded, stemmed German tokens (see portal.textsearch)."""

    page = models.OneToOneField(Page, on_delete=models.CASCADE, primary_key=True, related_name="+")
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=500)
    section = models.CharField(max_length=100, blank=True)
    text = models.TextField(blank=True)  # plain text for snippets
    tokens = models.TextField(blank=True)  # " stem stem … " for matching
    fachgebiete = models.CharField(max_length=500, blank=True)  # " slug slug "
    # PostgreSQL only: to_tsvector('simple', tokens), GIN-indexed (migration 0004). Unused on SQLite.
    vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PageSearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Suchindex-Eintrag")
        verbose_name_plural = _("Suchindex")

    def __str__(self) -> str:
        return self.title


class ZweitfreigabeTask(GroupApprovalTask):
    """Approval by a member of the approving group who is not the person who submitted (four eyes)."""

    def _is_submitter(self, obj, user) -> bool:
        state = getattr(obj, "current_workflow_state", None)
        return state is not None and state.requested_by_id == user.pk

    def get_actions(self, obj, user):
        if self._is_submitter(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return (
            super()
            .get_task_states_user_can_moderate(user, **kwargs)
            .exclude(workflow_state__requested_by=user)
        )

    @classmethod
    def get_description(cls):
        return _("Freigabe durch eine zweite Person der berechtigten Gruppe (Vier-Augen-Prinzip)")

    class Meta:
        verbose_name = _("Freigabe durch zweite Person")
        verbose_name_plural = _("Freigaben durch zweite Person")
