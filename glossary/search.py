"""Search provider for glossary terms (same German normalisation as the page search)."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from portal import textsearch
from portal.search import SearchHit, SearchProvider, SearchQuery


def search_terms(user, query: SearchQuery) -> list[SearchHit]:
    from .autolink import cached_terms
    from .models import GlossarBegriff

    terms = textsearch.query_terms(query.text)
    if not terms:
        return []
    urls = {t.key: t.url for t in cached_terms()}
    qs = GlossarBegriff.objects.visible_to(user).prefetch_related("fachgebiete")
    if query.fachgebiet:
        qs = qs.filter(fachgebiete__slug=query.fachgebiet)
    hits = []
    for term in qs:
        head = " ".join(term.patterns)
        definition = strip_tags(term.definition)
        tokens = textsearch.index_tokens(f"{head} {definition}")
        if not all(f" {t}" in tokens for t in terms):
            continue
        in_head = all(f" {t}" in textsearch.index_tokens(head) for t in terms)
        hits.append(
            (
                0 if in_head else 1,
                SearchHit(
                    title=str(term),
                    url=urls.get(term.slug, "/glossar/"),
                    snippet=textsearch.highlight(definition, terms),
                    section=str(_("Glossar")),
                    meta=", ".join(f.name for f in term.fachgebiete.all()),
                    fachgebiete=tuple(f.slug for f in term.fachgebiete.all()),
                ),
            )
        )
    hits.sort(key=lambda pair: (pair[0], pair[1].title.casefold()))
    return [hit for _rank, hit in hits[: query.limit]]


PROVIDER = SearchProvider(key="glossar", label=_("Glossar"), search=search_terms, order=20)
