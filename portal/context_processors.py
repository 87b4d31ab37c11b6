from django.conf import settings

from .navigation import main_navigation


def portal(request):
    """Navigation and site facts for the base layout."""
    return {
        "portal_name": settings.WAGTAIL_SITE_NAME,
        "main_navigation": main_navigation(request),
    }
