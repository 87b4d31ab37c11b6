"""Search provider for glossary terms (same German normalisation as the page search).

The glossary is the same for every member (`access.can_read_glossary`), so the searchable form of all
terms — folded, stemmed tokens and plain-text definitions — is built once per content generation and
shared (portal.content_cache); a search then needs no query.
"""

from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from portal import content_cache, textsearch
from portal.search import SearchHit, SearchProvider, SearchQuery

from . import access


@dataclass(frozen=True)
class _Entry:
    label: str
    url: str
    head_tokens: str
    tokens: str
    definition: str
    fachgebiet_names: tuple[str, ...]
    fachgebiet_slugs: tuple[str, ...]


def _build_entries() -> tuple[_Entry, ...]:
    from .models import GlossarBegriff, cached_terms

    urls = {t.key: t.url for t in cached_terms()}
    entries = []
    for term in GlossarBegriff.objects.prefetch_related("fachgebiete"):
        head = " ".join(term.patterns)
        definition = " ".join(strip_tags(term.definition).split())
        fachgebiete = list(term.fachgebiete.all())
        entries.append(
            _Entry(
                label=str(term),
                url=urls.get(term.slug, "/glossar/"),
                head_tokens=textsearch.index_tokens(head),
                tokens=textsearch.index_tokens(f"{head} {definition}"),
                definition=definition,
                fachgebiet_names=tuple(f.name for f in fachgebiete),
                fachgebiet_slugs=tuple(f.slug for f in fachgebiete),
            )
        )
    return tuple(entries)


def search_terms(user, query: SearchQuery) -> list[SearchHit]:
    terms = textsearch.query_terms(query.text)
    if not terms or not access.can_read_glossary(user):
        return []
    hits = []
    for entry in content_cache.cached_read_only("glossary:search", _build_entries):
        if query.fachgebiet and query.fachgebiet not in entry.fachgebiet_slugs:
            continue
        if not textsearch.contains_all(entry.tokens, terms):
            continue
        in_head = textsearch.contains_all(entry.head_tokens, terms)
        hits.append(
            (
                0 if in_head else 1,
                SearchHit(
                    title=entry.label,
                    url=entry.url,
                    snippet=textsearch.highlight(entry.definition, terms),
                    section=str(_("Glossar")),
                    meta=", ".join(entry.fachgebiet_names),
                ),
            )
        )
    hits.sort(key=lambda pair: (pair[0], pair[1].title.casefold()))
    return [hit for _rank, hit in hits[: query.limit]]


def vocabulary(user):
    if not access.can_read_glossary(user):
        return []
    return (
        f"{entry.label} {entry.definition}"
        for entry in content_cache.cached_read_only("glossary:search", _build_entries)
    )


PROVIDER = SearchProvider(
    key="glossar", label=_("Glossar"), search=search_terms, order=20, vocabulary=vocabulary
)
