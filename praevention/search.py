"""Search and news for the prevention catalogue (registered in PraeventionConfig.ready)."""

import re
from functools import reduce
from operator import and_, or_

from django.db.models import Q
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal.news import NewsItem
from portal.search import SearchHit, SearchQuery

from .models import Massnahme

SEARCH_FIELDS = ("titel", "beschreibung", "evaluationsergebnis", "kommune__name", "behoerde__name")
UMLAUTS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"))
SUFFIXES = ("ungen", "en", "er", "es", "e", "n", "s")
MAX_TERMS = 8


def _stem(term: str) -> str:
    for suffix in SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 4:
            return term[: -len(suffix)]
    return term


def term_variants(term: str) -> set[str]:
    """Return spellings of a word to look for: stem, with umlauts/ß and with their ASCII transcriptions."""
    stem = _stem(term.lower())
    ascii_form = stem
    for umlaut, transcription in UMLAUTS:
        ascii_form = ascii_form.replace(umlaut, transcription)
    umlaut_form = ascii_form
    for umlaut, transcription in UMLAUTS:
        umlaut_form = umlaut_form.replace(transcription, umlaut)
    return {v for v in (stem, ascii_form, umlaut_form) if len(v) >= 2}


def query_terms(text: str) -> list[set[str]]:
    words = [w for w in re.findall(r"\w+", text.lower()) if len(w) >= 2]
    return [term_variants(w) for w in words[:MAX_TERMS]]


def highlight(text: str, terms: list[set[str]], width: int = 220) -> str:
    """Return an escaped excerpt of `text` around the first match with <mark> around every match."""
    variants = sorted({v for group in terms for v in group}, key=len, reverse=True)
    if not variants or not text:
        return escape(text[:width])
    pattern = re.compile("|".join(re.escape(v) for v in variants), re.IGNORECASE)
    first = pattern.search(text)
    start = max((first.start() if first else 0) - width // 3, 0)
    excerpt = text[start : start + width]
    parts, last = [], 0
    for match in pattern.finditer(excerpt):
        parts.append(escape(excerpt[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(excerpt[last:]))
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    # Every piece of text above went through escape(); only our own <mark> tags are markup.
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308


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
                snippet=highlight(source, terms),
                section="praevention",
                meta=f"Maßnahme · {massnahme.kommune.name} · {massnahme.get_phase_display()}",
            )
        )
    return hits


def news_massnahmen(user, since, fachgebiete=None, limit=20) -> list[NewsItem]:
    """Return measures released into the catalogue since `since` (measures have no Fachgebiet)."""
    if fachgebiete:
        return []
    queryset = (
        Massnahme.objects.visible_to(user)
        .freigegeben()
        .filter(geprueft_am__gte=since)
        .select_related("kommune")
        .order_by("-geprueft_am")[:limit]
    )
    return [
        NewsItem(
            section="praevention",
            title=f"{m.titel} ({m.kommune.name})",
            url=reverse("praevention:detail", kwargs={"pk": m.pk}),
            changed_at=m.geprueft_am,
            is_new=m.erstellt_am >= since,
        )
        for m in queryset
    ]
