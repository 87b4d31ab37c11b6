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
"""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class NewsItem:
    section: str
    title: str
    url: str  # path within the portal
    changed_at: datetime
    is_new: bool = True  # False: updated
    classified: bool = False
    fachgebiete: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class NewsSource:
    key: str
    label: str
    items: Callable[..., list[NewsItem]]  # items(user, since, fachgebiete=None, limit=20)
    order: int = 100
    audience: Callable[[Sequence], dict[int, Hashable]] | None = None  # audience(users) -> {user.pk: key}


_sources: dict[str, NewsSource] = {}


def register(source: NewsSource) -> None:
    _sources[source.key] = source


def sources() -> list[NewsSource]:
    return sorted(_sources.values(), key=lambda s: (s.order, s.key))


def news_for(user, since: datetime, fachgebiete: list[str] | None = None, limit: int = 10) -> dict[str, list]:
    """Return {section label: items} of everything new for this person since `since`."""
    result = {}
    for source in sources():
        items = source.items(user, since, fachgebiete=fachgebiete, limit=limit)
        if items:
            result[source.label] = items
    return result


def audience_keys(source: NewsSource, users: Sequence) -> dict[int, Hashable]:
    """Return {user id: key}; people with equal keys get the same items from this source."""
    if source.audience is None:
        return {user.pk: ("person", user.pk) for user in users}
    return source.audience(users)


def news_for_many(
    users: Sequence, since: datetime, fachgebiete: dict[int, list[str] | None] | None = None, limit: int = 10
) -> dict[int, dict[str, list]]:
    """Return {user id: news_for(user, since, fachgebiete[user id], limit)}, asking each source once per
    (audience, Fachgebiete) instead of once per person. Same result as calling news_for for each."""
    fachgebiete = fachgebiete or {}
    result: dict[int, dict[str, list]] = {user.pk: {} for user in users}
    for source in sources():
        keys = audience_keys(source, users)
        answers: dict[Hashable, list] = {}
        for user in users:
            topics = tuple(sorted(set(fachgebiete.get(user.pk) or ())))
            key = (keys[user.pk], topics)
            if key not in answers:
                answers[key] = source.items(user, since, fachgebiete=list(topics) or None, limit=limit)
            if answers[key]:
                result[user.pk][source.label] = answers[key]
    return result
