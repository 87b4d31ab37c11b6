"""Search provider and news source of the Lagebilder section (both read through visible_to)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import textsearch
from portal.news import NewsItem, fachgebiet_slugs
from portal.search import Hits, SearchHit, SearchQuery, shown_part
from portal.url_helpers import url_prefix

from .models import Klassifikation, Lagebild

# What a hit shows: not the stored stems and vector, not the region.
HIT_FIELDS = ("pk", "titel", "zusammenfassung", "erstellt_am", "klassifikation", "autor_behoerde__name")


def _newest_matches(queryset, terms, query: SearchQuery) -> tuple[list[dict], int]:
    """The newest `query.limit` reports of `queryset` (the visible ones) that contain every term: the
    first `query.shown` (all when None) as rows of `HIT_FIELDS`, and how many were found.

    A frequent word (PostgreSQL's statistics, `textsearch.frequent`): walk the date index and stop when
    `limit` are found — a few rows per hit, however many reports hold the word; the walk reads what the
    hits show, so no second query. Any other word: the ids and dates of the GIN index's matches (few by
    definition; without ORDER BY and LIMIT the planner cannot choose to walk the whole date index for a
    word that is hardly anywhere), the newest picked here, then the rows of those shown."""
    if textsearch.frequent(queryset, terms):
        walk = textsearch.matching(queryset, terms, walk=True).order_by("-erstellt_am", "-id")
        rows = list(walk.values(*HIT_FIELDS)[: query.limit])
        return shown_part(rows, query), len(rows)
    # order_by(): without the model's default ordering, so the planner has no reason to walk the date index.
    matches = queryset.matching(terms).order_by().values_list("erstellt_am", "pk")
    newest = [pk for _erstellt, pk in sorted(matches, reverse=True)[: query.limit]]
    ids = shown_part(newest, query)
    rows = (
        list(Lagebild.objects.filter(pk__in=ids).order_by("-erstellt_am", "-id").values(*HIT_FIELDS))
        if ids
        else []
    )
    return rows, len(newest)


def search(user, query) -> list[SearchHit]:
    """Reports this person may see whose title or summary contain every word (German stems, full-text
    index on PostgreSQL), newest first: up to `query.limit` counted, the first `query.shown` as hits."""
    terms = textsearch.query_terms(query.text)[:8]
    if not terms:
        return []
    queryset = Lagebild.objects.visible_to(user)
    if query.fachgebiet:
        queryset = queryset.filter(fachgebiete__slug=query.fachgebiet)
    rows, found = _newest_matches(queryset, terms, query)
    detail_prefix = url_prefix("lagebilder:detail")
    hits = []
    for row in rows:
        erstellt = timezone.localtime(row["erstellt_am"])
        hits.append(
            SearchHit(
                title=row["titel"],
                url=f"{detail_prefix}{row['pk']}/",
                snippet=textsearch.highlight(row["zusammenfassung"], terms),
                section="lagebilder",
                meta=f"Lagebild · {row['autor_behoerde__name']} · {erstellt:%d.%m.%Y}",
                date=erstellt,
                classification="VS-NfD" if row["klassifikation"] == Klassifikation.VS_NFD else "",
            )
        )
    return Hits(hits, found=found)


def news_items(user, since, fachgebiete=None, limit: int = 20) -> list[NewsItem]:
    queryset = Lagebild.objects.visible_to(user).published().filter(veroeffentlicht_am__gte=since)
    if fachgebiete:
        queryset = queryset.filter(fachgebiete__slug__in=fachgebiete).distinct()
    # Only what a news item shows: no regions, authority or file versions (the digest asks for a lot).
    rows = list(
        queryset.order_by("-veroeffentlicht_am", "-id").values(
            "pk", "titel", "klassifikation", "veroeffentlicht_am"
        )[:limit]
    )
    topics = fachgebiet_slugs(Lagebild.fachgebiete.through, "lagebild_id", [row["pk"] for row in rows])
    return [
        NewsItem(
            section="lagebilder",
            title=row["titel"],
            url=reverse("lagebilder:detail", args=[row["pk"]]),
            changed_at=row["veroeffentlicht_am"],
            is_new=True,
            classified=row["klassifikation"] == Klassifikation.VS_NFD,
            fachgebiete=topics[row["pk"]],
        )
        for row in rows
    ]


LABEL = _("Lagebilder")
