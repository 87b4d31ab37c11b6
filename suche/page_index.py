"""The page search index: kept in step with publishing, queried by the page search provider.

One row per published page (`PageSearchEntry`) holds the plain text (for snippets) and its folded,
stemmed tokens (portal.textsearch; the page's text from portal.content.page_plain_text). PostgreSQL matches a stored, GIN-indexed `to_tsvector('simple', tokens)`
column with prefix queries; SQLite uses `LIKE` on the same tokens, so both find the same pages.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery as PgSearchQuery
from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from portal import textsearch
from portal.content import page_plain_text
from portal.news import NewsItem, pages_listed_elsewhere
from portal.search import Hits, SearchHit, SearchQuery, shown_part

from .models import PageSearchEntry


def page_fachgebiete(page) -> list[str]:
    slugs = []
    fachgebiet = getattr(page, "fachgebiet", None)
    if fachgebiet is not None and hasattr(fachgebiet, "slug"):
        slugs.append(fachgebiet.slug)
    manager = getattr(page, "fachgebiete", None)
    if manager is not None and hasattr(manager, "all"):
        slugs.extend(f.slug for f in manager.all())
    return slugs


def page_index_update(*, page) -> PageSearchEntry | None:
    """Write the index row of a published page (or remove it when the page is not live)."""
    page = page.specific
    # Page types with their own audience rules (e.g. events for some groups only) opt out and register
    # their own SearchProvider/NewsSource instead.
    if not page.live or getattr(page, "portal_search_exclude", False):
        page_index_remove(page=page)
        return None
    text = page_plain_text(page)
    entry, _created = PageSearchEntry.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "title": page.title[:255],
            "url": (page.get_url() or "")[:500],
            "section": str(page.specific_class._meta.verbose_name)[:100],
            "text": text,
            "tokens": textsearch.index_tokens(text),
            "fachgebiete": " " + " ".join(page_fachgebiete(page)) + " ",
            "updated_at": page.last_published_at or timezone.now(),
        },
    )
    textsearch.update_vectors(PageSearchEntry.objects.filter(pk=entry.pk))
    return entry


def page_index_remove(*, page) -> None:
    PageSearchEntry.objects.filter(page_id=page.pk).delete()


def page_index_rebuild() -> int:
    """Index every live page again (after a deployment or a bulk import); return the count."""
    PageSearchEntry.objects.exclude(page__live=True).delete()
    count = 0
    for page in Page.objects.live().specific().iterator(chunk_size=200):
        if page.depth > 1:
            page_index_update(page=page)
            count += 1
    return count


def _match(qs, terms):
    if connection.vendor == "postgresql":
        tsq = textsearch.tsquery(terms)
        if not tsq:
            return qs.none()
        query = PgSearchQuery(tsq, search_type="raw", config="simple")
        return (
            qs.filter(vector=query)
            .annotate(rank=SearchRank(F("vector"), query))
            .order_by("-rank", "-updated_at")
        )
    condition = Q()
    for term in terms:
        condition &= Q(tokens__contains=f" {term}")
    return qs.filter(condition).order_by("-updated_at")


def search_entries(user, query: SearchQuery):
    """Return the index rows of pages this person may open that match the query."""
    terms = textsearch.query_terms(query.text)
    if not terms:
        return PageSearchEntry.objects.none(), terms
    qs = PageSearchEntry.objects.visible_to(user)
    if query.fachgebiet:
        qs = qs.filter(fachgebiete__contains=f" {query.fachgebiet} ")
    return _match(qs, terms), terms


def search_pages(user, query: SearchQuery) -> Hits:
    """SearchProvider callback: content pages (up to `query.limit` found, the first `query.shown` as hits)."""
    qs, terms = search_entries(user, query)
    entries = list(qs.values("title", "url", "section", "text", "updated_at")[: query.limit])
    label = str(_("Seiten"))
    hits = []
    for entry in shown_part(entries, query):
        hits.append(
            SearchHit(
                title=entry["title"],
                url=entry["url"],
                snippet=textsearch.highlight(entry["text"], terms),
                section=label,
                meta=entry["section"],
                date=timezone.localtime(entry["updated_at"]),
            )
        )
    return Hits(hits, found=len(entries))


def page_titles(user):
    """Titles of the pages this person may open (spelling suggestions when nothing is found)."""
    return PageSearchEntry.objects.visible_to(user).values_list("title", flat=True)


def page_news(user, since, fachgebiete=None, limit=20):
    """NewsSource callback: pages published or changed since `since` that this person may open."""
    qs = PageSearchEntry.objects.visible_to(user).filter(
        updated_at__gt=since,
        page__depth__gt=2,  # not the start page itself
    )
    elsewhere = pages_listed_elsewhere()
    if elsewhere:
        # Events and the like have their own list on the start page: each item once.
        types = ContentType.objects.get_for_models(*elsewhere, for_concrete_models=False).values()
        qs = qs.exclude(page__content_type__in=[t.pk for t in types])
    if fachgebiete:
        condition = Q()
        for slug in fachgebiete:
            condition |= Q(fachgebiete__contains=f" {slug} ")
        qs = qs.filter(condition)
    rows = qs.order_by("-updated_at", "-pk").values(
        "title", "url", "section", "updated_at", "fachgebiete", "page__first_published_at"
    )[:limit]
    return [
        NewsItem(
            section=row["section"],
            title=Truncator(row["title"]).chars(120),
            url=row["url"],
            changed_at=row["updated_at"],
            is_new=row["page__first_published_at"] is None or row["page__first_published_at"] > since,
            fachgebiete=tuple(row["fachgebiete"].split()),
        )
        for row in rows
    ]


def connect_signals() -> None:
    def on_published(sender, instance, **kwargs):
        page_index_update(page=instance)

    def on_unpublished(sender, instance, **kwargs):
        page_index_remove(page=instance)

    def on_moved(sender, instance, **kwargs):
        for page in Page.objects.descendant_of(instance, inclusive=True).live().specific():
            page_index_update(page=page)

    page_published.connect(on_published, dispatch_uid="portal_index_published", weak=False)
    page_unpublished.connect(on_unpublished, dispatch_uid="portal_index_unpublished", weak=False)
    post_page_move.connect(on_moved, dispatch_uid="portal_index_moved", weak=False)
    page_slug_changed.connect(on_moved, dispatch_uid="portal_index_slug", weak=False)
