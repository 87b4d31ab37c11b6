"""Search and news for the prevention catalogue (registered in PraeventionConfig.ready)."""

from functools import reduce
from operator import and_, or_

from django.db.models import Q
from django.urls import reverse

from portal import textsearch
from portal.news import NewsItem
from portal.search import SearchHit, SearchQuery

from .models import Massnahme

SEARCH_FIELDS = ("titel", "beschreibung", "evaluationsergebnis", "kommune__name", "behoerde__name")
TRANSCRIPTIONS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"))
# Conservative on purpose: the catalogue matches substrings (icontains), where a short stem such as "ess"
# (from "Essen") would hit "Prozess" and "Interesse". The snippets use the shared page-search stemmer.
SUFFIXES = ("ungen", "en", "er", "es", "e", "n", "s")


def _stem(term: str) -> str:
    for suffix in SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 4:
            return term[: -len(suffix)]
    return term


def term_variants(word: str) -> set[str]:
    """Return spellings of a word to look for: stem, with umlauts/ß and with their ASCII transcriptions."""
    stem = _stem(word.lower())
    ascii_form = stem
    for umlaut, transcription in TRANSCRIPTIONS:
        ascii_form = ascii_form.replace(umlaut, transcription)
    umlaut_form = ascii_form
    for umlaut, transcription in TRANSCRIPTIONS:
        umlaut_form = umlaut_form.replace(transcription, umlaut)
    return {v for v in (stem, ascii_form, umlaut_form) if len(v) >= 2}


def query_terms(text: str) -> list[set[str]]:
    """Spellings per meaningful query word (the shared query parsing: stop words dropped, at most eight)."""
    return [term_variants(word) for word in textsearch.query_words(text)]


def search_massnahmen(user, query: SearchQuery) -> list[SearchHit]:
    """Search the measures this person may see (visible_to) by title, description, evaluation and Kommune."""
    terms = query_terms(query.text)
    if not terms:
        return []
    conditions = [
        reduce(or_, (Q(**{f"{field}__icontains": v}) for v in group for field in SEARCH_FIELDS))
        for group in terms
    ]
    queryset = (
        Massnahme.objects.visible_to(user)
        .filter(reduce(and_, conditions))
        .select_related("kommune", "behoerde")
        .order_by("-aktualisiert_am")[: query.limit]
    )
    hits = []
    for massnahme in queryset:
        source = f"{massnahme.titel}: {massnahme.beschreibung} {massnahme.evaluationsergebnis}"
        hits.append(
            SearchHit(
                title=massnahme.titel,
                url=reverse("praevention:detail", kwargs={"pk": massnahme.pk}),
                snippet=textsearch.highlight(source, textsearch.query_terms(query.text)),
                section="praevention",
                meta=f"Maßnahme · {massnahme.kommune.name} · {massnahme.get_phase_display()}",
            )
        )
    return hits


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
