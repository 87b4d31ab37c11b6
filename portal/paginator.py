"""Paginator helpers shared by the sections."""

from functools import cached_property

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator whose count is already known (one aggregate query gives it with other figures)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def pager(page, *, query: str = "") -> dict:
    """Links of a pager: previous/next and the page numbers around the current one (elided)."""
    base = f"?{query}&seite=" if query else "?seite="
    numbers = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            numbers.append({"ellipsis": True})
        else:
            numbers.append({"number": number, "url": f"{base}{number}", "current": number == page.number})
    return {
        "page": page,
        "numbers": numbers,
        "previous": f"{base}{page.number - 1}" if page.has_previous() else "",
        "next": f"{base}{page.number + 1}" if page.has_next() else "",
    }
