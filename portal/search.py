"""Portal-wide search: one box, results grouped by section.

Each section registers a `SearchProvider` in its AppConfig.ready. A provider receives the person and
the query and returns only what that person may see — it applies its own section's `visible_to(user)`
policy (or the directory's listing rule), so nothing is checked twice and nothing leaks. Every provider
analyses text with the one German analyser, `portal.textsearch`. This module and the search view know
nothing of sections: `run` asks every provider, counts hits per section, narrows to one section, sorts
and, when nothing is found, suggests a spelling from the providers' `vocabulary` callbacks.
"""

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .textsearch import WORD_RE, fold, query_terms

MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    snippet: str = ""  # safe HTML with <mark> highlights, already escaped by the provider
    section: str = ""
    meta: str = ""  # e.g. "Lagebild · Polizeipräsidium Essen · 03.11.2026"
    classification: str = ""  # "VS-NfD" where the hit is classified
    fachgebiete: Sequence[str] = field(default_factory=tuple)
    date: datetime | None = None  # local time (Europe/Berlin) of the item, for "sort by date"
    more: int = 0  # further matching items grouped under this hit (e.g. posts of the same thread)


@dataclass(frozen=True)
class SearchQuery:
    text: str
    fachgebiet: str | None = None  # Fachgebiet slug
    limit: int = 20


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
    counts: dict[str, int]
    total: int = 0
    too_general: bool = False
    suggestion: str = ""


def run(user, text: str, *, fachgebiet=None, section=None, sort="relevanz") -> SearchResult:
    """Ask every provider; count hits per section; keep the groups of `section` (or all), each sorted
    by the provider's relevance or by date (newest first); suggest a spelling when nothing is found."""
    result = SearchResult(groups=[], counts={})
    if not text:
        return result
    if not query_terms(text):
        result.too_general = True
        return result
    query = SearchQuery(text=text, fachgebiet=fachgebiet)
    for provider in providers():
        hits = provider.search(user, query)
        if not hits:
            continue
        result.counts[provider.key] = len(hits)
        if section and provider.key != section:
            continue
        if sort == "datum":
            undated = datetime.min.replace(tzinfo=UTC)
            hits = sorted(hits, key=lambda hit: hit.date or undated, reverse=True)
        result.groups.append({"key": provider.key, "label": provider.label, "hits": hits})
    result.total = sum(len(group["hits"]) for group in result.groups)
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
