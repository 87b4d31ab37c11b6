"""What is new for a person: one interface for the start page and the newsletter digest.

Each section registers a `NewsSource`. `items(user, since, fachgebiete=None)` returns what this
person may see (the section's own `visible_to(user)`) that is new or changed since `since`,
optionally restricted to Fachgebiet slugs. Items carry no classified text: a VS-NfD item sets
`classified=True` and consumers (newsletter) replace its title.
"""

from collections.abc import Callable
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
