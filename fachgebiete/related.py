"""Pluggable "latest items of this topic" sections on a Fachgebiet page.

Sections such as Lagebilder or the exchange board register in their AppConfig.ready():

    from fachgebiete.related import register
    register("lagebilder", _("Aktuelle Lagebilder"), latest_lagebilder)

`func(user, fachgebiet, limit)` returns a list of `RelatedItem` the person may see (the section's own
`visible_to(user)` policy), newest first. Keep it to one or two queries.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RelatedItem:
    title: str
    url: str
    date: datetime | None = None
    meta: str = ""
    classified: bool = False


@dataclass(frozen=True)
class RelatedSection:
    key: str
    label: str
    func: Callable[..., list[RelatedItem]]
    order: int = 100


_sections: dict[str, RelatedSection] = {}


def register(key: str, label, func: Callable[..., list[RelatedItem]], order: int = 100) -> None:
    _sections[key] = RelatedSection(key=key, label=label, func=func, order=order)


def unregister(key: str) -> None:
    _sections.pop(key, None)


_context: dict[str, Callable] = {}


def register_context(key: str, func: Callable) -> None:
    """A section adds `key` to a Fachgebiet page's context: `func(user, fachgebiet)` (e.g. the glossary
    its terms as `begriffe`), so that this app needs to know no section."""
    _context[key] = func


_page_context: dict[str, Callable] = {}


def register_page_context(key: str, func: Callable) -> None:
    """Like `register_context`, for what belongs to the page itself: `func(user, page)` (e.g. the
    directory its contacts as `kontakte`, a person shown only while listed)."""
    _page_context[key] = func


def page_context(user, fachgebiet, page) -> dict:
    context = {key: func(user, fachgebiet) for key, func in sorted(_context.items())}
    context.update({key: func(user, page) for key, func in sorted(_page_context.items())})
    return context


def related_sections(user, fachgebiet, limit: int = 5) -> list[dict]:
    """Return [{key, label, items}] for every registered section with items for this person."""
    result = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        items = section.func(user, fachgebiet, limit)
        if items:
            result.append({"key": section.key, "label": section.label, "items": items})
    return result
