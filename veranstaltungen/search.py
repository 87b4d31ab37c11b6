"""Events with an audience limit in the portal-wide search (registered in VeranstaltungenConfig.ready).

Events open to every member are in the shared page index (`seiten`); events for some kinds of authority
only stay out of it (`portal_search_exclude`) and are found here, through `VeranstaltungPage.objects.
visible_to`, with the portal's German analyser. Their stems are kept per page until it is published again.
"""

from functools import lru_cache

from django.db.models import Exists, OuterRef
from django.utils import timezone

from portal import textsearch
from portal.search import SearchHit, SearchQuery

from .models import VeranstaltungPage, VeranstaltungZielgruppe


@lru_cache(maxsize=1024)
def _indexed(pk: int, published) -> tuple[str, str]:
    """(plain text, stems) of one event as last published."""
    from portal.page_index import page_plain_text

    page = VeranstaltungPage.objects.get(pk=pk)
    text = " ".join(filter(None, [page_plain_text(page), page.ort, page.zielgruppe]))
    return text, textsearch.index_tokens(text)


def search_veranstaltungen(user, query: SearchQuery) -> list[SearchHit]:
    terms = textsearch.query_terms(query.text)
    if not terms:
        return []
    restricted = VeranstaltungZielgruppe.objects.filter(veranstaltung=OuterRef("pk"))
    rows = (
        VeranstaltungPage.objects.visible_to(user)
        .filter(Exists(restricted))
        .order_by("-beginn")
        .values_list("pk", "last_published_at", "title", "beginn")
    )
    hits = []
    for pk, published, title, beginn in rows:
        text, tokens = _indexed(pk, published)
        if not textsearch.contains_all(tokens, terms):
            continue
        page = VeranstaltungPage.objects.get(pk=pk)
        beginn = timezone.localtime(beginn)
        hits.append(
            SearchHit(
                title=title,
                url=page.get_url() or "",
                snippet=textsearch.highlight(text, terms),
                section="veranstaltungen",
                meta=f"Fachveranstaltung · {beginn:%d.%m.%Y, %H:%M} Uhr · nur für zugelassene Behörden",
                date=beginn,
            )
        )
        if len(hits) >= query.limit:
            break
    return hits
