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
