"""Portal-wide search: one box, results grouped by section.

Each section registers a `SearchProvider` in its AppConfig.ready. A provider receives the person and
the query and returns only what that person may see — it applies its own section's `visible_to(user)`
policy (or the directory's listing rule), so nothing is checked twice and nothing leaks. Every provider
analyses text with the one German analyser, `portal.textsearch`. This module and the search view know
nothing of sections: `run` asks every provider, counts hits per section, narrows to one section, sorts
and, when nothing is found, suggests a spelling from the providers' `vocabulary` callbacks. A person's
answer is kept in the cache of search answers (`portal.search_cache`) until any write could change it.
"""

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils.translation import ngettext

from . import search_cache
from .textsearch import WORD_RE, fold, query_terms

MAX_QUERY_LENGTH = 200
SECTION_LIMIT = 20  # hits shown when the search is narrowed to one section; counts above it: "über 20"
OVERVIEW_LIMIT = 5  # hits per section shown on the overview of all sections (a link shows the rest)


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    snippet: str = ""  # safe HTML with <mark> highlights, already escaped by the provider
    section: str = ""
    meta: str = ""  # e.g. "Lagebild · Polizeipräsidium Essen · 03.11.2026"
    classification: str = ""  # "VS-NfD" where the hit is classified
    date: datetime | None = None  # local time (Europe/Berlin) of the item, for "sort by date"
    more: int = 0  # further matching items grouped under this hit (e.g. posts of the same thread)

    @property
    def more_label(self) -> str:
        """„und 2 weitere Treffer in diesem Thema“, in the active language (a `{% blocktranslate count %}`
        per hit cost the results page more than all its other hit fields together)."""
        return ngettext(
            "und %(counter)s weiterer Treffer in diesem Thema",
            "und %(counter)s weitere Treffer in diesem Thema",
            self.more,
        ) % {"counter": self.more}


@dataclass(frozen=True)
class SearchQuery:
    text: str
    fachgebiet: str | None = None  # Fachgebiet slug
    limit: int = 20  # find at most this many
    # Build at most this many hits (None: all found); the rest are only counted. A provider may ignore it
    # and return every hit it found (`run` shows the first `shown`).
    shown: int | None = None


class Hits(list):
    """A provider's answer when it builds fewer hits than it found: the hits to show (at most
    `query.shown`) and `found`, how many it found (at most `query.limit`)."""

    def __init__(self, hits, found: int):
        super().__init__(hits)
        self.found = found


def shown_part(found: list, query: SearchQuery) -> list:
    """The part of a provider's matches (best first) that becomes hits: the first `query.shown`, or all
    when the caller asks for every hit. Highlighting a snippet is the costly part of a hit, and the
    overview shows five per section (the others are only counted, `Hits.found`)."""
    return found if query.shown is None else found[: query.shown]


def found_count(hits) -> int:
    return getattr(hits, "found", len(hits))


@dataclass(frozen=True)
class SearchProvider:
    key: str  # section key, e.g. "lagebilder"
    label: str  # heading shown above the group
    search: Callable[..., list[SearchHit]]  # search(user, query: SearchQuery) -> list[SearchHit]
    order: int = 100
    # vocabulary(user) -> iterable of words or names this person could find (for spelling suggestions)
    vocabulary: Callable[..., Iterable[str]] | None = None


_providers: dict[str, SearchProvider] = {}


def register(provider: SearchProvider) -> None:
    _providers[provider.key] = provider


def providers() -> list[SearchProvider]:
    return sorted(_providers.values(), key=lambda p: (p.order, p.key))


def normalise_query(raw: str) -> str:
    """Trim, collapse whitespace and bound the length of a search string."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


@dataclass
class SearchResult:
    groups: list[dict]
    counts: dict[str, str]  # per section: "3", or "über 20" when a section found more than it counts
    total: int = 0  # hits found in all sections (each counted up to SECTION_LIMIT)
    total_more: bool = False  # some section found more than SECTION_LIMIT
    too_general: bool = False
    suggestion: str = ""


def count_label(found: int) -> str:
    return f"über {SECTION_LIMIT}" if found > SECTION_LIMIT else str(found)


def run(user, text: str, *, fachgebiet=None, section=None, sort="relevanz") -> SearchResult:
    """The answer of `answer` for these arguments, from the cache of search answers when this person
    asked the same since the last write that could change it (`portal.search_cache`: keyed by the
    person, the arguments, language, script prefix, the search and content generations and the release)."""
    cache_key = search_cache.key(user, "run", text, fachgebiet, section, sort) if text else None
    if cache_key is not None:
        result = search_cache.get(cache_key)
        if result is not None:
            return result
    result = answer(user, text, fachgebiet=fachgebiet, section=section, sort=sort)
    if cache_key is not None:
        search_cache.put(cache_key, result)
    return result


def answer(user, text: str, *, fachgebiet=None, section=None, sort="relevanz") -> SearchResult:
    """Ask every provider; count hits per section (up to SECTION_LIMIT, then "über 20"); show the best
    OVERVIEW_LIMIT hits of every section, or SECTION_LIMIT of `section` alone, each group sorted by the
    provider's relevance or by date (newest first); suggest a spelling when nothing is found.

    Providers find one hit more than they count (so "über 20" is known without counting every match of a
    frequent word) and build only the hits shown (`SearchQuery.shown`; sections not shown only count)."""
    result = SearchResult(groups=[], counts={})
    if not text:
        return result
    if not query_terms(text):
        result.too_general = True
        return result
    for provider in providers():
        # Narrowed to one section: its hits, the others only counted. Otherwise a few of every section.
        shown = (SECTION_LIMIT if provider.key == section else 0) if section else OVERVIEW_LIMIT
        query = SearchQuery(text=text, fachgebiet=fachgebiet, limit=SECTION_LIMIT + 1, shown=shown)
        hits = provider.search(user, query)
        found = found_count(hits)
        if not found:
            continue
        result.counts[provider.key] = count_label(found)
        result.total += min(found, SECTION_LIMIT)
        result.total_more |= found > SECTION_LIMIT
        if not shown:
            continue
        hits = list(hits)[:shown]
        if sort == "datum":
            undated = datetime.min.replace(tzinfo=UTC)
            hits = sorted(hits, key=lambda hit: hit.date or undated, reverse=True)
        result.groups.append(
            {
                "key": provider.key,
                "label": str(provider.label),
                "hits": hits,
                "more": found > len(hits) and not section,
                "count": result.counts[provider.key],
            }
        )
    if not result.counts:
        result.suggestion = suggest(user, text)
    return result


def suggest(user, text: str) -> str:
    """The query with each unknown word replaced by the closest word the person could find (difflib on
    the providers' vocabularies), or "" when nothing comes close or nothing changes."""
    known: dict[str, str] = {}
    for provider in providers():
        if provider.vocabulary is not None:
            for entry in provider.vocabulary(user):
                for word in WORD_RE.findall(entry):
                    if len(word) >= 3:
                        known.setdefault(fold(word), word)
    changed = False
    words = []
    for word in text.split()[:8]:
        folded = fold(word)
        if folded in known or len(word) < 3:
            words.append(word)
            continue
        close = difflib.get_close_matches(folded, known.keys(), n=1, cutoff=0.75)
        if close:
            words.append(known[close[0]])
            changed = True
        else:
            words.append(word)
    return " ".join(words) if changed else ""
