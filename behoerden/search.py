"""Authorities and people in the portal-wide search, by the directory's own visibility rules.

Authorities: active entries, matched by name, short name and responsibilities with the portal's German
analyser (portal.textsearch). People: only those the directory lists (`access.listed_filter`: active
account, chose to be listed, at an active authority), by name, function and authority. Names and
functions are stored folded on the person (`User.suchname`, `User.suchtext`, written on save); a query
word must be inside the text, name the person's authority, or come close to a word of the name (a typing
error): PostgreSQL compares with `pg_trgm` word similarity through a trigram GIN index on the folded name
(accounts migration 0004), other databases with difflib on the folded names. The authorities' names come
from the shared list of authorities, so a search reads one table and no unaccented text per row.
"""

import difflib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import content_cache, textsearch
from portal.names import person_name
from portal.search import Hits, SearchHit, SearchProvider, SearchQuery, shown_part
from portal.url_helpers import url_prefix

from .access import can_read_directory, listed_behoerden, listed_filter

# A near miss in a name: pg_trgm's `<%` operator (word similarity at least
# pg_trgm.word_similarity_threshold, PostgreSQL's default 0.6; "Kowalsky"/"Kowalski": 0.64), which the
# trigram index answers; other databases: difflib ratio ("kowalsky"/"kowalski": 0.88).
NAME_RATIO = 0.8


@dataclass(frozen=True)
class _Entry:
    pk: int
    slug: str
    folded_names: str  # name and short name, folded like query words (people are found by authority)
    name: str
    meta: str
    zustaendigkeiten: str
    tokens: str


def _build_entries() -> tuple[_Entry, ...]:
    """The searchable form of every active authority (shared; an authority's change bumps the content
    generation, see portal.content_cache)."""
    return tuple(
        _Entry(
            pk=b.pk,
            slug=b.slug,
            folded_names=textsearch.fold(f"{b.name} {b.kurzname}"),
            name=b.name,
            meta=f"{b.get_art_display()}{' · ' + b.kreis.name if b.kreis else ''}",
            zustaendigkeiten=b.zustaendigkeiten,
            tokens=textsearch.index_tokens(f"{b.name} {b.kurzname} {b.zustaendigkeiten}"),
        )
        for b in listed_behoerden().select_related("kreis").order_by("name")
    )


def search_behoerden(user, query: SearchQuery) -> list[SearchHit]:
    """Active authorities whose name, short name or responsibilities hold every word (German stems)."""
    terms = textsearch.query_terms(query.text)
    if not terms or not can_read_directory(user):
        return []
    entries = content_cache.cached_read_only("behoerden:suche", _build_entries)
    matched = [entry for entry in entries if textsearch.contains_all(entry.tokens, terms)][: query.limit]
    return [
        SearchHit(
            title=entry.name,
            url=reverse("behoerden:detail", args=[entry.slug]),
            snippet=textsearch.highlight(entry.zustaendigkeiten, terms, width=200),
            section="behoerden",
            meta=entry.meta,
        )
        for entry in matched
    ]


def _person_words(text: str) -> list[str]:
    """Query words for names: the meaningful words of the query, folded but not stemmed (a name is
    compared as written: "Weber" must not become "web")."""
    return [textsearch.fold(word) for word in textsearch.query_words(text)]


def _people_postgres(listed, words, authorities):
    """A word is inside the folded text, names the authority, or comes close to a word of the folded
    name (`<%`: the trigram indexes answer the first and the last; accounts migration 0005 gives word
    similarity a realistic cost, so the planner asks them instead of reading every listed person)."""
    condition = Q()
    for word in words:
        condition &= (
            Q(suchtext__contains=word)
            | Q(suchname__trigram_word_similar=word)
            | Q(behoerde_id__in=authorities[word])
        )
    return listed.filter(condition)


def _people_elsewhere(listed, words, authorities):
    matched = []
    for pk, suchname, suchtext, behoerde_id in listed.values_list(
        "pk", "suchname", "suchtext", "behoerde_id"
    ):
        names = suchname.split()
        if all(
            word in suchtext
            or behoerde_id in authorities[word]
            or difflib.get_close_matches(word, names, n=1, cutoff=NAME_RATIO)
            for word in words
        ):
            matched.append(pk)
    return listed.filter(pk__in=matched)


def search_people(user, query: SearchQuery) -> list[SearchHit]:
    """People listed in the directory whose name, function or authority hold every word of the query,
    or whose name comes close to it (a typing error)."""
    words = _person_words(query.text)
    if not words or not can_read_directory(user):
        return []
    entries = content_cache.cached_read_only("behoerden:suche", _build_entries)
    # Per word: the listed authorities whose name or short name hold it (people are found by authority).
    authorities = {word: [e.pk for e in entries if word in e.folded_names] for word in words}
    listed = get_user_model().objects.filter(listed_filter())
    find = _people_postgres if connection.vendor == "postgresql" else _people_elsewhere
    found = find(listed, words, authorities)
    terms = [textsearch.normalise_word(w) for w in words]
    hits = []
    # Only what a hit shows (not the password hash and the rest of the account).
    rows = list(
        found.order_by("last_name", "first_name", "pk").values(
            "pk",
            "first_name",
            "last_name",
            "email",
            "funktion",
            "telefon",
            "behoerde__slug",
            "behoerde__name",
        )[: query.limit]
    )
    directory_prefix = url_prefix("behoerden:detail", placeholder="slug")
    for row in shown_part(rows, query):
        name = person_name(row["first_name"], row["last_name"], row["email"])
        telefon = f" · {row['telefon']}" if row["telefon"] else ""
        hits.append(
            SearchHit(
                title=name,
                url=f"{directory_prefix}{row['behoerde__slug']}/#person-{row['pk']}",
                snippet=textsearch.highlight(row["funktion"], terms, width=200),
                section="personen",
                meta=f"{row['behoerde__name']}{telefon}",
            )
        )
    return Hits(hits, found=len(rows))


def behoerden_vocabulary(user):
    if not can_read_directory(user):
        return
    for entry in content_cache.cached_read_only("behoerden:suche", _build_entries):
        yield entry.name
        yield entry.zustaendigkeiten


def people_vocabulary(user):
    if not can_read_directory(user):
        return []
    return (
        f"{first} {last}"
        for first, last in get_user_model()
        .objects.filter(listed_filter())
        .values_list("first_name", "last_name")
    )


PROVIDER = SearchProvider(
    key="behoerden",
    label=_("Behörden & Institutionen"),
    search=search_behoerden,
    order=60,
    vocabulary=behoerden_vocabulary,
)
PEOPLE_PROVIDER = SearchProvider(
    key="personen", label=_("Personen"), search=search_people, order=55, vocabulary=people_vocabulary
)
