from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenachrichtigungenConfig(AppConfig):
    name = "benachrichtigungen"
    verbose_name = _("Benachrichtigungen")

    def ready(self):
        from portal import content_cache

        from .services import unread_key_for_request

        # The header's unread count comes in the same cache round trip as the content generation.
        content_cache.read_along_with_generation(unread_key_for_request)
