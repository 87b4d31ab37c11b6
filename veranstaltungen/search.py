"""Events with an audience limit in the portal-wide search (registered in VeranstaltungenConfig.ready).

Events open to every member are in the shared page index (`seiten`); events for some kinds of authority
only stay out of it (`portal_search_exclude`) and are found here, with the portal's German analyser. Their
text, stems and admitted kinds of authority are built once per content generation and shared; who may see
a matching one is the section's policy (`access.visible_among`, the same rule as `visible_to`), so a search
needs no query unless a match is limited to kinds the person's authority is not.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from portal import content_cache, textsearch
from portal.content import page_plain_text
from portal.search import Hits, SearchHit, SearchQuery, shown_part

from . import access
from .models import VeranstaltungPage, VeranstaltungZielgruppe


@dataclass(frozen=True)
class _Entry:
    pk: int
    title: str
    url: str
    beginn: datetime
    text: str
    tokens: str
    admitted: tuple[str, ...]  # the kinds of authority admitted (never empty here)


def _build_entries() -> tuple[_Entry, ...]:
    """Plain text and stems of every live event with an audience limit (shared for every member; a
    publish changes the content generation, see portal.content_cache). Who may see one is asked per
    search, for the matching events only."""
    restricted = VeranstaltungZielgruppe.objects.filter(veranstaltung=OuterRef("pk"))
    entries = []
    pages = VeranstaltungPage.objects.live().filter(Exists(restricted)).prefetch_related("zulassungen")
    for page in pages.order_by("-beginn"):
        text = " ".join(filter(None, [page_plain_text(page), page.ort, page.zielgruppe]))
        entries.append(
            _Entry(
                pk=page.pk,
                title=page.title,
                url=page.get_url() or "",
                beginn=page.beginn,
                text=text,
                tokens=textsearch.index_tokens(text),
                admitted=tuple(page.admitted_arts()),  # the page's own reading (zulassungen prefetched)
            )
        )
    return tuple(entries)


def search_veranstaltungen(user, query: SearchQuery) -> list[SearchHit]:
    """Events with an audience limit this person may see that contain every word: up to `query.limit`
    found, the first `query.shown` as hits."""
    terms = textsearch.query_terms(query.text)
    if not terms:
        return []
    matching = [
        e
        for e in content_cache.cached_read_only("veranstaltungen:search", _build_entries)
        if textsearch.contains_all(e.tokens, terms)
    ]
    if not matching:
        return []
    visible = access.visible_among(user, {entry.pk: entry.admitted for entry in matching})
    found = [entry for entry in matching if entry.pk in visible][: query.limit]
    hits = []
    for entry in shown_part(found, query):
        beginn = timezone.localtime(entry.beginn)
        hits.append(
            SearchHit(
                title=entry.title,
                url=entry.url,
                snippet=textsearch.highlight(entry.text, terms),
                section="veranstaltungen",
                meta=f"Fachveranstaltung · {beginn:%d.%m.%Y, %H:%M} Uhr · nur für zugelassene Behörden",
                date=beginn,
            )
        )
    return Hits(hits, found=len(found))
