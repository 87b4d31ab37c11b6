"""What is new for a person: one interface for the start page and the newsletter digest.

Each section registers a `NewsSource`. `items(user, since, fachgebiete=None)` returns what this
person may see (the section's own `visible_to(user)`) that is new or changed since `since`,
optionally restricted to Fachgebiet slugs. Items carry no classified text: a VS-NfD item sets
`classified=True` and consumers (newsletter) replace its title.

A source may also state its *audience*: `audience(users) -> {user id: key}` such that two people with
equal keys get exactly the same items from it for any `since`, `fachgebiete` and `limit` (the key names
everything the section's `visible_to(user)` reads about the person). It lives next to that policy and
loads what it needs for all `users` in a constant number of queries. `news_for_many` then asks the source
once per audience instead of once per person (the newsletter, 20,000 recipients). A source without it is
asked once per person, which is always correct.

A source whose Fachgebiet filter is exactly "items carrying one of these slugs in `NewsItem.fachgebiete`"
(same order, then cut at `limit`) says so with `topics_from_items=True`; `news_for_many` then asks it once
per audience without Fachgebiete and picks each person's topics from that answer.
"""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .navigation import section_name


@dataclass(frozen=True)
class NewsItem:
    section: str
    title: str
    url: str  # path within the portal
    changed_at: datetime
    is_new: bool = True  # False: updated
    classified: bool = False
    fachgebiete: tuple[str, ...] = field(default_factory=tuple)

    @property
    def section_name(self) -> str:
        """The section as people name it ("Informationsaustausch"), never the app label."""
        return section_name(self.section)


@dataclass(frozen=True)
class NewsSource:
    key: str
    label: str
    items: Callable[..., list[NewsItem]]  # items(user, since, fachgebiete=None, limit=20)
    order: int = 100
    audience: Callable[[Sequence], dict[int, Hashable]] | None = None  # audience(users) -> {user.pk: key}
    # items(u, s, fachgebiete=F, limit=n) == [i for i in items(u, s, limit=∞) if set(i.fachgebiete) & F][:n]
    topics_from_items: bool = False
    # False: shown on the start page only, not in the newsletter's digest (e.g. the newsletter itself).
    in_digest: bool = True
    # Where "alle anzeigen" under the start page's list leads: a path, or a callable returning one.
    list_url: str | Callable[[], str] = ""
    # Page models whose pages this source lists itself: the "Seiten" source leaves them out (each item once).
    own_page_models: tuple[type, ...] = ()


@dataclass(frozen=True)
class NewsGroup:
    """One list on the start page: a source's label, its items, and the page listing all of them."""

    label: str
    items: list[NewsItem]
    list_url: str


def fachgebiet_slugs(through, owner_field: str, ids) -> dict[int, tuple[str, ...]]:
    """{owner id: Fachgebiet slugs} for `NewsItem.fachgebiete`, in the Fachgebiete's order, from an m2m
    table in one query."""
    found: dict[int, list[str]] = {pk: [] for pk in ids}
    if found:
        rows = through.objects.filter(**{f"{owner_field}__in": list(found)}).order_by(
            "fachgebiet__reihenfolge", "fachgebiet__name"
        )
        for owner_id, value in rows.values_list(owner_field, "fachgebiet__slug"):
            found[owner_id].append(value)
    return {pk: tuple(values) for pk, values in found.items()}


# news_for_many asks a topics_from_items source for up to this many items per audience; a longer answer
# might be cut, so the source is then asked per Fachgebiet choice after all.
ALL_ITEMS = 300


_sources: dict[str, NewsSource] = {}


def register(source: NewsSource) -> None:
    _sources[source.key] = source


def sources(*, digest: bool = False) -> list[NewsSource]:
    """The registered sources in order; with `digest=True` only those that belong in the newsletter."""
    found = [source for source in _sources.values() if source.in_digest or not digest]
    return sorted(found, key=lambda s: (s.order, s.key))


def pages_listed_elsewhere() -> list[type]:
    """Page models that a section's own source lists (the "Seiten" source leaves them out)."""
    return [model for source in _sources.values() for model in source.own_page_models]


def news_for(
    user, since: datetime, fachgebiete: list[str] | None = None, limit: int = 10, *, digest: bool = False
) -> dict[str, list]:
    """Return {section label: items} of everything new for this person since `since` (`digest`: only
    the sources that belong in the newsletter's digest)."""
    return {
        group.label: group.items
        for group in news_groups_for(user, since, fachgebiete=fachgebiete, limit=limit, digest=digest)
    }


def news_groups_for(
    user, since: datetime, fachgebiete: list[str] | None = None, limit: int = 10, *, digest: bool = False
) -> list[NewsGroup]:
    """The start page's lists: each source's items for this person, each item once (by its URL)."""
    seen: set[str] = set()
    groups = []
    for source in sources(digest=digest):
        items = []
        for item in source.items(user, since, fachgebiete=fachgebiete, limit=limit):
            if item.url and item.url in seen:
                continue
            seen.add(item.url)
            items.append(item)
        if items:
            list_url = source.list_url() if callable(source.list_url) else str(source.list_url)
            groups.append(NewsGroup(label=str(source.label), items=items, list_url=list_url))
    return groups


def audience_keys(source: NewsSource, users: Sequence) -> dict[int, Hashable]:
    """Return {user id: key}; people with equal keys get the same items from this source."""
    if source.audience is None:
        return {user.pk: ("person", user.pk) for user in users}
    return source.audience(users)


def news_for_many(
    users: Sequence, since: datetime, fachgebiete: dict[int, list[str] | None] | None = None, limit: int = 10
) -> dict[int, dict[str, list]]:
    """Return {user id: news_for(user, since, fachgebiete[user id], limit)}, asking each source once per
    audience (and Fachgebiet choice, unless topics_from_items) instead of once per person."""
    fachgebiete = fachgebiete or {}
    result: dict[int, dict[str, list]] = {user.pk: {} for user in users}
    for source in sources(digest=True):
        keys = audience_keys(source, users)
        answers: dict[Hashable, list] = {}
        for user in users:
            topics = tuple(sorted(set(fachgebiete.get(user.pk) or ())))
            key = (keys[user.pk], topics)
            if key not in answers:
                answers[key] = _answer(source, user, since, topics, limit, answers, keys[user.pk])
            if answers[key]:
                result[user.pk][source.label] = answers[key]
    return result


def _answer(source: NewsSource, user, since, topics: tuple, limit: int, answers: dict, audience) -> list:
    if source.topics_from_items:
        everything_key = (audience, "alle Fachgebiete")
        if everything_key not in answers:
            answers[everything_key] = source.items(user, since, fachgebiete=None, limit=ALL_ITEMS)
        everything = answers[everything_key]
        if len(everything) < ALL_ITEMS:  # complete, not cut
            chosen = set(topics)
            return [item for item in everything if not chosen or chosen & set(item.fachgebiete)][:limit]
    return source.items(user, since, fachgebiete=list(topics) or None, limit=limit)
