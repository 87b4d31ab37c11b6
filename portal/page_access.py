"""Wagtail's privacy settings (PageViewRestriction) without their cost when no page has one.

Which pages a person may open in lists (search, news, start page) is a rule of `portal.access`.
"""

from wagtail.models import PageViewRestriction

from . import content_cache


def any_view_restrictions() -> bool:
    """True when some page has a Wagtail privacy setting (kept per process under the content generation, 0 queries when warm)."""
    return content_cache.cached("view-restrictions", lambda: PageViewRestriction.objects.exists(), local=True)


class PortalPageMixin:
    """Mixed into every page type of the portal: when no page has a privacy setting at all (the usual
    case, cached for everybody), answer Wagtail's privacy check without its two queries per page view;
    otherwise Wagtail's own `get_view_restrictions` runs unchanged. Measured: the two queries cost a
    content page about as much CPU as rendering its cached body."""

    def get_view_restrictions(self):
        if not any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
