from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import content_cache, search_cache

        content_cache.connect_signals()
        search_cache.connect_signals()
        content_cache.read_along_with_generation(search_cache.read_along_key)
