"""Authorities and people in the portal-wide search, by the directory's own visibility rules.

Authorities: active entries, matched by name, short name and responsibilities with the portal's German
analyser (portal.textsearch). People: only those the directory lists (`access.listed_filter`: active
account, chose to be listed, at an active authority), by name, function and authority. A near miss in
a name still finds the person: PostgreSQL compares with `pg_trgm` word similarity on the unaccented
name (extensions created in migration 0002), other databases with difflib on the folded names.
"""

import difflib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import CharField, Q, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import content_cache, textsearch
from portal.search import SearchHit, SearchProvider, SearchQuery

from .access import can_read_directory, listed_behoerden, listed_filter

NAME_SIMILARITY = 0.5  # pg_trgm word similarity of a query word and a name ("Kowalsky"/"Kowalski": 0.64)
NAME_RATIO = 0.8  # difflib ratio on other databases ("kowalsky"/"kowalski": 0.88)
PERSON_FIELDS = ("first_name", "last_name", "funktion", "behoerde__name", "behoerde__kurzname")


@dataclass(frozen=True)
class _Entry:
    slug: str
    name: str
    meta: str
    zustaendigkeiten: str
    tokens: str


def _build_entries() -> list[_Entry]:
    """The searchable form of every active authority (shared; an authority's change bumps the content
    generation, see portal.content_cache)."""
    return [
        _Entry(
            slug=b.slug,
            name=b.name,
            meta=f"{b.get_art_display()}{' · ' + b.kreis.name if b.kreis else ''}",
            zustaendigkeiten=b.zustaendigkeiten,
            tokens=textsearch.index_tokens(f"{b.name} {b.kurzname} {b.zustaendigkeiten}"),
        )
        for b in listed_behoerden().select_related("kreis").order_by("name")
    ]


def search_behoerden(user, query: SearchQuery) -> list[SearchHit]:
    """Active authorities whose name, short name or responsibilities hold every word (German stems)."""
    terms = textsearch.query_terms(query.text)
    if not terms or not can_read_directory(user):
        return []
    entries = content_cache.cached("behoerden:search", _build_entries)
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


def _people_postgres(listed, words):
    """One unaccented text per person (name, function, authority) and one unaccented name: a word must
    be in the text or come close to a word of the name (`pg_trgm` word similarity)."""
    listed = listed.annotate(
        search_text=Unaccent(
            Concat(
                "first_name",
                Value(" "),
                "last_name",
                Value(" "),
                "funktion",
                Value(" "),
                "behoerde__name",
                Value(" "),
                "behoerde__kurzname",
                output_field=CharField(),
            )
        ),
        search_name=Unaccent(Concat("first_name", Value(" "), "last_name", output_field=CharField())),
    )
    condition = Q()
    for number, word in enumerate(words):
        similarity = f"similarity_{number}"
        listed = listed.annotate(**{similarity: TrigramWordSimilarity(word, "search_name")})
        condition &= Q(search_text__icontains=word) | Q(**{f"{similarity}__gte": NAME_SIMILARITY})
    return listed.filter(condition)


def _people_elsewhere(listed, words):
    rows = listed.values_list("pk", *PERSON_FIELDS)
    matched = []
    for pk, first, last, funktion, behoerde, kurzname in rows:
        names = [textsearch.fold(n) for n in f"{first} {last}".split()]
        haystack = textsearch.fold(f"{first} {last} {funktion} {behoerde} {kurzname}")
        if all(
            word in haystack or difflib.get_close_matches(word, names, n=1, cutoff=NAME_RATIO)
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
    listed = get_user_model().objects.filter(listed_filter()).select_related("behoerde")
    found = (
        _people_postgres(listed, words)
        if connection.vendor == "postgresql"
        else _people_elsewhere(listed, words)
    )
    terms = [textsearch.normalise_word(w) for w in words]
    hits = []
    # Only what a hit shows (not the password hash and the rest of the account).
    shown = ("first_name", "last_name", "email", "funktion", "telefon", "behoerde__slug", "behoerde__name")
    for person in found.only(*shown).order_by("last_name", "first_name", "pk")[: query.limit]:
        name = person.get_full_name() or person.email
        hits.append(
            SearchHit(
                title=name,
                url=reverse("behoerden:detail", args=[person.behoerde.slug]) + f"#person-{person.pk}",
                snippet=textsearch.highlight(person.funktion, terms, width=200),
                section="personen",
                meta=f"{person.behoerde.name}{' · ' + person.telefon if person.telefon else ''}",
            )
        )
    return hits


def behoerden_vocabulary(user):
    if not can_read_directory(user):
        return
    for entry in content_cache.cached("behoerden:search", _build_entries):
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
