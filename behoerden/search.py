"""Directory entries in the portal-wide search (the directory is open to every member)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import textsearch
from portal.search import SearchHit, SearchProvider, SearchQuery

from .models import Behoerde


def search_behoerden(user, query: SearchQuery) -> list[SearchHit]:
    words = query.text.split()[:8]
    condition = Q()
    for word in words:
        condition &= (
            Q(name__icontains=word) | Q(kurzname__icontains=word) | Q(zustaendigkeiten__icontains=word)
        )
    results = (
        Behoerde.objects.aktiv().filter(condition).select_related("kreis").order_by("name")[: query.limit]
    )
    return [
        SearchHit(
            title=b.name,
            url=reverse("behoerden:detail", args=[b.slug]),
            snippet=textsearch.highlight(b.zustaendigkeiten, textsearch.query_terms(query.text), width=200),
            section="behoerden",
            meta=f"{b.get_art_display()}{' · ' + b.kreis.name if b.kreis else ''}",
        )
        for b in results
    ]


PROVIDER = SearchProvider(
    key="behoerden", label=_("Behörden & Institutionen"), search=search_behoerden, order=60
)
