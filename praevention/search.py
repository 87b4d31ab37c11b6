"""Search and news for the prevention catalogue (registered in PraeventionConfig.ready)."""

from functools import lru_cache

from django.urls import reverse
from django.utils import timezone

from portal import textsearch
from portal.labels import choice_label
from portal.news import NewsItem
from portal.search import Hits, SearchHit, SearchQuery, shown_part
from portal.url_helpers import url_prefix

from .models import Massnahme, Phase

SEARCH_FIELDS = ("titel", "beschreibung", "evaluationsergebnis", "kommune__name", "behoerde__name")


@lru_cache(maxsize=4096)
def _tokens(pk: int, changed, text: str) -> str:
    """Stems of one measure, kept until it changes (the key holds its change time)."""
    return textsearch.index_tokens(text)


def search_massnahmen(user, query: SearchQuery) -> list[SearchHit]:
    """Search the measures this person may see (visible_to) by title, description, evaluation and
    Kommune, with the portal's German analyser (portal.textsearch), newest change first: up to
    `query.limit` found, the first `query.shown` as hits."""
    terms = textsearch.query_terms(query.text)
    if not terms:
        return []
    rows = (
        Massnahme.objects.visible_to(user)
        .order_by("-aktualisiert_am", "-pk")
        .values("pk", "aktualisiert_am", "phase", *SEARCH_FIELDS)
    )
    matched = []
    for row in rows:
        text = " ".join(str(row[field] or "") for field in SEARCH_FIELDS)
        if textsearch.contains_all(_tokens(row["pk"], row["aktualisiert_am"], text), terms):
            matched.append(row)
            if len(matched) >= query.limit:
                break
    # The rows read for the match hold what a hit shows: no second query.
    detail_prefix = url_prefix("praevention:detail")
    hits = []
    for row in shown_part(matched, query):
        source = f"{row['titel']}: {row['beschreibung']} {row['evaluationsergebnis']}"
        hits.append(
            SearchHit(
                title=row["titel"],
                url=f"{detail_prefix}{row['pk']}/",
                snippet=textsearch.highlight(source, terms),
                section="praevention",
                meta=f"Maßnahme · {row['kommune__name']} · {choice_label(Phase, row['phase'])}",
                date=timezone.localtime(row["aktualisiert_am"]),
            )
        )
    return Hits(hits, found=len(matched))


def news_massnahmen(user, since, fachgebiete=None, limit=20) -> list[NewsItem]:
    """Return measures released into the catalogue since `since` (measures have no Fachgebiet)."""
    if fachgebiete:
        return []
    rows = (
        Massnahme.objects.visible_to(user)
        .freigegeben()
        .filter(geprueft_am__gte=since)
        .order_by("-geprueft_am")
        .values("pk", "titel", "kommune__name", "geprueft_am", "erstellt_am")[:limit]
    )
    return [
        NewsItem(
            section="praevention",
            title=f"{row['titel']} ({row['kommune__name']})",
            url=reverse("praevention:detail", kwargs={"pk": row["pk"]}),
            changed_at=row["geprueft_am"],
            is_new=row["erstellt_am"] >= since,
        )
        for row in rows
    ]
