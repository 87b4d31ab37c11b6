from django.conf import settings
from django.urls import get_script_prefix
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from . import content_cache
from .navigation import header_variant, main_navigation


class ContentGeneration:
    """The content generation (`portal.content_cache`), read from the cache when a template first uses it
    and then kept for the rest of that render.

    Page templates pass it to `{% wagtailpagecache %}` as a vary-on value, so that a cached part is
    rendered anew when anything it shows besides the page itself changes (glossary terms for the
    auto-links, child pages in a list, Fachgebiete, documents, the responsible person's name)."""

    def __init__(self):
        self.value = None

    def __str__(self) -> str:
        if self.value is None:
            self.value = content_cache.generation()
        return self.value


def portal(request):
    """Navigation and site facts for the base layout."""
    return {
        "portal_name": settings.WAGTAIL_SITE_NAME,
        # Built when the header renders it (only for signed-in people), not for every response.
        "main_navigation": SimpleLazyObject(lambda: main_navigation(request)),
        # The vary-on value of the signed-in header's fragment caches (see portal.navigation).
        "header_variant": SimpleLazyObject(lambda: header_variant(request)),
        "content_generation": ContentGeneration(),
        # What the layout's fixed parts (the footer) depend on besides the release: the vary-on
        # value of their `{% cache %}` fragments in the process-local cache "lokal".
        "layout_variant": SimpleLazyObject(lambda: f"{get_language()}|{get_script_prefix()}"),
    }
