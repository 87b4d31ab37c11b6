"""The page search index: one row per published page (see suche.page_index)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portal.access import restricted_paths_for


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
    # PostgreSQL only: to_tsvector('simple', tokens), GIN-indexed (portal migration 0004). Unused on SQLite.
    vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PageSearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Suchindex-Eintrag")
        verbose_name_plural = _("Suchindex")
        # Created as portal.PageSearchEntry; moved with its table and index (suche/migrations/0001).
        db_table = "portal_pagesearchentry"

    def __str__(self) -> str:
        return self.title
