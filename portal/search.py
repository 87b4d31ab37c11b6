"""Portal-wide search: one box, results grouped by section.

Each section registers a `SearchProvider` (usually in its AppConfig.ready or `search.py`). A
provider receives the person and the query and must return only what that person may see — it
applies its own `visible_to(user)` policy. The search view knows nothing of sections.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

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


_providers: dict[str, SearchProvider] = {}


def register(provider: SearchProvider) -> None:
    _providers[provider.key] = provider


def providers() -> list[SearchProvider]:
    return sorted(_providers.values(), key=lambda p: (p.order, p.key))


def normalise_query(raw: str) -> str:
    """Trim, collapse whitespace and bound the length of a search string."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]
