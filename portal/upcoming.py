"""Upcoming dates for the start page, contributed by sections (e.g. Fachveranstaltungen).

A section registers `register(key, func)` in its AppConfig.ready(); `func(user, limit)` returns
`UpcomingItem`s the person may see, soonest first. The start page shows the merged list.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class UpcomingItem:
    title: str
    url: str
    starts_at: datetime
    place: str = ""


_sources: dict[str, Callable[..., list[UpcomingItem]]] = {}


def register(key: str, func: Callable[..., list[UpcomingItem]]) -> None:
    _sources[key] = func


def upcoming_for(user, limit: int = 5) -> list[UpcomingItem]:
    """Return the next `limit` dates from every registered source, soonest first."""
    items: list[UpcomingItem] = []
    for func in _sources.values():
        items.extend(func(user, limit))
    return sorted(items, key=lambda item: item.starts_at)[:limit]
